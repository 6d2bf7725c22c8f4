import FazhiCorpus
import FazhiParsing
import Foundation
import Testing

/// Offsets, robustness and the taxonomy resource.
@Suite("Fact extractor properties")
struct FactPropertyTests {
    static let extractor = FactExtractor()

    /// Checks the offset invariants of every fact of `text`.
    static func checkOffsets(_ text: String, sections: [Section] = []) {
        let bytes = Array(text.utf8)
        for fact in Self.extractor.extract(from: text, sections: sections) {
            #expect(fact.range.lowerBound >= 0 && fact.range.upperBound <= bytes.count)
            #expect(fact.sentenceRange.lowerBound <= fact.range.lowerBound)
            #expect(fact.range.upperBound <= fact.sentenceRange.upperBound)
            #expect(String(decoding: bytes[fact.range], as: UTF8.self) == fact.text)
            if let part = fact.partOf { #expect(part >= 0) }
        }
    }

    @Test("text[range] is the fact text and lies inside the sentence, on every seed")
    func seedOffsets() throws {
        guard let directory = TestSupport.seedDirectory() else {
            print("skipping seed offset checks: ../shared/corpus/seeds not found beside the package")
            return
        }
        for file in TestSupport.textFiles(in: directory) {
            Self.checkOffsets(String(decoding: try #require(TestSupport.readFile(file)), as: UTF8.self))
        }
    }

    @Test("Offsets with full-width forms, traditional characters and emoji before the facts")
    func mixedOffsets() {
        let text = "😀Ｈ報告：全年調解矛盾糾紛１２０件，其中口頭調解８２件。\n發放宣傳資料3000餘份；參考率和合格率均為100％。"
        Self.checkOffsets(text)
        let facts = Self.extractor.extract(from: text, sections: [])
        #expect(facts.first?.indicator == "disputes_mediated")
        #expect(facts.first?.value == 120)
        #expect(facts.contains { $0.indicator == "law_exam_pass_rate" })
    }

    @Test("Section is the innermost section holding the fact")
    func sections() {
        let text = "一、工作情况\n(一)调解\n全年调解矛盾纠纷30件。\n二、问题\n无。"
        let bytes = Array(text.utf8)
        let outer = Section(parent: nil, depth: 1, numbering: "一、", heading: "工作情况", headingRange: 0..<18, bodyRange: 18..<bytes.count - 12)
        let inner = Section(parent: 0, depth: 2, numbering: "(一)", heading: "调解", headingRange: 19..<30, bodyRange: 30..<bytes.count - 12)
        let facts = Self.extractor.extract(from: text, sections: [outer, inner])
        #expect(facts.count == 1)
        #expect(facts.first?.section == 1)
    }

    @Test("Random CJK, digits and punctuation never crash or hang")
    func fuzz() {
        var generator = TestSupport.SplitMix64(seed: 0xFA2_41)
        let alphabet = Array(
            "一二两三十百千万亿零〇余多近约超以上下左右均为达分别其中累计截至目前自月起年第件宗起单次场期人名户家份张个处项元%％．.,，、；;:：()（）“”\"+-~至0123456789０１２３ 　\n。调解纠纷矛盾法律咨询人次万元率参考无行政败诉每季度不少于"
                .unicodeScalars
        )
        for _ in 0..<400 {
            var text = String.UnicodeScalarView()
            let length = Int.random(in: 0..<300, using: &generator)
            for _ in 0..<length { text.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]) }
            Self.checkOffsets(String(text))
        }
        // Degenerate inputs.
        for text in ["", "1", "%", "余", "0件", String(repeating: "9", count: 5000) + "件", String(repeating: "一", count: 3000) + "次"] {
            Self.checkOffsets(text)
        }
    }

    @Test("The taxonomy loads, ids are unique, every indicator has units and phrasings")
    func taxonomy() throws {
        let taxonomy = IndicatorTaxonomy.shared
        #expect(taxonomy.indicators.count == 53)
        #expect(Set(taxonomy.indicators.map(\.id)).count == taxonomy.indicators.count)
        for indicator in taxonomy.indicators {
            #expect(!indicator.units.isEmpty && !indicator.phrasings.isEmpty, "\(indicator.id)")
            #expect(Set(indicator.weakPhrasings).isSubset(of: Set(indicator.phrasings)), "\(indicator.id)")
            #expect(Set(indicator.measurePhrasings).isSubset(of: Set(indicator.phrasings)), "\(indicator.id)")
            for subject in indicator.subjectIndicators {
                #expect(taxonomy.indicator(id: subject) != nil, "\(indicator.id) names \(subject)")
            }
            if !indicator.measurePhrasings.isEmpty {
                // A measure needs a subject to be named by something.
                let named = !indicator.subjectPhrasings.isEmpty || !indicator.subjectIndicators.isEmpty
                    || indicator.phrasings.count > indicator.measurePhrasings.count
                #expect(named, "\(indicator.id)")
            }
        }
        #expect(taxonomy.indicator(id: "fines_amount")?.area == "administrative_enforcement")
        #expect(taxonomy.indicator(id: "no_such_indicator") == nil)
        #expect(throws: (any Error).self) { try IndicatorTaxonomy.load(from: Data("{}".utf8)) }
        let small = try IndicatorTaxonomy.load(
            from: Data(#"[{"id":"x","name_en":"X","area":"a","phrasings":["测试"],"units":["件"]}]"#.utf8)
        )
        let facts = FactExtractor(taxonomy: small).extract(from: "测试5件。", sections: [])
        #expect(facts.map(\.indicator) == ["x"])

        // The optional keys: a measure phrasing links only after its subject.
        let json = #"[{"id":"y","name_en":"Y","area":"a","phrasings":["完成率"],"#
            + #""measure_phrasings":["完成率"],"subject_phrasings":["乙事项"],"units":["%"]}]"#
        let measured = try IndicatorTaxonomy.load(from: Data(json.utf8))
        #expect(measured.indicators.first?.measurePhrasings == ["完成率"])
        let extractor = FactExtractor(taxonomy: measured)
        #expect(extractor.extract(from: "乙事项完成率90%。", sections: []).map(\.indicator) == ["y"])
        #expect(extractor.extract(from: "甲事项完成率90%。", sections: []).map(\.indicator) == [nil])
    }
}
