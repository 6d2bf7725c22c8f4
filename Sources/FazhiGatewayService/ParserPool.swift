package import FazhiProto
package import FazhiTransport
internal import FazhiWire
package import Logging
package import NIOCore
internal import Foundation
internal import NIOPosix
internal import SwiftProtobuf
internal import Synchronization

/// The parser workers as the gateway sees them.
///
/// - Routing: each document goes to the worker ranked first by rendezvous hashing on its
///   content key, so a re-crawled page lands on the worker whose cache already holds it;
///   adding or removing a worker moves only the documents it owned.
/// - Failure: a call that fails in transport goes to the next-ranked worker. Consecutive
///   failures eject a worker for an interval that grows with each ejection (Envoy's outlier
///   detection); ejected workers are tried only when no other is left.
/// - Slowness: a call still unanswered after the recent 95th percentile latency (scaled by its
///   size) is hedged to the next-ranked worker; the first answer wins, the other is cancelled.
/// - Membership: configured endpoints whose host is a DNS name are re-resolved periodically,
///   so the pool follows a headless Service as pods come and go.
package final class ParserPool: Sendable {
    /// Tuning of failure handling and hedging.
    package struct Policy: Sendable, Hashable {
        /// Consecutive failures that eject a worker. Default 2.
        package var failuresToEject: Int = 2
        /// First ejection's length; each further ejection adds as much again. Default 2 s.
        package var baseEjection: TimeAmount = .seconds(2)
        /// Longest ejection. Default 60 s.
        package var maximumEjection: TimeAmount = .seconds(60)
        /// Whether slow calls are hedged. Default on.
        package var hedging: Bool = true
        /// Shortest hedge delay, whatever the recent latencies. Default 50 ms.
        package var minimumHedgeDelay: TimeAmount = .milliseconds(50)
        /// Documents per ParseBatch call. Default 16.
        package var batchSize: Int = 16
        /// Longest one attempt may take before its batch moves to the next-ranked worker (and
        /// the worker is counted as failing): a worker behind a cut link does not answer or
        /// refuse, it just goes silent. Scaled up for batches the recent latencies say are
        /// slow; at least this much. Default 3 s.
        package var minimumAttemptTimeout: TimeAmount = .seconds(3)
        /// The attempt timeout before enough latencies were measured. Default 10 s.
        package var initialAttemptTimeout: TimeAmount = .seconds(10)

        package init() {}
    }

    private struct Member {
        var endpoint: Endpoint
        var client: FrameClient
        var seed: UInt64
        var consecutiveFailures = 0
        var ejections = 0
        var ejectedUntil: NIODeadline?
    }

    private let configured: [Endpoint]
    private let clientConfiguration: FrameClient.Configuration
    private let policy: Policy
    private let logger: Logger
    private let members: Mutex<[String: Member]>
    /// Recent per-document latencies in nanoseconds (a ring).
    private let latencies = Mutex(LatencyWindow())

    /// A pool over `endpoints`; names are used as given until the first ``refresh()``.
    package init(endpoints: [Endpoint], client: FrameClient.Configuration, policy: Policy = .init(), logger: Logger) {
        self.configured = endpoints
        self.clientConfiguration = client
        self.policy = policy
        self.logger = logger
        var members: [String: Member] = [:]
        for endpoint in endpoints {
            members[endpoint.description] = Member(
                endpoint: endpoint,
                client: FrameClient(host: endpoint.host, port: endpoint.port, configuration: client, logger: logger),
                seed: Routing.fnv1a(endpoint.description.utf8)
            )
        }
        self.members = Mutex(members)
    }

    /// The workers' addresses now.
    package var endpoints: [Endpoint] {
        self.members.withLock { $0.values.map(\.endpoint) }.sorted { $0.description < $1.description }
    }

    /// The clients now, for health checks.
    package var clients: [FrameClient] {
        self.members.withLock { $0.values.sorted { $0.endpoint.description < $1.endpoint.description }.map(\.client) }
    }

    /// Re-resolves configured DNS names and adopts the addresses found; a name that fails to
    /// resolve keeps its previous addresses (a DNS hiccup must not empty the pool).
    package func refresh() async {
        let configured = self.configured
        guard configured.contains(where: { !EndpointResolver.isIPLiteral($0.host) }) else { return }
        let resolved: [(Endpoint, [Endpoint]?)]
        do {
            resolved = try await NIOThreadPool.singleton.runIfActive {
                configured.map { endpoint in (endpoint, try? EndpointResolver.resolve(endpoint)) }
            }
        } catch {
            return
        }
        var closing: [FrameClient] = []
        let changed = self.members.withLock { members -> Bool in
            let before = Set(members.keys)
            var wanted: [String: Endpoint] = [:]
            for (endpoint, addresses) in resolved {
                if let addresses {
                    for address in addresses { wanted[address.description] = address }
                } else {
                    // Keep whatever this name contributed before.
                    for member in members.values where member.endpoint.port == endpoint.port {
                        wanted[member.endpoint.description] = member.endpoint
                    }
                }
            }
            for (key, member) in members where wanted[key] == nil {
                closing.append(member.client)
                members[key] = nil
            }
            for (key, endpoint) in wanted where members[key] == nil {
                members[key] = Member(
                    endpoint: endpoint,
                    client: FrameClient(host: endpoint.host, port: endpoint.port, configuration: self.clientConfiguration, logger: self.logger),
                    seed: Routing.fnv1a(key.utf8)
                )
            }
            return Set(members.keys) != before
        }
        if changed {
            self.logger.info("parser pool changed", metadata: ["parsers": "\(self.endpoints.map(\.description))"])
        }
        for client in closing { await client.close() }
    }

    /// Closes every connection.
    package func close() async {
        for client in self.clients { await client.close() }
    }

    // MARK: Ranking and health

    /// Workers for `key`, best first: healthy ones by rendezvous score, then ejected ones.
    func ranking(for key: UInt64, excluding: Set<String> = []) -> [(key: String, client: FrameClient)] {
        let now = NIODeadline.now()
        let candidates = self.members.withLock { members in
            members.filter { !excluding.contains($0.key) }.map { entry in
                (key: entry.key, client: entry.value.client,
                 ejected: entry.value.ejectedUntil.map { $0 > now } ?? false,
                 score: Routing.rendezvousScore(key: key, member: entry.value.seed))
            }
        }
        return candidates.sorted { ($0.ejected ? 1 : 0, ~$0.score) < ($1.ejected ? 1 : 0, ~$1.score) }
            .map { (key: $0.key, client: $0.client) }
    }

    private func recordSuccess(_ key: String, latency: TimeAmount, documents: Int) {
        self.members.withLock { members in
            members[key]?.consecutiveFailures = 0
            members[key]?.ejections = 0
            members[key]?.ejectedUntil = nil
        }
        self.latencies.withLock { $0.add(latency.nanoseconds / Int64(max(documents, 1))) }
    }

    private func recordFailure(_ key: String) {
        let ejected = self.members.withLock { members -> TimeAmount? in
            guard var member = members[key] else { return nil }
            member.consecutiveFailures += 1
            var length: TimeAmount?
            if member.consecutiveFailures >= self.policy.failuresToEject {
                member.ejections += 1
                let grown = self.policy.baseEjection.nanoseconds * Int64(member.ejections)
                length = .nanoseconds(min(grown, self.policy.maximumEjection.nanoseconds))
                member.ejectedUntil = NIODeadline.now() + length!
                member.consecutiveFailures = 0
            }
            members[key] = member
            return length
        }
        if let ejected {
            self.logger.warning("parser ejected", metadata: ["parser": "\(key)", "for_ms": "\(ejected.nanoseconds / 1_000_000)"])
        }
    }

    /// How long one attempt carrying `documents` documents may take.
    private func attemptTimeout(documents: Int) -> TimeAmount {
        guard let p95 = self.latencies.withLock({ $0.percentile95() }) else { return self.policy.initialAttemptTimeout }
        return .nanoseconds(max(self.policy.minimumAttemptTimeout.nanoseconds, 8 * p95 * Int64(max(documents, 1))))
    }

    /// How long to wait before hedging a call carrying `documents` documents.
    private func hedgeDelay(documents: Int) -> TimeAmount? {
        guard self.policy.hedging else { return nil }
        guard let p95 = self.latencies.withLock({ $0.percentile95() }) else { return nil }
        return .nanoseconds(max(self.policy.minimumHedgeDelay.nanoseconds, 2 * p95 * Int64(max(documents, 1))))
    }

    // MARK: Parsing

    /// Parses `documents`, each on its best available worker, in batches. Every document gets
    /// a result: its report, or the status of why it could not be parsed. Only the caller's
    /// deadline or cancellation stops the failover early.
    package func parse(_ documents: [Fazhi_V1_RawDocument]) async -> [ParsedDocument] {
        var results = [ParsedDocument?](repeating: nil, count: documents.count)
        let keys = documents.map { Routing.fnv1a($0.content) }
        var pending = Array(documents.indices)
        var excluded: [Int: Set<String>] = [:]
        while !pending.isEmpty {
            // Group what is left by each document's best worker not yet tried for it.
            var groups: [String: (client: FrameClient, indices: [Int])] = [:]
            var order: [String] = []
            for index in pending {
                guard let best = self.ranking(for: keys[index], excluding: excluded[index] ?? []).first else {
                    results[index] = Self.failure(.unavailable, "no parser worker is available")
                    continue
                }
                if groups[best.key] == nil {
                    groups[best.key] = (best.client, [])
                    order.append(best.key)
                }
                groups[best.key]!.indices.append(index)
            }
            var calls: [(key: String, client: FrameClient, indices: [Int])] = []
            for key in order {
                let group = groups[key]!
                var start = 0
                while start < group.indices.count {
                    let end = min(start + self.policy.batchSize, group.indices.count)
                    calls.append((key, group.client, Array(group.indices[start..<end])))
                    start = end
                }
            }
            pending = []
            let outcomes = await withTaskGroup(of: (indices: [Int], key: String, outcome: CallOutcome).self) { group in
                for call in calls {
                    group.addTask {
                        let batch = call.indices.map { documents[$0] }
                        let outcome = await self.callWithHedge(primary: (call.key, call.client), key: keys[call.indices[0]], batch: batch)
                        return (call.indices, call.key, outcome)
                    }
                }
                var collected: [(indices: [Int], key: String, outcome: CallOutcome)] = []
                for await outcome in group { collected.append(outcome) }
                return collected
            }
            for (indices, key, outcome) in outcomes {
                switch outcome {
                case .answered(let response):
                    for (position, index) in indices.enumerated() {
                        results[index] = position < response.count
                            ? response[position]
                            : Self.failure(.internalError, "parser \(key) answered fewer results than documents")
                    }
                case .final(let error):
                    for index in indices { results[index] = Self.failure(error.code, error.message) }
                case .retryElsewhere(let error):
                    for index in indices {
                        excluded[index, default: []].insert(key)
                        if Task.isCancelled {
                            results[index] = Self.failure(error.code, error.message)
                        } else {
                            pending.append(index)
                        }
                    }
                }
            }
        }
        return results.map { $0 ?? Self.failure(.internalError, "document was not parsed") }
    }

    private enum CallOutcome: Sendable {
        case answered([ParsedDocument])
        /// Failed in a way another worker would not fix (deadline, cancellation, bad request).
        case final(WireError)
        /// This worker failed; another may succeed.
        case retryElsewhere(WireError)
    }

    private func callWithHedge(
        primary: (key: String, client: FrameClient),
        key: UInt64,
        batch: [Fazhi_V1_RawDocument]
    ) async -> CallOutcome {
        let backups = self.ranking(for: key, excluding: [primary.key]).prefix(3)
        guard let delay = self.hedgeDelay(documents: batch.count), !backups.isEmpty else {
            return await self.call(primary, batch: batch)
        }
        return await withTaskGroup(of: CallOutcome?.self) { group in
            group.addTask { await self.call(primary, batch: batch) }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(delay.nanoseconds))
                // The hedge walks down the ranking: a backup that refuses at once (a killed
                // worker not yet ejected) must not leave the batch waiting on a silent primary.
                var last: CallOutcome?
                for backup in backups {
                    if Task.isCancelled { return nil }
                    self.logger.debug("hedging parse", metadata: ["parser": "\(primary.key)", "backup": "\(backup.key)"])
                    let outcome = await self.call(backup, batch: batch)
                    if case .answered = outcome { return outcome }
                    if case .final = outcome { return outcome }
                    last = outcome
                }
                return last
            }
            var fallback: CallOutcome?
            while let next = await group.next() {
                guard let outcome = next else { continue }
                if case .answered = outcome {
                    group.cancelAll()
                    return outcome
                }
                if fallback == nil { fallback = outcome }
            }
            return fallback ?? .final(WireError(code: .cancelled, message: "parse was cancelled"))
        }
    }

    private func call(_ worker: (key: String, client: FrameClient), batch: [Fazhi_V1_RawDocument]) async -> CallOutcome {
        var request = Fazhi_V1_ParseBatchRequest()
        request.documents = batch
        // The index shards keep the parser's compressed entries instead of compressing again.
        request.withCompressed = true
        let started = NIODeadline.now()
        do {
            let method = FazhiMethod.Parser.parseBatch
            let answer = try await worker.client.call(
                method.name, payload: try request.serializedBytes(), idempotent: method.isIdempotent,
                options: .init(timeout: self.attemptTimeout(documents: batch.count))
            )
            // The reports are passed on to shards and partitions as the parser serialized them.
            guard let results = ParsedDocument.results(of: [UInt8](answer)) else {
                throw WireError(code: .internalError, message: "the server's answer to \(method) is not a valid \(Fazhi_V1_ParseBatchResponse.protoMessageName)")
            }
            self.recordSuccess(worker.key, latency: NIODeadline.now() - started, documents: batch.count)
            return .answered(results)
        } catch {
            let wire = WireError(converting: error)
            if Task.isCancelled || wire.code == .cancelled { return .final(wire) }
            if wire.code == .deadlineExceeded, let deadline = ServerContext.current?.deadline, deadline <= .now() {
                return .final(wire)
            }
            switch wire.code {
            case .invalidArgument, .unauthenticated, .permissionDenied:
                return .final(wire)
            case .resourceExhausted:
                return .retryElsewhere(wire)
            default:
                self.recordFailure(worker.key)
                return .retryElsewhere(wire)
            }
        }
    }

    private static func failure(_ code: WireError.Code, _ message: String) -> ParsedDocument {
        ParsedDocument(report: nil, status: WireError(code: code, message: message).status)
    }
}

/// The last 256 latency samples, for a cheap 95th percentile.
private struct LatencyWindow {
    private var samples: [Int64] = []
    private var next = 0

    mutating func add(_ nanoseconds: Int64) {
        if self.samples.count < 256 {
            self.samples.append(nanoseconds)
        } else {
            self.samples[self.next] = nanoseconds
            self.next = (self.next + 1) % 256
        }
    }

    func percentile95() -> Int64? {
        guard self.samples.count >= 4 else { return nil }
        let sorted = self.samples.sorted()
        return sorted[min(sorted.count - 1, sorted.count * 95 / 100)]
    }
}
