internal import FazhiProto
internal import FazhiTransport
internal import FazhiWire
internal import Foundation
internal import Synchronization
internal import SwiftProtobuf

/// Ingest: parse each document on its parser, then write the report to its index shard and its
/// facts partition; a document is done only when both have acknowledged it durably.
struct Ingestor: Sendable {
    let parsers: ParserPool
    let indexers: [FrameClient]
    let aggregators: [FrameClient]
    let admission: Admission
    /// Largest serialized batch sent to one shard or partition in one call.
    let maximumBatchBytes: Int

    func ingest(_ request: Fazhi_V1_IngestRequest) async throws -> Fazhi_V1_IngestResponse {
        guard !self.indexers.isEmpty, !self.aggregators.isEmpty else {
            throw WireError(code: .failedPrecondition, message: "the gateway has no indexer shard or aggregator partition configured")
        }
        let count = request.documents.count
        guard count > 0 else { return Fazhi_V1_IngestResponse() }
        // Backpressure: past the gateway's budget of documents in flight, callers are told to
        // slow down instead of queueing without bound.
        guard self.admission.acquire(count) else {
            throw WireError(
                code: .resourceExhausted,
                message: "the gateway has \(self.admission.limit) documents in flight; retry later"
            )
        }
        defer { self.admission.release(count) }

        var results = (0..<count).map { index -> Fazhi_V1_IngestResult in
            var result = Fazhi_V1_IngestResult()
            result.index = UInt32(index)
            return result
        }
        let parsed = await self.parsers.parse(request.documents)
        var reports: [(index: Int, report: ForwardedReport)] = []
        for (index, outcome) in parsed.enumerated() {
            if let status = outcome.status, status.code != .ok {
                results[index].outcome = .failed
                results[index].status = status
            } else if let bytes = outcome.report {
                // Passed on as the parser serialized it; only what routing and the answer need is read.
                guard let report = ForwardedReport(bytes, compressed: outcome.compressed), !report.docID.isEmpty else {
                    results[index].outcome = .failed
                    results[index].status = WireError(code: .internalError, message: "the parser returned a malformed report (or one without doc_id)").status
                    continue
                }
                results[index].docID = report.docID
                results[index].title = report.title
                results[index].kind = report.kind
                reports.append((index, report))
            } else {
                results[index].outcome = .failed
                results[index].status = WireError(code: .internalError, message: "the parser returned no report").status
            }
        }
        try Task.checkCancellation()

        // A document appearing twice in one request (same doc id) is written once, last wins.
        var latest: [String: Int] = [:]
        for (position, entry) in reports.enumerated() { latest[entry.report.docID] = position }
        let unique = reports.enumerated().filter { latest[$0.element.report.docID] == $0.offset }.map(\.element)

        async let indexed = self.write(unique, clients: self.indexers, role: "index shard", compressed: true, call: Self.index)
        async let added = self.write(unique, clients: self.aggregators, role: "aggregator partition", compressed: false, call: Self.add)
        let (indexOutcome, addOutcome) = await (indexed, added)
        for (index, report) in reports {
            let docID = report.docID
            if let failure = indexOutcome.failures[docID] ?? addOutcome.failures[docID] {
                results[index].outcome = .failed
                results[index].status = failure.status
            } else if indexOutcome.unchanged.contains(docID) && addOutcome.unchanged.contains(docID) {
                results[index].outcome = .unchanged
            } else {
                results[index].outcome = .ingested
            }
        }
        var response = Fazhi_V1_IngestResponse()
        response.results = results
        return response
    }

    /// What a shard or partition answered: the doc ids it already held unchanged, and how many
    /// reports it took (written or unchanged).
    struct Answer: Sendable {
        var unchanged: Set<String>
        var received: Int
    }

    /// Index on a shard: an IndexRequest is its reports as field 1, or compressed as field 2,
    /// so the parser's bytes are sent as they are.
    static let index: @Sendable (FrameClient, Data) async throws -> Answer = { client, payload in
        let response = try await client.call(FazhiMethod.Indexer.index, serializedRequest: payload, as: Fazhi_V1_IndexResponse.self)
        return Answer(unchanged: Set(response.unchangedDocIds), received: Int(response.indexed) + Int(response.unchanged))
    }

    /// Add on a partition: likewise an AddRequest holds reports as field 1.
    static let add: @Sendable (FrameClient, Data) async throws -> Answer = { client, payload in
        let response = try await client.call(FazhiMethod.Aggregator.add, serializedRequest: payload, as: Fazhi_V1_AddResponse.self)
        return Answer(unchanged: Set(response.unchangedDocIds), received: Int(response.added) + Int(response.unchanged))
    }

    struct WriteOutcome: Sendable {
        var unchanged: Set<String> = []
        var failures: [String: WireError] = [:]

        mutating func formUnion(_ other: WriteOutcome) {
            self.unchanged.formUnion(other.unchanged)
            self.failures.merge(other.failures) { _, new in new }
        }
    }

