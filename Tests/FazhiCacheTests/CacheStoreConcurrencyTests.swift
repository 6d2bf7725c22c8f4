internal import FazhiCache
internal import Synchronization
internal import Testing

@Suite("CacheStore concurrency", .timeLimit(.minutes(2)))
struct CacheStoreConcurrencyTests {
    static let writers = 8
    static let rounds = 12

    /// Values that identify their writer and round, so that a reader can tell a whole value from a
    /// torn one. 256 KiB each and stored uncompressed, so that writing one takes long enough for a
    /// non-atomic writer to be caught in the act.
    static let values: [[UInt8]] = (0..<(writers * rounds)).map { index in
        let block = pseudoRandomBytes(count: 4096, seed: UInt64(index))
        return [UInt8(index / rounds), UInt8(index % rounds)] + Array(repeatElement(block, count: 64).joined())
    }

    static func value(writer: Int, round: Int) -> [UInt8] {
        Self.values[writer * Self.rounds + round]
    }

    static func isWhole(_ value: [UInt8]) -> Bool {
        value.count >= 2 && Int(value[0]) < Self.writers && Int(value[1]) < Self.rounds
            && value == Self.value(writer: Int(value[0]), round: Int(value[1]))
    }

    /// Runs `writers` tasks putting `rounds` values each under `key` into `writeStore`, while
    /// `readers` tasks read it from `readStore` until the writers are done, and once more after;
    /// returns how many whole and torn values the readers saw.
    static func race(
        key: CacheKey,
        writeStore: CacheStore,
        readStore: CacheStore,
        writers: Int = Self.writers,
        rounds: Int = Self.rounds,
        readers: Int = 4
    ) async throws -> (whole: Int, torn: Int) {
        let writersRunning = Counter(writers)
        return try await withThrowingTaskGroup(of: (whole: Int, torn: Int).self) { group in
            for writer in 0..<writers {
                group.addTask {
                    defer { writersRunning.value.subtract(1, ordering: .releasing) }
                    for round in 0..<rounds {
                        try writeStore.put(
                            key: key,
                            value: Self.value(writer: writer, round: round),
                            parserVersion: "p"
                        )
                    }
                    return (0, 0)
                }
            }
            for _ in 0..<readers {
                group.addTask {
                    var seen = (whole: 0, torn: 0)
                    var writersDone = false
                    // The read after the writers finish always finds the entry, so `whole` is never 0.
                    while !writersDone {
                        writersDone = writersRunning.value.load(ordering: .acquiring) == 0
                        if let value = readStore.get(key: key, parserVersion: "p") {
                            if Self.isWhole(value) {
                                seen.whole += 1
                            } else {
                                seen.torn += 1
                            }
                        }
                        await Task.yield()
                    }
                    return seen
                }
            }
            var total = (whole: 0, torn: 0)
            for try await seen in group {
                total.whole += seen.whole
                total.torn += seen.torn
            }
            return total
        }
    }

    @Test("concurrent writers and readers of one key never see a partial or corrupt value")
    func oneStore() async throws {
        let directory = try TemporaryDirectory()
        let store = try CacheStore(configuration: directory.configuration(level: .none))
        let key = testKey(1)
        let seen = try await Self.race(key: key, writeStore: store, readStore: store)

        #expect(seen.torn == 0)
        #expect(seen.whole >= 4)
        let final = try #require(store.get(key: key, parserVersion: "p"))
        #expect(Self.isWhole(final))
        let stats = store.stats()
        #expect(stats.corruptEntriesRemoved == 0)
        #expect(stats.writes == Self.writers * Self.rounds)
        #expect(stats.entries == 1)
        let files = try filesOnDisk(under: directory.path + "/cache")
        #expect(files.count == 1, "every temporary file was renamed: \(files.keys.sorted())")
        #expect(files.values.first == stats.bytesOnDisk)
    }

    @Test("a second store on the same directory (another process) never sees a partial value")
    func twoStores() async throws {
        let directory = try TemporaryDirectory()
        let writer = try CacheStore(configuration: directory.configuration(level: .none))
        let reader = try CacheStore(configuration: directory.configuration(level: .none))
        let key = testKey(2)
        let seen = try await Self.race(key: key, writeStore: writer, readStore: reader)

        #expect(seen.torn == 0)
        #expect(seen.whole >= 4)
        #expect(reader.stats().corruptEntriesRemoved == 0)
        #expect(writer.stats().corruptEntriesRemoved == 0)
        let final = try #require(reader.get(key: key, parserVersion: "p"))
        #expect(Self.isWhole(final))
        #expect(try filesOnDisk(under: directory.path + "/cache").count == 1)
    }

    @Test("concurrent puts of many keys under a tight budget keep the index and the disk in agreement")
    func evictionUnderConcurrency() async throws {
        let directory = try TemporaryDirectory()
        let entrySize = CacheEntryFormat.encode(
            value: [UInt8](repeating: 0, count: 1000),
            parserVersion: "p",
            level: .none
        )
        .count
        let budget = 8 * entrySize
        let store = try CacheStore(configuration: directory.configuration(maxBytes: budget, level: .none))
        let torn = try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    var torn = 0
                    for round in 0..<25 {
                        let number = writer * 100 + round
                        let value = pseudoRandomBytes(count: 1000, seed: UInt64(number))
                        try store.put(key: testKey(number), value: value, parserVersion: "p")
                        let earlier = writer * 100 + round / 2
                        if let read = store.get(key: testKey(earlier), parserVersion: "p"),
                            read != pseudoRandomBytes(count: 1000, seed: UInt64(earlier))
                        {
                            torn += 1
                        }
                    }
                    return torn
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(torn == 0)
        let stats = store.stats()
        #expect(stats.bytesOnDisk <= budget)
        #expect(stats.entries == 8)
        #expect(stats.evictions == 100 - 8)
        #expect(stats.corruptEntriesRemoved == 0)
        let files = try filesOnDisk(under: directory.path + "/cache")
        #expect(files.count == stats.entries)
        #expect(files.values.reduce(0, +) == stats.bytesOnDisk)
    }
}

/// An atomic counter that tasks can share (an `Atomic` itself cannot be captured, being non-copyable).
private final class Counter: Sendable {
    let value: Atomic<Int>

    init(_ initial: Int) {
        self.value = Atomic(initial)
    }
}
