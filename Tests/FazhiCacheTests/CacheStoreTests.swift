internal import FazhiCache
internal import Testing

@Suite("CacheStore basics")
struct CacheStoreTests {
    @Test("put then get returns the value, from a fan-out file starting with the magic")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration())
        let key = CacheKey.forContent(Array("raw".utf8), parserVersion: "p1")
        let value = Array(String(repeating: "法治政府建设年度报告", count: 500).utf8)

        try store.put(key: key, value: value, parserVersion: "p1")
        #expect(store.get(key: key, parserVersion: "p1") == value)

        let path = store.path(for: key)
        #expect(path == directory.path + "/cache/" + key.hex.prefix(2) + "/" + key.hex.dropFirst(2))
        let file = try readFile(path)
        #expect(Array(file.prefix(4)) == Array("FZC1".utf8))
        #expect(file.count < value.count, "the value should be stored compressed")

        let stats = store.stats()
        #expect(stats.entries == 1)
        #expect(stats.bytesOnDisk == file.count)
        #expect(stats.hits == 1)
        #expect(stats.misses == 0)
        #expect(stats.writes == 1)
    }

    @Test("empty values and replaced values round-trip")
    func emptyAndReplaced() throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration())
        let key = testKey(1)
        try store.put(key: key, value: [], parserVersion: "p")
        #expect(store.get(key: key, parserVersion: "p") == [])
        try store.put(key: key, value: [1, 2, 3], parserVersion: "p")
        #expect(store.get(key: key, parserVersion: "p") == [1, 2, 3])
        #expect(store.stats().entries == 1)
        #expect(try filesOnDisk(under: directory.path + "/cache").count == 1, "no temporary files left behind")
    }

    @Test("a missing key is a counted miss")
    func missing() throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration())
        #expect(store.get(key: testKey(1), parserVersion: "p") == nil)
        #expect(store.stats().misses == 1)
        #expect(store.stats().hits == 0)
    }

    @Test("a parser-version mismatch is a miss and the stale entry is removed")
    func parserVersionMismatch() throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration())
        let key = testKey(2)
        try store.put(key: key, value: [9, 9, 9], parserVersion: "parser-1")

        #expect(store.get(key: key, parserVersion: "parser-2") == nil)
        #expect(!fileExists(store.path(for: key)))
        let stats = store.stats()
        #expect(stats.staleEntriesRemoved == 1)
        #expect(stats.corruptEntriesRemoved == 0)
        #expect(stats.misses == 1)
        #expect(stats.entries == 0)

        try store.put(key: key, value: [7], parserVersion: "parser-2")
        #expect(store.get(key: key, parserVersion: "parser-2") == [7])
    }

    @Test("values above maxEntryBytes are refused and nothing is written")
    func entryTooLarge() throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration(maxEntryBytes: 1000))
        try store.put(key: testKey(1), value: [UInt8](repeating: 1, count: 1000), parserVersion: "p")
        let error = #expect(throws: CacheError.self) {
            try store.put(key: testKey(2), value: [UInt8](repeating: 1, count: 1001), parserVersion: "p")
        }
        #expect(error?.code == .entryTooLarge)
        #expect(store.stats().entries == 1)
        #expect(!fileExists(store.path(for: testKey(2))))
    }

    @Test("reopening a store sees the previous entries")
    func reopen() throws {
        let directory = try TemporaryDirectory()
        let values = (0..<5).map { pseudoRandomBytes(count: 1000 + $0 * 10, seed: UInt64($0)) }
        let before: CacheStore.Statistics
        do {
            let store = try CacheStore(configuration: directory.configuration())
            for (number, value) in values.enumerated() {
                try store.put(key: testKey(number), value: value, parserVersion: "p")
            }
            before = store.stats()
        }
        let reopened = try CacheStore(configuration: directory.configuration())
        let after = reopened.stats()
        #expect(after.entries == 5)
        #expect(after.bytesOnDisk == before.bytesOnDisk)
        for (number, value) in values.enumerated() {
            #expect(reopened.get(key: testKey(number), parserVersion: "p") == value)
        }
    }

    @Test("files that are not entries are ignored at open and by verify")
    func foreignFiles() throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration())
        try store.put(key: testKey(1), value: [1], parserVersion: "p")
        try writeFile(directory.path + "/cache/README", [1, 2, 3])
        try writeFile(store.path(for: testKey(1)) + ".bak", [1, 2, 3])

        let reopened = try CacheStore(configuration: directory.configuration())
        #expect(reopened.stats().entries == 1)
        let report = reopened.verify()
        #expect(report.checked == 1)
        #expect(report.valid == 1)
        #expect(report.unrecognizedFiles == 1)
        #expect(fileExists(directory.path + "/cache/README"))
    }

    @Test("remove deletes the entry")
    func remove() throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration())
        try store.put(key: testKey(1), value: [1], parserVersion: "p")
        #expect(store.remove(key: testKey(1)))
        #expect(!store.remove(key: testKey(1)))
        #expect(store.get(key: testKey(1), parserVersion: "p") == nil)
        #expect(store.stats().entries == 0)
    }

    @Test("an entry deleted behind the store's back is a miss and leaves the index")
    func deletedExternally() throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration())
        try store.put(key: testKey(1), value: [1], parserVersion: "p")
        try #require(fileExists(store.path(for: testKey(1))))
        try FileManagerHelper.remove(store.path(for: testKey(1)))
        #expect(store.get(key: testKey(1), parserVersion: "p") == nil)
        #expect(store.stats().entries == 0)
        #expect(store.stats().bytesOnDisk == 0)
    }
}
