import FazhiParsing
import Testing

/// Checks against the real seed reports in `../shared/corpus/seeds`, when that directory exists.
@Suite("Seed corpus")
struct SeedCorpusTests {
    @Test("Every seed decodes as UTF-8 and folds with an exact round trip")
    func seeds() throws {
        guard let directory = TestSupport.seedDirectory() else {
            print("skipping seed corpus checks: ../shared/corpus/seeds not found beside the package")
            return
        }
        let files = TestSupport.textFiles(in: directory)
        try #require(!files.isEmpty, "no seed files in \(directory)")
        for file in files {
            let bytes = try #require(TestSupport.readFile(file))
            let source = try SourceText(bytes: bytes, sourceURL: file)
            #expect(source.decoded.encoding == .utf8, "\(file)")
            #expect(source.decoded.isHTML == false, "\(file)")
            #expect(source.decoded.plausibility > 0.95, "\(file)")
            #expect(source.text == String(decoding: bytes, as: UTF8.self))

            // Every line maps back to itself through the folded view.
            let folded = source.folded
            var foldedOffset = 0
            for line in folded.folded.split(separator: "\n", omittingEmptySubsequences: false) {
                let range = foldedOffset..<(foldedOffset + line.utf8.count)
                let original = folded.originalText(forFolded: range)
                #expect(FoldedText.fold(String(original)) == String(line))
                foldedOffset = range.upperBound + 1
            }
            // Simplified seeds keep every Han character when folded.
            let originalHan = source.text.unicodeScalars.filter { $0.value >= 0x4E00 && $0.value <= 0x9FFF }
            let foldedHan = folded.folded.unicodeScalars.filter { $0.value >= 0x4E00 && $0.value <= 0x9FFF }
            #expect(Array(originalHan) == Array(foldedHan), "\(file)")

            // The same report as GB18030 bytes decodes to the same text.
            let gb = try #require(TestSupport.encode(source.text, as: "GB18030"))
            let redecoded = try InputDecoder().decode(gb)
            #expect(redecoded.encoding == .gb18030 && redecoded.text == source.text, "\(file)")
        }
    }

    @Test("Numbers in a seed report are found")
    func seedNumbers() throws {
        guard let directory = TestSupport.seedDirectory() else {
            print("skipping seed number checks: ../shared/corpus/seeds not found beside the package")
            return
        }
        let file = try #require(
            TestSupport.textFiles(in: directory).first { $0.hasSuffix("/002_771bdef8272d9d62.txt") }
        )
        let source = try SourceText(bytes: try #require(TestSupport.readFile(file)))
        let scanner = ChineseNumberScanner(source.folded.folded)
        let values = Set(scanner.numbers().compactMap { $0.form == .cardinal ? $0.doubleValue : nil })
        for expected in [502.0, 490, 97.6, 2859, 2620, 91.6, 1549, 617_000, 463, 156] {
            #expect(values.contains(expected), "\(expected)")
        }
    }
}
