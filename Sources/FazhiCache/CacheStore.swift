internal import Synchronization

/// A content-addressed, zlib-compressed, size-bounded cache of byte values on local disk.
///
/// Entries live in git-like fan-out directories: the key `abcdef…` is the file `root/ab/cdef…`,
/// laid out as described in ``CacheEntryFormat``.
///
/// - ``put(key:value:parserVersion:)`` is atomic: the entry is written to a uniquely named
///   temporary file in the same directory, fsynced, then renamed over the final name. Readers
///   therefore see the old entry or the new one, never a mix, also after a crash or power loss,
///   and concurrent writers of one key are safe (the last rename wins). The rename itself is not
///   waited for (no directory fsync): a power cut may forget the newest entries, which are then
///   simply recomputed — a cache acknowledges nothing to anyone, and the directory fsync was a
///   third of a put's cost.
/// - ``get(key:parserVersion:)`` verifies every byte before returning a value. A damaged entry or
///   one from another parser version is a miss: it is removed and counted, and the caller
///   recomputes. Reads never throw.
/// - After every put (after the whole batch, for ``put(_:parserVersion:)``), least-recently-used
///   entries are evicted until the entry files fit in ``Configuration/maxBytes``.
///
/// All methods block on file I/O; call them from a thread pool, not an event loop. The store is
/// safe to use from any number of threads. Index updates and every rename or removal of a final
/// entry name happen together under one lock, so within a process the index and the directory
/// agree; compression, reads, decompression and fsyncs happen outside it.
///
/// Limits of the approach:
/// - Recency is tracked in memory. It survives a restart only as file modification times, touched
///   on a hit when more than a minute old, so after a reopen entries used within about a minute of
///   each other may be evicted in either order.
/// - The index is built by one directory scan at open: one `stat` per entry, and memory
///   proportional to the entry count. Entries are not verified at open; they are on first read or
///   by ``verify()``.
/// - Several processes may share a directory safely (writes are atomic, damaged files are only
///   removed if unchanged), but each keeps its own index, so the budget holds per process only and
///   a process does not see another's new entries in ``stats()`` until it reads them or reopens.
/// - ``Statistics/bytesOnDisk`` counts entry file sizes, not allocated blocks, directories or
///   temporary files.
package final class CacheStore: Sendable {
    private struct State {
        var index = LRUIndex()
        var hits = 0
        var misses = 0
        var writes = 0
        var corruptEntriesRemoved = 0
        var staleEntriesRemoved = 0
        var evictions = 0
    }

    /// Prefix of temporary file names. Keys are hexadecimal, so no entry name can start with it.
    package static let temporaryFilePrefix = ".tmp-"

    /// The configuration the store was opened with.
    package let configuration: Configuration

    private let root: String
    private let maxFileByteCount: Int
    private let state: Mutex<State>
    private let temporaryFileCounter = Atomic<UInt64>(0)
    /// A hit refreshes its file's modification time only when it is older than this (one minute).
    static let touchGranularityNanoseconds: Int64 = 60_000_000_000

    /// Opens the cache in `configuration.directory`, creating the directory if needed.
    ///
    /// Scans the fan-out directories to rebuild the index (ordered by modification time), then
    /// evicts down to ``Configuration/maxBytes`` in case the budget shrank since the last run.
    ///
    /// - Throws: ``CacheError`` with code ``CacheError/Code/fileSystem`` if the directory cannot be created.
    package init(configuration: Configuration) throws(CacheError) {
        precondition(!configuration.directory.isEmpty, "the cache directory must not be empty")
        precondition(configuration.maxBytes >= 0, "maxBytes must not be negative")
        precondition(configuration.maxEntryBytes >= 0, "maxEntryBytes must not be negative")
        self.configuration = configuration
        var root = configuration.directory
        while root.count > 1 && root.hasSuffix("/") {
            root.removeLast()
        }
        self.root = root
        self.maxFileByteCount = CacheEntryFormat.maxFileByteCount(maxEntryBytes: configuration.maxEntryBytes)

        try FileSystem.makeDirectories(at: root)
        var index = LRUIndex()
        for entry in Self.scanEntries(root: root).sorted(by: { ($0.modified, $0.key.hex) < ($1.modified, $1.key.hex) })
        {
            index.upsert(entry.key, size: entry.size)
        }
        self.state = Mutex(State(index: index))
        self.state.withLock { state in
            _ = self.evict(&state, toBudget: configuration.maxBytes)
        }
    }

    // MARK: Reading and writing

    /// Returns the value stored under `key` by `parserVersion`, or `nil` on a miss.
    ///
    /// A miss is a missing entry, a damaged one (removed, counted in
    /// ``Statistics/corruptEntriesRemoved``) or one written by another parser version (removed,
    /// counted in ``Statistics/staleEntriesRemoved``). A file that cannot be read for another
    /// reason (such as an I/O error) is a miss and left in place. Never throws and never returns
    /// bytes that failed a check. A hit makes the entry the most recently used.
    ///
    /// - Parameters:
    ///   - key: The entry's key.
    ///   - parserVersion: The parser version the caller can use.
    package func get(key: CacheKey, parserVersion: String) -> [UInt8]? {
        self.lookup(key: key, parserVersion: parserVersion)?.value
    }

    /// Like ``get(key:parserVersion:)``, also returning the entry's zlib body as stored: the
    /// value compressed, for a caller that hands it on (it has been checked like the value).
    package func getWithCompressed(key: CacheKey, parserVersion: String) -> (value: [UInt8], compressed: [UInt8])? {
        guard let (value, file) = self.lookup(key: key, parserVersion: parserVersion) else { return nil }
        return (value, Array(file[CacheEntryFormat.bodyStart(ofVerified: file)...]))
    }

    /// A verified hit's value and whole file.
    private func lookup(key: CacheKey, parserVersion: String) -> (value: [UInt8], file: [UInt8])? {
        let path = self.path(for: key)
        switch FileSystem.readFile(at: path, maxCount: self.maxFileByteCount) {
        case .missing:
            self.state.withLock { state in
                state.misses += 1
                // Someone removed the file behind our back; stop counting it against the budget.
                if state.index.contains(key) && FileSystem.status(at: path) == nil {
                    state.index.remove(key)
                }
            }
            return nil

        case .failed:
            self.state.withLock { $0.misses += 1 }
            return nil

        case .tooLarge(let identity):
            self.removeUnusable(key: key, path: path, identity: identity, isStale: false)
            return nil

        case .contents(let bytes, let status):
            let identity = status.identity
            let outcome = CacheEntryFormat.decode(
                bytes,
                expectedParserVersion: parserVersion,
                maxEntryBytes: self.configuration.maxEntryBytes
            )
            switch outcome {
            case .value(let value):
                self.state.withLock { state in
                    state.hits += 1
                    // Not indexed: written by another process sharing the directory, or evicted
                    // while we read it. Index it only if the file we read is still there.
                    if !state.index.touch(key) && FileSystem.identity(at: path) == identity {
                        state.index.upsert(key, size: bytes.count)
                    }
                }
                // Best effort: carries recency across restarts; a failure only costs eviction accuracy.
                // Within a minute of the last touch the order after a restart hardly changes, and
                // the metadata write was a third of a hit's time.
                if FileSystem.now() - status.modificationTime > Self.touchGranularityNanoseconds {
                    FileSystem.touch(path)
                }
                return (value, bytes)
            case .staleParserVersion:
                self.removeUnusable(key: key, path: path, identity: identity, isStale: true)
                return nil
            case .corrupt:
                self.removeUnusable(key: key, path: path, identity: identity, isStale: false)
                return nil
            }
        }
    }

    /// Stores `value` under `key`, atomically, then evicts down to the byte budget.
    ///
    /// After a crash or power loss the key holds the old entry or the new one, whole (or none, if
    /// the rename was not yet on disk). Replaces any entry with the same key. If the new entry alone exceeds ``Configuration/maxBytes`` it is evicted at once, like
    /// any other least-recently-used entry.
    ///
    /// - Parameters:
    ///   - key: The entry's key.
    ///   - value: The bytes to store; at most ``Configuration/maxEntryBytes``.
    ///   - parserVersion: The version of the parser that produced `value`; at most
    ///     ``CacheEntryFormat/maxParserVersionByteCount`` UTF-8 bytes.
    /// - Throws: ``CacheError`` with code ``CacheError/Code/entryTooLarge`` (nothing written) or
    ///   ``CacheError/Code/fileSystem``. After a file-system error the key holds the old entry or
    ///   the new one, never a partial file. Callers usually log
    ///   and carry on, since a cache that cannot write is only slower.
    package func put(key: CacheKey, value: [UInt8], parserVersion: String) throws(CacheError) {
        let (file, temporaryPath) = try self.prepare(key: key, value: value, parserVersion: parserVersion)
        do throws(CacheError) {
            try FileSystem.writeNewFileSynchronously(at: temporaryPath, bytes: file)
        } catch {
            FileSystem.removeFile(at: temporaryPath)
            throw error
        }
        try self.state.withLock { (state) throws(CacheError) in
            try self.publish(key: key, from: temporaryPath, size: file.count, &state)
            _ = self.evict(&state, toBudget: self.configuration.maxBytes)
        }
    }

    /// One value for ``put(_:parserVersion:)``.
    package struct Entry: Sendable {
        /// The entry's key.
        package var key: CacheKey
        /// The bytes to store; at most ``Configuration/maxEntryBytes``.
        package var value: [UInt8]
        /// `value` already compressed (one zlib stream, as `Zlib.compress` writes it), when the
        /// caller compressed it for its own use; `nil` to compress it when stored.
        package var compressed: [UInt8]?

        /// Creates an entry.
        package init(key: CacheKey, value: [UInt8], compressed: [UInt8]? = nil) {
            self.key = key
            self.value = value
            self.compressed = compressed
        }
    }

    /// Stores several entries, each as ``put(key:value:parserVersion:)`` does, but with their
    /// disk writes overlapped: every temporary file is written and its writeback started, then
    /// each is fsynced and renamed, at most ``openFilesPerGroup`` files at a time. Each entry is
    /// still whole or absent after a crash; the batch as a whole is not atomic. Costs a third of
    /// the CPU of separate puts on this project's VM (see ``FileSystem/startWriteback(_:)``).
    ///
    /// - Returns: For each entry in order, `nil` when it was stored, or why it was not (as
    ///   ``put(key:value:parserVersion:)`` would have thrown). One failure does not stop the others.
    @discardableResult
    package func put(_ entries: [Entry], parserVersion: String) -> [CacheError?] {
        var results = [CacheError?](repeating: nil, count: entries.count)
        for start in stride(from: 0, to: entries.count, by: Self.openFilesPerGroup) {
            let group = start..<min(start + Self.openFilesPerGroup, entries.count)
            self.put(entries, group, parserVersion: parserVersion, into: &results)
        }
        self.state.withLock { state in
            _ = self.evict(&state, toBudget: self.configuration.maxBytes)
        }
        return results
    }

    /// The most files a batched put holds open at once: larger batches go in groups of this size,
    /// so concurrent batches cannot run the process out of file descriptors.
    package static let openFilesPerGroup = 64

    /// One group of a batched put: write and start writeback of each, then fsync and rename each.
    private func put(_ entries: [Entry], _ group: Range<Int>, parserVersion: String, into results: inout [CacheError?]) {
        var written: [(index: Int, fd: Int32, temporaryPath: String, size: Int)] = []
        written.reserveCapacity(group.count)
        for index in group {
            do throws(CacheError) {
                let (file, temporaryPath) = try self.prepare(
                    key: entries[index].key,
                    value: entries[index].value,
                    compressed: entries[index].compressed,
                    parserVersion: parserVersion
                )
                let fd: Int32
                do throws(CacheError) {
                    fd = try FileSystem.createFile(at: temporaryPath, bytes: file)
                } catch {
                    FileSystem.removeFile(at: temporaryPath)
                    throw error
                }
                FileSystem.startWriteback(fd)
                written.append((index, fd, temporaryPath, file.count))
            } catch {
                results[index] = error
            }
        }
        var durable: [(index: Int, temporaryPath: String, size: Int)] = []
        durable.reserveCapacity(written.count)
        for file in written {
            do throws(CacheError) {
                try FileSystem.finishDurably(file.fd, path: file.temporaryPath)
                durable.append((file.index, file.temporaryPath, file.size))
            } catch {
                FileSystem.removeFile(at: file.temporaryPath)
                results[file.index] = error
            }
        }
        self.state.withLock { state in
            for file in durable {
                do throws(CacheError) {
                    try self.publish(key: entries[file.index].key, from: file.temporaryPath, size: file.size, &state)
                } catch {
                    results[file.index] = error
                }
            }
        }
    }

    /// Checks `value`'s size, encodes the entry file and makes its fan-out directory; returns the
    /// file's bytes and a fresh temporary path beside its final name.
    private func prepare(key: CacheKey, value: [UInt8], compressed: [UInt8]? = nil, parserVersion: String) throws(CacheError) -> ([UInt8], String) {
        guard value.count <= self.configuration.maxEntryBytes else {
            throw CacheError(
                code: .entryTooLarge,
                message: "value of \(value.count) bytes exceeds maxEntryBytes \(self.configuration.maxEntryBytes)"
            )
        }
        let file = CacheEntryFormat.encode(
            value: value,
            compressed: compressed,
            parserVersion: parserVersion,
            level: self.configuration.compressionLevel
        )
        let directory = self.root + "/" + key.directoryName
        _ = try FileSystem.makeDirectory(at: directory)
        return (file, directory + "/" + self.temporaryFileName(for: key))
    }

    /// Renames a durable temporary file over `key`'s entry and records it; called under the lock.
    /// On failure the temporary file is removed.
    private func publish(key: CacheKey, from temporaryPath: String, size: Int, _ state: inout State) throws(CacheError) {
        do throws(CacheError) {
            try FileSystem.renameReplacing(from: temporaryPath, to: self.path(for: key))
        } catch {
            FileSystem.removeFile(at: temporaryPath)
            throw error
        }
        state.writes += 1
        state.index.upsert(key, size: size)
    }

    /// Removes the entry under `key`, if any; returns whether there was one.
    @discardableResult
    package func remove(key: CacheKey) -> Bool {
        let path = self.path(for: key)
        return self.state.withLock { state in
            state.index.remove(key)
            return FileSystem.removeFile(at: path)
        }
    }

    // MARK: Maintenance

    /// The current entry count, size and counters.
    package func stats() -> Statistics {
        self.state.withLock { state in
            Statistics(
                entries: state.index.count,
                bytesOnDisk: state.index.totalBytes,
                hits: state.hits,
                misses: state.misses,
                writes: state.writes,
                corruptEntriesRemoved: state.corruptEntriesRemoved,
                staleEntriesRemoved: state.staleEntriesRemoved,
                evictions: state.evictions
            )
        }
    }

    /// Reads and fully checks every entry file on disk, removing the damaged ones.
    ///
    /// Checks structure, both CRCs and bounded inflation, as a get does, but accepts any parser
    /// version. Reads every byte of the cache, so it takes as long as reading the whole directory.
    /// Safe to run while other threads use the store.
    package func verify() -> VerifyReport {
        var report = VerifyReport()
        for directoryName in FileSystem.contentsOfDirectory(at: self.root) where Self.isFanOutName(directoryName) {
            let directory = self.root + "/" + directoryName
            for name in FileSystem.contentsOfDirectory(at: directory) {
                if name.hasPrefix(Self.temporaryFilePrefix) {
                    report.temporaryFiles += 1
                    continue
                }
                guard let key = Self.key(directoryName: directoryName, fileName: name) else {
                    report.unrecognizedFiles += 1
                    continue
                }
                let path = directory + "/" + name
                switch FileSystem.readFile(at: path, maxCount: self.maxFileByteCount) {
                case .missing, .failed:
                    // Removed meanwhile (an eviction), or unreadable: nothing to judge.
                    continue
                case .tooLarge(let identity):
                    report.checked += 1
                    if self.removeUnusable(key: key, path: path, identity: identity, isStale: false, countMiss: false) {
                        report.corrupt.append(.init(key: key, reason: "file larger than any valid entry"))
                    }
                case .contents(let bytes, let status):
                    let identity = status.identity
                    report.checked += 1
                    let outcome = CacheEntryFormat.decode(
                        bytes,
                        expectedParserVersion: nil,
                        maxEntryBytes: self.configuration.maxEntryBytes
                    )
                    switch outcome {
                    case .value, .staleParserVersion:
                        report.valid += 1
                    case .corrupt(let reason):
                        if self.removeUnusable(
                            key: key,
                            path: path,
                            identity: identity,
                            isStale: false,
                            countMiss: false
                        ) {
                            report.corrupt.append(.init(key: key, reason: reason))
                        }
                    }
                }
            }
        }
        return report
    }

    /// Evicts least-recently-used entries down to `maxBytes`, and removes stray temporary files.
    ///
    /// Temporary files older than ``Configuration/strayTemporaryFileAge`` are removed: a writer
    /// that was killed between creating one and renaming it leaves it behind. Younger ones may
    /// belong to a live writer and are kept.
    ///
    /// - Parameters:
    ///   - maxBytes: The budget for this collection only; `nil` (the default) uses
    ///     ``Configuration/maxBytes``. The configured budget for later puts is unchanged.
    ///   - parserVersion: When given, first removes every entry another parser version wrote:
    ///     after an upgrade they can never be read again (the version is part of each key), yet
    ///     count against the budget until evicted. Entries that fail their checks are left to
    ///     ``verify()``, which names them.
    @discardableResult
    package func gc(maxBytes: Int? = nil, keepingOnly parserVersion: String? = nil) -> GCReport {
        var report = GCReport()
        if let parserVersion {
            (report.otherVersionEntries, report.otherVersionBytes) = self.removeEntries(notWrittenBy: parserVersion)
        }
        let budget = maxBytes ?? self.configuration.maxBytes
        (report.evictedEntries, report.evictedBytes) = self.state.withLock { state in
            self.evict(&state, toBudget: budget)
        }

        let age = self.configuration.strayTemporaryFileAge.components
        let ageNanoseconds = age.seconds * 1_000_000_000 + age.attoseconds / 1_000_000_000
        let cutoff = FileSystem.now() - ageNanoseconds
        for directoryName in FileSystem.contentsOfDirectory(at: self.root) where Self.isFanOutName(directoryName) {
            let directory = self.root + "/" + directoryName
            for name in FileSystem.contentsOfDirectory(at: directory) where name.hasPrefix(Self.temporaryFilePrefix) {
                let path = directory + "/" + name
                guard let status = FileSystem.status(at: path), status.isRegularFile,
                    status.modificationTime <= cutoff
                else {
                    continue
                }
                if FileSystem.removeFile(at: path) {
                    report.removedTemporaryFiles += 1
                }
            }
        }
        return report
    }

    /// Removes the entries whose header names a parser version other than `parserVersion`;
    /// returns how many, and their bytes.
    private func removeEntries(notWrittenBy parserVersion: String) -> (entries: Int, bytes: Int) {
        var removed = (entries: 0, bytes: 0)
        for directoryName in FileSystem.contentsOfDirectory(at: self.root) where Self.isFanOutName(directoryName) {
            let directory = self.root + "/" + directoryName
            for name in FileSystem.contentsOfDirectory(at: directory) {
                guard let key = Self.key(directoryName: directoryName, fileName: name) else { continue }
                let path = directory + "/" + name
                guard case .contents(let bytes, let status) = FileSystem.readFile(at: path, maxCount: self.maxFileByteCount),
                    case .success(let header) = CacheEntryFormat.header(of: bytes, maxEntryBytes: self.configuration.maxEntryBytes),
                    header.parserVersion != parserVersion,
                    self.removeUnusable(key: key, path: path, identity: status.identity, isStale: true, countMiss: false)
                else { continue }
                removed.entries += 1
                removed.bytes += bytes.count
            }
        }
        return removed
    }

    // MARK: Helpers

    /// The path of the entry file for `key`: `root/ab/cdef…`.
    package func path(for key: CacheKey) -> String {
        self.root + "/" + key.directoryName + "/" + key.fileName
    }

    /// Evicts least-recently-used entries until the index fits `budget`; returns count and bytes.
    private func evict(_ state: inout State, toBudget budget: Int) -> (count: Int, bytes: Int) {
        var count = 0
        var bytes = 0
        while state.index.totalBytes > budget, let victim = state.index.removeLeastRecentlyUsed() {
            // Unlinking under the lock keeps a concurrent put of the same key from being deleted
            // after its rename. A reader holding the file open still reads it whole.
            FileSystem.removeFile(at: self.path(for: victim.key))
            count += 1
            bytes += victim.size
        }
        state.evictions += count
        return (count, bytes)
    }

    /// Counts a miss and removes an unusable entry file, if `path` still names the file that was read.
    ///
    /// Returns whether this call removed it. If a writer has renamed a new file over the path since
    /// it was read, the new file is left alone.
    @discardableResult
    private func removeUnusable(
        key: CacheKey,
        path: String,
        identity: FileIdentity,
        isStale: Bool,
        countMiss: Bool = true
    ) -> Bool {
        self.state.withLock { state in
            if countMiss {
                state.misses += 1
            }
            guard FileSystem.identity(at: path) == identity, FileSystem.removeFile(at: path) else {
                return false
            }
            state.index.remove(key)
            if isStale {
                state.staleEntriesRemoved += 1
            } else {
                state.corruptEntriesRemoved += 1
            }
            return true
        }
    }

    /// A name no other writer, in this process or another, can pick at the same time.
    private func temporaryFileName(for key: CacheKey) -> String {
        let sequence = self.temporaryFileCounter.add(1, ordering: .relaxed).newValue
        let random = UInt64.random(in: .min ... .max)
        return Self.temporaryFilePrefix + key.fileName + "-\(FileSystem.processIdentifier())-\(sequence)-"
            + String(random, radix: 16)
    }

    private static func isFanOutName(_ name: String) -> Bool {
        name.utf8.count == 2 && CacheKey(hex: name + "00") != nil && name == name.lowercased()
    }

    private static func key(directoryName: String, fileName: String) -> CacheKey? {
        // Only names the store itself would write: lowercase, so one key never has two files.
        guard fileName == fileName.lowercased() else { return nil }
        return CacheKey(hex: directoryName + fileName)
    }

    private static func scanEntries(root: String) -> [(key: CacheKey, size: Int, modified: Int64)] {
        var entries: [(key: CacheKey, size: Int, modified: Int64)] = []
        for directoryName in FileSystem.contentsOfDirectory(at: root) where Self.isFanOutName(directoryName) {
            let directory = root + "/" + directoryName
            for name in FileSystem.contentsOfDirectory(at: directory) {
                guard let key = Self.key(directoryName: directoryName, fileName: name),
                    let status = FileSystem.status(at: directory + "/" + name), status.isRegularFile
                else {
                    continue
                }
                entries.append((key, status.size, status.modificationTime))
            }
        }
        return entries
    }
}
