import FazhiCache
import FazhiParserService
import FazhiTestSupport
import Testing

@Suite("ReportPipeline: deferred cache writes")
struct ReportPipelineTests {
    @Test("a deferred entry is not in the cache until stored; then the same bytes are a hit")
    func deferredStore() throws {
        let directory = TemporaryDirectory("fazhi-pipeline")
        defer { directory.remove() }
        let pipeline = try ReportPipeline(configuration: .init(cache: CacheStore.Configuration(directory: directory.path)))
        let url = "https://sfj.example.gov.cn/2024/report.html"

        let first = try pipeline.parseSerialized(ParserServiceTests.report, contentType: nil, sourceURL: url, crawlDate: nil, deferringStore: true)
        #expect(!first.cacheHit)
        let entry = try #require(first.pendingEntry)
        let again = try pipeline.parseSerialized(ParserServiceTests.report, contentType: nil, sourceURL: url, crawlDate: nil, deferringStore: true)
        #expect(!again.cacheHit, "nothing was written yet")
        #expect(again.report == first.report)

        #expect(pipeline.store([entry]) == 1)
        let hit = try pipeline.parseSerialized(ParserServiceTests.report, contentType: nil, sourceURL: url, crawlDate: nil, deferringStore: true)
        #expect(hit.cacheHit)
        #expect(hit.pendingEntry == nil)
        #expect(hit.report == first.report, "a hit sends exactly the bytes a parse sends")
    }

    @Test("without deferring, or without a cache, nothing is left to store")
    func nothingPending() throws {
        let directory = TemporaryDirectory("fazhi-pipeline")
        defer { directory.remove() }
        let cached = try ReportPipeline(configuration: .init(cache: CacheStore.Configuration(directory: directory.path)))
        let deferred = try cached.parseSerialized(ParserServiceTests.report, contentType: nil, sourceURL: nil, crawlDate: nil, deferringStore: true)
        let entry = try #require(deferred.pendingEntry)
        let stored = try cached.parseSerialized(ParserServiceTests.report, contentType: nil, sourceURL: nil, crawlDate: nil)
        #expect(stored.pendingEntry == nil)
        #expect(try cached.parseSerialized(ParserServiceTests.report, contentType: nil, sourceURL: nil, crawlDate: nil).cacheHit)

        let uncached = try ReportPipeline(configuration: .init())
        let outcome = try uncached.parseSerialized(ParserServiceTests.report, contentType: nil, sourceURL: nil, crawlDate: nil, deferringStore: true)
        #expect(outcome.pendingEntry == nil)
        #expect(uncached.store([entry]) == 0, "no cache, nothing stored")
    }
}
