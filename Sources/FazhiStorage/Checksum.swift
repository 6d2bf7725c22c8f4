internal import CZlib

/// CRC-32 (zlib's polynomial) of byte ranges: cheap enough to check every record on every read.
package enum Checksum {
    /// The CRC-32 of `bytes`, continuing from `initial` (0 to start).
    package static func crc32(_ bytes: UnsafeRawBufferPointer, continuing initial: UInt32 = 0) -> UInt32 {
        var crc = uLong(initial)
        var rest = bytes
        // zlib takes 32-bit lengths; feed very large buffers in slices.
        while !rest.isEmpty {
            let count = min(rest.count, Int(Int32.max))
            crc = CZlib.crc32(crc, rest.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(count))
            rest = UnsafeRawBufferPointer(rebasing: rest[count...])
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    /// The CRC-32 of a collection of bytes.
    package static func crc32(_ bytes: some Collection<UInt8>, continuing initial: UInt32 = 0) -> UInt32 {
        if let crc = bytes.withContiguousStorageIfAvailable({ Self.crc32(UnsafeRawBufferPointer($0), continuing: initial) }) {
            return crc
        }
        return Array(bytes).withUnsafeBytes { Self.crc32($0, continuing: initial) }
    }
}
