internal import FazhiCache
internal import FazhiStorage
internal import Testing

@Suite("CacheEntryFormat")
struct CacheEntryFormatTests {
    @Test("header fields sit at the documented offsets")
    func layout() throws {
        let value = Array("法治".utf8)
        let file = CacheEntryFormat.encode(value: value, parserVersion: "p1", level: .default)
        #expect(Array(file[0..<4]) == Array("FZC1".utf8))
        #expect(Array(file[4..<6]) == [0, 1])
        #expect(Array(file[6..<8]) == [0, 2])
        #expect(Array(file[8..<10]) == Array("p1".utf8))
        #expect(Array(file[10..<18]) == [0, 0, 0, 0, 0, 0, 0, UInt8(value.count)])
        let compressedCount = file.count - CacheEntryFormat.headerByteCount(parserVersionByteCount: 2)
        #expect(Array(file[18..<26]) == [0, 0, 0, 0, 0, 0, 0, UInt8(compressedCount)])
        let valueCRC = Checksum.crc32(value)
        #expect(Array(file[26..<30]) == [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: valueCRC >> $0) })
        #expect(try Zlib.decompress(file[34...], limit: 100) == value)
    }

    @Test("decode returns the value, or stale for another parser version")
    func decode() {
        let value = pseudoRandomBytes(count: 3000, seed: 5)
        let file = CacheEntryFormat.encode(value: value, parserVersion: "v2", level: .fastest)
        #expect(CacheEntryFormat.decode(file, expectedParserVersion: "v2", maxEntryBytes: 3000) == .value(value))
        #expect(CacheEntryFormat.decode(file, expectedParserVersion: nil, maxEntryBytes: 3000) == .value(value))
        #expect(
            CacheEntryFormat.decode(file, expectedParserVersion: "v1", maxEntryBytes: 3000)
                == .staleParserVersion(found: "v2")
        )
    }

    @Test("a declared length above maxEntryBytes is corrupt, before any inflation")
    func maxEntryBytes() {
        let file = CacheEntryFormat.encode(
            value: [UInt8](repeating: 7, count: 5000),
            parserVersion: "v",
            level: .default
        )
        guard case .corrupt = CacheEntryFormat.decode(file, expectedParserVersion: "v", maxEntryBytes: 4999) else {
            Issue.record("expected corrupt")
            return
        }
    }

    @Test("every single-bit flip anywhere in a small entry is detected")
    func everyBitFlip() {
        let value = Array("调解成功率95%以上".utf8)
        let file = CacheEntryFormat.encode(value: value, parserVersion: "v1", level: .default)
        for byte in file.indices {
            for bit in 0..<8 {
                var damaged = file
                damaged[byte] ^= 1 << bit
                let outcome = CacheEntryFormat.decode(damaged, expectedParserVersion: "v1", maxEntryBytes: 1 << 20)
                guard case .corrupt = outcome else {
                    Issue.record("flip of bit \(bit) in byte \(byte) gave \(outcome)")
                    return
                }
            }
        }
    }

    @Test("every truncation and any extension is detected")
    func everyTruncation() {
        let file = CacheEntryFormat.encode(
            value: pseudoRandomBytes(count: 500, seed: 6),
            parserVersion: "v1",
            level: .default
        )
        for keep in 0..<file.count {
            guard
                case .corrupt = CacheEntryFormat.decode(
                    Array(file.prefix(keep)),
                    expectedParserVersion: "v1",
                    maxEntryBytes: 1 << 20
                )
            else {
                Issue.record("truncation to \(keep) bytes not detected")
                return
            }
        }
        guard case .corrupt = CacheEntryFormat.decode(file + [0], expectedParserVersion: "v1", maxEntryBytes: 1 << 20)
        else {
            Issue.record("extension not detected")
            return
        }
    }
}
