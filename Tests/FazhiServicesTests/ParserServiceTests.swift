import FazhiCache
import FazhiClient
import FazhiParserService
import FazhiProto
import FazhiTestSupport
import FazhiTransport
import FazhiWire
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Testing

@Suite(.timeLimit(.minutes(1)))
struct ParserServiceTests {
    /// A small report in our own words.
    static let report = Array(
        """
        青川县司法局2023年法治政府建设年度报告
        发布日期：2024-03-20
        一、2023年推进法治政府建设的主要举措和成效
        全年共调解矛盾纠纷86件，调解成功率98%。组织法治讲座12场次。
        二、存在的不足和原因
        一是普法形式较为单一；二是专业人才不足。
        三、党政主要负责人履行推进法治建设第一责任人职责情况
        局党组书记带头学法，全年召开专题会议4次。
        四、2024年工作安排
        一是加强执法监督；二是深化法治宣传。
        青川县司法局
        2024年3月18日
        """.utf8
    )

    func withParser<Result: Sendable>(
        cacheDirectory: String?,
        _ body: (FrameClient, ParserService) async throws -> Result
    ) async throws -> Result {
        let cache = cacheDirectory.map { CacheStore.Configuration(directory: $0) }
        let service = try ParserService(
            configuration: .init(pipeline: .init(cache: cache)),
            logger: .testLogger
        )
        return try await withRunningService(service.core, run: { try await service.run() }) { client in
            try await body(client, service)
        }
    }

    func request(_ bytes: [UInt8], url: String = "") -> Fazhi_V1_ParseRequest {
        var request = Fazhi_V1_ParseRequest()
        request.document.content = Data(bytes)
        request.document.sourceURL = url
        return request
    }

