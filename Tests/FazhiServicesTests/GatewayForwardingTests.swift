import FazhiCache
import FazhiIndexerService
import FazhiParserService
import FazhiProto
import FazhiTestSupport
import FazhiTransport
import FazhiWire
import Foundation
import Logging
import NIOCore
import SwiftProtobuf
import Synchronization
import Testing

@testable import FazhiGatewayService

/// The gateway reads parse results and the fields it routes by from bytes, as swift-protobuf
/// would decode them, and passes the reports on untouched.
struct GatewayForwardingTests {
    @Test("ForwardedReport reads doc id, title and kind as a decode would, merges included")
    func forwardedFields() throws {
        var stored = Fazhi_V1_Report()
        stored.kind = .informationDisclosureReport
        stored.metadata.title = "某市2023年法治政府建设年度报告"
        stored.text = "正文"
        var identity = Fazhi_V1_Report()
        identity.docID = "doc-1"
        identity.metadata.crawlDate.year = 2024  // a second metadata occurrence without a title
        let bytes: [UInt8] = try stored.serializedBytes() + identity.serializedBytes()
        let decoded = try Fazhi_V1_Report(serializedBytes: bytes)
        let forwarded = try #require(ForwardedReport(bytes))
        #expect(forwarded.docID == decoded.docID)
        #expect(forwarded.title == decoded.metadata.title)
        #expect(forwarded.kind == decoded.kind)
        #expect(forwarded.bytes == bytes)

        var retitled = Fazhi_V1_Report()
        retitled.metadata.title = "新标题"
        let later = try #require(ForwardedReport(bytes + (try retitled.serializedBytes() as [UInt8])))
        #expect(later.title == "新标题")
        #expect(ForwardedReport(Array(bytes.dropLast())) == nil)
        #expect(ForwardedReport([0x3A, 0x02, 0x0A, 0x05]) == nil)  // metadata whose title runs past its end
        #expect(ForwardedReport([])?.docID == "")
    }

    @Test("ParseBatchResponse results come out in order with their status or report bytes")
    func parseResults() throws {
        var ok = Fazhi_V1_ParseResult()
        ok.report.docID = "a"
        ok.cacheHit = true
        var failed = Fazhi_V1_ParseResult()
        failed.status.code = .invalidArgument
        failed.status.message = "empty input"
        var response = Fazhi_V1_ParseBatchResponse()
        response.results = [ok, failed, Fazhi_V1_ParseResult()]
        let results = try #require(ParsedDocument.results(of: try response.serializedBytes()))
        #expect(results.count == 3)
        #expect(try results[0].report.map { try Fazhi_V1_Report(serializedBytes: $0) } == ok.report)
        #expect(results[0].status == nil)
        #expect(results[1].report == nil && results[1].status == failed.status)
        #expect(results[2].report == nil && results[2].status == nil)
        #expect(ParsedDocument.results(of: [0x0A, 0x03, 0x12]) == nil)

        // Repeated occurrences of a result's report or status merge, as a decode merges them.
        var first = Fazhi_V1_Report()
        first.docID = "x"
        first.metadata.title = "标题"
        var second = Fazhi_V1_Report()
        second.metadata.reportYear = 2023
        var statusA = Fazhi_V1_Status()
        statusA.code = .notFound
        var statusB = Fazhi_V1_Status()
        statusB.message = "later"
        var result: [UInt8] = []
        ProtobufWire.appendLengthDelimited(2, try first.serializedBytes() as [UInt8], to: &result)
        ProtobufWire.appendLengthDelimited(1, try statusA.serializedBytes() as [UInt8], to: &result)
        ProtobufWire.appendLengthDelimited(2, try second.serializedBytes() as [UInt8], to: &result)
        ProtobufWire.appendLengthDelimited(1, try statusB.serializedBytes() as [UInt8], to: &result)
        var merged: [UInt8] = []
        ProtobufWire.appendLengthDelimited(1, result, to: &merged)
        let expected = try Fazhi_V1_ParseBatchResponse(serializedBytes: merged).results[0]
        let split = try #require(ParsedDocument.results(of: merged))
        #expect(split.count == 1)
        #expect(try split[0].report.map { try Fazhi_V1_Report(serializedBytes: $0) } == expected.report)
        #expect(split[0].status == expected.status)
        // A status that does not decode makes the whole response malformed, as for a decode.
        var badStatus: [UInt8] = []
        ProtobufWire.appendLengthDelimited(1, [0x12, 0x02, 0xFF, 0xFE], to: &badStatus)  // message: not UTF-8
        var badResponse: [UInt8] = []
        ProtobufWire.appendLengthDelimited(1, badStatus, to: &badResponse)
        #expect((try? Fazhi_V1_ParseBatchResponse(serializedBytes: badResponse)) == nil)
        #expect(ParsedDocument.results(of: badResponse) == nil)
        #expect(ParsedDocument.results(of: [0x10, 0x01])?.isEmpty == true)  // an unknown field only: no results
        // Results as a varint: an unknown field to a decode, passed over here too.
        #expect(try Fazhi_V1_ParseBatchResponse(serializedBytes: [0x08, 0x01]).results.isEmpty)
        #expect(ParsedDocument.results(of: [0x08, 0x01])?.isEmpty == true)
    }

