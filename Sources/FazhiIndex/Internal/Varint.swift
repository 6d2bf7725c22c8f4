/// Little-endian fixed-width and LEB128 variable-length integers, written to a growing array.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        self.bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            self.bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        self.bytes.append(UInt8(value))
    }

    @inline(__always)
    mutating func varint(_ value: Int) {
        self.varint(UInt64(value))
    }

    mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { self.bytes.append(contentsOf: $0) }
    }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { self.bytes.append(contentsOf: $0) }
    }

    /// A length-prefixed UTF-8 string.
    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            self.varint(utf8.count)
            self.bytes.append(contentsOf: utf8)
        }
    }

    /// An optional string: length + 1, or 0 for nil.
    mutating func optionalString(_ value: String?) {
        guard var value else {
            self.varint(0)
            return
        }
        value.withUTF8 { utf8 in
            self.varint(utf8.count + 1)
            self.bytes.append(contentsOf: utf8)
        }
    }

    mutating func blob(_ value: [UInt8]) {
        self.varint(value.count)
        self.bytes.append(contentsOf: value)
    }
}

/// Reads what ``ByteWriter`` wrote, with bounds checks that throw on damaged input.
struct ByteReader {
    let buffer: UnsafeRawBufferPointer
    var offset: Int

    init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    var isAtEnd: Bool { self.offset >= self.buffer.count }

    mutating func varint() throws(IndexError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard self.offset < self.buffer.count, shift < 64 else {
                throw IndexError(.corrupt, "truncated or overlong varint at byte \(self.offset)")
            }
            let byte = self.buffer[self.offset]
            self.offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    mutating func int() throws(IndexError) -> Int {
        let value = try self.varint()
        guard value <= UInt64(Int.max) else { throw IndexError(.corrupt, "integer out of range") }
        return Int(value)
    }

    mutating func u32() throws(IndexError) -> UInt32 {
        guard self.offset + 4 <= self.buffer.count else { throw IndexError(.corrupt, "truncated u32") }
        let value = self.buffer.loadUnaligned(fromByteOffset: self.offset, as: UInt32.self)
        self.offset += 4
        return UInt32(littleEndian: value)
    }

    mutating func u64() throws(IndexError) -> UInt64 {
        guard self.offset + 8 <= self.buffer.count else { throw IndexError(.corrupt, "truncated u64") }
        let value = self.buffer.loadUnaligned(fromByteOffset: self.offset, as: UInt64.self)
        self.offset += 8
        return UInt64(littleEndian: value)
    }

    mutating func bytes(_ count: Int) throws(IndexError) -> UnsafeRawBufferPointer {
        guard count >= 0, self.offset + count <= self.buffer.count else {
            throw IndexError(.corrupt, "truncated field of \(count) bytes at byte \(self.offset)")
        }
        let slice = UnsafeRawBufferPointer(rebasing: self.buffer[self.offset..<self.offset + count])
        self.offset += count
        return slice
    }

    mutating func string() throws(IndexError) -> String {
        let count = try self.int()
        return String(decoding: try self.bytes(count), as: UTF8.self)
    }

    mutating func optionalString() throws(IndexError) -> String? {
        let count = try self.int()
        if count == 0 { return nil }
        return String(decoding: try self.bytes(count - 1), as: UTF8.self)
    }

    mutating func blob() throws(IndexError) -> [UInt8] {
        let count = try self.int()
        return Array(try self.bytes(count))
    }
}

/// Unchecked varint decoding for postings headers, whose section checksum was verified at load.
@inline(__always)
func readVarint(_ base: UnsafePointer<UInt8>, _ offset: inout Int) -> UInt64 {
    var byte = base[offset]
    offset += 1
    if byte < 0x80 { return UInt64(byte) }
    var result = UInt64(byte & 0x7F)
    var shift: UInt64 = 7
    repeat {
        byte = base[offset]
        offset += 1
        result |= UInt64(byte & 0x7F) << shift
        shift += 7
    } while byte >= 0x80 && shift < 64
    return result
}

@inline(__always)
func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
    var value = value
    while value >= 0x80 {
        bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
        value >>= 7
    }
    bytes.append(UInt8(value))
}
