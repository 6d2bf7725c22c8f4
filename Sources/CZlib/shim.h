// CZlib: the system zlib, plus callable wrappers for the init macros.
//
// deflateInit2 and inflateInit2 are function-like macros (they pass ZLIB_VERSION and
// sizeof(z_stream) so the library can check the caller was built against a compatible
// header), and Swift cannot call C macros. These static inline wrappers expand them in C.
#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H

#include <zlib.h>

// windowBits: 15 = zlib format, 31 = gzip, -15 = raw deflate. memLevel 8 is zlib's default.
static inline int czlib_deflate_init(z_streamp stream, int level, int wbits) {
    return deflateInit2(stream, level, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY);
}

static inline int czlib_inflate_init(z_streamp stream, int wbits) {
    return inflateInit2(stream, wbits);
}

#endif
