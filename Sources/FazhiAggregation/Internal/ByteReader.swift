/// Reads what ``ByteWriter`` wrote, checking every bound: malformed input throws
/// ``AggregationError`` (code `corruptData`), never traps.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset: Int
    /// What is being read, for error messages ("sketch", "snapshot").
    let context: String

    init(_ bytes: [UInt8], context: String) {
        self.bytes = bytes
        self.offset = 0
        self.context = context
    }

    var isAtEnd: Bool { self.offset == self.bytes.count }
    var remaining: Int { self.bytes.count - self.offset }

    func corrupt(_ reason: String) -> AggregationError {
        AggregationError(.corruptData, "\(self.context): \(reason) at byte \(self.offset)")
    }

    mutating func readByte() throws(AggregationError) -> UInt8 {
        guard self.offset < self.bytes.count else { throw self.corrupt("unexpected end") }
        defer { self.offset += 1 }
        return self.bytes[self.offset]
    }

    mutating func readBytes(_ count: Int) throws(AggregationError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= self.remaining else { throw self.corrupt("length \(count) beyond the end") }
        defer { self.offset += count }
        return self.bytes[self.offset..<self.offset + count]
    }

    mutating func expect(_ tag: [UInt8]) throws(AggregationError) {
        let found = try self.readBytes(tag.count)
        guard found.elementsEqual(tag) else { throw self.corrupt("bad magic") }
    }

    mutating func readUInt32() throws(AggregationError) -> UInt32 {
        let raw = try self.readBytes(4)
        var value: UInt32 = 0
        for (position, byte) in raw.enumerated() { value |= UInt32(byte) << UInt32(8 * position) }
        return value
    }

    mutating func readUInt64() throws(AggregationError) -> UInt64 {
        let raw = try self.readBytes(8)
        var value: UInt64 = 0
        for (position, byte) in raw.enumerated() { value |= UInt64(byte) << UInt64(8 * position) }
        return value
    }

    mutating func readDouble() throws(AggregationError) -> Double {
        Double(bitPattern: try self.readUInt64())
    }

    mutating func readVarint() throws(AggregationError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try self.readByte()
            guard shift < 64, !(shift == 63 && byte > 1) else { throw self.corrupt("varint overflow") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    mutating func readSignedVarint() throws(AggregationError) -> Int64 {
        let raw = try self.readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A varint that must fit `limit` (counts and lengths).
    mutating func readCount(limit: Int) throws(AggregationError) -> Int {
        let raw = try self.readVarint()
        guard raw <= UInt64(limit) else { throw self.corrupt("count \(raw) exceeds \(limit)") }
        return Int(raw)
    }

    mutating func readString() throws(AggregationError) -> String {
        let length = try self.readCount(limit: self.remaining)
        let raw = try self.readBytes(length)
        guard let text = String(validating: raw, as: UTF8.self) else { throw self.corrupt("invalid UTF-8") }
        return text
    }

    mutating func readOptionalString() throws(AggregationError) -> String? {
        switch try self.readByte() {
        case 0: return nil
        case 1: return try self.readString()
        default: throw self.corrupt("bad presence byte")
        }
    }
}
