internal import ArgumentParser
internal import FazhiCorpus
internal import FazhiProto
internal import FazhiTransport
internal import FazhiWire
internal import Foundation
internal import Logging
internal import NIOCore

/// `fazhi demo`: the whole product in one command, on synthetic reports.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate synthetic reports, start a local cluster, ingest them, and show a search, statistics and compliance.",
        discussion: "Nothing outside this machine is needed; everything is written under --data and removed unless --keep."
    )

    @Option(help: "Reports to generate.") var reports: Int = 400
    @Option(help: "Generator seed.") var seed: UInt64 = 2024
    @Option(help: "Data directory (default: a new temporary directory).") var data: String?
    @Option(help: "The search to show.") var query: String = "行政复议 year:2020..2030"
    @Flag(help: "Keep the data directory afterwards.") var keep = false
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (1...200_000).contains(self.reports) else { throw ValidationError("--reports must be within 1...200000") }
    }

    func run() async throws {
        var logging = self.logging
        if logging.logLevel == nil, Environment.value("FAZHI_LOG_LEVEL") == nil { logging.logLevel = "warning" }
        let logger = try logging.makeLogger(label: "fazhi.demo")
        let directory = self.data ?? (NSTemporaryDirectory() + "fazhi-demo-\(getpid())")
        let corpus = "\(directory)/corpus"
        defer {
            if !self.keep && self.data == nil { try? FileManager.default.removeItem(atPath: directory) }
        }
        try? FileManager.default.removeItem(atPath: corpus)
        print("1. generating \(self.reports) synthetic reports in \(corpus) …")
        let summary = try CorpusWriter(generator: CorpusGenerator(seed: self.seed)).write(count: self.reports, to: corpus)
        print(String(format: "   %d reports, %.1f MB", summary.documents, Double(summary.pageBytes) / 1e6))

        let spec = LocalClusterSpec(parsers: 2, shards: 2, partitions: 1, gatewayPort: 0, token: nil, dataDirectory: "\(directory)/cluster")
        let query = self.query
        try await InProcessCluster.run(spec, logger: logger) { endpoint in
            print("2. cluster up on loopback: gateway \(endpoint), 2 parsers, 2 index shards, 1 aggregator partition")
            let client = GatewayClient(
                client: FrameClient(host: endpoint.host, port: endpoint.port, configuration: .init(keepaliveInterval: nil), logger: logger),
                timeout: .seconds(120)
            )
            defer { Task { await client.close() } }
            print("3. ingesting …")
            let files = try FileScan.scan([corpus]).files
            let started = Date()
            var ingested = 0
            var failed: [(String, String)] = []
            var start = 0
            let progress = Progress(total: files.count, quiet: false)
            while start < files.count {
                let batches = stride(from: start, to: min(start + 4 * 32, files.count), by: 32).map { Array(files[$0..<min($0 + 32, files.count)]) }
                start = min(start + 4 * 32, files.count)
                let outcomes = await withTaskGroup(of: [(FileScan.File, IngestCommand.Outcome)].self) { group in
                    for batch in batches { group.addTask { await IngestCommand.send(batch, client: client) } }
                    var all: [(FileScan.File, IngestCommand.Outcome)] = []
                    for await outcome in group { all += outcome }
                    return all
                }
                for (file, outcome) in outcomes {
                    switch outcome {
                    case .ingested, .unchanged: ingested += 1
                    case .failed(let reason): failed.append((file.path, reason))
                    }
                }
                progress.advance(by: outcomes.count)
            }
            progress.finish()
            let seconds = Date().timeIntervalSince(started)
            print(String(format: "   %d ingested, %d failed in %.1f s (%.0f reports/s)", ingested, failed.count, seconds, Double(ingested) / max(seconds, 0.001)))
            for (path, reason) in failed.prefix(10) { print("   FAILED \(path): \(reason)") }

            print("\n4. search: \(query)")
            var search = Fazhi_V1_SearchRequest()
            search.query = query
            search.limit = 3
            search.snippets = 1
            search.facets = ["year", "level"]
            let hits = try await client.call(FazhiMethod.Gateway.search, search, as: Fazhi_V1_SearchResponse.self)
            print(SearchRendering.text(hits, offset: 0))

            print("\n5. disputes mediated and mediation success, by year and level (fazhi stats)")
            var aggregate = Fazhi_V1_AggregateRequest()
            aggregate.indicators = ["disputes_mediated", "mediation_success"]
            aggregate.groupBy = ["year", "level"]
            let table = try await client.call(FazhiMethod.Gateway.aggregate, aggregate, as: Fazhi_V1_AggregateResponse.self)
            print(StatsRendering.text(table, groupBy: aggregate.groupBy))

            print("\n6. compliance by year (fazhi compliance)")
            var compliance = Fazhi_V1_ComplianceRequest()
            compliance.groupBy = ["year"]
            let rows = try await client.call(FazhiMethod.Gateway.compliance, compliance, as: Fazhi_V1_ComplianceResponse.self)
            print(ComplianceRendering.text(rows, groupBy: compliance.groupBy))
            if !failed.isEmpty { throw CommandFailure("\(failed.count) reports failed to ingest") }
            return ((), true)
        }
        print("\ndone. Try it on your own reports: `fazhi up` in one terminal, then `fazhi ingest FOLDER` and `fazhi search 行政复议`.")
    }
}
