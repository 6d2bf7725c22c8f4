internal import FazhiCache
internal import Foundation
internal import Testing

@Suite("CacheStore eviction and gc")
struct CacheStoreEvictionTests {
    /// Stored (level 0) entries of equal-length values all have the same file size.
    static let valueCount = 1000
    static let entrySize = CacheEntryFormat.encode(
        value: [UInt8](repeating: 0, count: valueCount),
        parserVersion: "p",
        level: .none
    ).count

    static func value(_ number: Int) -> [UInt8] {
        pseudoRandomBytes(count: valueCount, seed: UInt64(number))
    }

    @Test("eviction removes the least recently used entry; a hit makes an entry recent", arguments: [true, false])
    func leastRecentlyUsedFirst(readFirstEntry: Bool) throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration(maxBytes: 3 * Self.entrySize, level: .none))
        let (a, b, c, d) = (testKey(0), testKey(1), testKey(2), testKey(3))
        try store.put(key: a, value: Self.value(0), parserVersion: "p")
        try store.put(key: b, value: Self.value(1), parserVersion: "p")
        try store.put(key: c, value: Self.value(2), parserVersion: "p")
        #expect(store.stats().evictions == 0)
        #expect(store.stats().bytesOnDisk == 3 * Self.entrySize)

        if readFirstEntry {
            #expect(store.get(key: a, parserVersion: "p") == Self.value(0))
        }
        try store.put(key: d, value: Self.value(3), parserVersion: "p")

        let victim = readFirstEntry ? b : a
        #expect(store.stats().evictions == 1)
        #expect(store.stats().entries == 3)
        #expect(!fileExists(store.path(for: victim)))
        for (number, key) in [a, b, c, d].enumerated() where key != victim {
            #expect(store.get(key: key, parserVersion: "p") == Self.value(number))
        }
        #expect(store.get(key: victim, parserVersion: "p") == nil)
    }

    @Test("a hit refreshes an entry's modification time when it is old, so recency survives a reopen")
    func recencyAcrossReopen() throws {
        let directory = try TemporaryDirectory()
        let (a, b, c) = (testKey(0), testKey(1), testKey(2))
        let now = Date()
        do {
            let store = try CacheStore(configuration: directory.configuration(maxBytes: 2 * Self.entrySize, level: .none))
            try store.put(key: a, value: Self.value(0), parserVersion: "p")
            try store.put(key: b, value: Self.value(1), parserVersion: "p")
            // As if written two hours (a) and one hour (b) ago, then a was read now.
            try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-7200)], ofItemAtPath: store.path(for: a))
            try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-3600)], ofItemAtPath: store.path(for: b))
            #expect(store.get(key: a, parserVersion: "p") == Self.value(0))
            let touched = try #require(FileManager.default.attributesOfItem(atPath: store.path(for: a))[.modificationDate] as? Date)
            #expect(abs(touched.timeIntervalSince(now)) < 60)
        }
        // After a restart only the files' times know that a was used last: b goes first.
        let reopened = try CacheStore(configuration: directory.configuration(maxBytes: 2 * Self.entrySize, level: .none))
        try reopened.put(key: c, value: Self.value(2), parserVersion: "p")
        #expect(!fileExists(reopened.path(for: b)))
        #expect(reopened.get(key: a, parserVersion: "p") == Self.value(0))
        #expect(reopened.get(key: c, parserVersion: "p") == Self.value(2))
    }

    @Test("the budget holds after every put and the index matches the files on disk")
    func budgetHolds() throws {
        let directory = try TemporaryDirectory()
        let budget = 10 * Self.entrySize + Self.entrySize / 2
        let store = try CacheStore(configuration: directory.configuration(maxBytes: budget, level: .none))
        for round in 0..<60 {
            let number = (round * 7) % 25
            try store.put(key: testKey(number), value: Self.value(number), parserVersion: "p")
            #expect(store.stats().bytesOnDisk <= budget)
            if round % 3 == 0 {
                _ = store.get(key: testKey((round * 5) % 25), parserVersion: "p")
            }
        }
        let stats = store.stats()
        #expect(stats.entries == 10)
        #expect(stats.evictions > 0)
        let files = try filesOnDisk(under: directory.path + "/cache")
        #expect(files.count == stats.entries)
        #expect(files.values.reduce(0, +) == stats.bytesOnDisk)
    }

    @Test("gc evicts least recently used entries down to a smaller budget")
    func gcToBudget() throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration(level: .none))
        for number in 0..<5 {
            try store.put(key: testKey(number), value: Self.value(number), parserVersion: "p")
        }
        _ = store.get(key: testKey(0), parserVersion: "p")

        let report = store.gc(maxBytes: 2 * Self.entrySize)
        #expect(report.evictedEntries == 3)
        #expect(report.evictedBytes == 3 * Self.entrySize)
        #expect(store.stats().entries == 2)
        #expect(store.get(key: testKey(0), parserVersion: "p") != nil)
        #expect(store.get(key: testKey(4), parserVersion: "p") != nil)
        for number in 1...3 {
            #expect(store.get(key: testKey(number), parserVersion: "p") == nil)
        }
        // The configured budget (1 GiB) still applies to later puts.
        try store.put(key: testKey(9), value: Self.value(9), parserVersion: "p")
        #expect(store.stats().entries == 3)
    }

    @Test("gc can remove the entries another parser version wrote, and leaves damaged ones to verify")
    func gcOtherParserVersions() throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration(level: .none))
        for number in 0..<3 {
            try store.put(key: testKey(number), value: Self.value(number), parserVersion: "0.1.0")
        }
        for number in 3..<5 {
            try store.put(key: testKey(number), value: Self.value(number), parserVersion: "0.2.0")
        }
        // A damaged old entry: its header cannot be trusted, so gc does not judge it.
        let damaged = store.path(for: testKey(0))
        var bytes = try #require(FileManager.default.contents(atPath: damaged))
        bytes[bytes.count - 1] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: damaged))

        #expect(store.gc().otherVersionEntries == 0, "only when asked")
        let report = store.gc(keepingOnly: "0.2.0")
        #expect(report.otherVersionEntries == 2)
        #expect(report.otherVersionBytes == 2 * CacheEntryFormat.encode(value: Self.value(1), parserVersion: "0.1.0", level: .none).count)
        #expect(report.evictedEntries == 0)
        #expect(store.stats().entries == 3)
        #expect(fileExists(damaged))
        for number in 1..<3 { #expect(!fileExists(store.path(for: testKey(number)))) }
        for number in 3..<5 { #expect(store.get(key: testKey(number), parserVersion: "0.2.0") == Self.value(number)) }
        #expect(store.verify().corrupt.map(\.key) == [testKey(0)])
        #expect(store.stats().entries == 2)
    }

    @Test("reopening with a smaller budget evicts at open")
    func smallerBudgetAtOpen() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try CacheStore(configuration: directory.configuration(level: .none))
            for number in 0..<6 {
                try store.put(key: testKey(number), value: Self.value(number), parserVersion: "p")
            }
        }
        let store = try CacheStore(configuration: directory.configuration(maxBytes: 4 * Self.entrySize, level: .none))
        #expect(store.stats().entries == 4)
        #expect(store.stats().evictions == 2)
        #expect(try filesOnDisk(under: directory.path + "/cache").count == 4)
    }

    @Test("a temporary file left by a killed writer is never an entry, and gc removes it once stale")
    func strayTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        let key = testKey(7)
        let strayPath: String
        do {
            let store = try CacheStore(configuration: directory.configuration())
            // Make the fan-out directory exist, as it would have for the killed writer, then
            // leave half an entry under a temporary name as a writer killed mid-write would.
            try store.put(key: testKey(8), value: [1], parserVersion: "p")
            let entryPath = store.path(for: key)
            let slash = try #require(entryPath.lastIndex(of: "/"))
            let fanOut = String(entryPath[..<slash])
            try FileSystemTestHelper.makeDirectory(fanOut)
            let full = CacheEntryFormat.encode(value: Self.value(7), parserVersion: "p", level: .default)
            strayPath = fanOut + "/" + CacheStore.temporaryFilePrefix + key.fileName + "-12345-1-abcdef"
            try writeFile(strayPath, Array(full.prefix(full.count / 2)))

            #expect(store.get(key: key, parserVersion: "p") == nil)
        }

        let store = try CacheStore(configuration: directory.configuration())
        #expect(store.stats().entries == 1, "only the real entry is indexed")
        #expect(store.get(key: key, parserVersion: "p") == nil)
        let verifyReport = store.verify()
        #expect(verifyReport.temporaryFiles == 1)
        #expect(verifyReport.checked == 1)
        #expect(verifyReport.corrupt.isEmpty)

        // Young: it could belong to a live writer.
        #expect(store.gc().removedTemporaryFiles == 0)
        #expect(fileExists(strayPath))

        try FileManagerHelper.age(strayPath, bySeconds: 3600)
        let report = store.gc()
        #expect(report.removedTemporaryFiles == 1)
        #expect(report.evictedEntries == 0)
        #expect(!fileExists(strayPath))
        #expect(store.get(key: testKey(8), parserVersion: "p") == [1])
    }
}
