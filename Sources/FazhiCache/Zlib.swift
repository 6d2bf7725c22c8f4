internal import CZlib

/// zlib-format compression, bounded decompression and checksums, through the system zlib.
///
/// All functions are synchronous and CPU-bound; none of them touches the file system. Every
/// stream is in the zlib format (RFC 1950: 2-byte header, deflate data, Adler-32 trailer), so
/// the data is self-checking even without the cache's own CRC-32s; compression sizes its window
/// to the input (at most 2^15), decompression accepts any window.
package enum Zlib {
    /// A deflate compression level, from 0 (stored, no compression) to 9 (smallest output).
    package struct CompressionLevel: Hashable, Sendable, CustomStringConvertible {
        /// The level as zlib sees it: -1 (zlib's default, currently 6) or 0...9.
        package let rawValue: Int32

        /// Creates a level from 0 (no compression) to 9 (best compression).
        ///
        /// - Precondition: `level` is in `0...9`.
        package init(_ level: Int) {
            precondition((0...9).contains(level), "zlib compression level must be in 0...9, got \(level)")
            self.rawValue = Int32(level)
        }

        private init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        /// zlib's own default trade-off (currently level 6).
        package static var `default`: Self { Self(rawValue: Z_DEFAULT_COMPRESSION) }
        /// The fastest level that still compresses (1).
        package static var fastest: Self { Self(rawValue: 1) }
        /// The smallest output (9).
        package static var best: Self { Self(rawValue: 9) }
        /// Stored blocks only (0): output is the input plus framing, so its size is predictable.
        package static var none: Self { Self(rawValue: 0) }

        /// `default` or the level's number.
        package var description: String {
            self.rawValue == Z_DEFAULT_COMPRESSION ? "default" : String(self.rawValue)
        }
    }

    /// zlib's window size for the zlib (not gzip, not raw) format.
    private static let windowBits: Int32 = 15

    // zlib counts bytes in 32-bit `uInt`s; larger buffers are fed to it in slices of this size.
    private static let maxSlice = Int(UInt32.max)

    // MARK: Compression

    /// Compresses `bytes` into a single zlib-format stream.
    ///
    /// Compression cannot fail for valid input; zlib failing to allocate its state traps, as any
    /// other allocation failure in Swift does.
    ///
    /// - Parameters:
    ///   - bytes: The data to compress.
    ///   - level: The compression level. Defaults to ``CompressionLevel/default``.
    /// - Returns: The compressed stream.
    package static func compress(_ bytes: some Collection<UInt8>, level: CompressionLevel = .default) -> [UInt8] {
        if let compressed = bytes.withContiguousStorageIfAvailable({
            Self.compress(UnsafeRawBufferPointer($0), level: level)
        }) {
            return compressed
        }
        return Array(bytes).withUnsafeBytes { Self.compress($0, level: level) }
    }

    /// Compresses the bytes of a raw buffer into a single zlib-format stream.
    package static func compress(_ input: UnsafeRawBufferPointer, level: CompressionLevel = .default) -> [UInt8] {
        // zlib keeps a back-pointer to the z_stream in its private state and checks it on every
        // call, so the stream must live at a fixed address rather than in a Swift `var`.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }

        // Window and state sized to the input (see CZlib's shim): cache entries are ~10 KiB.
        let initStatus = czlib_deflate_init_sized(stream, level.rawValue, UInt(input.count))
        guard initStatus == Z_OK else {
            fatalError("deflateInit2 failed with status \(initStatus) (out of memory)")
        }
        defer { deflateEnd(stream) }

        // One buffer of the bound always suffices, so Z_FINISH completes without any resizing.
        // (deflateBound alone is too small for tiny stored inputs with a small window.)
        let bound = max(Int(deflateBound(stream, uLong(input.count))), Int(czlib_compress_bound_sized(UInt(input.count))))
        return [UInt8](unsafeUninitializedCapacity: bound) { buffer, initializedCount in
            // '!' is fine: `bound` is at least the zlib header size, so the buffer is never empty.
            let outBase = buffer.baseAddress!
            let inBase = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
            var fed = 0
            stream.pointee.next_out = outBase
            while true {
                if stream.pointee.avail_in == 0 && fed < input.count {
                    let slice = min(input.count - fed, Self.maxSlice)
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: inBase.map { $0 + fed })
                    stream.pointee.avail_in = uInt(slice)
                    fed += slice
                }
                let produced = stream.pointee.next_out - outBase
                stream.pointee.avail_out = uInt(min(bound - produced, Self.maxSlice))
                let flush = fed == input.count ? Z_FINISH : Z_NO_FLUSH
                let status = deflate(stream, flush)
                if status == Z_STREAM_END {
                    break
                }
                guard status == Z_OK || status == Z_BUF_ERROR, stream.pointee.avail_out > 0 || fed < input.count else {
                    // Never spin: a full buffer with all input fed means the bound was wrong.
                    fatalError("Invalid state: deflate returned \(status) with a buffer of its bound")
                }
            }
            initializedCount = stream.pointee.next_out - outBase
        }
    }

    /// The largest zlib stream that `compress(_:level:)` can produce for `count` input bytes, at any level.
    package static func compressedSizeBound(forInputCount count: Int) -> Int {
        Int(czlib_compress_bound_sized(UInt(count)))
    }

    // MARK: Decompression

    /// Decompresses one zlib-format stream, producing at most `limit` bytes.
    ///
    /// The output buffer never grows past `limit`: decompression stops as soon as the stream would
    /// produce byte `limit + 1`, so a small "zip bomb" costs at most `limit` bytes of memory and the
    /// time to inflate them.
    ///
    /// - Parameters:
    ///   - bytes: Exactly one complete zlib stream; trailing bytes are an error.
    ///   - limit: The most bytes the caller accepts. Must not be negative.
    /// - Returns: The decompressed bytes; `count <= limit`.
    /// - Throws: ``CacheError`` with code ``CacheError/Code/outputLimitExceeded`` when the output would
    ///   exceed `limit`, ``CacheError/Code/truncatedData`` when the input ends early,
    ///   ``CacheError/Code/corruptData`` for invalid data or trailing bytes, and
    ///   ``CacheError/Code/zlibFailure`` if zlib cannot allocate its state.
    package static func decompress(_ bytes: some Collection<UInt8>, limit: Int) throws(CacheError) -> [UInt8] {
        try Self.decompress(bytes, limit: limit, expectedCount: nil)
    }

    /// As ``decompress(_:limit:)``, with a hint for the output size.
    ///
    /// - Parameter expectedCount: When known (a length read from a header), the output buffer is
    ///   allocated once at `min(expectedCount, limit)` instead of growing by doubling.
    package static func decompress(
        _ bytes: some Collection<UInt8>,
        limit: Int,
        expectedCount: Int?
    ) throws(CacheError) -> [UInt8] {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(CacheError) in
                try Self.decompress(UnsafeRawBufferPointer(buffer), limit: limit, expectedCount: expectedCount)
            }
        }
        if let result {
            return try result.get()
        }
        let copy = Array(bytes)
        return try copy.withUnsafeBytes { buffer in
            Result { () throws(CacheError) in
                try Self.decompress(buffer, limit: limit, expectedCount: expectedCount)
            }
        }.get()
    }

    /// Decompresses one zlib-format stream held in a raw buffer; see ``decompress(_:limit:)``.
    package static func decompress(
        _ input: UnsafeRawBufferPointer,
        limit: Int,
        expectedCount: Int? = nil
    ) throws(CacheError) -> [UInt8] {
        precondition(limit >= 0, "limit must not be negative, got \(limit)")
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }

        let initStatus = czlib_inflate_init(stream, Self.windowBits)
        guard initStatus == Z_OK else {
            throw CacheError(code: .zlibFailure, message: "inflateInit2 failed with status \(initStatus)")
        }
        defer { inflateEnd(stream) }

        let inBase = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        var fed = 0

        // Start small unless told the size: the limit is a ceiling, not an estimate.
        let initialCount = min(limit, max(expectedCount ?? input.count * 4, 0), 1 << 30)
        var output = [UInt8](repeating: 0, count: max(initialCount, min(limit, 64)))
        var written = 0

        /// One inflate call into `count` bytes at `destination`; returns zlib's status and bytes produced.
        func step(_ destination: UnsafeMutablePointer<UInt8>, _ count: Int) -> (status: Int32, produced: Int) {
            if stream.pointee.avail_in == 0 && fed < input.count {
                let slice = min(input.count - fed, Self.maxSlice)
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inBase.map { $0 + fed })
                stream.pointee.avail_in = uInt(slice)
                fed += slice
            }
            stream.pointee.next_out = destination
            stream.pointee.avail_out = uInt(min(count, Self.maxSlice))
            let status = inflate(stream, Z_NO_FLUSH)
            return (status, stream.pointee.next_out - destination)
        }

        while true {
            let status: Int32
            if written < output.count {
                let result = output.withUnsafeMutableBufferPointer { buffer in
                    // '!' is fine: `written < output.count`, so the buffer is not empty.
                    step(buffer.baseAddress! + written, buffer.count - written)
                }
                written += result.produced
                status = result.status
            } else if output.count < limit {
                let newCount = min(limit, max(output.count * 2, 4096))
                output.append(contentsOf: repeatElement(0, count: newCount - output.count))
                continue
            } else {
                // The buffer is full at the limit. One more byte of output would break the limit;
                // the end of the stream (or an error) would not.
                var probe: UInt8 = 0
                let result = step(&probe, 1)
                if result.produced > 0 {
                    throw CacheError(
                        code: .outputLimitExceeded,
                        message: "decompressed data exceeds the limit of \(limit) bytes"
                    )
                }
                status = result.status
            }

            switch status {
            case Z_STREAM_END:
                let unread = Int(stream.pointee.avail_in) + (input.count - fed)
                guard unread == 0 else {
                    throw CacheError(code: .corruptData, message: "\(unread) bytes follow the end of the zlib stream")
                }
                output.removeLast(output.count - written)
                return output
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress was possible: with room to write, that means the input ran out.
                if stream.pointee.avail_in == 0 && fed == input.count {
                    throw CacheError(code: .truncatedData, message: "zlib stream ends after \(input.count) bytes")
                }
                continue
            case Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                throw CacheError(code: .corruptData, message: "invalid zlib stream: \(reason)")
            default:
                throw CacheError(code: .zlibFailure, message: "inflate failed with status \(status)")
            }
        }
    }

    // MARK: Checksums

    /// The Adler-32 of `bytes` (the checksum in a zlib stream's trailer), continuing from `adler`.
    ///
    /// - Parameters:
    ///   - bytes: The data to checksum.
    ///   - adler: The checksum of the data before `bytes`. Defaults to 1, Adler-32's start value.
    package static func adler32(_ bytes: some Collection<UInt8>, continuing adler: UInt32 = 1) -> UInt32 {
        let checksum = { (buffer: UnsafeRawBufferPointer) -> UInt32 in
            var value = uLong(adler)
            var offset = 0
            let base = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
            repeat {
                let slice = min(buffer.count - offset, Self.maxSlice)
                value = CZlib.adler32(value, base.map { $0 + offset }, uInt(slice))
                offset += slice
            } while offset < buffer.count
            return UInt32(truncatingIfNeeded: value)
        }
        if let value = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0)) }) {
            return value
        }
        return Array(bytes).withUnsafeBytes(checksum)
    }
}
