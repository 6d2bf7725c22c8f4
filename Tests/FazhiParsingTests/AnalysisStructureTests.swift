internal import Testing

@testable internal import FazhiParsing

/// Headings, the section tree, mandated parts, areas and items, on texts written for these tests.
@Suite("Document analysis: structure")
struct AnalysisStructureTests {
    static func analyze(_ text: String) -> AnalyzedDocument {
        DocumentAnalyzer.analyze(text: text, html: nil, sourceURL: nil)
    }

    @Test(
        "heading forms",
        arguments: [
            ("一、主要举措和成效", "一、", "主要举措和成效"),
            ("（二）健全行政执法工作体系", "（二）", "健全行政执法工作体系"),
            ("(三)坚持依法决策。一是建立清单;二是落实审查。", "(三)", "坚持依法决策"),
            ("1.加强学法培训", "1.", "加强学法培训"),
            ("2、丰富宣传形式，扩大覆盖面", "2、", "丰富宣传形式，扩大覆盖面"),
            ("(1)完善制度", "(1)", "完善制度"),
            ("①强化督查", "①", "强化督查"),
            ("第一部分 工作回顾", "第一部分", "工作回顾"),
            (")规范行政权力", ")", "规范行政权力"),
        ]
    )
    func headingForms(line: String, numbering: String, heading: String) throws {
        let match = try #require(HeadingScanner.scan(TextLine.split(line)[0]))
        #expect(match.numbering == numbering)
        #expect(match.heading == heading)
    }

    @Test("lines are cleaned, and their UTF-8 lengths and offsets agree with their text")
    func lineSplitting() {
        // 1-, 2-, 3- and 4-byte scalars, runs of ASCII and ideographic spaces, a control byte,
        // a zero-width joiner, every line break form, and blank lines.
        let text = "  Café 法治\u{3000}\u{3000}建设 😀 x\r\n\u{1}第二\u{200D}行\u{2028}\n\n  \u{85}末行 é"
        let lines = TextLine.split(text)
        #expect(lines.map(\.text) == ["Café 法治 建设 😀 x", "第二行", "末行 é"])
        for line in lines {
            #expect(line.utf8Count == line.text.utf8.count)
            #expect(line.normalized.count == line.scalars.count)
            #expect(line.utf8Offset(ofScalar: line.count) == line.utf8Count)
            #expect(line.utf8Offset(ofScalar: 2) == String(String.UnicodeScalarView(line.scalars.prefix(2))).utf8.count)
        }
        let (bytes, starts) = TextLine.joinedUTF8(lines)
        #expect(String(decoding: bytes, as: UTF8.self) == lines.map(\.text).joined(separator: "\n"))
        #expect(starts == [0, lines[0].utf8Count + 1, lines[0].utf8Count + lines[1].utf8Count + 2])
    }

    @Test("lines that are not headings", arguments: ["2023年，全镇推进依法行政。", "1.5万人次参加学法考试。", "一是落实责任。", "正文"])
    func notHeadings(line: String) {
        #expect(HeadingScanner.scan(TextLine.split(line)[0]) == nil)
    }

    static let nested = """
        一、主要举措和成效
        （一）健全行政决策制度体系。全年审查合同五件。
        1.完善决策程序
        2.落实合法性审查
        （二）推进政务公开
        二、存在的不足和原因
        一是执法力量不足，二是宣传形式单一；三是经费保障不够。
        三、党政主要负责人履行推进法治建设第一责任人职责情况
        主要负责人带头学法。
        四、下一年度工作计划
        一要加强培训；二要完善制度。
        """

    @Test("the tree nests 一、 (一) 1. and byte ranges point into the body")
    func tree() throws {
        let document = Self.analyze(Self.nested)
        let sections = document.sections
        #expect(sections.map(\.depth) == [1, 2, 3, 3, 2, 1, 1, 1])
        #expect(sections[2].parent == 1 && sections[1].parent == 0 && sections[4].parent == 0)
        let bytes = Array(document.body.utf8)
        for section in sections {
            let heading = String(decoding: bytes[section.headingRange], as: UTF8.self)
            #expect(heading.hasPrefix(section.numbering))
            #expect(heading.contains(section.heading))
        }
        let runIn = String(decoding: bytes[sections[1].headingRange], as: UTF8.self)
        #expect(runIn == "（一）健全行政决策制度体系。")
        let body = String(decoding: bytes[sections[5].bodyRange], as: UTF8.self)
        #expect(body == "一是执法力量不足，二是宣传形式单一；三是经费保障不够。")
        #expect(sections[1].area == "administrative_decision_making")
        #expect(sections[4].area == "oversight_transparency")
    }

