internal import Testing

@testable internal import FazhiParsing

/// Metadata shapes the synthetic corpus exposed (each fixture written for this file).
@Suite("Document analysis: metadata shapes from the synthetic corpus")
struct AnalysisRoundTripFixTests {
    // The same body and helper as the metadata suite: these are more metadata cases.
    static var body: String { AnalysisMetadataTests.body }

    static func analyze(_ text: String) -> AnalyzedDocument {
        AnalysisMetadataTests.analyze(text)
    }

    @Test("a closing sentence naming the body is not a signature line")
    func closingSentenceIsNotSignature() {
        let document = Self.analyze("""
            青石县水务局2023年法治政府建设年度报告
            \(Self.body)
            今后，青石县水务局将在上级党委、政府的领导下，继续推进法治政府建设。
            青石县水务局
            2024年2月3日
            """)
        #expect(document.metadata.organizations == ["青石县水务局"])
        #expect(document.metadata.level == .department)
        #expect(document.metadata.signedDate?.description == "2024-02-03")
    }

    @Test("a label glued to its value (a bold label in a list item) is furniture")
    func gluedLabels() {
        let document = Self.analyze("""
            青石县水务局2023年法治政府建设年度报告
            来源青石县水务局
            发布日期2024-03-02
            \(Self.body)
            """)
        #expect(document.metadata.organizations == ["青石县水务局"])
        #expect(document.metadata.sourceName == "青石县水务局")
        #expect(document.metadata.publishedDate?.description == "2024-03-02")
        // A body sentence that merely starts with a label word stays text.
        let prose = Self.analyze("来源广泛的群众意见得到及时回应\n\(Self.body)")
        #expect(prose.metadata.sourceName == nil)
    }

    @Test("a pipe table row with a leading bar is read")
    func pipeTable() {
        let document = Self.analyze("""
            白沙镇2022年法治政府建设年度报告
            | 来源 | 白沙镇人民政府 | 发布日期 | 2023-03-09 |
            \(Self.body)
            """)
        #expect(document.metadata.sourceName == "白沙镇人民政府")
        #expect(document.metadata.publishedDate?.description == "2023-03-09")
    }

    @Test("contact lines under the signature do not hide it")
    func contactFooter() {
        let document = Self.analyze("""
            白沙镇2022年法治政府建设年度报告
            \(Self.body)
            白沙镇人民政府
            二〇二三年一月九日
            联系电话：0123-4567890　邮编：123456
            """)
        #expect(document.metadata.organizations == ["白沙镇人民政府"])
        #expect(document.metadata.signedDate?.description == "2023-01-09")
    }

    @Test("of two unlabelled bullet dates, the later is the publication date")
    func bulletDatesInEitherOrder() {
        for (first, second) in [("2023-03-20", "2023-01-15"), ("2023-01-15", "2023-03-20")] {
            let document = Self.analyze("""
                白沙镇2022年法治政府建设年度报告
                  • \(first)
                  • \(second)
                \(Self.body)
                """)
            #expect(document.metadata.publishedDate?.description == "2023-03-20")
            #expect(document.metadata.writtenDate?.description == "2023-01-15")
        }
    }

    @Test("a title with the year in Chinese digits still names its body")
    func chineseYearTitle() {
        let document = Self.analyze("青石县人民政府二〇二二年法治政府建设年度报告\n\(Self.body)")
        #expect(document.metadata.organizations == ["青石县人民政府"])
        #expect(document.metadata.level == .county)
        #expect(document.metadata.reportYear == 2022)
    }

    @Test("a special administrative region is province level")
    func specialAdministrativeRegion() {
        #expect(OrganizationReader.level(of: "澳门特别行政区人民政府") == .province)
    }

    @Test("a full-width space between joint bodies in a title becomes one ASCII space")
    func titleSpace() {
        let document = Self.analyze("中共白沙镇委员会\u{3000}白沙镇人民政府2022年法治政府建设年度报告\n\(Self.body)")
        #expect(document.metadata.title == "中共白沙镇委员会 白沙镇人民政府2022年法治政府建设年度报告")
        #expect(document.metadata.organizations == ["中共白沙镇委员会", "白沙镇人民政府"])
    }
}
