/// The few pieces of the Protocol Buffers wire format that the parser needs to pass stored
/// reports on without decoding them: writing a length-delimited field, and reading one string
/// field from a message's top level.
///
/// Written here rather than taken from swift-protobuf because its public API decodes whole
/// messages only; this is the encoding section of the protobuf specification, nothing more.
enum ProtobufWire {
    /// Wire type 0 (varint) and 2 (length-delimited).
    static let varintType: UInt64 = 0
    static let lengthDelimitedType: UInt64 = 2

    /// Appends `value` as a base-128 varint.
    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Appends field `number` holding `payload` (a message, string or bytes).
    static func appendLengthDelimited(_ number: Int, _ payload: [UInt8], to bytes: inout [UInt8]) {
        Self.appendVarint(UInt64(number) << 3 | Self.lengthDelimitedType, to: &bytes)
        Self.appendVarint(UInt64(payload.count), to: &bytes)
        bytes.append(contentsOf: payload)
    }

    /// Appends field `number` holding `true`; nothing for `false` (proto3's default).
    static func appendBool(_ number: Int, _ value: Bool, to bytes: inout [UInt8]) {
        guard value else { return }
        Self.appendVarint(UInt64(number) << 3 | Self.varintType, to: &bytes)
        bytes.append(1)
    }

    /// The last value of string field `number` at the top level of `message`; `""` when the
    /// field is absent, `nil` when the bytes are not a well-formed message or the value is not
    /// UTF-8.
    static func stringField(_ number: Int, in message: [UInt8]) -> String? {
        var found: Range<Int>?
        var position = 0
        while position < message.count {
            guard let tag = Self.varint(message, &position), tag >> 3 != 0 else { return nil }
            switch tag & 7 {
            case 0:
                guard Self.varint(message, &position) != nil else { return nil }
            case 1:
                position += 8
            case 2:
                guard let length = Self.varint(message, &position), length <= UInt64(message.count - position) else { return nil }
                if tag >> 3 == UInt64(number) { found = position..<(position + Int(length)) }
                position += Int(length)
            case 5:
                position += 4
            default:
                return nil  // groups (3, 4) are not used by fazhi's messages; 6, 7 are invalid
            }
            guard position <= message.count else { return nil }
        }
        guard let found else { return "" }
        return String(validating: message[found], as: UTF8.self)
    }

    /// Reads a varint at `position`, advancing it; `nil` when truncated or longer than 10 bytes.
    private static func varint(_ bytes: [UInt8], _ position: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count, shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