    @Test("routing hashes Data, arrays and other sequences alike (FNV-1a's published values)")
    func routingHash() {
        let bytes = Array("foobar".utf8)
        #expect(Routing.fnv1a(bytes) == 0x8594_4171_F739_67E8)  // FNV-1a 64 of "foobar"
        #expect(Routing.fnv1a(Data(bytes)) == Routing.fnv1a(bytes))
        #expect(Routing.fnv1a(bytes.lazy.map { $0 }) == Routing.fnv1a(bytes))  // not contiguous
        #expect(Routing.fnv1a([UInt8]()) == 0xCBF2_9CE4_8422_2325)
    }
}

/// A report a shard cannot decode fails alone, although the gateway forwards reports undecoded.
@Suite(.timeLimit(.minutes(1)))
struct GatewayWriteFallbackTests {
    /// Sent as a plain report (IndexRequest field 1).
    static func report(_ id: String) throws -> ForwardedReport {
        var report = Fazhi_V1_Report()
        report.docID = id
        report.contentSha256 = "sha-\(id)"
        report.text = "全年办理行政复议案件\(id.count)件。"
        return try #require(ForwardedReport(try report.serializedBytes()))
    }

    /// Sent compressed (IndexRequest field 2), as a parser's cache entry: text first, identity after.
    static func compressed(_ id: String, zlib: [UInt8]? = nil) throws -> ForwardedReport {
        var report = Fazhi_V1_Report()
        report.contentSha256 = "sha-\(id)"
        report.text = "全年调解矛盾纠纷\(id.count)件。"
        let value = ReportPipeline.textFirst(report)
        var identity = Fazhi_V1_Report()
        identity.docID = id
        var message = Fazhi_V1_CompressedReport()
        message.zlib = Data(zlib ?? Zlib.compress(value, level: .fastest))
        message.length = UInt64(value.count)
        message.suffix = try identity.serializedData()
        return try #require(ForwardedReport(value + (try identity.serializedBytes()), compressed: try message.serializedBytes()))
    }

    @Test("a batch refused as INVALID_ARGUMENT is sent again report by report; only the bad one fails")
    func badReportFailsAlone() async throws {
        let directory = TemporaryDirectory("fazhi-gw-write")
        defer { directory.remove() }
        let service = try IndexerService(configuration: .init(dataDirectory: directory.path), logger: .testLogger)
        try await withRunningService(service.core, run: { try await service.run() }) { client in
            // Readable where the gateway looks (doc id, kind, title), not decodable as a whole:
            // its text is not UTF-8.
            var badBytes: [UInt8] = try { var r = Fazhi_V1_Report(); r.docID = "bad"; return try r.serializedBytes() }()
            badBytes += [0x72, 0x02, 0xC3, 0x28]  // field 14 (text), invalid UTF-8
            #expect((try? Fazhi_V1_Report(serializedBytes: badBytes)) == nil)
            let bad = try #require(ForwardedReport(badBytes))
            let ingestor = Ingestor(
                parsers: ParserPool(endpoints: [], client: .defaults, logger: .testLogger),
                indexers: [client], aggregators: [client], admission: Admission(limit: 100), maximumBatchBytes: 1 << 20
            )
            let outcome = await ingestor.write(
                [(0, try Self.report("good-1")), (1, bad), (2, try Self.report("good-2")), (3, try Self.compressed("packed-1")),
                 (4, try Self.compressed("bad-zlib", zlib: [0x78, 0x01, 0xFF, 0xFF])), (5, try Self.compressed("packed-2"))],
                clients: [client], role: "index shard", compressed: true, call: Ingestor.index
            )
            #expect(Set(outcome.failures.keys) == ["bad", "bad-zlib"])
            #expect(outcome.failures["bad"]?.code == .invalidArgument)
            #expect(outcome.failures["bad-zlib"]?.code == .invalidArgument)
            for id in ["good-1", "good-2", "packed-1", "packed-2"] {
                var get = Fazhi_V1_GetRequest()
                get.docID = id
                let stored = try await client.call(FazhiMethod.Indexer.get, get, as: Fazhi_V1_GetResponse.self).report
                #expect(stored.docID == id)
                #expect(stored.contentSha256 == "sha-\(id)")
                #expect(stored.text.hasSuffix("\(id.count)件。"))
            }
            // Found, with a snippet cut from the text read out of the compressed entry.
            var search = Fazhi_V1_SearchRequest()
            search.query = "\"调解矛盾纠纷\""
            search.snippets = 1
            let found = try await client.call(FazhiMethod.Indexer.search, search, as: Fazhi_V1_SearchResponse.self)
            #expect(Set(found.hits.map(\.docID)) == ["packed-1", "packed-2"])
            #expect(found.hits.allSatisfy { $0.snippets.first?.text.contains("调解矛盾纠纷") == true })
        }
    }

