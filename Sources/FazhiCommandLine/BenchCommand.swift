internal import ArgumentParser
internal import FazhiProto
internal import FazhiTransport
internal import FazhiWire
internal import Foundation
internal import Logging
internal import NIOCore

/// `fazhi bench-search`: query latency of a running cluster, through the gateway and, for
/// comparison, directly on one index shard (what the gateway adds).
struct BenchSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-search",
        abstract: "Measure search latency (p50/p95/p99) through the gateway and directly on a shard.",
        discussion: "Queries are read one per line (lines starting with # are skipped), e.g. ../shared/bench/queries.txt."
    )

    @Option(help: "File of queries.") var queries: String
    @Option(help: "The gateway's HOST:PORT.") var gateway: String
    @Option(help: "An index shard's HOST:PORT, measured directly too (meaningful when the index has one shard).")
    var shard: String?
    @Option(help: "Times through the query list.") var rounds: Int = 3
    @Option(help: "Hits per query.") var limit: UInt32 = 10
    @Option(help: "Shared token (env FAZHI_TOKEN).") var token: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard (1...1000).contains(self.rounds) else { throw ValidationError("--rounds must be within 1...1000") }
        guard (1...1000).contains(self.limit) else { throw ValidationError("--limit must be within 1...1000") }
    }

    struct Result: Encodable {
        var target: String
        var address: String
        var queries: Int
        var p50Milliseconds: Double
        var p95Milliseconds: Double
        var p99Milliseconds: Double
        var meanMilliseconds: Double
        var totalHits: [String: UInt64]
        /// Gateway only: within the same calls, the gateway's wait on the shard (its
        /// `shards_micros`), and what the hop added to each call (latency minus that wait).
        var shardWaitP50Milliseconds: Double?
        var shardWaitP99Milliseconds: Double?
        var addedP50Milliseconds: Double?
        var addedP99Milliseconds: Double?
        var addedMaxMilliseconds: Double?
        /// Gateway only: its own work on a call (`took_micros` − `shards_micros`), p50 and p99.
        var ownWorkP50Milliseconds: Double?
        var ownWorkP99Milliseconds: Double?
    }

    /// A 90% percentile-bootstrap interval for quantile(gateway) − quantile(shard): the query
    /// pairs (the same query, sent to both back to back) are resampled with replacement 2,000
    /// times, with a fixed seed so that the same samples give the same interval. The p99 of a
    /// few hundred samples rests on its slowest handful, so one number alone says little.
    static func bootstrapInterval(_ first: [Double], _ second: [Double], quantile: Double) -> (lower: Double, upper: Double) {
        let count = min(first.count, second.count)
        guard count > 0 else { return (0, 0) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {  // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(count))
        }
        var differences: [Double] = []
        differences.reserveCapacity(2000)
        var a = [Double](repeating: 0, count: count)
        var b = [Double](repeating: 0, count: count)
        for _ in 0..<2000 {
            for index in 0..<count {
                let pick = next()
                a[index] = first[pick]
                b[index] = second[pick]
            }
            differences.append(Self.percentile(a.sorted(), quantile) - Self.percentile(b.sorted(), quantile))
        }
        differences.sort()
        return (differences[Int(0.05 * Double(differences.count))], differences[Int(0.95 * Double(differences.count))])
    }

    /// The `p` quantile of sorted values: the element at ⌊p·n⌋ (the largest for p near 1); 0 when empty.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    func run() async throws {
        let text = try String(contentsOfFile: self.queries, encoding: .utf8)
        let list = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !list.isEmpty else { throw CommandFailure("\(self.queries) holds no query") }
        var targets: [(String, String, FazhiMethod)] = [("gateway", self.gateway, FazhiMethod.Gateway.search)]
        if let shard = self.shard { targets.append(("shard", shard, FazhiMethod.Indexer.search)) }
        var clients: [FrameClient] = []
        for (_, address, _) in targets {
            guard let endpoint = Endpoint(address) else { throw ValidationError("'\(address)' is not HOST:PORT") }
            var logger = Logger(label: "fazhi.bench")
            logger.logLevel = .critical
            clients.append(FrameClient(
                host: endpoint.host, port: endpoint.port,
                configuration: .init(token: self.token ?? Environment.value("FAZHI_TOKEN"), keepaliveInterval: nil),
                logger: logger
            ))
        }
        // The targets take turns query by query (in alternating order), so that a slow moment of
        // the machine or the shard's background merging after an ingest falls on both alike.
        var samples = [[Double]](repeating: [], count: targets.count)
        var hits = [[String: UInt64]](repeating: [:], count: targets.count)
        var shardWaits: [Double] = []  // the gateway's shards_micros, in milliseconds, per gateway call
        var ownWork: [Double] = []  // the gateway's took_micros − shards_micros, in milliseconds
        var turn = 0
        for round in 0...self.rounds {
            for query in list {
                turn += 1
                let order = turn % 2 == 0 ? Array(targets.indices) : Array(targets.indices.reversed())
                for target in order {
                    var request = Fazhi_V1_SearchRequest()
                    request.query = query
                    request.limit = self.limit
                    request.snippets = 1
                    let started = DispatchTime.now().uptimeNanoseconds
                    let response = try await clients[target].call(
                        targets[target].2, request, as: Fazhi_V1_SearchResponse.self, options: .init(timeout: .seconds(30))
                    )
                    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
                    // Round 0 warms caches and connections and is not counted.
                    if round > 0 {
                        samples[target].append(elapsed)
                        if target == 0 {
                            shardWaits.append(Double(response.shardsMicros) / 1000)
                            ownWork.append(max(0, Double(response.tookMicros) - Double(response.shardsMicros)) / 1000)
                        }
                    }
                    hits[target][query] = response.totalHits
                }
            }
        }
        for client in clients { await client.close() }
        var results: [Result] = []
        for (target, (name, address, _)) in targets.enumerated() {
            let sorted = samples[target].sorted()
            var result = Result(
                target: name, address: address, queries: sorted.count,
                p50Milliseconds: Self.percentile(sorted, 0.5), p95Milliseconds: Self.percentile(sorted, 0.95),
                p99Milliseconds: Self.percentile(sorted, 0.99),
                meanMilliseconds: sorted.reduce(0, +) / Double(sorted.count), totalHits: hits[target]
            )
            if target == 0 {
                let waits = shardWaits.sorted()
                let added = zip(samples[0], shardWaits).map { $0 - $1 }.sorted()
                result.shardWaitP50Milliseconds = Self.percentile(waits, 0.5)
                result.shardWaitP99Milliseconds = Self.percentile(waits, 0.99)
                result.addedP50Milliseconds = Self.percentile(added, 0.5)
                result.addedP99Milliseconds = Self.percentile(added, 0.99)
                result.addedMaxMilliseconds = added.last
                let own = ownWork.sorted()
                result.ownWorkP50Milliseconds = Self.percentile(own, 0.5)
                result.ownWorkP99Milliseconds = Self.percentile(own, 0.99)
            }
            results.append(result)
        }
        if self.json {
            try JSONOutput.print(results)
            return
        }
        var table = TextTable(["target", "address", "queries", "p50 ms", "p95 ms", "p99 ms", "mean ms"], rightAligned: [2, 3, 4, 5, 6])
        for result in results {
            table.add([
                result.target, result.address, "\(result.queries)", String(format: "%.2f", result.p50Milliseconds),
                String(format: "%.2f", result.p95Milliseconds), String(format: "%.2f", result.p99Milliseconds),
                String(format: "%.2f", result.meanMilliseconds),
            ])
        }
        print(table.render())
        let gateway = results[0]
        if let waitP50 = gateway.shardWaitP50Milliseconds, let waitP99 = gateway.shardWaitP99Milliseconds,
           let addedP50 = gateway.addedP50Milliseconds, let addedP99 = gateway.addedP99Milliseconds,
           let addedMax = gateway.addedMaxMilliseconds {
            // The same calls seen from both ends of the gateway: no second execution of the
            // query, so none of the shard's run-to-run spread.
            print(String(format: "within the same %d gateway calls: the gateway waited on the shard %.2f ms at p50, %.2f ms at p99; "
                             + "latency minus that wait is %.2f ms at p50, %.2f ms at p99 (the hop adds %.2f ms to p50, %.2f ms to p99), at most %.2f ms",
                         shardWaits.count, waitP50, waitP99, addedP50, addedP99,
                         gateway.p50Milliseconds - waitP50, gateway.p99Milliseconds - waitP99, addedMax))
            if let ownP50 = gateway.ownWorkP50Milliseconds, let ownP99 = gateway.ownWorkP99Milliseconds {
                print(String(format: "of that, the gateway's own work on a call (its took minus the wait): %.3f ms at p50, %.3f ms at p99; the rest is the extra hop",
                             ownP50, ownP99))
            }
        }
        if results.count == 2 {
            print(String(format: "the gateway adds %.2f ms at p50 and %.2f ms at p99",
                         results[0].p50Milliseconds - results[1].p50Milliseconds, results[0].p99Milliseconds - results[1].p99Milliseconds))
            let interval = Self.bootstrapInterval(samples[0], samples[1], quantile: 0.99)
            print(String(format: "p99 difference, 90%% bootstrap interval over %d query pairs: %.2f … %.2f ms",
                         samples[0].count, interval.lower, interval.upper))
        }
    }
}
