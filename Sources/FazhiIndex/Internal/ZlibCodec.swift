internal import CZlib

/// One-shot zlib compression for stored texts and blobs. The decompressed length is stored
/// next to each stream, so decompression is exactly bounded.
enum ZlibCodec {
    /// Compresses with zlib's parameters sized to the input (see CZlib's shim): store entries
    /// are a few KiB, and the default 32 KiB window and 256 KiB of state cost a fifth of the time.
    static func compress(_ input: UnsafeRawBufferPointer, level: Int32) -> [UInt8] {
        precondition(input.count < Int(UInt32.max), "one store entry is far below 4 GiB")
        let bound = Int(czlib_compress_bound_sized(UInt(input.count)))
        return [UInt8](unsafeUninitializedCapacity: max(bound, 1)) { output, initialized in
            var length = UInt(bound)
            // '!' is fine: the output buffer has at least one byte.
            let status = czlib_compress_sized(output.baseAddress!, &length, input.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt(input.count), level)
            precondition(status == Z_OK, "deflate failed with \(status) on a buffer of its bound")
            initialized = Int(length)
        }
    }

    static func compress(_ input: [UInt8], level: Int32) -> [UInt8] {
        input.withUnsafeBytes { Self.compress($0, level: level) }
    }

    /// Decompresses a stream that must expand to exactly `length` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, length: Int) throws(IndexError) -> [UInt8] {
        var status: Int32 = Z_OK
        var produced: uLongf = 0
        let output = [UInt8](unsafeUninitializedCapacity: max(length, 1)) { output, initialized in
            var outLength = uLongf(length)
            let source = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
            // '!' is fine: the output buffer has at least one byte.
            status = uncompress(output.baseAddress!, &outLength, source, uLong(input.count))
            produced = outLength
            initialized = status == Z_OK ? Int(outLength) : 0
        }
        guard status == Z_OK, Int(produced) == length else {
            throw IndexError(.corrupt, "zlib stream does not decompress to \(length) bytes (status \(status))")
        }
        return output
    }

    /// The first `count` bytes a stream inflates to (it must inflate to at least that many):
    /// inflation stops there, so a prefix costs only its own share of the stream.
    static func decompressPrefix(_ input: UnsafeRawBufferPointer, count: Int) throws(IndexError) -> [UInt8] {
        guard count > 0 else { return [] }
        // On the heap: zlib keeps a pointer back to the stream and checks it on every call, and
        // Swift does not promise a local's address across calls.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        guard czlib_inflate_init(stream, 15) == Z_OK else { throw IndexError(.corrupt, "zlib inflate could not start") }
        defer { inflateEnd(stream) }
        var status: Int32 = Z_OK
        let output = [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(input.count)
            stream.pointee.next_out = output.baseAddress
            stream.pointee.avail_out = uInt(count)
            status = inflate(stream, Z_FINISH)
            initialized = Int(stream.pointee.total_out)
        }
        // With Z_FINISH and the output full before the stream's end, inflate reports Z_BUF_ERROR;
        // Z_STREAM_END means the stream ended exactly there.
        guard status == Z_BUF_ERROR || status == Z_STREAM_END, output.count == count else {
            throw IndexError(.corrupt, "zlib stream does not inflate to \(count) bytes (status \(status))")
        }
        return output
    }
}
