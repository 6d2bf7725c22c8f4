internal import FazhiCorpus
internal import Testing

@testable internal import FazhiParsing

/// The analyzer never crashes or hangs, and its ranges always lie inside its body.
@Suite("Document analysis: robustness")
struct AnalysisRobustnessTests {
    /// Checks the invariants every result must satisfy.
    static func checkInvariants(_ document: AnalyzedDocument, _ label: String) {
        let count = document.body.utf8.count
        for (index, section) in document.sections.enumerated() {
            #expect(section.headingRange.lowerBound >= 0 && section.headingRange.upperBound <= count, "\(label)")
            #expect(section.bodyRange.lowerBound >= 0 && section.bodyRange.upperBound <= count, "\(label)")
            #expect(section.headingRange.upperBound <= section.bodyRange.lowerBound + 1, "\(label)")
            if let parent = section.parent {
                #expect(parent < index && document.sections[parent].depth == section.depth - 1, "\(label)")
            }
        }
        #expect(document.partsPresent == document.partsPresent.sorted(), "\(label)")
    }

    @Test("edge inputs", .timeLimit(.minutes(1)))
    func edges() {
        let big = String(repeating: "法", count: 10_000_000 / 3)
        let inputs = [
            "", "\n", " ", "一、", "(一)", "1.", "一是", "2020112", "•", "发布日期：", "首页 >", "报告", big,
            String(repeating: "一、一是\n", count: 20_000), String(repeating: "(", count: 100_000),
            String(repeating: "20XX年X月X日", count: 10_000),
        ]
        for input in inputs {
            let document = DocumentAnalyzer.analyze(text: input, html: nil, sourceURL: nil)
            Self.checkInvariants(document, String(input.prefix(20)))
        }
    }

    @Test("random text built from report fragments and random CJK", .timeLimit(.minutes(2)))
    func fuzz() {
        var generator = TestSupport.SplitMix64(seed: 0x5EED_F00D)
        let fragments = [
            "一、", "二、", "(一)", "（二）", "1.", "2、", "(1)", "①", ")", "一是", "二是", "三是", "。", "；", "，", ":", "：",
            "\n", " ", "　", "•", "发布日期：", "来源:", "索引号", "【发布日期】", " | ", "首页 > ", "您当前的位置：",
            "分享到", "2024年", "2025年1月20日", "2020112", "20XX年", "xx市", "××", "□□", "存在问题", "下一步工作打算",
            "第一责任人", "主要举措和成效", "改进情况", "其他需要报告的情况", "法治政府建设", "报告", "中共渠县县委、渠县人民政府:",
            "渠县人民政府渠南街道办事处", "南山区", "健全行政决策制度体系", "主动公开政府信息情况", "第二十条第(一)项",
        ]
        for round in 0..<400 {
            var text = ""
            let pieces = Int.random(in: 0..<200, using: &generator)
            for _ in 0..<pieces {
                if Bool.random(using: &generator) {
                    text += fragments.randomElement(using: &generator)!  // '!' is fine: the list is not empty
                } else {
                    let scalar = UInt32.random(in: 0x4E00...0x9FFF, using: &generator)
                    text.unicodeScalars.append(Unicode.Scalar(scalar)!)  // '!' is fine: CJK unified ideographs are valid
                }
            }
            let document = DocumentAnalyzer.analyze(text: text, html: nil, sourceURL: nil)
            Self.checkInvariants(document, "round \(round)")
        }
    }
}
