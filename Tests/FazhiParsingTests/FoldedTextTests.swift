import FazhiCorpus
import FazhiParsing
import Testing

@Suite("FoldedText")
struct FoldedTextTests {
    @Test(
        "Folding rules",
        arguments: [
            ("２０２４年", "2024年"),
            ("９７．６％", "97.6%"),
            ("（一）加强領導", "(一)加强领导"),
            ("發佈日期：２０２５－０３－２０", "发布日期:2025-03-20"),
            ("ＡＢＣ abc XYZ", "abc abc xyz"),
            ("法治\u{3000}政府\u{A0}建设", "法治 政府 建设"),
            ("零\u{200B}宽\u{FEFF}字\u{00AD}符", "零宽字符"),
            ("。、“”〔〕——·〇", "。、“”〔〕——·〇"),
            ("①②㎡½", "①②㎡½"),
            ("｢半角｣､｡", "「半角」、。"),
            ("￥１２", "¥12"),
            ("⽇⽉", "日月"),
            ("\u{F9B5}", "例"),
            ("乾隆於是", "干隆于是"),
            ("法治政府建设年度报告", "法治政府建设年度报告"),
        ] as [(String, String)]
    )
    func folding(original: String, expected: String) {
        #expect(FoldedText.fold(original) == expected)
    }

    @Test("Offsets map back to the original bytes")
    func offsets() throws {
        let text = FoldedText("共调解纠纷１３０件，成功率９７．６％。")
        let folded = text.folded
        #expect(folded == "共调解纠纷130件,成功率97.6%。")
        let range = try #require(folded.utf8.firstRange(of: "130件".utf8))
        let lower = folded.utf8.distance(from: folded.utf8.startIndex, to: range.lowerBound)
        let upper = folded.utf8.distance(from: folded.utf8.startIndex, to: range.upperBound)
        #expect(text.originalText(forFolded: lower..<upper) == "１３０件")
        #expect(text.originalRange(forFolded: lower..<upper) == 15..<27)
        #expect(text.foldedRange(forOriginal: 15..<27) == lower..<upper)
        let indexRange = text.originalRange(forFolded: range)
        #expect(text.original[indexRange] == "１３０件")
        #expect(text.hasLengthChanges)
        #expect(FoldedText("纯简体文本，abc").hasLengthChanges == true)
        #expect(FoldedText("纯简体文本abc").hasLengthChanges == false)
    }

    @Test("Removed characters are excluded at the edges and kept inside")
    func deletions() {
        let text = FoldedText("a\u{200B}b")
        #expect(text.folded == "ab")
        #expect(text.originalRange(forFolded: 0..<1) == 0..<1)
        #expect(text.originalRange(forFolded: 1..<2) == 4..<5)
        #expect(text.originalRange(forFolded: 0..<2) == 0..<5)
        #expect(text.originalRange(forFolded: 1..<1) == 4..<4)
        #expect(text.foldedRange(forOriginal: 1..<4) == 1..<1)
        #expect(text.foldedRange(forOriginal: 2..<3) == 1..<1)
    }

    @Test("A bound inside a folded scalar widens to the whole original scalar")
    func insideScalar() {
        // U+35F2 (three UTF-8 bytes) folds to U+20D7E (four bytes).
        let text = FoldedText("x\u{35F2}y")
        #expect(text.folded == "x\u{20D7E}y")
        #expect(text.originalRange(forFolded: 2..<3) == 1..<4)
        #expect(text.foldedRange(forOriginal: 1..<4) == 1..<5)
    }

    /// Mapping any folded range (on scalar boundaries) back gives an original substring that
    /// folds to exactly that folded text, and the original bounds are scalar boundaries too.
    @Test("Round trip property on random strings", arguments: 0..<8)
    func roundTripProperty(seed: Int) throws {
        var generator = TestSupport.SplitMix64(seed: UInt64(seed) &+ 0x5EED)
        let pool: [Unicode.Scalar] =
            Array("aZ09 ,.法治政府國門發佈２０Ａｚ，：（）。、“”〇两万".unicodeScalars) + [
                "\u{3000}", "\u{A0}", "\u{200B}", "\u{FEFF}", "\u{00AD}", "\u{35F2}", "\u{20D7E}", "\u{205E3}",
                "\u{F9B5}",
                "\u{2F47}", "\u{FF61}", "\u{FFE5}", "é", "①", "\n",
            ]
        for _ in 0..<60 {
            var original = ""
            for _ in 0..<Int.random(in: 0...24, using: &generator) {
                original.unicodeScalars.append(pool.randomElement(using: &generator)!)  // '!' is fine: non-empty.
            }
            let text = FoldedText(original)
            let foldedBytes = Array(text.folded.utf8)
            let originalBytes = Array(text.original.utf8)
            var boundaries = [0]
            for scalar in text.folded.unicodeScalars { boundaries.append(boundaries.last! + String(scalar).utf8.count) }
            for (i, lower) in boundaries.enumerated() {
                for upper in boundaries[i...] {
                    let mapped = text.originalRange(forFolded: lower..<upper)
                    let slice = try #require(String(validating: originalBytes[mapped], as: UTF8.self))
                    let expected = String(decoding: foldedBytes[lower..<upper], as: UTF8.self)
                    #expect(FoldedText.fold(slice) == expected, "\(original.debugDescription) \(lower)..<\(upper)")
                    // And back again lands on the same folded range.
                    #expect(text.foldedRange(forOriginal: mapped) == lower..<upper)
                }
            }
        }
    }
}
