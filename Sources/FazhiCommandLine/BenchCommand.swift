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

    struct Result: Encodable {
        var target: String
        var address: String
        var queries: Int
        var p50Milliseconds: Double
        var p95Milliseconds: Double
        var p99Milliseconds: Double
        var meanMilliseconds: Double
        var totalHits: [String: UInt64]
    }

    func run() async throws {
        let text = try String(contentsOfFile: self.queries, encoding: .utf8)
        let list = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !list.isEmpty else { throw CommandFailure("\(self.queries) holds no query") }
        var targets: [(String, String, FazhiMethod)] = [("gateway", self.gateway, FazhiMethod.Gateway.search)]
        if let shard = self.shard { targets.append(("shard", shard, FazhiMethod.Indexer.search)) }
        var results: [Result] = []
        for (name, address, method) in targets {
            guard let endpoint = Endpoint(address) else { throw ValidationError("'\(address)' is not HOST:PORT") }
            var logger = Logger(label: "fazhi.bench")
            logger.logLevel = .critical
            let client = FrameClient(
                host: endpoint.host, port: endpoint.port,
                configuration: .init(token: self.token ?? Environment.value("FAZHI_TOKEN"), keepaliveInterval: nil),
                logger: logger
            )
            var samples: [Double] = []
            var hits: [String: UInt64] = [:]
            for round in 0...self.rounds {
                for query in list {
                    var request = Fazhi_V1_SearchRequest()
                    request.query = query
                    request.limit = self.limit
                    request.snippets = 1
                    let started = DispatchTime.now().uptimeNanoseconds
                    let response = try await client.call(method, request, as: Fazhi_V1_SearchResponse.self, options: .init(timeout: .seconds(30)))
                    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
                    // Round 0 warms caches and connections and is not counted.
                    if round > 0 { samples.append(elapsed) }
                    hits[query] = response.totalHits
                }
            }
            await client.close()
            samples.sort()
            func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
            results.append(
                Result(
                    target: name, address: address, queries: samples.count,
                    p50Milliseconds: percentile(0.5), p95Milliseconds: percentile(0.95), p99Milliseconds: percentile(0.99),
                    meanMilliseconds: samples.reduce(0, +) / Double(samples.count), totalHits: hits
                ))
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
        if results.count == 2 {
            print(String(format: "the gateway adds %.2f ms at p50 and %.2f ms at p99",
                         results[0].p50Milliseconds - results[1].p50Milliseconds, results[0].p99Milliseconds - results[1].p99Milliseconds))
        }
    }
}