    @Test("a shard of a version before compressed reports gets the batch again as plain reports")
    func shardWithoutCompressedReports() async throws {
        let taken = Mutex<[String]>([])
        var router = RPCRouter()
        router.register(FazhiMethod.Indexer.index) { (request: Fazhi_V1_IndexRequest, _) -> Fazhi_V1_IndexResponse in
            // As an older build: compressed_reports is a field it does not know.
            let ids = request.reports.map(\.docID)
            taken.withLock { $0 += ids }
            var response = Fazhi_V1_IndexResponse()
            response.indexed = UInt32(ids.count)
            return response
        }
        try await withTestServer(router: router) { _, endpoint in
            try await withTestClient(endpoint) { client in
                let ingestor = Ingestor(
                    parsers: ParserPool(endpoints: [], client: .defaults, logger: .testLogger),
                    indexers: [client], aggregators: [client], admission: Admission(limit: 100), maximumBatchBytes: 1 << 20
                )
                let outcome = await ingestor.write(
                    [(0, try Self.compressed("c-1")), (1, try Self.report("p-1")), (2, try Self.compressed("c-2"))],
                    clients: [client], role: "index shard", compressed: true, call: Ingestor.index
                )
                #expect(outcome.failures.isEmpty)
                // First p-1 alone (the compressed ones were ignored), then the compressed ones as plain reports.
                #expect(taken.withLock { $0 } == ["p-1", "c-1", "c-2"])
            }
        }
    }

    @Test("the shard keeps a compressed report's bytes when its text comes first, and compresses it itself otherwise")
    func compressedBytesKept() async throws {
        let directory = TemporaryDirectory("fazhi-gw-write")
        defer { directory.remove() }
        let service = try IndexerService(configuration: .init(dataDirectory: directory.path), logger: .testLogger)
        try await withRunningService(service.core, run: { try await service.run() }) { client in
            var report = Fazhi_V1_Report()
            report.contentSha256 = "sha-long"
            report.text = String(repeating: "依法行政，严格执法。", count: 10_000)  // 300 KB, very repetitive
            // Stored blocks (level 0): kept as given, the store holds all 300 KB; compressed by the
            // shard, a few KB.
            func request(_ id: String, textFirst: Bool) throws -> Data {
                var withID = report
                withID.docID = id
                let value: [UInt8] = textFirst ? ReportPipeline.textFirst(withID) : try withID.serializedBytes()
                var message = Fazhi_V1_CompressedReport()
                message.zlib = Data(Zlib.compress(value, level: .init(0)))
                message.length = UInt64(value.count)
                var request = Fazhi_V1_IndexRequest()
                request.compressedReports = [message]
                return try request.serializedData()
            }
            func storeBytes() async throws -> UInt64 {
                try await client.call(FazhiMethod.Indexer.stats, Fazhi_V1_IndexStatsRequest(), as: Fazhi_V1_IndexStatsResponse.self).storeBytes
            }
            let before = try await storeBytes()
            _ = try await client.call(FazhiMethod.Indexer.index, serializedRequest: try request("kept", textFirst: true), as: Fazhi_V1_IndexResponse.self)
            let kept = try await storeBytes() - before
            _ = try await client.call(FazhiMethod.Indexer.index, serializedRequest: try request("recompressed", textFirst: false), as: Fazhi_V1_IndexResponse.self)
            let recompressed = try await storeBytes() - before - kept
            #expect(kept > 300_000, "\(kept) store bytes for the report kept as given")
            #expect(recompressed < 20_000, "\(recompressed) store bytes for the report the shard compressed")
            for id in ["kept", "recompressed"] {
                var get = Fazhi_V1_GetRequest()
                get.docID = id
                let stored = try await client.call(FazhiMethod.Indexer.get, get, as: Fazhi_V1_GetResponse.self).report
                #expect(stored.docID == id && stored.text == report.text)
            }

            // Declared lengths are summed before anything is inflated.
            var huge = Fazhi_V1_CompressedReport()
            huge.zlib = Data([0x78, 0x01])
            huge.length = 40 << 20
            var tooMuch = Fazhi_V1_IndexRequest()
            tooMuch.compressedReports = [huge, huge]
            let error = await #expect(throws: WireError.self) {
                _ = try await client.call(FazhiMethod.Indexer.index, tooMuch, as: Fazhi_V1_IndexResponse.self)
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains("inflate to more than") == true)
        }
    }
}
