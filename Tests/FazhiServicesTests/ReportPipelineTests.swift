import FazhiCache
import FazhiParserService
import FazhiProto
import FazhiTestSupport
import Foundation
import SwiftProtobuf
import Testing
@testable import FazhiIndexerService

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

    @Test("an entry holding another content's report is a miss, and is replaced")
    func entryOfAnotherContent() throws {
        let directory = TemporaryDirectory("fazhi-pipeline")
        defer { directory.remove() }
        let pipeline = try ReportPipeline(configuration: .init(cache: CacheStore.Configuration(directory: directory.path)))
        let other = ParserServiceTests.report + Array("\n附：另一份文本。".utf8)
        let mine = try #require(
            try pipeline.parseSerialized(ParserServiceTests.report, contentType: nil, sourceURL: nil, crawlDate: nil, deferringStore: true)
                .pendingEntry
        )
        let theirs = try #require(
            try pipeline.parseSerialized(other, contentType: nil, sourceURL: nil, crawlDate: nil, deferringStore: true).pendingEntry
        )
        #expect(mine.value != theirs.value)
        // A sound entry (its checksums hold) under this content's key, but another report in it.
        #expect(pipeline.store([CacheStore.Entry(key: mine.key, value: theirs.value)]) == 1)
        let outcome = try pipeline.parseSerialized(ParserServiceTests.report, contentType: nil, sourceURL: nil, crawlDate: nil)
        #expect(!outcome.cacheHit, "the content hash inside the entry is not this content's")
        #expect(outcome.report.starts(with: mine.value))
        let again = try pipeline.parseSerialized(ParserServiceTests.report, contentType: nil, sourceURL: nil, crawlDate: nil)
        #expect(again.cacheHit, "the parse stored this content's report in its place")
        #expect(again.report == outcome.report)
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

    @Test("the compressed report decodes to the report sent, with its text first, on a miss, a deferred miss and a hit")
    func compressedHandOff() throws {
        let directory = TemporaryDirectory("fazhi-pipeline")
        defer { directory.remove() }
        let pipeline = try ReportPipeline(configuration: .init(cache: CacheStore.Configuration(directory: directory.path)))
        let url = "https://sfj.example.gov.cn/2024/report.html"
        for step in ["deferred miss", "miss", "hit"] {
            let outcome = try pipeline.parseSerialized(
                ParserServiceTests.report, contentType: nil, sourceURL: url, crawlDate: "2024-03-30",
                bypassCache: step != "hit", deferringStore: step == "deferred miss", withCompressed: true
            )
            #expect(outcome.cacheHit == (step == "hit"), "\(step)")
            #expect((outcome.pendingEntry != nil) == (step == "deferred miss"), "\(step)")
            // The entry stored is the one handed on: its body is the compressed bytes.
            if let entry = outcome.pendingEntry { #expect(pipeline.store([entry]) == 1) }
            let message = try Fazhi_V1_CompressedReport(serializedBytes: try #require(outcome.compressed, "\(step)"))
            let value = try Zlib.decompress(Array(message.zlib), limit: Int(message.length))
            #expect(value.count == Int(message.length), "\(step)")
            let handed = try Fazhi_V1_Report(serializedBytes: value + Array(message.suffix))
            let sent = try Fazhi_V1_Report(serializedBytes: outcome.report)
            #expect(handed == sent, "\(step)")
            #expect(!sent.text.isEmpty && !sent.docID.isEmpty && sent.sourceURL == url, "\(step)")
            // What the index shard checks before keeping the bytes as they are.
            let range = try #require(IndexerHandlers.leadingText(of: value, equalTo: sent.text), "\(step)")
            #expect(String(decoding: value[range], as: UTF8.self) == sent.text)
        }
        // Without the flag nothing compressed is sent.
        let plain = try pipeline.parseSerialized(ParserServiceTests.report, contentType: nil, sourceURL: url, crawlDate: nil)
        #expect(plain.cacheHit && plain.compressed == nil)
    }

    @Test("the shard keeps compressed bytes only when the text is their first field and equal")
    func leadingText() throws {
        var report = Fazhi_V1_Report()
        report.docID = "x"
        report.text = "全年办理行政复议案件12件。"
        let textFirst = ReportPipeline.textFirst(report)
        #expect(IndexerHandlers.leadingText(of: textFirst, equalTo: report.text) != nil)
        #expect(IndexerHandlers.leadingText(of: textFirst, equalTo: report.text + "。") == nil)
        #expect(IndexerHandlers.leadingText(of: textFirst, equalTo: "全年办理行政复议案件13件。") == nil, "same length, one byte differs")
        #expect(IndexerHandlers.leadingText(of: textFirst, equalTo: "仝年办理行政复议案件12件。") == nil, "differs in the first scalar")
        #expect(IndexerHandlers.leadingText(of: try report.serializedBytes(), equalTo: report.text) == nil, "doc_id comes first")
        #expect(IndexerHandlers.leadingText(of: Array(textFirst.prefix(8)), equalTo: report.text) == nil, "truncated")
        #expect(IndexerHandlers.leadingText(of: textFirst, equalTo: "") == 0..<0)
    }
}