    @Test("parts, problems and plans of a clean report")
    func cleanParts() {
        let document = Self.analyze(Self.nested)
        #expect(document.sections.filter { $0.depth == 1 }.map(\.parts) == [[.a], [.b], [.c], [.d]])
        #expect(document.partsPresent == [.a, .b, .c, .d])
        #expect(document.partsMissing.isEmpty)
        #expect(document.problems == ["执法力量不足", "宣传形式单一", "经费保障不够"])
        #expect(document.plans == ["加强培训", "完善制度"])
    }

    @Test("merged problems and plans: [B, D], split at the plan cue")
    func mergedParts() {
        let text = """
            一、加强组织领导 完善工作机制
            镇党委定期研究法治工作。
            二、存在问题及下一步工作打算
            工作中仍有差距，主要是：一是学法不够深入；二是普法阵地偏少。
            针对以上问题，我们计划采取以下措施：
            1.深化学法
            2.建设阵地
            3.强化考核
            """
        let document = Self.analyze(text)
        let top = document.sections.filter { $0.depth == 1 }
        #expect(top.map(\.parts) == [[.a], [.b, .d]])
        #expect(document.partsPresent == [.a, .b, .d])
        #expect(document.partsMissing == [.c])
        #expect(document.problems == ["学法不够深入", "普法阵地偏少"])
        #expect(document.plans == ["深化学法", "建设阵地", "强化考核"])
        // 组织领导 is a measure under A, not part C (the C rule in PartClassifier).
        #expect(top[0].area == "leadership_responsibility")
    }

    @Test("C first, then A, B0 and B in one section, then D")
    func cFirstAndB0() {
        let text = """
            一、党政主要负责人履行推进法治建设第一责任人职责方面
            主要负责人亲自部署。
            二、2023年度推进法治政府建设的主要举措和成效
            （一）健全行政执法工作体系。规范执法程序。
            三、法治政府建设中存在问题的改进情况、存在的不足和原因
            （一）2022年度法治政府建设中存在问题的改进情况。新增宣传阵地。
            （二）2023年度推进法治政府建设存在的不足和原因。一是力量不足；二是宣传不够。
            四、下一年度推进法治政府建设的工作计划
            （一）强化执法监督
            """
        let document = Self.analyze(text)
        let top = document.sections.filter { $0.depth == 1 }
        #expect(top.map(\.parts) == [[.c], [.a], [.b0, .b], [.d]])
        #expect(document.sections.filter { $0.depth == 2 }.map(\.parts) == [[], [.b0], [.b], []])
        #expect(document.partsPresent == [.a, .b0, .b, .c, .d])
        #expect(document.problems == ["力量不足", "宣传不够"])
        #expect(document.plans == ["强化执法监督"])
        #expect(document.metadata.reportYear == 2023)
    }

    @Test("no C, problems as sentences when there are no markers")
    func missingCAndSentences() {
        let text = """
            一、工作开展情况
            全年调解纠纷。
            二、存在问题
            部分干部法治意识不强。执法监督方式比较单一。
            三、下一步工作措施
            继续加强学法。持续开展普法。
            """
        let document = Self.analyze(text)
        #expect(document.partsPresent == [.a, .b, .d])
        #expect(document.partsMissing == [.c])
        #expect(document.problems == ["部分干部法治意识不强", "执法监督方式比较单一"])
        #expect(document.plans == ["继续加强学法", "持续开展普法"])
    }

    @Test(
        "纲要 areas from both vocabularies",
        arguments: [
            ("健全行政决策制度体系，不断提升行政决策公信力和执行力", "administrative_decision_making"),
            ("依法全面履行政府职能", "government_functions_services"),
            ("坚持严格规范公正文明执法", "administrative_enforcement"),
            ("强化对行政权力的制约和监督", "oversight_transparency"),
            ("依法有效化解社会矛盾纠纷", "dispute_resolution"),
            ("健全突发事件应对体系", "emergency_response"),
            ("健全法治政府建设科技保障体系，全面建设数字法治政府", "digital_government"),
            ("加强党的领导，完善法治政府建设推进机制", "leadership_responsibility"),
            ("完善依法行政制度体系", "rulemaking_normative_documents"),
            ("全面提高政府工作人员法治思维和依法行政能力", "legal_study_training"),
            ("深入开展普法宣传", "public_legal_education"),
            ("优化公共法律服务", "public_legal_services"),
            ("做好社区矫正工作", "special_populations"),
        ]
    )
    func areas(heading: String, area: String) {
        #expect(AreaClassifier.area(of: ScalarText.normalized(heading)) == area)
    }
}
