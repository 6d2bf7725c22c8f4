internal import FazhiStorage

/// The byte layout of one cache entry file, and its encoder and verifying decoder.
///
/// An entry file is a header followed by the zlib-compressed value. All integers are big-endian.
///
/// | Offset   | Size | Field                                                                 |
/// |----------|------|-----------------------------------------------------------------------|
/// | 0        | 4    | magic, ASCII `FZC1`                                                   |
/// | 4        | 2    | format version (UInt16), currently 1                                  |
/// | 6        | 2    | N, byte count of the parser version (UInt16, at most 1024)            |
/// | 8        | N    | parser version, UTF-8                                                 |
/// | 8+N      | 8    | uncompressed length U (UInt64)                                        |
/// | 16+N     | 8    | compressed length C (UInt64)                                          |
/// | 24+N     | 4    | value CRC-32: CRC-32 of the U uncompressed bytes                      |
/// | 28+N     | 4    | record CRC-32: CRC-32 of bytes `0..<28+N` followed by the C body bytes |
/// | 32+N     | C    | body: one zlib-format stream (windowBits 15) that inflates to U bytes |
///
/// The file is exactly `32 + N + C` bytes. The record CRC covers every other byte of the file, so a
/// flipped bit anywhere, a truncated or extended file, or a length field that disagrees with the
/// file size is caught before inflating. The value CRC and the check that the body inflates to
/// exactly U bytes catch a writer that recorded a wrong length with a matching record CRC.
/// Inflation is bounded by U, which is itself bounded by the reader's `maxEntryBytes`.
package enum CacheEntryFormat {
    /// The four bytes every entry starts with: ASCII `FZC1`.
    package static let magic: [UInt8] = Array("FZC1".utf8)
    /// The format version this code writes and the only one it reads.
    package static let formatVersion: UInt16 = 1
    /// The longest parser version, in UTF-8 bytes, that an entry can carry.
    package static let maxParserVersionByteCount = 1024
    /// The header size without the parser version: magic, version, N, U, C and both CRCs.
    package static let fixedHeaderByteCount = 32

    /// The header size for a parser version of `parserVersionByteCount` UTF-8 bytes.
    package static func headerByteCount(parserVersionByteCount: Int) -> Int {
        Self.fixedHeaderByteCount + parserVersionByteCount
    }

    /// The largest file an entry of at most `maxEntryBytes` uncompressed bytes can occupy.
    package static func maxFileByteCount(maxEntryBytes: Int) -> Int {
        Self.headerByteCount(parserVersionByteCount: Self.maxParserVersionByteCount)
            + Zlib.compressedSizeBound(forInputCount: maxEntryBytes)
    }

    /// What ``decode(_:expectedParserVersion:maxEntryBytes:)`` found in a file.
    package enum Outcome: Hashable, Sendable {
        /// The entry is intact (and, if one was expected, has the expected parser version).
        case value([UInt8])
        /// The entry is intact but was written by another parser version.
        case staleParserVersion(found: String)
        /// The entry is damaged or malformed; `reason` says how, for logs and reports.
        case corrupt(reason: String)
    }

    /// Encodes `value` as a complete entry file.
    ///
    /// - Parameters:
    ///   - value: The uncompressed value.
    ///   - parserVersion: The version of the parser that produced `value`.
    ///   - level: The zlib compression level for the body.
    /// - Precondition: `parserVersion` is at most ``maxParserVersionByteCount`` UTF-8 bytes.
    ///   - compressed: `value` already compressed as one zlib stream (`Zlib.compress`), when the
    ///     caller has it; `nil` to compress here.
    package static func encode(
        value: [UInt8],
        compressed: [UInt8]? = nil,
        parserVersion: String,
        level: Zlib.CompressionLevel
    ) -> [UInt8] {
        let version = Array(parserVersion.utf8)
        precondition(
            version.count <= Self.maxParserVersionByteCount,
            "parser version is \(version.count) UTF-8 bytes; the limit is \(Self.maxParserVersionByteCount)"
        )
        let body = compressed ?? Zlib.compress(value, level: level)
        var file: [UInt8] = []
        file.reserveCapacity(Self.headerByteCount(parserVersionByteCount: version.count) + body.count)
        file.append(contentsOf: Self.magic)
        file.appendBigEndian(Self.formatVersion)
        file.appendBigEndian(UInt16(version.count))
        file.append(contentsOf: version)
        file.appendBigEndian(UInt64(value.count))
        file.appendBigEndian(UInt64(body.count))
        file.appendBigEndian(Checksum.crc32(value))
        let recordCRC = Checksum.crc32(body, continuing: Checksum.crc32(file))
        file.appendBigEndian(recordCRC)
        file.append(contentsOf: body)
        return file
    }

    /// Where the zlib body of `file` starts, for a file ``decode(_:expectedParserVersion:maxEntryBytes:)``
    /// has accepted.
    package static func bodyStart(ofVerified file: [UInt8]) -> Int {
        precondition(file.count >= Self.fixedHeaderByteCount, "a verified entry holds its header")
        return Self.headerByteCount(parserVersionByteCount: Int(file[6]) << 8 | Int(file[7]))
    }

    /// Verifies a whole entry file and returns its value, or says why it cannot be used.
    ///
    /// Checks run cheapest first: structure and lengths, then the record CRC, then the parser
    /// version, and only then bounded inflation and the value CRC. Never traps on any input.
    ///
    /// - Parameters:
    ///   - file: The complete file contents.
    ///   - expectedParserVersion: The version the caller can use, or `nil` to accept any.
    ///   - maxEntryBytes: The largest uncompressed length accepted; larger declarations are corrupt.
    package static func decode(
        _ file: [UInt8],
        expectedParserVersion: String?,
        maxEntryBytes: Int
    ) -> Outcome {
        let header: Header
        switch Self.header(of: file, maxEntryBytes: maxEntryBytes) {
        case .success(let checked): header = checked
        case .failure(let corrupt): return .corrupt(reason: corrupt.reason)
        }
        if let expectedParserVersion, header.parserVersion != expectedParserVersion {
            return .staleParserVersion(found: header.parserVersion)
        }

        let expected = header.uncompressedCount
        let value: [UInt8]
        do {
            value = try file.withUnsafeBytes { bytes throws(CacheError) in
                try Zlib.decompress(
                    UnsafeRawBufferPointer(rebasing: bytes[header.byteCount...]),
                    limit: expected,
                    expectedCount: expected
                )
            }
        } catch {
            return .corrupt(reason: "body does not inflate to the declared \(expected) bytes: \(error)")
        }
        guard value.count == expected else {
            return .corrupt(reason: "body inflates to \(value.count) bytes, header declares \(expected)")
        }
        guard Checksum.crc32(value) == header.valueCRC else {
            return .corrupt(reason: "value CRC-32 mismatch")
        }
        return .value(value)
    }

    /// An entry's header, checked with everything ``decode(_:expectedParserVersion:maxEntryBytes:)``
    /// checks before it inflates: structure, lengths, the record CRC (so the whole file is as
    /// written) and the parser version's encoding.
    package struct Header: Hashable, Sendable {
        /// The version of the parser that wrote the entry.
        package var parserVersion: String
        /// Bytes before the zlib body.
        package var byteCount: Int
        /// The value's length, at most the reader's `maxEntryBytes`.
        package var uncompressedCount: Int
        /// CRC-32 of the value.
        package var valueCRC: UInt32
    }

    /// Why an entry file cannot be used.
    package struct Corrupt: Error, Hashable, Sendable {
        /// How it is damaged, for logs and reports.
        package var reason: String
    }

    /// Checks `file`'s header and record CRC without inflating its body. Never traps on any input.
    package static func header(of file: [UInt8], maxEntryBytes: Int) -> Result<Header, Corrupt> {
        var reader = BigEndianReader(file)
        guard file.count >= Self.fixedHeaderByteCount else {
            return .failure(Corrupt(reason: "file is \(file.count) bytes, shorter than any header"))
        }
        guard reader.read(count: 4).elementsEqual(Self.magic) else {
            return .failure(Corrupt(reason: "bad magic"))
        }
        let format = reader.readUInt16()
        guard format == Self.formatVersion else {
            return .failure(Corrupt(reason: "unsupported format version \(format)"))
        }
        let versionCount = Int(reader.readUInt16())
        guard versionCount <= Self.maxParserVersionByteCount else {
            return .failure(Corrupt(reason: "parser version length \(versionCount) exceeds \(Self.maxParserVersionByteCount)"))
        }
        let headerCount = Self.headerByteCount(parserVersionByteCount: versionCount)
        guard file.count >= headerCount else {
            return .failure(Corrupt(reason: "file is \(file.count) bytes, shorter than its \(headerCount)-byte header"))
        }
        let versionBytes = reader.read(count: versionCount)
        let uncompressedCount = reader.readUInt64()
        let compressedCount = reader.readUInt64()
        let valueCRC = reader.readUInt32()
        let recordCRC = reader.readUInt32()

        guard compressedCount == UInt64(file.count - headerCount) else {
            return .failure(Corrupt(
                reason: "header declares \(compressedCount) compressed bytes, file holds \(file.count - headerCount)"
            ))
        }
        let computedRecordCRC = file.withUnsafeBytes { bytes in
            Checksum.crc32(
                UnsafeRawBufferPointer(rebasing: bytes[headerCount...]),
                continuing: Checksum.crc32(UnsafeRawBufferPointer(rebasing: bytes[..<(headerCount - 4)]))
            )
        }
        guard computedRecordCRC == recordCRC else {
            return .failure(Corrupt(reason: "record CRC-32 mismatch"))
        }
        guard uncompressedCount <= UInt64(maxEntryBytes) else {
            return .failure(Corrupt(reason: "declared length \(uncompressedCount) exceeds maxEntryBytes \(maxEntryBytes)"))
        }
        guard let version = String(validating: versionBytes, as: UTF8.self) else {
            return .failure(Corrupt(reason: "parser version is not valid UTF-8"))
        }
        return .success(Header(parserVersion: version, byteCount: headerCount, uncompressedCount: Int(uncompressedCount), valueCRC: valueCRC))
    }
}

/// Reads big-endian integers from a byte array whose length the caller has already checked.
private struct BigEndianReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func read(count: Int) -> ArraySlice<UInt8> {
        defer { self.offset += count }
        return self.bytes[self.offset..<(self.offset + count)]
    }

    mutating func readUInt16() -> UInt16 {
        UInt16(self.readInteger(byteCount: 2))
    }

    mutating func readUInt32() -> UInt32 {
        UInt32(self.readInteger(byteCount: 4))
    }

    mutating func readUInt64() -> UInt64 {
        self.readInteger(byteCount: 8)
    }

    private mutating func readInteger(byteCount: Int) -> UInt64 {
        self.read(count: byteCount).reduce(0) { $0 << 8 | UInt64($1) }
    }
}

extension [UInt8] {
    fileprivate mutating func appendBigEndian(_ value: some FixedWidthInteger) {
        Swift.withUnsafeBytes(of: value.bigEndian) { self.append(contentsOf: $0) }
    }
}
