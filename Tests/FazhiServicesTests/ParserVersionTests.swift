import FazhiCache
import FazhiCorpus
import FazhiParserService
import FazhiParsing
import Testing

/// `ReportParser.version` is part of every cache key: a cache entry written by one version is
/// served to that version only. That is sound only if the version changes whenever the parser's
/// output for the same input does — otherwise an upgraded fazhi keeps serving reports its old
/// parser made. This test holds digests of a fixed set of inputs and of the exact bytes the
/// pipeline makes of them (what the cache stores, plus identity), taken with the current version.
@Suite("ReportParser.version follows the parser's output")
struct ParserVersionTests {
    /// The version the digests were recorded with, and the digests (lower-case hex SHA-256).
    static let recorded = (
        version: "0.3.5",
        inputs: "5355acefdce2e9ac701e63b4fb5b462e217f381d77adb09f6d2435bd6230c304",
        outputs: "f831de3ad23712b91853be50ccb6bf26803995ab60447919f962f20ff3a72b14"
    )
    /// Generated documents parsed: every level, format, encoding and trap the generator writes.
    static let documentCount = 200

    @Test("the same inputs give the same output under the same parser version")
    func outputMatchesVersion() throws {
        let pipeline = try ReportPipeline(configuration: .init())
        let generator = CorpusGenerator(seed: 2024)
        var inputs = SHA256()
        var outputs = SHA256()
        for index in 0..<Self.documentCount {
            let document = generator.generate(index: index)
            inputs.update(document.bytes)
            inputs.update(Array(document.sourceURL.utf8))
            let outcome: ReportPipeline.SerializedOutcome
            do {
                outcome = try pipeline.parseSerialized(document.bytes, contentType: nil, sourceURL: document.sourceURL, crawlDate: nil)
            } catch {
                outputs.update(Array("refused: \(error)".utf8))
                continue
            }
            outputs.update(outcome.report)
        }
        let measured = (inputs: Hex.encode(inputs.finalize()), outputs: Hex.encode(outputs.finalize()))
        let record = "record: version \"\(ReportParser.version)\", inputs \"\(measured.inputs)\", outputs \"\(measured.outputs)\""
        try #require(
            Self.recorded.version == ReportParser.version,
            "ReportParser.version is \(ReportParser.version), the digests were taken with \(Self.recorded.version); \(record)"
        )
        try #require(
            measured.inputs == Self.recorded.inputs,
            "the generated documents changed (a generator change), so the output digest cannot be compared; \(record)"
        )
        #expect(
            measured.outputs == Self.recorded.outputs,
            """
            the parser's output changed but ReportParser.version did not: bump it, or caches keep \
            serving the old parser's reports as this one's; then \(record)
            """
        )
    }
}
