internal import CZlib

/// One-shot zlib compression for stored texts and blobs. The decompressed length is stored
/// next to each stream, so decompression is exactly bounded.
enum ZlibCodec {
    static func compress(_ input: UnsafeRawBufferPointer, level: Int32) -> [UInt8] {
        let bound = Int(compressBound(uLong(input.count)))
        return [UInt8](unsafeUninitializedCapacity: max(bound, 1)) { output, initialized in
            var length = uLongf(bound)
            let source = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
            // '!' is fine: the output buffer has at least one byte.
            let status = compress2(output.baseAddress!, &length, source, uLong(input.count), level)
            precondition(status == Z_OK, "compress2 failed with \(status) on a compressBound-sized buffer")
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
}
