internal import Dispatch
internal import Synchronization

/// An append-only log of checksummed records, split into numbered generations, that is
/// durable before an append returns.
///
/// Each generation is a file `wal-<16 hex digits>.log` in the log's directory holding records
/// `[length: UInt32 LE][crc32: UInt32 LE][payload]`. Appends from any number of callers are
/// queued and written by one dedicated dispatch queue, which writes everything queued and
/// then issues one `fdatasync` for the lot (group commit): under load many appends share a
/// sync, and the cooperative thread pool never blocks on the disk.
///
/// Recovery: opening replays every intact record in order. Only the last generation can have
/// been cut by a crash; a record there that is incomplete or fails its checksum ends the log,
/// and the file is truncated to the last good record. Damage in an earlier generation (which
/// was synced before the next one began) is real corruption and fails the open.
///
/// Owners (an index shard, a facts partition) write a snapshot or segment covering everything
/// logged so far, then call ``rotate()`` and, once the snapshot is durable,
/// ``removeGenerations(through:)``.
package final class DurableLog: Sendable {
    /// What opening the log found.
    package struct Recovery: Sendable, Equatable {
        /// Intact records replayed.
        package var records: Int
        /// Bytes of torn or corrupt tail that were cut off.
        package var truncatedBytes: Int
        /// Generations read.
        package var generations: Int
    }

    /// Largest record accepted (a length beyond it in a file is treated as damage).
    package static let maxRecordBytes = 1 << 30

    package let directory: String
    package let recovered: Recovery

    private let queue: DispatchQueue
    private let state: Mutex<State>
    /// The open generation; touched only on `queue`.
    private let writer: Writer

    private struct State {
        var pending: [UInt8] = []
        var waiters: [Waiter] = []
        var draining = false
        var closed = false
        var byteCount = 0
    }

    private enum Waiter {
        case async(CheckedContinuation<Void, any Error>)
        case blocking(BlockingResult)
    }

    /// Opens (creating) the log in `directory` and calls `replay` with every intact record, in
    /// order, before returning. The buffer is valid only during the call.
    package init(directory: String, replay: (UnsafeRawBufferPointer) throws -> Void) throws {
        try DurableFile.createDirectory(directory)
        let generations = try Self.generations(in: directory)
        var recovery = Recovery(records: 0, truncatedBytes: 0, generations: generations.count)
        var total = 0
        for (position, generation) in generations.enumerated() {
            let path = Self.path(directory, generation)
            let bytes = try DurableFile.read(path) ?? []
            let isLast = position == generations.count - 1
            let good = try bytes.withUnsafeBytes { buffer in
                try Self.scan(buffer, replay: replay, count: &recovery.records)
            }
            if good < bytes.count {
                guard isLast else {
                    throw StorageError(.corrupt, path: path, message: "damaged record at byte \(good) in a sealed log generation")
                }
                let file = try AppendFile(path: path)
                try file.truncate(to: good)
                try file.synchronize()
                file.close()
                recovery.truncatedBytes = bytes.count - good
            }
            total += good
        }
        let current = generations.last ?? 1
        let file = try AppendFile(path: Self.path(directory, current))
        if generations.isEmpty { try DurableFile.fsyncDirectory(directory) }
        self.directory = directory
        self.recovered = recovery
        self.queue = DispatchQueue(label: "fazhi.storage.log")
        self.writer = Writer(file: file, generation: current)
        self.state = Mutex(State(byteCount: total))
    }

    deinit { self.writer.file.close() }

    /// Appends `records` and returns once they are durable. Throws if the write or sync failed
    /// (the records may then be partly on disk but were not acknowledged), or after ``close()``.
    package func append(_ records: [[UInt8]]) async throws {
        let bytes = Self.encode(records)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            self.enqueue(bytes, .async(continuation))
        }
    }

    /// As ``append(_:)``, blocking the calling thread.
    package func appendAndWait(_ records: [[UInt8]]) throws {
        let result = BlockingResult()
        self.enqueue(Self.encode(records), .blocking(result))
        try result.wait()
    }

    /// Seals the current generation (everything appended before this call is in it) and starts
    /// the next; returns the sealed generation's number.
    package func rotate() throws -> UInt64 {
        try self.queue.sync {
            let sealed = self.writer.generation
            try self.writer.file.synchronize()
            let next = sealed + 1
            let file = try AppendFile(path: Self.path(self.directory, next), truncate: true)
            try DurableFile.fsyncDirectory(self.directory)
            self.writer.file.close()
            self.writer.file = file
            self.writer.generation = next
            return sealed
        }
    }

    /// Deletes every sealed generation up to and including `generation`.
    package func removeGenerations(through generation: UInt64) throws {
        try self.queue.sync {
            var removed = 0
            for old in try Self.generations(in: self.directory) where old <= generation && old != self.writer.generation {
                let path = Self.path(self.directory, old)
                removed += DurableFile.size(path) ?? 0
                try DurableFile.remove(path)
            }
            try DurableFile.fsyncDirectory(self.directory)
            self.state.withLock { $0.byteCount -= removed }
        }
    }

    /// Bytes of log on disk (all generations).
    package var byteCount: Int { self.state.withLock { $0.byteCount } }

    /// Stops accepting appends; queued ones are still written.
    package func close() {
        self.state.withLock { $0.closed = true }
        self.queue.sync { self.writer.file.close() }
    }

    // MARK: Group commit

    private func enqueue(_ bytes: [UInt8], _ waiter: Waiter) {
        let start = self.state.withLock { state -> Bool? in
            if state.closed { return nil }
            state.pending.append(contentsOf: bytes)
            state.waiters.append(waiter)
            if state.draining { return false }
            state.draining = true
            return true
        }
        switch start {
        case nil:
            Self.finish([waiter], StorageError(.closed, path: self.directory, message: "log is closed"))
        case true?:
            self.queue.async { self.drain() }
        case false?:
            break
        }
    }

    /// Writes and syncs batches until nothing is queued. Runs on `queue`.
    private func drain() {
        while true {
            let (bytes, waiters) = self.state.withLock { state -> ([UInt8], [Waiter]) in
                if state.waiters.isEmpty {
                    state.draining = false
                    return ([], [])
                }
                defer {
                    state.pending = []
                    state.waiters = []
                }
                return (state.pending, state.waiters)
            }
            if waiters.isEmpty { return }
            var failure: (any Error)?
            do {
                try bytes.withUnsafeBytes { try self.writer.file.write($0) }
                try self.writer.file.synchronize()
                self.state.withLock { $0.byteCount += bytes.count }
            } catch {
                failure = error
            }
            Self.finish(waiters, failure)
        }
    }

    private static func finish(_ waiters: [Waiter], _ failure: (any Error)?) {
        for waiter in waiters {
            switch waiter {
            case .async(let continuation):
                if let failure { continuation.resume(throwing: failure) } else { continuation.resume() }
            case .blocking(let result):
                result.complete(failure)
            }
        }
    }

    // MARK: Format

    private static func encode(_ records: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.reduce(0) { $0 + $1.count + 8 })
        for record in records {
            precondition(record.count <= Self.maxRecordBytes, "log record of \(record.count) bytes is too large")
            Self.appendLittleEndian(UInt32(record.count), to: &bytes)
            Self.appendLittleEndian(Checksum.crc32(record), to: &bytes)
            bytes.append(contentsOf: record)
        }
        return bytes
    }

    /// Replays intact records; returns the byte offset just past the last intact one.
    private static func scan(
        _ buffer: UnsafeRawBufferPointer,
        replay: (UnsafeRawBufferPointer) throws -> Void,
        count: inout Int
    ) throws -> Int {
        var offset = 0
        while buffer.count - offset >= 8 {
            let length = Int(buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
            let crc = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self).littleEndian
            guard length <= Self.maxRecordBytes, buffer.count - offset - 8 >= length else { break }
            let payload = UnsafeRawBufferPointer(rebasing: buffer[(offset + 8)..<(offset + 8 + length)])
            guard Checksum.crc32(payload) == crc else { break }
            try replay(payload)
            count += 1
            offset += 8 + length
        }
        return offset
    }

    private static func appendLittleEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func generations(in directory: String) throws -> [UInt64] {
        try DurableFile.list(directory).compactMap { name -> UInt64? in
            guard name.hasPrefix("wal-"), name.hasSuffix(".log") else { return nil }
            return UInt64(name.dropFirst(4).dropLast(4), radix: 16)
        }.sorted()
    }

    private static func path(_ directory: String, _ generation: UInt64) -> String {
        let hex = String(generation, radix: 16)
        return "\(directory)/wal-\(String(repeating: "0", count: max(0, 16 - hex.count)))\(hex).log"
    }
}

/// The open generation; only ever touched on the log's queue.
private final class Writer: @unchecked Sendable {
    var file: AppendFile
    var generation: UInt64

    init(file: AppendFile, generation: UInt64) {
        self.file = file
        self.generation = generation
    }
}

/// A blocking caller's wait for its batch's sync.
private final class BlockingResult: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let failure = Mutex<(any Error)?>(nil)

    func complete(_ error: (any Error)?) {
        self.failure.withLock { $0 = error }
        self.semaphore.signal()
    }

    func wait() throws {
        self.semaphore.wait()
        if let error = self.failure.withLock({ $0 }) { throw error }
    }
}
