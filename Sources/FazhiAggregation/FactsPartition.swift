internal import FazhiStorage
internal import Synchronization

/// One durable partition of the facts table: a ``FactsTable`` in memory, recovered on open from
/// the latest snapshot plus the write-ahead log.
///
/// - ``add(_:)`` returns only once the records are durable: they are appended to a
///   `DurableLog` (group commit: concurrent adds share one write and one sync) and applied in
///   memory afterwards, so queries never see data that a crash could lose.
/// - Replacement by doc id: a record with a known id and the same content hash is "unchanged"
///   (not logged); a different hash replaces the report. Every logged record carries a sequence
///   number; replay applies a record only over an older one, so the order records reach the log
///   in (group commit reorders concurrent callers) does not matter.
/// - Snapshots (`snapshot-<generation>.fzs`, written atomically with `DurableFile`) hold every
///   live report; after one is durable the log generations it covers are deleted. One is written
///   when the log exceeds both ``Configuration/snapshotLogBytes`` and the size of the last
///   snapshot, and on ``close()``, so a restart after a clean close reads one file and replays
///   nothing. Waiting for the log to reach the snapshot's size keeps the rewriting proportional
///   to what is added (a fixed threshold rewrote the whole table every 64 MiB: at 100,000
///   reports the partition wrote over 4 GB of snapshots), and a crash replays at most about a
///   snapshot's worth of log.
/// - Crash recovery: opening without a prior ``close()`` replays the log over the snapshot; a torn
///   tail (a record cut by the crash) is dropped by `DurableLog`.
///
/// Queries run under the partition's lock, on the caller's thread. The formats are in README.md.
package final class FactsPartition: Sendable {
    /// Tuning of a partition.
    package struct Configuration: Sendable, Hashable {
        /// Smallest log size (bytes) after which an add writes a snapshot and drops the covered
        /// log; a larger last snapshot raises the threshold to its own size.
        package var snapshotLogBytes: Int

        /// A configuration; see the properties.
        package init(snapshotLogBytes: Int = 64 << 20) {
            self.snapshotLogBytes = snapshotLogBytes
        }

        /// 64 MiB of log between snapshots.
        package static var defaults: Configuration { Configuration() }
    }

    /// What opening found.
    package struct Recovery: Sendable, Hashable {
        /// Reports loaded from the snapshot.
        package var snapshotReports: Int
        /// Log records replayed.
        package var logRecords: Int
        /// Bytes of torn or corrupt log tail cut off.
        package var truncatedBytes: Int
    }

    private struct State {
        var table: FactsTable
        /// Logged or being logged, not yet applied: snapshots include them (see ``snapshot()``).
        var pending: [UInt64: StoredReport] = [:]
        var nextSequence: UInt64
        var snapshotting = false
        /// Size of the latest snapshot file: the log may grow this large before the next.
        var lastSnapshotBytes = 0
        var closed = false
        var lastSnapshotError: AggregationError?
    }

    package let directory: String
    package let configuration: Configuration
    /// What opening found.
    package let recovery: Recovery
    private let log: DurableLog
    private let state: Mutex<State>

    /// Opens (creating) the partition stored in `directory`, loading the latest snapshot and
    /// replaying the log.
    ///
    /// - Throws: ``AggregationError`` with code `storage` (I/O, with the cause) or
    ///   `corruptData` (a snapshot or a sealed log generation that fails its checks).
    package init(directory: String, configuration: Configuration = .defaults) throws {
        self.directory = directory
        self.configuration = configuration
        var table = FactsTable()
        var snapshotReports = 0
        var snapshotBytes = 0
        do {
            try DurableFile.createDirectory(directory)
            let snapshots = try DurableFile.list(directory).compactMap(PartitionSnapshot.generation(ofFileName:)).sorted()
            if let latest = snapshots.last {
                let path = PartitionSnapshot.path(directory, latest)
                guard let bytes = try DurableFile.read(path) else {
                    throw AggregationError(.storage, "snapshot \(path) vanished while opening")
                }
                snapshotBytes = bytes.count
                for report in try PartitionSnapshot.decode(bytes, path: path) {
                    table.upsert(report)
                    snapshotReports += 1
                }
            }
            let log = try DurableLog(directory: directory + "/log") { buffer in
                table.upsert(try StoredReport(decoding: Array(buffer), context: "log record in \(directory)/log"))
            }
            self.log = log
            self.recovery = Recovery(
                snapshotReports: snapshotReports,
                logRecords: log.recovered.records,
                truncatedBytes: log.recovered.truncatedBytes
            )
        } catch let error as AggregationError {
            throw error
        } catch {
            throw Self.storageError("cannot open the partition in \(directory)", error)
        }
        self.state = Mutex(State(table: table, nextSequence: table.lastSequence + 1, lastSnapshotBytes: snapshotBytes))
    }

    /// Adds or replaces reports; returns once they are durable.
    ///
    /// - Returns: `added` (logged: new or changed) and `unchanged` (same id and content hash as
    ///   what is stored, or as an earlier record of the same batch), with the unchanged doc ids.
    /// - Throws: ``AggregationError`` `storage` when the log write or sync failed (nothing of
    ///   the batch is then visible; retrying is safe), `closed` after ``close()``.
    package func add(_ records: [ReportRecord]) async throws -> (added: Int, unchanged: Int, unchangedDocIDs: [String]) {
        // Fingerprints are CPU work: done before taking the lock.
        let signatures = records.map { $0.isAnnualReport ? TextFingerprint.signature(of: $0.text) : [] }
        let (batch, unchangedDocIDs) = try self.state.withLock { state throws(AggregationError) -> ([StoredReport], [String]) in
            guard !state.closed else { throw AggregationError(.closed, "the partition in \(self.directory) is closed") }
            var batch: [StoredReport] = []
            var hashes: [String: String] = [:]
            var unchanged: [String] = []
            for (record, signature) in zip(records, signatures) {
                let current = hashes[record.docID] ?? state.table.current(record.docID)?.contentHash
                if current == record.contentHash {
                    unchanged.append(record.docID)
                    continue
                }
                let stored = StoredReport(record: record, sequence: state.nextSequence, signature: signature)
                state.nextSequence += 1
                state.pending[stored.sequence] = stored
                hashes[record.docID] = record.contentHash
                batch.append(stored)
            }
            return (batch, unchanged)
        }
        let unchanged = unchangedDocIDs.count
        guard !batch.isEmpty else { return (0, unchanged, unchangedDocIDs) }
        do {
            try await self.log.append(batch.map { $0.encoded() })
        } catch {
            self.state.withLock { state in
                for stored in batch { state.pending[stored.sequence] = nil }
            }
            throw Self.storageError("cannot log \(batch.count) reports in \(self.directory)", error)
        }
        let snapshotDue = self.state.withLock { state in
            for stored in batch {
                state.table.upsert(stored)
                state.pending[stored.sequence] = nil
            }
            return !state.snapshotting && !state.closed
                && self.log.byteCount >= max(self.configuration.snapshotLogBytes, state.lastSnapshotBytes)
        }
        if snapshotDue {
            // The batch is already durable in the log; a failed snapshot only delays compaction.
            do {
                try self.snapshot()
            } catch {
                self.state.withLock { $0.lastSnapshotError = error as? AggregationError }
            }
        }
        return (batch.count, unchanged, unchangedDocIDs)
    }

    /// Writes a snapshot of everything added so far, then drops the log it covers.
    ///
    /// The log is rotated and the table copied (copy-on-write) under the lock; records logged
    /// but not yet applied (``State/pending``) are included, so nothing in the sealed generations
    /// is lost when they are deleted. Encoding and writing happen outside the lock. A no-op while
    /// another snapshot is being written.
    package func snapshot() throws {
        let prepared = try self.state.withLock { state throws(AggregationError) -> (UInt64, FactsTable, [StoredReport])? in
            guard !state.snapshotting else { return nil }
            let generation: UInt64
            do {
                generation = try self.log.rotate()
            } catch {
                throw Self.storageError("cannot rotate the log in \(self.directory)", error)
            }
            state.snapshotting = true
            return (generation, state.table, Array(state.pending.values))
        }
        guard let (generation, table, pending) = prepared else { return }
        defer { self.state.withLock { $0.snapshotting = false } }
        let path = PartitionSnapshot.path(self.directory, generation)
        let size: Int
        do {
            size = try PartitionSnapshot.write(table.storedReports() + pending, generation: generation, to: path)
            try self.log.removeGenerations(through: generation)
            for name in try DurableFile.list(self.directory) {
                if let old = PartitionSnapshot.generation(ofFileName: name), old < generation {
                    try DurableFile.remove(self.directory + "/" + name)
                }
            }
        } catch {
            throw Self.storageError("cannot write snapshot \(path)", error)
        }
        self.state.withLock { state in
            state.lastSnapshotError = nil
            state.lastSnapshotBytes = size
        }
    }

    /// The last automatic snapshot's failure, if it failed (cleared by a successful one).
    package var lastSnapshotError: AggregationError? { self.state.withLock { $0.lastSnapshotError } }

    /// Stops accepting adds, writes a final snapshot (so reopening replays nothing) and closes
    /// the log. Queries keep working on what is in memory. Idempotent.
    package func close() {
        let first = self.state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        if self.log.byteCount > 0 {
            do {
                try self.snapshot()
            } catch {
                // The log still holds everything; the next open replays it.
                self.state.withLock { $0.lastSnapshotError = error as? AggregationError }
            }
        }
        self.log.close()
    }

    // MARK: Queries

    /// Live reports.
    package var reportCount: Int { self.state.withLock { $0.table.reportCount } }
    /// Live facts (rows that are aggregated).
    package var factCount: Int { self.state.withLock { $0.table.factCount } }

    /// Grouped statistics; see ``FactsTable/aggregate(_:)``.
    package func aggregate(_ query: AggregateQuery) throws -> [AggregateGroupResult] {
        try self.state.withLock { state throws(AggregationError) in try state.table.aggregate(query) }
    }

    /// Compliance counts; see ``FactsTable/compliance(_:)``.
    package func compliance(_ query: ComplianceQuery) throws -> [ComplianceRowResult] {
        try self.state.withLock { state throws(AggregationError) in try state.table.compliance(query) }
    }

    /// The similarity profile of a report held here; `nil` when this partition does not hold it.
    package func similarityProfile(_ docID: String) -> SimilarityProfile? {
        self.state.withLock { $0.table.similarityProfile(docID) }
    }

    /// This partition's part of a similarity answer; see ``FactsTable/similarity(for:limit:)``.
    package func similarity(for profile: SimilarityProfile, limit: Int) -> SimilarityPartial {
        self.state.withLock { $0.table.similarity(for: profile, limit: limit) }
    }

    /// Year-on-year changes of an organization's indicators over the reports held here. For an
    /// organization spread over partitions, merge ``series(organization:indicator:)`` instead
    /// (``AggregateMerge/changes(from:)``).
    package func change(organization: String, indicator: String?) -> [YearOnYearChange] {
        self.state.withLock { $0.table.change(organization: organization, indicator: indicator) }
    }

    /// An organization's yearly indicator values held here.
    package func series(organization: String, indicator: String?) -> [IndicatorYearValue] {
        self.state.withLock { $0.table.series(organization: organization, indicator: indicator) }
    }

    private static func storageError(_ message: String, _ error: any Error) -> AggregationError {
        if let error = error as? AggregationError { return error }
        return AggregationError(.storage, message, cause: error as? StorageError ?? AggregationError(.storage, "\(error)"))
    }
}
