internal import FazhiCache
internal import FazhiStorage
internal import Testing

/// Ways an entry file can be damaged. Offsets assume the parser version "p1" (N = 2): magic 0..<4,
/// format 4..<6, N 6..<8, version 8..<10, U 10..<18, C 18..<26, value CRC 26..<30,
/// record CRC 30..<34, body 34...
enum Damage: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case magicBitFlip
    case formatVersionBitFlip
    case parserVersionLengthBitFlip
    case parserVersionByteFlip
    case uncompressedLengthBitFlip
    case compressedLengthBitFlip
    case valueCRCBitFlip
    case recordCRCBitFlip
    case bodyFirstByteBitFlip
    case bodyMiddleBitFlip
    case lastByteBitFlip
    case truncatedByOneByte
    case truncatedInsideHeader
    case emptyFile
    case extendedByOneByte
    case hugeFile
    // The rest keep the record CRC consistent, as a buggy writer would: other checks must catch them.
    case declaredLengthTooLargeWithValidRecordCRC
    case declaredLengthTooSmallWithValidRecordCRC
    case compressedLengthWrongWithValidRecordCRC
    case valueCRCWrongWithValidRecordCRC
    case bodyBitFlipWithValidRecordCRC

    var testDescription: String { self.rawValue }

    func apply(to file: [UInt8]) -> [UInt8] {
        var file = file
        let bodyStart = 34
        switch self {
        case .magicBitFlip: file[0] ^= 0x01
        case .formatVersionBitFlip: file[5] ^= 0x02
        case .parserVersionLengthBitFlip: file[7] ^= 0x01
        case .parserVersionByteFlip: file[8] ^= 0x20
        case .uncompressedLengthBitFlip: file[17] ^= 0x01
        case .compressedLengthBitFlip: file[25] ^= 0x04
        case .valueCRCBitFlip: file[26] ^= 0x80
        case .recordCRCBitFlip: file[33] ^= 0x01
        case .bodyFirstByteBitFlip: file[bodyStart] ^= 0x01
        case .bodyMiddleBitFlip: file[(bodyStart + file.count) / 2] ^= 0x10
        case .lastByteBitFlip: file[file.count - 1] ^= 0x40
        case .truncatedByOneByte: file.removeLast()
        case .truncatedInsideHeader: file = Array(file.prefix(20))
        case .emptyFile: file = []
        case .extendedByOneByte: file.append(0)
        case .hugeFile: file += [UInt8](repeating: 0, count: 50_000)
        case .declaredLengthTooLargeWithValidRecordCRC:
            file[17] &+= 1
            Self.resealRecordCRC(&file)
        case .declaredLengthTooSmallWithValidRecordCRC:
            file[17] &-= 1
            Self.resealRecordCRC(&file)
        case .compressedLengthWrongWithValidRecordCRC:
            file[25] &+= 1
            Self.resealRecordCRC(&file)
        case .valueCRCWrongWithValidRecordCRC:
            file[29] ^= 0x01
            Self.resealRecordCRC(&file)
        case .bodyBitFlipWithValidRecordCRC:
            file[(bodyStart + file.count) / 2] ^= 0x10
            Self.resealRecordCRC(&file)
        }
        return file
    }

    private static func resealRecordCRC(_ file: inout [UInt8]) {
        let crc = Checksum.crc32(file[34...], continuing: Checksum.crc32(file[0..<30]))
        for (offset, shift) in [24, 16, 8, 0].enumerated() {
            file[30 + offset] = UInt8(truncatingIfNeeded: crc >> UInt32(shift))
        }
    }
}

@Suite("CacheStore corruption")
struct CacheStoreCorruptionTests {
    static let value = Array((0..<300).map { "第\($0)条：调解矛盾纠纷\($0 * 7)件；" }.joined().utf8).prefix(5000).map { $0 }

    @Test("a damaged entry is a miss, is removed and counted, and the key works again", arguments: Damage.allCases)
    func damagedEntry(damage: Damage) throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration(maxEntryBytes: 10_000))
        let key = testKey(42)
        try store.put(key: key, value: Self.value, parserVersion: "p1")
        let path = store.path(for: key)
        let original = try readFile(path)
        let damaged = damage.apply(to: original)
        try #require(damaged != original)
        try writeFile(path, damaged)

        #expect(store.get(key: key, parserVersion: "p1") == nil)
        #expect(!fileExists(path), "the damaged file must be removed")
        var stats = store.stats()
        #expect(stats.corruptEntriesRemoved == 1)
        #expect(stats.staleEntriesRemoved == 0)
        #expect(stats.misses == 1)
        #expect(stats.hits == 0)
        #expect(stats.entries == 0)
        #expect(stats.bytesOnDisk == 0)

        try store.put(key: key, value: Self.value, parserVersion: "p1")
        #expect(store.get(key: key, parserVersion: "p1") == Self.value)
        stats = store.stats()
        #expect(stats.hits == 1)
        #expect(stats.entries == 1)
    }

    @Test("verify reports and removes damaged entries and keeps the good ones")
    func verify() throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration(maxEntryBytes: 10_000))
        for number in 0..<4 {
            try store.put(key: testKey(number), value: Self.value, parserVersion: "p1")
        }
        try store.put(key: testKey(4), value: [1, 2], parserVersion: "other-version")
        for (number, damage) in [(1, Damage.bodyMiddleBitFlip), (3, Damage.truncatedByOneByte)] {
            let path = store.path(for: testKey(number))
            try writeFile(path, damage.apply(to: try readFile(path)))
        }

        let report = store.verify()
        #expect(report.checked == 5)
        #expect(report.valid == 3, "another parser version is not damage")
        #expect(Set(report.corrupt.map(\.key)) == [testKey(1), testKey(3)])
        #expect(report.corrupt.allSatisfy { !$0.reason.isEmpty })
        #expect(!fileExists(store.path(for: testKey(1))))
        #expect(!fileExists(store.path(for: testKey(3))))
        #expect(store.stats().corruptEntriesRemoved == 2)
        #expect(store.stats().entries == 3)
        #expect(store.stats().misses == 0, "verify is not a read by a caller")
        #expect(store.get(key: testKey(0), parserVersion: "p1") == Self.value)
        #expect(store.verify().corrupt.isEmpty)
    }
}
