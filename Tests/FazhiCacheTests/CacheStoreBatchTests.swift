internal import FazhiCache
internal import Foundation
internal import Testing

@Suite("CacheStore batched puts")
struct CacheStoreBatchTests {
    @Test("a batch stores every entry, readable as single puts are, with no temporary files left")
    func storesAll() throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration())
        // More than two groups of open files, the last one partial.
        let count = 2 * CacheStore.openFilesPerGroup + 3
        let entries = (0..<count).map { CacheStore.Entry(key: testKey($0), value: Array("报告\($0)".utf8) + pseudoRandomBytes(count: 300, seed: UInt64($0))) }

        let results = store.put(entries, parserVersion: "p")

        #expect(results.allSatisfy { $0 == nil })
        for entry in entries {
            #expect(store.get(key: entry.key, parserVersion: "p") == entry.value)
        }
        let stats = store.stats()
        #expect(stats.entries == count)
        #expect(stats.writes == count)
        let files = try filesOnDisk(under: directory.path + "/cache")
        #expect(files.count == count)
        #expect(!files.keys.contains { $0.contains(CacheStore.temporaryFilePrefix) })
        #expect(stats.bytesOnDisk == files.values.reduce(0, +))

        // A reopened store finds them all: they were renamed into place, not only written.
        let reopened = try CacheStore(configuration: directory.configuration())
        #expect(reopened.stats().entries == count)
        #expect(reopened.get(key: entries[17].key, parserVersion: "p") == entries[17].value)
    }

    @Test("a failing entry fails alone, in its place, and leaves nothing behind")
    func failureInPlace() throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration(maxEntryBytes: 1000))
        // Entry 1 is too large; entry 3's fan-out directory is taken by a plain file; entry 4's
        // final name is a non-empty directory, so its file is written and fsynced but the rename
        // fails, and the temporary file must go.
        let blocked = testKey(3)
        try writeFile(directory.path + "/cache/" + blocked.directoryName, [0])
        let unrenamable = testKey(4)
        let squatter = store.path(for: unrenamable)
        try FileManager.default.createDirectory(atPath: squatter, withIntermediateDirectories: true)
        try writeFile(squatter + "/keep", [1])
        let entries = [
            CacheStore.Entry(key: testKey(0), value: [1, 2, 3]),
            CacheStore.Entry(key: testKey(1), value: [UInt8](repeating: 7, count: 1001)),
            CacheStore.Entry(key: testKey(2), value: [4, 5]),
            CacheStore.Entry(key: blocked, value: [6]),
            CacheStore.Entry(key: unrenamable, value: [8, 8]),
        ]

        let results = store.put(entries, parserVersion: "p")

        #expect(results[0] == nil)
        #expect(results[1]?.code == .entryTooLarge)
        #expect(results[2] == nil)
        #expect(results[3]?.code == .fileSystem)
        #expect(results[4]?.code == .fileSystem)
        #expect(store.get(key: testKey(0), parserVersion: "p") == [1, 2, 3])
        #expect(store.get(key: testKey(1), parserVersion: "p") == nil)
        #expect(store.get(key: testKey(2), parserVersion: "p") == [4, 5])
        #expect(store.get(key: blocked, parserVersion: "p") == nil)
        #expect(store.get(key: unrenamable, parserVersion: "p") == nil)
        #expect(store.stats().entries == 2)
        let files = try filesOnDisk(under: directory.path + "/cache")
        #expect(!files.keys.contains { $0.contains(CacheStore.temporaryFilePrefix) })
    }

    @Test("the same key twice in one batch keeps the later value, once")
    func duplicateKey() throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration())
        let key = testKey(9)
        let results = store.put(
            [CacheStore.Entry(key: key, value: [1]), CacheStore.Entry(key: key, value: [2, 2])],
            parserVersion: "p"
        )
        #expect(results.allSatisfy { $0 == nil })
        #expect(store.get(key: key, parserVersion: "p") == [2, 2])
        #expect(store.stats().entries == 1)
        let files = try filesOnDisk(under: directory.path + "/cache")
        #expect(files.count == 1)
        #expect(store.stats().bytesOnDisk == files.values.reduce(0, +), "the index holds the later file's size")
    }

    @Test("a batch larger than the budget is evicted down to it, least recently used first")
    func evictsToBudget() throws {
        let directory = try TemporaryDirectory()
        // Incompressible 2,000-byte values make entry files of a little over 2,000 bytes.
        let store = try CacheStore(configuration: directory.configuration(maxBytes: 7_000))
        try store.put(key: testKey(100), value: pseudoRandomBytes(count: 2000, seed: 100), parserVersion: "p")
        let entries = (0..<3).map { CacheStore.Entry(key: testKey($0), value: pseudoRandomBytes(count: 2000, seed: UInt64($0))) }

        _ = store.put(entries, parserVersion: "p")

        let stats = store.stats()
        #expect(stats.bytesOnDisk <= 7_000)
        #expect(stats.entries == 3)
        #expect(stats.evictions == 1)
        #expect(store.get(key: testKey(100), parserVersion: "p") == nil, "the oldest entry goes first")
        #expect(store.get(key: testKey(2), parserVersion: "p") == entries[2].value)
    }
}
