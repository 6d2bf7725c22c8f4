import FazhiParsing
import Foundation
import Testing

/// Throughput of the fact extractor on the seeds repeated to a few MB. It only runs when
/// `FAZHI_PARSING_THROUGHPUT=1` is set, and is meant for release builds:
/// `FAZHI_PARSING_THROUGHPUT=1 swift test -c release --filter FactThroughput`.
@Suite("Fact throughput")
struct FactThroughputTests {
    @Test("Fact extraction throughput (set FAZHI_PARSING_THROUGHPUT=1)", .enabled(if: ThroughputTests.enabled))
    func throughput() throws {
        guard let directory = TestSupport.seedDirectory() else {
            print("skipping fact throughput: ../shared/corpus/seeds not found beside the package")
            return
        }
        var seeds = ""
        for file in TestSupport.textFiles(in: directory) {
            seeds += String(decoding: try #require(TestSupport.readFile(file)), as: UTF8.self) + "\n"
        }
        var text = ""
        while text.utf8.count < 4 << 20 { text += seeds }
        let extractor = FactExtractor()
        var best = Double.infinity
        var count = 0
        for _ in 0..<5 {
            let start = TestSupport.now()
            count = extractor.extract(from: text, sections: []).count
            best = min(best, TestSupport.now() - start)
        }
        let megabytes = Double(text.utf8.count) / 1_048_576
        print("fact extraction: \(String(format: "%.1f", megabytes)) MB, \(count) facts, \(String(format: "%.1f", megabytes / best)) MB/s")
        #expect(count > 0)
    }
}
