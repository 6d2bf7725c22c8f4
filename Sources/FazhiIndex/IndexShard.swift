internal import FazhiStorage
internal import Synchronization

/// One shard of the full-text index: a write-ahead log, immutable segments (in memory until
/// flushed, then memory-mapped files), deletions, and the document store.
///
/// `index` and `delete` return once their log records are fsynced (concurrent callers share a
/// sync). They may run concurrently with each other and with searches; a search sees one
/// consistent set of segments and deletions. See README.md for the file formats.
package final class IndexShard: Sendable {
    /// The shard's directory.
    package let directory: String
    /// The configuration it was opened with.
    package let configuration: Configuration
    private let log: DurableLog
    private let state: Mutex<State>

    private struct Location: Sendable {
        var entry: UInt64
        var doc: Int32
    }

    private struct Entry: Sendable {
        var id: UInt64
        var segment: Segment
        var deletions: DeletionSet
        /// File name once written; nil while the segment lives only in memory.
        var name: String?
    }

    private struct State: Sendable {
        var entries: [Entry] = []
        var locations: [String: Location] = [:]
        /// Seq of the last write applied per doc id since the last flush gate.
        var recentSeq: [String: UInt64] = [:]
        var nextSeq: UInt64 = 1
        var snapshotSeq: UInt64 = 0
        var nextSegment: UInt64 = 1
        var inFlight = 0
        var gateClosed = false
        var gateWaiters: [CheckedContinuation<Void, Never>] = []
        var drainWaiter: CheckedContinuation<Void, Never>?
        var maintenanceRunning = false
        var closed = false
    }

    /// Opens the shard in `directory`, creating it, or recovering it: the manifest's segments
    /// are mapped, and log records newer than them are replayed (a torn log tail is cut off).
    package init(directory: String, configuration: Configuration = .init()) throws {
        self.directory = directory
        self.configuration = configuration
        try DurableFile.createDirectory(directory)
        var state = State()
        var manifest = Manifest()
        if let bytes = try DurableFile.read(Self.manifestPath(directory)) {
            manifest = try Manifest.decode(bytes)
        }
        state.snapshotSeq = manifest.snapshotSeq
        state.nextSeq = manifest.snapshotSeq + 1
        state.nextSegment = manifest.nextSegment
        var live: Set<String> = []
        for item in manifest.entries {
            let segment = try Segment(storage: SegmentStorage(mapping: "\(directory)/\(item.name)"))
            guard segment.documentCount == item.documentCount else {
                throw IndexError(.corrupt, "segment \(item.name) has \(segment.documentCount) documents, manifest says \(item.documentCount)")
            }
            var deletions = DeletionSet(documentCount: segment.documentCount)
            for doc in item.deleted { deletions.insert(doc) }
            let id = state.nextSegment
            state.nextSegment += 1
            state.entries.append(Entry(id: id, segment: segment, deletions: deletions, name: item.name))
            live.insert(item.name)
        }
        for index in state.entries.indices {
            let entry = state.entries[index]
            for doc in 0..<entry.segment.documentCount where !entry.deletions.contains(doc) {
                let docID = entry.segment.docIDs[doc]
                if let previous = state.locations[docID] {
                    Self.markDeleted(previous, in: &state)
                }
                state.locations[docID] = Location(entry: entry.id, doc: Int32(doc))
            }
        }
        // Files not named by the manifest are leftovers of an interrupted flush or merge.
        for name in try DurableFile.list(directory) where name.hasPrefix("seg-") && !live.contains(name) {
            try DurableFile.remove("\(directory)/\(name)")
        }
        var records: [LogRecord] = []
        var decodeFailure: IndexError?
        self.log = try DurableLog(directory: "\(directory)/wal") { buffer in
            do throws(IndexError) {
                records.append(try LogRecord.decode(buffer))
            } catch {
                decodeFailure = error
            }
        }
        if let decodeFailure { throw decodeFailure }
        try Self.replay(records, into: &state, configuration: configuration)
        self.state = Mutex(state)
    }

    private static func manifestPath(_ directory: String) -> String { "\(directory)/MANIFEST" }

    private static func replay(_ records: [LogRecord], into state: inout State, configuration: Configuration) throws {
        var pending: [IndexDocument] = []
        var pendingSeqs: [UInt64] = []
        func flushPending(_ state: inout State) {
            guard !pending.isEmpty else { return }
            let segment = Self.build(pending, level: configuration.compressionLevel)
            Self.apply(segment, seqs: pendingSeqs, to: &state)
            pending.removeAll()
            pendingSeqs.removeAll()
        }
        for record in records {
            switch record {
            case .index(let seq, let document):
                state.nextSeq = max(state.nextSeq, seq + 1)
                guard seq > state.snapshotSeq else { continue }
                pending.append(document)
                pendingSeqs.append(seq)
                if pending.count >= configuration.replayBatch { flushPending(&state) }
            case .delete(let seq, let docIDs):
                state.nextSeq = max(state.nextSeq, seq + 1)
                guard seq > state.snapshotSeq else { continue }
                flushPending(&state)
                _ = Self.applyDelete(docIDs, seq: seq, to: &state)
            }
        }
        flushPending(&state)
    }

    // MARK: Writing

    /// Indexes `documents`, replacing any with the same doc id; documents whose doc id already
    /// holds the same `contentHash` are skipped and counted as unchanged (their doc ids are
    /// returned in `unchangedDocIDs`, each once). Durable on return.
    package func index(_ documents: [IndexDocument]) async throws -> (indexed: Int, unchanged: Int, unchangedDocIDs: [String]) {
        for document in documents {
            if let precompressed = document.precompressed, precompressed.textRange.count != document.text.utf8.count {
                throw IndexError(
                    .invalidArgument,
                    "the stored stream of \(document.docID) places \(precompressed.textRange.count) bytes of text, the text has \(document.text.utf8.count)"
                )
            }
        }
        // Later duplicates in one batch win.
        var lastIndex: [String: Int] = [:]
        for (index, document) in documents.enumerated() { lastIndex[document.docID] = index }
        let unique = documents.enumerated().filter { lastIndex[$0.element.docID] == $0.offset }.map(\.element)
        let changed = try self.state.withLock { state throws(IndexError) -> [IndexDocument] in
            guard !state.closed else { throw IndexError(.closed, "the shard is closed") }
            return unique.filter { document in
                guard let location = state.locations[document.docID],
                    let entry = state.entries.first(where: { $0.id == location.entry })
                else { return true }
                return entry.segment.contentHashes[Int(location.doc)] != document.contentHash
            }
        }
        let unchanged = documents.count - changed.count
        let changedIDs = Set(changed.map(\.docID))
        let unchangedDocIDs = unique.map(\.docID).filter { !changedIDs.contains($0) }
        guard !changed.isEmpty else { return (0, unchanged, unchangedDocIDs) }
        let segment = Self.build(changed, level: self.configuration.compressionLevel)
        let firstSeq = await self.enterWriter(count: changed.count)
        do {
            var records: [[UInt8]] = []
            records.reserveCapacity(changed.count)
            for (offset, document) in changed.enumerated() {
                records.append(LogRecord.index(seq: firstSeq + UInt64(offset), document).encode())
            }
            try await self.log.append(records)
        } catch {
            self.leaveWriter { _ in }
            throw error
        }
        let seqs = (0..<changed.count).map { firstSeq + UInt64($0) }
        self.leaveWriter { state in Self.apply(segment, seqs: seqs, to: &state) }
        await self.maintain()
        return (changed.count, unchanged, unchangedDocIDs)
    }

    /// Deletes the documents with these doc ids; returns how many existed. Durable on return.
    package func delete(_ docIDs: [String]) async throws -> Int {
        let existing = try self.state.withLock { state throws(IndexError) -> [String] in
            guard !state.closed else { throw IndexError(.closed, "the shard is closed") }
            return Array(Set(docIDs.filter { state.locations[$0] != nil })).sorted()
        }
        guard !existing.isEmpty else { return 0 }
        let seq = await self.enterWriter(count: 1)
        do {
            try await self.log.append([LogRecord.delete(seq: seq, existing).encode()])
        } catch {
            self.leaveWriter { _ in }
            throw error
        }
        var deleted = 0
        self.leaveWriter { state in deleted = Self.applyDelete(existing, seq: seq, to: &state) }
        await self.maintain()
        return deleted
    }

    private static func build(_ documents: [IndexDocument], level: Int) -> Segment {
        var builder = SegmentBuilder(compressionLevel: level)
        builder.reserve(for: documents)
        for document in documents { builder.add(document) }
        let storage = SegmentStorage(parts: builder.finish())
        do {
            return try Segment(storage: storage, verify: false)
        } catch {
            fatalError("Invalid state: a freshly built segment does not read back: \(error)")
        }
    }

    private static func apply(_ segment: Segment, seqs: [UInt64], to state: inout State) {
        let id = state.nextSegment
        state.nextSegment += 1
        var entry = Entry(id: id, segment: segment, deletions: DeletionSet(documentCount: segment.documentCount), name: nil)
        var replaced: [Location] = []
        for doc in 0..<segment.documentCount {
            let docID = segment.docIDs[doc]
            if let newer = state.recentSeq[docID], newer > seqs[doc] {
                entry.deletions.insert(doc)
                continue
            }
            state.recentSeq[docID] = seqs[doc]
            if let previous = state.locations[docID] { replaced.append(previous) }
            state.locations[docID] = Location(entry: id, doc: Int32(doc))
        }
        state.entries.append(entry)
        for location in replaced { Self.markDeleted(location, in: &state) }
    }

    private static func applyDelete(_ docIDs: [String], seq: UInt64, to state: inout State) -> Int {
        var count = 0
        for docID in docIDs {
            if let newer = state.recentSeq[docID], newer > seq { continue }
            state.recentSeq[docID] = seq
            if let location = state.locations.removeValue(forKey: docID) {
                Self.markDeleted(location, in: &state)
                count += 1
            }
        }
        return count
    }

    private static func markDeleted(_ location: Location, in state: inout State) {
        if let index = state.entries.firstIndex(where: { $0.id == location.entry }) {
            state.entries[index].deletions.insert(Int(location.doc))
        }
    }

    // MARK: The flush gate

    /// Waits while a flush holds the gate, then reserves `count` sequence numbers.
    private func enterWriter(count: Int) async -> UInt64 {
        while true {
            let admitted = self.state.withLock { state -> UInt64? in
                guard !state.gateClosed else { return nil }
                state.inFlight += 1
                let first = state.nextSeq
                state.nextSeq += UInt64(count)
                return first
            }
            if let admitted { return admitted }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = self.state.withLock { state -> Bool in
                    if !state.gateClosed { return true }
                    state.gateWaiters.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        }
    }

    private func leaveWriter(_ body: (inout State) -> Void) {
        let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            body(&state)
            state.inFlight -= 1
            guard state.inFlight == 0, let waiter = state.drainWaiter else { return nil }
            state.drainWaiter = nil
            return waiter
        }
        waiter?.resume()
    }

    private func closeGate() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = self.state.withLock { state -> Bool in
                state.gateClosed = true
                if state.inFlight == 0 { return true }
                state.drainWaiter = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }

    private func openGate() {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.gateClosed = false
            defer { state.gateWaiters.removeAll() }
            return state.gateWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    // MARK: Maintenance

    private enum Task {
        case flush
        case mergeMemory([UInt64])
        case mergeDisk([UInt64])
    }

    /// Runs flushes and merges that are due, one maintainer at a time. Failures leave the
    /// shard as it was (everything acknowledged is still in the log) and are retried later.
    private func maintain() async {
        let begun = self.state.withLock { state -> Bool in
            if state.maintenanceRunning || state.closed { return false }
            state.maintenanceRunning = true
            return true
        }
        guard begun else { return }
        defer { self.state.withLock { $0.maintenanceRunning = false } }
        for _ in 0..<8 {
            guard let task = self.state.withLock({ self.nextTask($0) }) else { return }
            do {
                switch task {
                case .flush:
                    try await self.flush()
                case .mergeMemory(let ids):
                    try self.persist(ids: ids, write: false, generation: nil)
                case .mergeDisk(let ids):
                    try self.persist(ids: ids, write: true, generation: nil)
                }
            } catch {
                return
            }
        }
    }

    private func nextTask(_ state: State) -> Task? {
        let memory = state.entries.filter { $0.name == nil }
        let memoryDocs = memory.reduce(0) { $0 + $1.segment.documentCount }
        let memoryBytes = memory.reduce(0) { $0 + $1.segment.storage.buffer.count }
        if memoryDocs >= self.configuration.flushDocuments || memoryBytes >= self.configuration.flushBytes {
            return .flush
        }
        if memory.count > self.configuration.maximumMemorySegments {
            // Tiered: merge the smallest ones, so that a large in-memory segment is not
            // rewritten on every merge.
            let smallest = memory.sorted { $0.segment.documentCount < $1.segment.documentCount }
            return .mergeMemory(smallest.prefix(self.configuration.maximumMemorySegments / 2 + 1).map(\.id))
        }
        let disk = state.entries.filter { $0.name != nil }
        if disk.count > self.configuration.mergeFactor {
            let smallest = disk.sorted { $0.segment.documentCount < $1.segment.documentCount }
            return .mergeDisk(smallest.prefix(self.configuration.mergeFactor).map(\.id))
        }
        return nil
    }

    /// With the gate closed (no writer between log append and apply): seals the log
    /// generation and returns it with the in-memory segments it covers.
    private func sealForFlush() throws -> (generation: UInt64, ids: [UInt64]) {
        let generation = try self.log.rotate()
        let ids = self.state.withLock { state -> [UInt64] in
            state.snapshotSeq = state.nextSeq - 1
            state.recentSeq.removeAll()
            return state.entries.filter { $0.name == nil }.map(\.id)
        }
        return (generation, ids)
    }

    /// Merges the entries `ids` into one segment (written to disk if `write`), swaps it in,
    /// and, for disk segments, rewrites the manifest; then trims the log through `generation`.
    private func persist(ids: [UInt64], write: Bool, generation: UInt64?) throws {
        let inputs = self.state.withLock { state in
            ids.compactMap { id in state.entries.first { $0.id == id } }
        }
        var name: String?
        let segment: Segment
        if !inputs.isEmpty {
            let merged = SegmentMerger.merge(inputs.map { SegmentView(segment: $0.segment, deletions: $0.deletions) })
            if write {
                let id = self.state.withLock { state -> UInt64 in
                    defer { state.nextSegment += 1 }
                    return state.nextSegment
                }
                let fileName = "seg-\(String(id, radix: 16)).fzs"
                try merged.parts.write(to: "\(self.directory)/\(fileName)")
                name = fileName
                segment = try Segment(storage: SegmentStorage(mapping: "\(self.directory)/\(fileName)"), verify: false)
            } else {
                segment = try Segment(storage: SegmentStorage(parts: merged.parts), verify: false)
            }
            self.state.withLock { state in
                let id = state.nextSegment
                state.nextSegment += 1
                var entry = Entry(id: id, segment: segment, deletions: DeletionSet(documentCount: segment.documentCount), name: name)
                for (index, input) in inputs.enumerated() {
                    for doc in 0..<input.segment.documentCount {
                        let newDoc = merged.mapping[index][doc]
                        guard newDoc >= 0 else { continue }
                        let docID = input.segment.docIDs[doc]
                        if let location = state.locations[docID], location.entry == input.id, location.doc == Int32(doc) {
                            state.locations[docID] = Location(entry: id, doc: newDoc)
                        } else {
                            entry.deletions.insert(Int(newDoc))
                        }
                    }
                }
                let removed = Set(inputs.map(\.id))
                state.entries.removeAll { removed.contains($0.id) }
                state.entries.append(entry)
            }
        }
        guard write else { return }
        let (manifest, obsolete) = self.state.withLock { state -> (Manifest, [String]) in
            var manifest = Manifest(snapshotSeq: state.snapshotSeq, nextSegment: state.nextSegment)
            for entry in state.entries {
                guard let name = entry.name else { continue }
                manifest.entries.append(
                    Manifest.Entry(name: name, documentCount: entry.segment.documentCount, deleted: entry.deletions.members)
                )
            }
            return (manifest, inputs.compactMap(\.name))
        }
        try DurableFile.write(manifest.encode(), to: Self.manifestPath(self.directory))
        if let generation { try self.log.removeGenerations(through: generation) }
        for name in obsolete { try DurableFile.remove("\(self.directory)/\(name)") }
    }

    /// Writes every in-memory segment to disk and trims the log (normally automatic).
    package func flush() async throws {
        await self.closeGate()
        let snapshot: (generation: UInt64, ids: [UInt64])
        do {
            snapshot = try self.sealForFlush()
        } catch {
            self.openGate()
            throw error
        }
        self.openGate()
        try self.persist(ids: snapshot.ids, write: true, generation: snapshot.generation)
    }

    // MARK: Reading

    private func views() throws(IndexError) -> [SegmentView] {
        try self.state.withLock { state throws(IndexError) in
            guard !state.closed else { throw IndexError(.closed, "the shard is closed") }
            return state.entries.map { SegmentView(segment: $0.segment, deletions: $0.deletions) }
        }
    }

    /// Phase 1 of a distributed search: this shard's live document count, total length, and
    /// document frequency of each scoring term of `query`. Throws what reading the segments
    /// does (a closed shard; a store entry failing its checksum when a term is checked against
    /// the text).
    package func termStatistics(_ query: Query) throws -> TermStatistics {
        try Searcher.statistics(query, views: try self.views())
    }

    /// Searches: every matching document is counted; the requested page is ranked by BM25
    /// (ties by doc id), with snippets and facet counts.
    package func search(_ query: Query, options: SearchOptions = .init()) throws -> SearchResult {
        try Searcher.search(query, options: options, views: try self.views(), scorer: self.configuration.scorer)
    }

    /// The stored blob of `docID`, or nil if there is no such document. A blob failing its
    /// checksum throws ``IndexError/Code/corrupt``.
    package func get(_ docID: String) throws -> [UInt8]? {
        try self.stored(docID, text: false)?.blob
    }

    /// The text and stored blob of `docID`, or nil if there is no such document. An entry
    /// failing its checksum throws ``IndexError/Code/corrupt``.
    package func document(_ docID: String) throws -> (text: String, blob: [UInt8])? {
        guard let stored = try self.stored(docID, text: true) else { return nil }
        return (stored.text ?? "", stored.blob ?? [])
    }

    private func stored(_ docID: String, text: Bool) throws -> (text: String?, blob: [UInt8]?)? {
        let found = try self.state.withLock { state throws(IndexError) -> (Segment, Int)? in
            guard !state.closed else { throw IndexError(.closed, "the shard is closed") }
            guard let location = state.locations[docID],
                let entry = state.entries.first(where: { $0.id == location.entry })
            else { return nil }
            return (entry.segment, Int(location.doc))
        }
        guard let (segment, doc) = found else { return nil }
        return try segment.stored(doc, text: text, blob: true)
    }

    /// Up to `limit` live doc ids after `after` (exclusive; `nil` from the start), in
    /// ascending order: a cursor for exporting every document.
    package func documentIDs(after: String?, limit: Int) throws -> [String] {
        let ids = try self.state.withLock { state throws(IndexError) -> [String] in
            guard !state.closed else { throw IndexError(.closed, "the shard is closed") }
            if let after { return state.locations.keys.filter { $0 > after } }
            return Array(state.locations.keys)
        }
        return Array(ids.sorted().prefix(max(0, limit)))
    }

    /// Sizes of the shard.
    package func statistics() -> ShardStatistics {
        let (documents, segments, indexBytes, storeBytes) = self.state.withLock { state in
            (
                state.locations.count,
                state.entries.count,
                state.entries.reduce(0) { $0 + $1.segment.indexBytes },
                state.entries.reduce(0) { $0 + $1.segment.storeBytes }
            )
        }
        return ShardStatistics(
            documents: documents,
            segments: segments,
            indexBytes: indexBytes,
            walBytes: self.log.byteCount,
            storeBytes: storeBytes
        )
    }

    /// Closes the log; later calls fail with ``IndexError/Code/closed``. Call it once writers
    /// have returned. Acknowledged documents still only in memory are recovered from the log
    /// at the next open.
    package func close() {
        let first = self.state.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        if first { self.log.close() }
    }
}
