internal import Testing

@testable internal import FazhiParsing

/// "Is it a report?", on texts written for these tests.
@Suite("Document analysis: document kind")
struct AnalysisKindTests {
    static func analyze(_ text: String) -> AnalyzedDocument {
        DocumentAnalyzer.analyze(text: text, html: nil, sourceURL: nil)
    }

    @Test("a report is an annual report with no reason")
    func report() {
        let document = Self.analyze("青石镇2023年法治政府建设年度报告\n一、主要举措和成效\n推进依法行政。")
        #expect(document.kind == .annualReport)
        #expect(document.kindReason.isEmpty)
    }

    @Test(
        "templates and essays with placeholders are not reports",
        arguments: [
            "xx市20XX年法治政府建设年度报告\n一、主要举措和成效\n推进依法行政。",
            "2024年法治政府建设工作报告（范文）\n*区坚持依法行政。\n一、主要举措和成效\nXX县开展普法××次。",
            "法治政府建设年度报告\n一、主要举措和成效\n本单位推进依法行政。\n□□□人民政府\n2024年X月X日",
        ]
    )
    func templates(text: String) {
        let document = Self.analyze(text)
        #expect(document.kind == .notAReport)
        #expect(document.kindReason.contains("placeholder"))
    }

    @Test("a 政府信息公开工作年度报告 is its own kind, by title or by its fixed sections")
    func disclosure() {
        let byTitle = Self.analyze("青石镇2023年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开信息。")
        #expect(byTitle.kind == .informationDisclosureReport)
        let bySections = Self.analyze(
            """
            青石镇2023年度报告
            一、总体情况
            二、主动公开政府信息情况
            第二十条第（一）项 规章 0 0 0
            三、收到和处理政府信息公开申请情况
            """
        )
        #expect(bySections.kind == .informationDisclosureReport)
        #expect(!bySections.kindReason.isEmpty)
    }

    @Test(
        "plans, notices and bulletins of the same columns are not reports",
        arguments: [
            ("青石镇2024年法治政府建设工作要点\n一、总体要求\n坚持依法行政。", "工作要点"),
            ("关于印发《青石镇2024年法治政府建设实施方案》的通知\n各村（社区）：\n现将方案印发给你们，请认真贯彻落实。", "实施方案"),
            ("关于2023年度法治政府建设考核结果的通报\n各村（社区）：\n现将考核结果通报如下。", "通报"),
        ]
    )
    func otherDocuments(text: String, word: String) {
        let document = Self.analyze(text)
        #expect(document.kind == .notAReport)
        #expect(document.kindReason == "the title names a \(word), not a report")
    }

    @Test("a report under another name, or after a column name, is still a report")
    func reportsUnderOtherNames() {
        #expect(Self.analyze("青石镇2023年法治政府建设工作总结\n一、主要举措和成效\n推进依法行政。").kind == .annualReport)
        #expect(Self.analyze("青石镇2023年度法治政府建设情况\n一、主要举措和成效\n推进依法行政。").kind == .annualReport)
        #expect(Self.analyze("通知公告\n青石镇2023年法治政府建设年度报告\n一、主要举措和成效\n推进依法行政。").kind == .annualReport)
    }

    @Test("a page with no report vocabulary is not a report")
    func noContent() {
        let document = Self.analyze("青石镇天气预报\n今日晴，气温十五度。\n明日多云。")
        #expect(document.kind == .notAReport)
        #expect(document.kindReason == "no report content")
    }

    @Test("empty text is not a report and has no sections")
    func empty() {
        let document = Self.analyze("")
        #expect(document.kind == .notAReport)
        #expect(document.body.isEmpty && document.sections.isEmpty)
        #expect(document.partsMissing == MandatedPart.required)
    }
}
