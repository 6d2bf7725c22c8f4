/// Lower-case hexadecimal, for digests: cache keys, content hashes and document ids.
package enum Hex {
    /// The bytes as lower-case hex digits, written straight into the string's storage (every
    /// parse and every cache hit encodes three digests).
    package static func encode(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = Self.digit(byte >> 4)
                buffer[2 * index + 1] = Self.digit(byte & 0x0f)
            }
            return bytes.count * 2
        }
    }

    /// The lower-case hexadecimal digit of `nibble` (0...15) as ASCII.
    @inline(__always)
    private static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
