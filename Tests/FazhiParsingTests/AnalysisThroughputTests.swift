internal import Foundation
internal import Testing

@testable internal import FazhiParsing

/// Rough throughput of ``DocumentAnalyzer`` on the seed reports; run with
/// `FAZHI_PARSING_THROUGHPUT=1 swift test -c release --filter AnalysisThroughputTests`.
@Suite("Document analysis: throughput")
struct AnalysisThroughputTests {
    static var enabled: Bool {
        ProcessInfo.processInfo.environment["FAZHI_PARSING_THROUGHPUT"] == "1" && AnalysisSeedTests.seedsAvailable
    }

    @Test(
        "analyze on the seeds, as single reports and repeated to a few MB",
        .enabled(if: Self.enabled, "set FAZHI_PARSING_THROUGHPUT=1 (and have ../shared) to measure")
    )
    func throughput() throws {
        let seeds = try ["000", "001", "002", "003", "004"].map(AnalysisSeedTests.seedText)
        _ = Gazetteer.shared  // loading the table is not analysis
        let seedBytes = seeds.reduce(0) { $0 + $1.utf8.count }

        // Typical use: one report per call.
        var rounds = 0
        var start = TestSupport.now()
        while TestSupport.now() - start < 2 {
            for seed in seeds { _ = DocumentAnalyzer.analyze(text: seed, html: nil, sourceURL: nil) }
            rounds += 1
        }
        let perReport = Double(seedBytes * rounds) / (TestSupport.now() - start) / 1e6
        print("analyze, one seed per call: \(String(format: "%.1f", perReport)) MB/s (\(rounds) rounds)")

        // One large document (the seeds repeated to about 4 MB).
        let big = String(repeating: seeds.joined(separator: "\n"), count: 4_000_000 / seedBytes + 1)
        start = TestSupport.now()
        let document = DocumentAnalyzer.analyze(text: big, html: nil, sourceURL: nil)
        let large = Double(big.utf8.count) / (TestSupport.now() - start) / 1e6
        print("analyze, \(big.utf8.count / 1_000_000) MB document: \(String(format: "%.1f", large)) MB/s")
        #expect(!document.sections.isEmpty)
    }
}
