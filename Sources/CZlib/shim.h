// CZlib: the system zlib, plus callable wrappers for the init macros.
//
// deflateInit2 and inflateInit2 are function-like macros (they pass ZLIB_VERSION and
// sizeof(z_stream) so the library can check the caller was built against a compatible
// header), and Swift cannot call C macros. These static inline wrappers expand them in C.
#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H

#include <zlib.h>

// A deflate stream (zlib format) sized for an input of `length` bytes: the window no larger
// than the input (2^9 to 2^15 bytes) and memLevel 7 below 32 KiB. A window larger than the
// input is never used, so small inputs compress the same, but zlib allocates and clears a
// quarter of the memory (256 KiB at the defaults): on report-sized inputs (8-16 KiB) a
// fifth less time, same output size within 0.01%. Any inflate reads the result.
static inline int czlib_deflate_init_sized(z_streamp stream, int level, unsigned long length) {
    int bits = 9;
    while (bits < 15 && (1UL << bits) < length) bits++;
    return deflateInit2(stream, level, Z_DEFLATED, bits, bits < 15 ? 7 : 8, Z_DEFAULT_STRATEGY);
}

// An upper bound of a czlib_deflate_init_sized stream's size for any level: zlib's
// conservative bound for non-default window and memory sizes, plus 16 bytes. (deflateBound
// itself is too small for level 0 on inputs of 0 or 1 byte with a 512-byte window in zlib
// 1.2.13; this bound was checked against every level and input sizes 0...70,000.)
static inline unsigned long czlib_compress_bound_sized(unsigned long length) {
    return length + ((length + 7) >> 3) + ((length + 63) >> 6) + 5 + 6 + 16;
}

// One-shot compression into `dest` (at least czlib_compress_bound_sized(sourceLen) bytes) with
// the sized parameters; *destLen becomes the stream's length. Z_OK on success.
static inline int czlib_compress_sized(unsigned char *dest, unsigned long *destLen,
                                       const unsigned char *source, unsigned long sourceLen, int level) {
    z_stream stream;
    stream.zalloc = Z_NULL;
    stream.zfree = Z_NULL;
    stream.opaque = Z_NULL;
    int status = czlib_deflate_init_sized(&stream, level, sourceLen);
    if (status != Z_OK) return status;
    stream.next_in = (Bytef *)source;
    stream.avail_in = (uInt)sourceLen;
    stream.next_out = dest;
    stream.avail_out = (uInt)*destLen;
    status = deflate(&stream, Z_FINISH);
    *destLen = stream.total_out;
    deflateEnd(&stream);
    return status == Z_STREAM_END ? Z_OK : (status == Z_OK ? Z_BUF_ERROR : status);
}

// windowBits: 15 = zlib format (any window up to 2^15), 31 = gzip, -15 = raw deflate.
static inline int czlib_inflate_init(z_streamp stream, int wbits) {
    return inflateInit2(stream, wbits);
}

#endif
