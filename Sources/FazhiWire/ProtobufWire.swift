/// The few pieces of the Protocol Buffers wire format that let services pass reports on
/// without decoding them: writing length-delimited and bool fields, and walking a message's
/// fields to read one value or cut out one field.
///
/// The parser sends cached reports on as stored bytes, the gateway forwards reports from
/// parsers to shards and partitions as they came, and the indexer stores what it received.
/// Decoding a report and serializing it again was a fifth of those services' CPU.
///
/// Written here rather than taken from swift-protobuf because its public API decodes whole
/// messages only; this is the encoding section of the protobuf specification, nothing more.
/// A message's fields may repeat: for a scalar or string field the last value wins, and
/// occurrences of a message field merge (a concatenation of two messages is their merge).
package enum ProtobufWire {
    /// Wire type 0 (varint) and 2 (length-delimited).
    static let varintType: UInt64 = 0
    static let lengthDelimitedType: UInt64 = 2

    /// One field of a message, as found by ``fields(of:in:)``.
    package struct Field: Sendable, Hashable {
        /// The field number.
        package var number: Int
        /// The wire type: 0 varint, 1 fixed 64-bit, 2 length-delimited, 5 fixed 32-bit.
        package var wireType: Int
        /// The whole field, tag included, as indices of the message's buffer.
        package var span: Range<Int>
        /// A length-delimited field's payload, or a fixed field's bytes.
        package var payload: Range<Int>
        /// A varint field's value (0 for other wire types).
        package var varint: UInt64
    }

    // MARK: Writing

    /// Appends `value` as a base-128 varint.
    package static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Appends field `number` holding `payload` (a message, string or bytes).
    package static func appendLengthDelimited(_ number: Int, _ payload: some Collection<UInt8>, to bytes: inout [UInt8]) {
        Self.appendVarint(UInt64(number) << 3 | Self.lengthDelimitedType, to: &bytes)
        Self.appendVarint(UInt64(payload.count), to: &bytes)
        bytes.append(contentsOf: payload)
    }

    /// Appends field `number` holding the unsigned integer `value`; nothing for 0 (proto3's default).
    package static func appendUInt64(_ number: Int, _ value: UInt64, to bytes: inout [UInt8]) {
        guard value != 0 else { return }
        Self.appendVarint(UInt64(number) << 3 | Self.varintType, to: &bytes)
        Self.appendVarint(value, to: &bytes)
    }

    /// Appends field `number` holding `true`; nothing for `false` (proto3's default).
    package static func appendBool(_ number: Int, _ value: Bool, to bytes: inout [UInt8]) {
        guard value else { return }
        Self.appendVarint(UInt64(number) << 3 | Self.varintType, to: &bytes)
        bytes.append(1)
    }

    // MARK: Reading

    /// The fields of the message in `bytes[range]` (all of `bytes` by default), in order; `nil`
    /// when the bytes are not a well-formed message (truncated, a length past the end, field
    /// number 0 or above 2²⁹ − 1, an endless varint, an unbalanced group, wire types 6 and 7),
    /// as swift-protobuf would refuse them. A group (unused by fazhi's messages, kept by decoders
    /// as an unknown field) is one field of wire type 3 whose payload runs to its end tag.
    package static func fields(of bytes: [UInt8], in range: Range<Int>? = nil) -> [Field]? {
        var fields: [Field] = []
        guard Self.walk(bytes, in: range, { fields.append($0) }) else { return nil }
        return fields
    }

    /// Calls `visit` with each field of the message in `bytes[range]`, in order; `false` when the
    /// bytes are not a well-formed message (see ``fields(of:in:)``), after visiting the fields
    /// before the fault. Allocates nothing: for callers that want one field of a large message.
    private static func walk(_ bytes: [UInt8], in range: Range<Int>?, _ visit: (Field) -> Void) -> Bool {
        let range = range ?? 0..<bytes.count
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return false }
        var position = range.lowerBound
        let end = range.upperBound
        while position < end {
            let start = position
            guard let tag = Self.varint(bytes, &position, end: end), tag >> 3 != 0, tag < UInt64(UInt32.max) else { return false }
            var field = Field(number: Int(tag >> 3), wireType: Int(tag & 7), span: start..<start, payload: position..<position, varint: 0)
            switch tag & 7 {
            case 0:
                guard let value = Self.varint(bytes, &position, end: end) else { return false }
                field.varint = value
            case 1, 5:
                let width = tag & 7 == 1 ? 8 : 4
                guard end - position >= width else { return false }
                field.payload = position..<(position + width)
                position += width
            case 2:
                guard let length = Self.varint(bytes, &position, end: end), length <= UInt64(end - position) else { return false }
                field.payload = position..<(position + Int(length))
                position += Int(length)
            case 3:
                let inner = position
                guard let endTag = Self.skipGroup(tag >> 3, bytes, &position, end: end) else { return false }
                field.payload = inner..<endTag
            default:
                return false  // 4 (an end tag without its start), 6 and 7 (invalid)
            }
            field.span = start..<position
            visit(field)
        }
        return true
    }

    /// The last value of string field `number` at the top level of `message`; `""` when the
    /// field is absent, `nil` when the bytes are not a well-formed message or the value is not
    /// UTF-8.
    package static func stringField(_ number: Int, in message: [UInt8]) -> String? {
        guard let payload = Self.lastStringPayload(number, in: message) else { return nil }
        return payload.map { String(validating: message[$0], as: UTF8.self) } ?? ""
    }

    /// Whether the message is well formed and the last value of its string field `number` is
    /// exactly `expected` (absent counts as `""`): ``stringField(_:in:)`` `== expected` without
    /// building the string. Checking a cached report's content hash takes this on every hit.
    package static func stringField(_ number: Int, in message: [UInt8], equals expected: String) -> Bool {
        guard let payload = Self.lastStringPayload(number, in: message) else { return false }
        guard let payload else { return expected.isEmpty }
        var expected = expected
        return expected.withUTF8 { $0.elementsEqual(message[payload]) }
    }

    /// `nil` for a malformed message; else the payload of the last string-typed occurrence of
    /// field `number`, `nil` inside when there is none.
    private static func lastStringPayload(_ number: Int, in message: [UInt8]) -> Range<Int>?? {
        var last: Range<Int>?
        guard Self.walk(message, in: nil, { if $0.number == number && $0.wireType == 2 { last = $0.payload } }) else { return nil }
        return .some(last)
    }

    /// The last value of string field `number` among `fields` (of a message in `bytes`); `""`
    /// when absent, `nil` when it is not UTF-8. An occurrence of another wire type is an
    /// unknown field to a decoder, so it is passed over.
    package static func lastString(_ number: Int, of fields: [Field], in bytes: [UInt8]) -> String? {
        guard let field = fields.last(where: { $0.number == number && $0.wireType == 2 }) else { return "" }
        return String(validating: bytes[field.payload], as: UTF8.self)
    }

    /// The last value of varint field `number` among `fields`; 0 when absent (proto3's
    /// default). Occurrences of another wire type are passed over, as a decoder would.
    package static func lastVarint(_ number: Int, of fields: [Field]) -> UInt64 {
        fields.last(where: { $0.number == number && $0.wireType == 0 })?.varint ?? 0
    }

    /// `message` without any occurrence of field `number` (every other field byte for byte).
    package static func removingField(_ number: Int, from message: [UInt8], fields: [Field]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count)
        var copied = 0
        for field in fields where field.number == number {
            out.append(contentsOf: message[copied..<field.span.lowerBound])
            copied = field.span.upperBound
        }
        out.append(contentsOf: message[copied..<message.count])
        return out
    }

    /// Skips a group's fields after its start tag, nested groups included, up to its end tag
    /// (field `number`, wire type 4); returns where the end tag starts, `nil` when malformed.
    private static func skipGroup(_ number: UInt64, _ bytes: [UInt8], _ position: inout Int, end: Int) -> Int? {
        var open: [UInt64] = [number]
        while position < end {
            let tagStart = position
            guard let tag = Self.varint(bytes, &position, end: end), tag >> 3 != 0, tag < UInt64(UInt32.max) else { return nil }
            switch tag & 7 {
            case 0:
                guard Self.varint(bytes, &position, end: end) != nil else { return nil }
            case 1, 5:
                let width = tag & 7 == 1 ? 8 : 4
                guard end - position >= width else { return nil }
                position += width
            case 2:
                guard let length = Self.varint(bytes, &position, end: end), length <= UInt64(end - position) else { return nil }
                position += Int(length)
            case 3:
                open.append(tag >> 3)
            case 4:
                guard open.last == tag >> 3 else { return nil }
                open.removeLast()
                if open.isEmpty { return tagStart }
            default:
                return nil
            }
        }
        return nil
    }

    /// Reads a varint at `position`, advancing it; `nil` when it runs past `end` or is longer
    /// than 10 bytes.
    private static func varint(_ bytes: [UInt8], _ position: inout Int, end: Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < end, shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
