import FazhiAggregation
import FazhiAggregatorService
import FazhiMapping
import FazhiCorpus
import FazhiGatewayService
import FazhiIndexerService
import FazhiParserService
import FazhiParsing
import FazhiProto
import FazhiTestSupport
import FazhiTransport
import FazhiWire
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Testing

/// The services as one system, in process on port 0: 2 parsers, 2 index shards, 1 facts
/// partition behind a gateway, fed the generator's reports whose truth is known.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct EndToEndTests {
    static let documentCount = 120

    /// A running cluster; each service in its own ServiceGroup so a test can stop one.
    final class Cluster: Sendable {
        let parsers: [ParserService]
        let indexers: [IndexerService]
        let aggregator: AggregatorService
        let groups: [String: ServiceGroup]
        let data: TemporaryDirectory

        init(shards: Int) throws {
            let data = TemporaryDirectory("fazhi-e2e")
            self.data = data
            self.parsers = try (0..<2).map { _ in try ParserService(configuration: .defaults, logger: .testLogger) }
            self.indexers = try (0..<shards).map { shard in
                try IndexerService(
                    configuration: .init(shard: UInt32(shard), shardCount: UInt32(shards), dataDirectory: "\(data.path)/index-\(shard)"),
                    logger: .testLogger
                )
            }
            self.aggregator = try AggregatorService(configuration: .init(dataDirectory: "\(data.path)/facts"), logger: .testLogger)
            var groups: [String: ServiceGroup] = [:]
            for (index, parser) in self.parsers.enumerated() { groups["parser-\(index)"] = ServiceGroup(services: [parser], logger: .testLogger) }
            for (index, indexer) in self.indexers.enumerated() { groups["indexer-\(index)"] = ServiceGroup(services: [indexer], logger: .testLogger) }
            groups["aggregator"] = ServiceGroup(services: [self.aggregator], logger: .testLogger)
            self.groups = groups
        }

        func endpoint(_ core: ServiceCore) async throws -> Endpoint {
            Endpoint(host: "127.0.0.1", port: try await core.listeningAddress.port ?? 0)
        }

        func gatewayConfiguration(extraParsers: [Endpoint] = []) async throws -> GatewayService.Configuration {
            var configuration = GatewayService.Configuration.defaults
            for parser in self.parsers { configuration.parsers.append(try await self.endpoint(parser.core)) }
            configuration.parsers += extraParsers
            for indexer in self.indexers { configuration.indexers.append(try await self.endpoint(indexer.core)) }
            configuration.aggregators = [try await self.endpoint(self.aggregator.core)]
            configuration.client = .init(connectTimeout: .seconds(2), keepaliveInterval: nil, maximumAttempts: 2)
            return configuration
        }

        func stop(_ name: String) async {
            await self.groups[name]?.triggerGracefulShutdown()
        }

        /// Runs every service, then the gateway, then `body`; shuts everything down after.
        func run<Result: Sendable>(
            extraParsers: [Endpoint] = [],
            _ body: @Sendable (GatewayService, FrameClient) async throws -> Result
        ) async throws -> Result {
            defer { self.data.remove() }
            return try await withThrowingTaskGroup(of: Void.self) { tasks in
                for group in self.groups.values { tasks.addTask { try await group.run() } }
                let gateway = GatewayService(configuration: try await self.gatewayConfiguration(extraParsers: extraParsers), logger: .testLogger)
                let gatewayGroup = ServiceGroup(services: [gateway], logger: .testLogger)
                tasks.addTask { try await gatewayGroup.run() }
                do {
                    let result = try await withTestClient(try await self.endpoint(gateway.core)) { client in
                        try await body(gateway, client)
                    }
                    await gatewayGroup.triggerGracefulShutdown()
                    for group in self.groups.values { await group.triggerGracefulShutdown() }
                    try await tasks.waitForAll()
                    return result
                } catch {
                    tasks.cancelAll()
                    throw error
                }
            }
        }
    }

    /// Annual reports only: the truth of a non-report page (a notice, a template) annotates
    /// no year or dates, while the parser still reads what it can from it.
    static let corpus: [GeneratedDocument] = {
        let generator = CorpusGenerator(seed: 11)
        return Array((0..<(documentCount * 2)).lazy.map { generator.generate(index: $0) }.filter { $0.truth.kind == .annualReport }.prefix(documentCount))
    }()

    static func raw(_ document: GeneratedDocument) -> Fazhi_V1_RawDocument {
        var raw = Fazhi_V1_RawDocument()
        raw.content = Data(document.bytes)
        raw.sourceURL = document.sourceURL
        return raw
    }

    static func ingest(_ documents: [GeneratedDocument], client: FrameClient, batch: Int = 20) async throws -> [Fazhi_V1_IngestResult] {
        var results: [Fazhi_V1_IngestResult] = []
        var start = 0
        while start < documents.count {
            var request = Fazhi_V1_IngestRequest()
            request.documents = documents[start..<min(start + batch, documents.count)].map(Self.raw)
            let response = try await client.call(FazhiMethod.Gateway.ingest, request, as: Fazhi_V1_IngestResponse.self, options: .init(timeout: .seconds(120)))
            results += response.results
            start += batch
        }
        return results
    }

    static func search(_ query: String, client: FrameClient, limit: UInt32 = 1000) async throws -> Fazhi_V1_SearchResponse {
        var request = Fazhi_V1_SearchRequest()
        request.query = query
        request.limit = limit
        request.facets = ["year", "level"]
        return try await client.call(FazhiMethod.Gateway.search, request, as: Fazhi_V1_SearchResponse.self)
    }

    @Test("ingest, search, get, aggregate and compliance agree with the generator's truth")
    func wholeSystem() async throws {
        let cluster = try Cluster(shards: 2)
        try await cluster.run { _, client in
            let results = try await Self.ingest(Self.corpus, client: client)
            #expect(results.count == Self.documentCount)
            let failed = results.filter { $0.outcome == .failed }
            #expect(failed.isEmpty, "failed: \(failed.prefix(3).map { "\($0.index): \($0.status.message)" })")
            #expect(results.allSatisfy { $0.outcome == .ingested })
            #expect(Set(results.map(\.docID)).count == Self.documentCount)

            // Re-ingesting is idempotent: every document unchanged.
            let again = try await Self.ingest(Array(Self.corpus.prefix(20)), client: client)
            #expect(again.allSatisfy { $0.outcome == .unchanged })

            // Every stored report comes back, and its text is the truth's.
            var texts: [String: String] = [:]
            for (document, result) in zip(Self.corpus, results) {
                var get = Fazhi_V1_GetRequest()
                get.docID = result.docID
                let report = try await client.call(FazhiMethod.Gateway.get, get, as: Fazhi_V1_GetResponse.self).report
                #expect(report.docID == result.docID)
                #expect(report.metadata.title == document.truth.metadata.title)
                #expect(report.metadata.reportYear == Int32(document.truth.metadata.reportYear ?? 0), "\(document.id) year")
                #expect(report.metadata.publishedDate.year == Int32(document.truth.metadata.publishedDate?.year ?? 0), "\(document.id) published \(report.metadata.publishedDate) vs \(String(describing: document.truth.metadata.publishedDate))")
                texts[result.docID] = report.text
            }

            // List pages through every shard: each report exactly once.
            var listed: [String] = []
            var cursor = ""
            repeat {
                var list = Fazhi_V1_ListRequest()
                list.cursor = cursor
                list.limit = 7
                let page = try await client.call(FazhiMethod.Gateway.list, list, as: Fazhi_V1_ListResponse.self)
                listed += page.reports.map(\.docID)
                cursor = page.nextCursor
            } while !cursor.isEmpty
            #expect(listed.count == Self.documentCount)
            #expect(Set(listed) == Set(results.map(\.docID)))

            // Zero misses and no false hits, end to end, for terms of every length.
            for term in ["行政复议", "调解", "法", "法治政府建设", "复议", "2023"] {
                let expected = texts.filter { FoldedText($0.value).folded.contains(FoldedText.fold(term)) }.count
                let started = ContinuousClock.now
                let response = try await Self.search(term, client: client)
                let elapsed = ContinuousClock.now - started
                #expect(response.totalHits == UInt64(expected), "\(term): \(response.totalHits) hits, \(expected) documents contain it")
                #expect(response.shardsTotal == 2 && response.shardsAnswered == 2)
                // The timings nest: the wait on the shards (two round trips) inside the
                // gateway's own time, inside what the caller saw.
                #expect(response.shardsMicros > 0 && response.shardsMicros <= response.tookMicros)
                #expect(Duration.microseconds(Int64(response.tookMicros)) <= elapsed)
            }

            // Aggregates: facts of an indicator per year, as the truth counts them.
            var aggregate = Fazhi_V1_AggregateRequest()
            aggregate.indicators = ["disputes_mediated"]
            aggregate.groupBy = ["year"]
            // Years mix county, township and department reports: summing them is refused
            // unless asked for, because higher levels' totals include the lower ones'.
            do {
                _ = try await client.call(FazhiMethod.Gateway.aggregate, aggregate, as: Fazhi_V1_AggregateResponse.self)
                Issue.record("a cross-level sum was not refused")
            } catch let error as WireError {
                #expect(error.code == .failedPrecondition)
            }
            aggregate.allowCrossLevelSum = true
            // The truth, aggregated by the library as a perfect parser's output would be.
            var truthTable = FactsTable()
            _ = truthTable.add(Self.corpus.map { document in
                let truth = document.truth
                return ReportRecord(ParsedReport(
                    docID: truth.id, contentSHA256: "sha-\(truth.id)", kind: truth.kind, metadata: truth.metadata,
                    sections: truth.sections, partsPresent: truth.partsPresent, partsMissing: truth.partsMissing,
                    facts: truth.facts, text: truth.body
                ))
            })
            // The report year's own figures (the default), then the running totals alone.
            var otherPeriods: UInt64 = 0
            for period in [Fazhi_V1_Period.unspecified, .cumulative] {
                aggregate.period = period
                let table = try await client.call(FazhiMethod.Gateway.aggregate, aggregate, as: Fazhi_V1_AggregateResponse.self)
                let expected = AggregateMerge.finalize(
                    try AggregateMerge.merge([truthTable.aggregate(AggregateQuery(aggregate))], query: AggregateQuery(aggregate)))
                #expect(expected.contains { !$0.isGroupMarker }, "\(period)")
                #expect(table.groups.count == expected.count)
                for (row, truth) in zip(table.groups, expected) {
                    #expect(row.key == truth.key && row.indicator == truth.indicator && row.unit == truth.unit)
                    #expect(row.stats.count == truth.stats.count && row.stats.reports == truth.stats.reports, "\(row.key) \(row.unit)")
                    #expect(row.stats.reportsInGroup == truth.stats.reportsInGroup, "\(row.key)")
                    #expect(row.stats.otherPeriodCount == truth.stats.otherPeriodCount, "\(row.key)")
                    #expect(abs(row.stats.sum - truth.stats.sum) <= 1e-9 * max(1, abs(truth.stats.sum)))
                    #expect(row.stats.median == truth.stats.summary?.median ?? 0)
                    otherPeriods += row.stats.otherPeriodCount
                }
            }
            #expect(otherPeriods > 0)  // the corpus has figures of several windows
            // An earlier year's figures are not stored, and an unknown period is not guessed.
            for period in [Fazhi_V1_Period.previousYear, .UNRECOGNIZED(42)] {
                aggregate.period = period
                await #expect(throws: WireError.self) {
                    _ = try await client.call(FazhiMethod.Gateway.aggregate, aggregate, as: Fazhi_V1_AggregateResponse.self)
                }
                do {
                    _ = try await client.call(FazhiMethod.Gateway.aggregate, aggregate, as: Fazhi_V1_AggregateResponse.self)
                } catch let error as WireError {
                    #expect(error.code == .invalidArgument && error.message.contains("period"), "\(error.message)")
                }
            }

            // An unknown indicator or grouping field is the caller's error, naming it.
            for (indicators, groupBy, name) in [(["no_such_indicator"], ["year"], "no_such_indicator"), (["disputes_mediated"], ["colour"], "colour")] {
                var bad = Fazhi_V1_AggregateRequest()
                bad.indicators = indicators
                bad.groupBy = groupBy
                do {
                    _ = try await client.call(FazhiMethod.Gateway.aggregate, bad, as: Fazhi_V1_AggregateResponse.self)
                    Issue.record("an aggregate naming \(name) was accepted")
                } catch let error as WireError {
                    #expect(error.code == .invalidArgument)
                    #expect(error.message.contains(name), "\(error.message)")
                }
            }

            // Compliance: reports and on-time publications per year.
            var compliance = Fazhi_V1_ComplianceRequest()
            compliance.groupBy = ["year"]
            let complianceRows = try await client.call(FazhiMethod.Gateway.compliance, compliance, as: Fazhi_V1_ComplianceResponse.self).rows
            #expect(complianceRows.reduce(0) { $0 + $1.reports } == UInt64(Self.documentCount))
            let onTime = Self.corpus.filter { $0.truth.publishedOnTime == true }.count
            let unknown = Self.corpus.filter { $0.truth.publishedOnTime == nil }.count
            #expect(complianceRows.reduce(0) { $0 + $1.onTime } == UInt64(onTime))
            #expect(complianceRows.reduce(0) { $0 + $1.unknownDate } == UInt64(unknown))

            // A bad query is the caller's error, with the position.
            await #expect(throws: WireError.self) { _ = try await Self.search("\"unbalanced", client: client) }
            do {
                _ = try await Self.search("\"unbalanced", client: client)
            } catch let error as WireError {
                #expect(error.code == .invalidArgument)
            }
        }
    }

    @Test("one shard or two rank the same")
    func shardCountDoesNotChangeRanking() async throws {
        let documents = Array(Self.corpus.prefix(60))
        var rankings: [[(String, Double)]] = []
        for shards in [1, 2] {
            let cluster = try Cluster(shards: shards)
            let ranking = try await cluster.run { _, client in
                _ = try await Self.ingest(documents, client: client)
                var all: [(String, Double)] = []
                for query in ["行政复议 调解", "法治 -复议", "\"依法行政\""] {
                    all += try await Self.search(query, client: client, limit: 50).hits.map { ($0.docID, $0.score) }
                }
                return all
            }
            rankings.append(ranking)
        }
        #expect(rankings[0].map(\.0) == rankings[1].map(\.0))
        for (one, two) in zip(rankings[0], rankings[1]) {
            #expect(abs(one.1 - two.1) < 1e-9, "\(one.0): \(one.1) vs \(two.1)")
        }
    }

    @Test("a dead parser and one stopped mid-ingest lose and duplicate nothing")
    func parserFailures() async throws {
        let dead = try ClosedPort()  // refuses connections until the test ends
        let cluster = try Cluster(shards: 2)
        try await cluster.run(extraParsers: [Endpoint(host: "127.0.0.1", port: dead.port)]) { _, client in
            let documents = Array(Self.corpus.prefix(80))
            var results = try await Self.ingest(Array(documents.prefix(20)), client: client, batch: 10)
            await cluster.stop("parser-0")
            results += try await Self.ingest(Array(documents.dropFirst(20)), client: client, batch: 10)
            #expect(results.filter { $0.outcome == .failed }.isEmpty)
            #expect(results.allSatisfy { $0.outcome == .ingested })
            let response = try await Self.search("法", client: client)
            #expect(response.totalHits == 80)
        }
        withExtendedLifetime(dead) {}
    }

    @Test("a stopped shard gives a partial result that says so; a short deadline gives DEADLINE_EXCEEDED")
    func partialAndDeadline() async throws {
        let cluster = try Cluster(shards: 2)
        try await cluster.run { _, client in
            _ = try await Self.ingest(Array(Self.corpus.prefix(30)), client: client)
            do {
                var request = Fazhi_V1_IngestRequest()
                request.documents = Self.corpus.suffix(40).map(Self.raw)
                _ = try await client.call(FazhiMethod.Gateway.ingest, request, as: Fazhi_V1_IngestResponse.self, options: .init(timeout: .milliseconds(5)))
                Issue.record("an ingest of 40 reports finished within 5 ms")
            } catch let error as WireError {
                #expect(error.code == .deadlineExceeded)
            }
            await cluster.stop("indexer-1")
            try await Task.sleep(nanoseconds: 200_000_000)
            let response = try await Self.search("法", client: client)
            #expect(response.shardsTotal == 2)
            #expect(response.shardsAnswered == 1)
            #expect(response.shardErrors.count == 1)
            #expect(response.totalHits < 30)
        }
    }

    static let seedsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/corpus/seeds")
    static var seedsAvailable: Bool { FileManager.default.fileExists(atPath: seedsDirectory.path) }

    @Test(
        "the real seed reports go through the whole system",
        .enabled(if: Self.seedsAvailable, "../shared/corpus/seeds is not present; skipping the seed reports")
    )
    func seeds() async throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.seedsDirectory.path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(names.count >= 5)
        let cluster = try Cluster(shards: 2)
        try await cluster.run { _, client in
            var request = Fazhi_V1_IngestRequest()
            var texts: [String] = []
            for name in names {
                let url = Self.seedsDirectory.appendingPathComponent(name)
                var raw = Fazhi_V1_RawDocument()
                raw.content = try Data(contentsOf: url)
                raw.sourceURL = url.absoluteString
                request.documents.append(raw)
                texts.append(try String(contentsOf: url, encoding: .utf8))
            }
            let response = try await client.call(FazhiMethod.Gateway.ingest, request, as: Fazhi_V1_IngestResponse.self, options: .init(timeout: .seconds(120)))
            #expect(response.results.count == names.count)
            for result in response.results {
                #expect(result.outcome == .ingested, "\(names[Int(result.index)]): \(result.status.message)")
            }
            // Every seed is found by a phrase it contains, cut from the middle of its own text.
            for (index, text) in texts.enumerated() {
                let scalars = Array(text.unicodeScalars)
                var start = scalars.count / 2
                while start + 4 < scalars.count, !scalars[start..<(start + 4)].allSatisfy({ $0.properties.isIdeographic }) { start += 1 }
                let phrase = String(String.UnicodeScalarView(scalars[start..<(start + 4)]))
                let hits = try await Self.search("\"\(phrase)\"", client: client, limit: 10)
                #expect(hits.hits.contains { $0.docID == response.results[index].docID }, "seed \(names[index]) not found by \(phrase)")
            }
            var compliance = Fazhi_V1_ComplianceRequest()
            compliance.groupBy = ["year"]
            let rows = try await client.call(FazhiMethod.Gateway.compliance, compliance, as: Fazhi_V1_ComplianceResponse.self).rows
            #expect(rows.reduce(0) { $0 + $1.reports } == UInt64(names.count))
        }
    }
}
