import FazhiIndex
import FazhiIndexerService
import FazhiProto
import FazhiTestSupport
import FazhiTransport
import FazhiWire
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import SwiftProtobuf
import Testing

/// The indexer stores reports as the bytes they came in, less the text it keeps beside them,
/// and gives back exactly the report it was sent.
@Suite(.timeLimit(.minutes(1)))
struct IndexerServiceTests {
    func withIndexer<Result: Sendable>(_ body: (FrameClient, IndexerService) async throws -> Result) async throws -> Result {
        let directory = TemporaryDirectory("fazhi-indexer")
        defer { directory.remove() }
        let service = try IndexerService(configuration: .init(dataDirectory: directory.path), logger: .testLogger)
        return try await withRunningService(service.core, run: { try await service.run() }) { client in
            try await body(client, service)
        }
    }

    static func report(_ id: String, text: String) -> Fazhi_V1_Report {
        var report = Fazhi_V1_Report()
        report.docID = id
        report.contentSha256 = "sha-\(id)"
        report.parserVersion = "test"
        report.kind = .annualReport
        report.metadata.title = "某县\(id)法治政府建设年度报告"
        report.metadata.reportYear = 2023
        report.text = text
        var fact = Fazhi_V1_Fact()
        fact.value = 120
        fact.unit = "件"
        report.facts = [fact]
        return report
    }

    static func get(_ id: String, _ client: FrameClient) async throws -> Fazhi_V1_Report {
        var request = Fazhi_V1_GetRequest()
        request.docID = id
        return try await client.call(FazhiMethod.Indexer.get, request, as: Fazhi_V1_GetResponse.self).report
    }

    @Test("Get returns the report sent, text included, also when it came as a merge of two messages")
    func roundTrip() async throws {
        try await self.withIndexer { client, service in
            let plain = Self.report("a", text: "全年共调解矛盾纠纷120件，调解成功率98%。")
            // What a parser sends for a cache hit: stored fields, then identity fields appended.
            var stored = Self.report("", text: "行政复议案件办理情况良好。")
            stored.metadata.clearCrawlDate()
            var identity = Fazhi_V1_Report()
            identity.docID = "b"
            identity.sourceURL = "http://b.example/"
            identity.metadata.crawlDate.year = 2024
            let merged: [UInt8] = try stored.serializedBytes() + identity.serializedBytes()
            var payload: [UInt8] = []
            ProtobufWire.appendLengthDelimited(1, try plain.serializedBytes() as [UInt8], to: &payload)
            ProtobufWire.appendLengthDelimited(1, merged, to: &payload)
            let response = try await client.call(FazhiMethod.Indexer.index, serializedRequest: Data(payload), as: Fazhi_V1_IndexResponse.self)
            #expect(response.indexed == 2)

            #expect(try await Self.get("a", client) == plain)
            // Stored as sent, less the text field (kept once, as the store's text).
            var plainBytes: [UInt8] = try plain.serializedBytes()
            let kept = try #require(try service.index.document("a"))
            #expect(kept.text == plain.text)
            let fields = try #require(ProtobufWire.fields(of: plainBytes))
            plainBytes = ProtobufWire.removingField(14, from: plainBytes, fields: fields)
            #expect(kept.blob == plainBytes)
            #expect(try #require(try service.index.document("b")).blob == ProtobufWire.removingField(14, from: merged, fields: try #require(ProtobufWire.fields(of: merged))))
            let expected = try Fazhi_V1_Report(serializedBytes: merged)
            let b = try await Self.get("b", client)
            #expect(b == expected)
            #expect(b.text == "行政复议案件办理情况良好。")
            #expect(b.metadata.title == stored.metadata.title && b.metadata.crawlDate.year == 2024)

            var list = Fazhi_V1_ListRequest()
            list.limit = 10
            let listed = try await client.call(FazhiMethod.Indexer.list, list, as: Fazhi_V1_ListResponse.self)
            #expect(listed.reports == [plain, expected])

            var search = Fazhi_V1_SearchRequest()
            search.query = "行政复议"
            let started = ContinuousClock.now
            let hits = try await client.call(FazhiMethod.Indexer.search, search, as: Fazhi_V1_SearchResponse.self)
            let elapsed = ContinuousClock.now - started
            #expect(hits.totalHits == 1)
            // The shard's own time, within what the caller saw; no wait on shards from a shard.
            #expect(hits.tookMicros > 0 && Duration.microseconds(Int64(hits.tookMicros)) <= elapsed)
            #expect(hits.shardsMicros == 0)
        }
    }

    @Test("a malformed IndexRequest or a report without doc_id is INVALID_ARGUMENT and stores nothing")
    func badRequests() async throws {
        try await self.withIndexer { client, _ in
            // Each bad payload starts with a valid report: a refused request stores none of it.
            var valid: [UInt8] = []
            ProtobufWire.appendLengthDelimited(1, try Self.report("ok", text: "正文").serializedBytes() as [UInt8], to: &valid)
            var missingID: [UInt8] = []
            ProtobufWire.appendLengthDelimited(1, try Self.report("", text: "正文").serializedBytes() as [UInt8], to: &missingID)
            var notAReport: [UInt8] = []
            ProtobufWire.appendLengthDelimited(1, [0x0A, 0x05, 0x61], to: &notAReport)  // a string running past its end
            var notUTF8: [UInt8] = []
            ProtobufWire.appendLengthDelimited(1, [0x72, 0x02, 0xC3, 0x28], to: &notUTF8)  // text that is not UTF-8
            let payloads: [[UInt8]] = [
                [0x0A, 0x09, 0x01], valid + [0x08, 0x01], valid + notAReport, valid + notUTF8, valid + missingID, valid + [0x0B],
            ]
            for payload in payloads {
                do {
                    _ = try await client.call(FazhiMethod.Indexer.index, serializedRequest: Data(payload), as: Fazhi_V1_IndexResponse.self)
                    Issue.record("accepted \(payload.prefix(8))")
                } catch let error as WireError {
                    #expect(error.code == .invalidArgument)
                }
            }
            let stats = try await client.call(FazhiMethod.Indexer.stats, Fazhi_V1_IndexStatsRequest(), as: Fazhi_V1_IndexStatsResponse.self)
            #expect(stats.documents == 0)
        }
    }
}