    /// Sends each report to its bucket (shard or partition) in size-bounded batches: each
    /// batch is a serialized request whose field 1 holds the reports (IndexRequest, AddRequest)
    /// and, with `compressed`, whose field 2 holds those the parser sent compressed too
    /// (IndexRequest.compressed_reports).
    func write(
        _ reports: [(index: Int, report: ForwardedReport)],
        clients: [FrameClient],
        role: String,
        compressed: Bool,
        call: @escaping @Sendable (FrameClient, Data) async throws -> Answer
    ) async -> WriteOutcome {
        let buckets = clients.count
        var batches: [(bucket: Int, reports: [ForwardedReport])] = []
        var open: [Int: (reports: [ForwardedReport], bytes: Int)] = [:]
        for (_, report) in reports {
            let bucket = Routing.bucket(of: report.docID, count: buckets)
            let size = Self.field(of: report, compressed: compressed).bytes.count + 6  // the field's tag and length
            var current = open[bucket] ?? ([], 0)
            if !current.reports.isEmpty, current.bytes + size > self.maximumBatchBytes {
                batches.append((bucket, current.reports))
                current = ([], 0)
            }
            current.reports.append(report)
            current.bytes += size
            open[bucket] = current
        }
        for (bucket, current) in open.sorted(by: { $0.key < $1.key }) { batches.append((bucket, current.reports)) }

        return await withTaskGroup(of: WriteOutcome.self) { group in
            for batch in batches {
                let client = clients[batch.bucket]
                group.addTask {
                    await Self.send(
                        batch.reports, to: client, name: "\(role) \(batch.bucket) (\(client.target))", compressed: compressed,
                        maximumBatchBytes: self.maximumBatchBytes, call: call
                    )
                }
            }
            var outcome = WriteOutcome()
            for await part in group { outcome.formUnion(part) }
            return outcome
        }
    }

    /// One batch to one shard or partition. The gateway passes reports on without decoding
    /// them, so a report the receiver cannot decode makes it refuse the whole batch with
    /// INVALID_ARGUMENT, having written none of it; the batch is then sent again one report at
    /// a time, so that only the bad report fails.
    private static func send(
        _ reports: [ForwardedReport],
        to client: FrameClient,
        name: String,
        compressed: Bool,
        maximumBatchBytes: Int,
        call: @Sendable (FrameClient, Data) async throws -> Answer
    ) async -> WriteOutcome {
        var outcome = WriteOutcome()
        do {
            let answer = try await call(client, Self.payload(reports, compressed: compressed))
            outcome.unchanged = answer.unchanged
            // A shard of a version before compressed reports ignores them (an unknown field) and
            // answers for the plain ones only: its answer stands for those, and the compressed
            // ones go again as plain reports, in batches sized by their plain bytes.
            if compressed, answer.received < reports.count, reports.contains(where: { $0.compressed != nil }) {
                var batch: [ForwardedReport] = []
                var bytes = 0
                for report in reports where report.compressed != nil {
                    if !batch.isEmpty, bytes + report.bytes.count + 6 > maximumBatchBytes {
                        outcome.formUnion(
                            await Self.send(batch, to: client, name: name, compressed: false, maximumBatchBytes: maximumBatchBytes, call: call)
                        )
                        (batch, bytes) = ([], 0)
                    }
                    batch.append(report)
                    bytes += report.bytes.count + 6
                }
                outcome.formUnion(await Self.send(batch, to: client, name: name, compressed: false, maximumBatchBytes: maximumBatchBytes, call: call))
            }
        } catch {
            let wire = WireError(converting: error)
            if wire.code == .invalidArgument, reports.count > 1 {
                for report in reports {
                    outcome.formUnion(
                        await Self.send([report], to: client, name: name, compressed: compressed, maximumBatchBytes: maximumBatchBytes, call: call)
                    )
                }
                return outcome
            }
            let failure = WireError(code: wire.code, message: "\(name): \(wire.message)")
            for report in reports { outcome.failures[report.docID] = failure }
        }
        return outcome
    }

    /// A request whose field 1 holds `reports`, each as the parser serialized it; with
    /// `compressed`, those the parser also sent compressed go as field 2 in that form instead.
    static func payload(_ reports: [ForwardedReport], compressed: Bool) -> Data {
        var payload: [UInt8] = []
        payload.reserveCapacity(reports.reduce(0) { $0 + Self.field(of: $1, compressed: compressed).bytes.count + 6 })
        for report in reports {
            let field = Self.field(of: report, compressed: compressed)
            ProtobufWire.appendLengthDelimited(field.number, field.bytes, to: &payload)
        }
        return Data(payload)
    }

    /// The field a report goes in, and its bytes.
    private static func field(of report: ForwardedReport, compressed: Bool) -> (number: Int, bytes: [UInt8]) {
        if compressed, let bytes = report.compressed { return (2, bytes) }
        return (1, report.bytes)
    }
}

/// A budget of documents in flight through the gateway.
final class Admission: Sendable {
    let limit: Int
    private let inFlight = Mutex(0)

    init(limit: Int) { self.limit = limit }

    /// Takes `count` from the budget; a request larger than the whole budget is let through
    /// alone so that it cannot starve.
    func acquire(_ count: Int) -> Bool {
        self.inFlight.withLock { value in
            guard value == 0 || value + count <= self.limit else { return false }
            value += count
            return true
        }
    }

    func release(_ count: Int) {
        self.inFlight.withLock { $0 -= count }
    }
}