    @Test("Parse returns a structured report; the same bytes again come from the cache")
    func parseAndCache() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-parser-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await self.withParser(cacheDirectory: directory) { client, _ in
            let first = try await client.call(FazhiMethod.Parser.parse, self.request(Self.report, url: "http://a.example/1"), as: Fazhi_V1_ParseResponse.self)
            #expect(!first.cacheHit)
            #expect(first.report.metadata.reportYear == 2023)
            #expect(first.report.kind == .annualReport)
            #expect(first.report.facts.contains { $0.value == 86 && $0.unit == "件" })
            #expect(first.report.docID.count == 64)
            #expect(first.report.contentSha256.count == 64)

            // Same bytes from another URL: a cache hit, with this request's identity.
            let second = try await client.call(FazhiMethod.Parser.parse, self.request(Self.report, url: "http://b.example/2"), as: Fazhi_V1_ParseResponse.self)
            #expect(second.cacheHit)
            #expect(second.report.sourceURL == "http://b.example/2")
            #expect(second.report.docID != first.report.docID)
            var comparable = second.report
            comparable.docID = first.report.docID
            comparable.sourceURL = first.report.sourceURL
            #expect(comparable == first.report)
        }
    }

    @Test("a corrupt cache entry is recomputed, never served")
    func corruptEntry() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-parser-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await self.withParser(cacheDirectory: directory) { client, service in
            let first = try await client.call(FazhiMethod.Parser.parse, self.request(Self.report), as: Fazhi_V1_ParseResponse.self)
            // Flip one byte in every entry file.
            let files = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String }
                .filter { !$0.hasPrefix(".") && $0.contains("/") } ?? []
            #expect(!files.isEmpty)
            for file in files {
                let url = URL(fileURLWithPath: directory).appendingPathComponent(file)
                var bytes = try Data(contentsOf: url)
                bytes[bytes.count / 2] ^= 0x40
                try bytes.write(to: url)
            }
            let second = try await client.call(FazhiMethod.Parser.parse, self.request(Self.report), as: Fazhi_V1_ParseResponse.self)
            #expect(!second.cacheHit)
            #expect(second.report == first.report)
            #expect(service.pipeline.cache?.stats().corruptEntriesRemoved == 1)
        }
    }

    @Test("bad input is INVALID_ARGUMENT with the reason", arguments: [
        ([], "empty"),
        ([0x00, 0x01, 0x02, 0x03, 0x00, 0xFF], "binary"),
    ] as [([UInt8], String)])
    func badInput(bytes: [UInt8], reason: String) async throws {
        try await self.withParser(cacheDirectory: nil) { client, _ in
            let error = await #expect(throws: WireError.self) {
                try await client.call(FazhiMethod.Parser.parse, self.request(bytes), as: Fazhi_V1_ParseResponse.self)
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains(reason) == true, "\(String(describing: error))")
        }
    }

    @Test("ParseBatch: a bad document fails alone, in request order")
    func batch() async throws {
        try await self.withParser(cacheDirectory: nil) { client, _ in
            var request = Fazhi_V1_ParseBatchRequest()
            request.documents = [Self.report, [], Self.report].map { bytes in
                var document = Fazhi_V1_RawDocument()
                document.content = Data(bytes)
                return document
            }
            let response = try await client.call(FazhiMethod.Parser.parseBatch, request, as: Fazhi_V1_ParseBatchResponse.self)
            #expect(response.results.count == 3)
            #expect(response.results[0].status.code == .ok)
            #expect(response.results[1].status.code == .invalidArgument)
            #expect(response.results[2].status.code == .ok)
            #expect(response.results[0].report.metadata.reportYear == 2023)
        }
    }

    @Test("a request without a document is INVALID_ARGUMENT")
    func missingDocument() async throws {
        try await self.withParser(cacheDirectory: nil) { client, _ in
            let error = await #expect(throws: WireError.self) {
                try await client.call(FazhiMethod.Parser.parse, Fazhi_V1_ParseRequest(), as: Fazhi_V1_ParseResponse.self)
            }
            #expect(error?.code == .invalidArgument)
        }
    }

    @Test("a cache hit carries this request's identity and nothing of the one that stored it")
    func hitIdentity() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-parser-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await self.withParser(cacheDirectory: directory) { client, _ in
            var stored = self.request(Self.report, url: "http://a.example/1")
            stored.document.crawlDate = "2024-05-01"
            let first = try await client.call(FazhiMethod.Parser.parse, stored, as: Fazhi_V1_ParseResponse.self)
            #expect(!first.cacheHit)
            #expect(first.report.metadata.crawlDate.year == 2024)

            // No URL and no crawl date: the doc id is the content hash, nothing else is set.
            let bare = try await client.call(FazhiMethod.Parser.parse, self.request(Self.report), as: Fazhi_V1_ParseResponse.self)
            #expect(bare.cacheHit)
            #expect(bare.report.sourceURL.isEmpty)
            #expect(bare.report.docID == bare.report.contentSha256)
            #expect(!bare.report.metadata.hasCrawlDate)

            // The same as parsing afresh with that identity.
            var fresh = self.request(Self.report)
            fresh.bypassCache = true
            let reparsed = try await client.call(FazhiMethod.Parser.parse, fresh, as: Fazhi_V1_ParseResponse.self)
            #expect(!reparsed.cacheHit)
            #expect(reparsed.report == bare.report)

            // Another URL and date on a hit are this request's.
            var other = self.request(Self.report, url: "http://b.example/2")
            other.document.crawlDate = "2025-01-02"
            let second = try await client.call(FazhiMethod.Parser.parse, other, as: Fazhi_V1_ParseResponse.self)
            #expect(second.cacheHit)
            #expect(second.report.sourceURL == "http://b.example/2")
            #expect(second.report.metadata.crawlDate.year == 2025)
            var comparable = second.report
            comparable.docID = first.report.docID
            comparable.sourceURL = first.report.sourceURL
            comparable.metadata.crawlDate = first.report.metadata.crawlDate
            #expect(comparable == first.report)
        }
    }

    @Test("ParseBatch from the cache returns the same reports, failures in place")
    func batchFromCache() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-parser-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await self.withParser(cacheDirectory: directory) { client, _ in
            var request = Fazhi_V1_ParseBatchRequest()
            request.documents = [(Self.report, "http://a.example/1"), ([], ""), (Self.report, "")].map { bytes, url in
                var document = Fazhi_V1_RawDocument()
                document.content = Data(bytes)
                document.sourceURL = url
                return document
            }
            let first = try await client.call(FazhiMethod.Parser.parseBatch, request, as: Fazhi_V1_ParseBatchResponse.self)
            let second = try await client.call(FazhiMethod.Parser.parseBatch, request, as: Fazhi_V1_ParseBatchResponse.self)
            // Documents of one batch are parsed concurrently: the two copies may both miss.
            #expect(!first.results[1].cacheHit)
            #expect(second.results.map(\.cacheHit) == [true, false, true])
            #expect(second.results[1].status.code == .invalidArgument)
            #expect(second.results[0].report == first.results[0].report)
            #expect(second.results[2].report == first.results[2].report)
            #expect(second.results[0].report.sourceURL == "http://a.example/1")
            #expect(second.results[2].report.docID == second.results[2].report.contentSha256)
        }
    }
}
