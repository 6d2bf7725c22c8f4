/// Appends little-endian integers, LEB128 varints and length-prefixed strings to a byte array.
///
/// The encoding shared by the sketch format, log records and snapshots (README.md).
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        self.bytes.reserveCapacity(capacity)
    }

    mutating func write(_ byte: UInt8) {
        self.bytes.append(byte)
    }

    mutating func write(_ tag: [UInt8]) {
        self.bytes.append(contentsOf: tag)
    }

    mutating func writeUInt32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { self.bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func writeUInt64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { self.bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func writeDouble(_ value: Double) {
        self.writeUInt64(value.bitPattern)
    }

    /// Unsigned LEB128.
    mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            self.bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        self.bytes.append(UInt8(rest))
    }

    /// Zigzag, then LEB128.
    mutating func writeSignedVarint(_ value: Int64) {
        self.writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            self.writeVarint(UInt64(utf8.count))
            self.bytes.append(contentsOf: utf8)
        }
    }

    /// A presence byte, then the string when present.
    mutating func writeOptionalString(_ value: String?) {
        if let value {
            self.write(1)
            self.writeString(value)
        } else {
            self.write(0)
        }
    }
}
