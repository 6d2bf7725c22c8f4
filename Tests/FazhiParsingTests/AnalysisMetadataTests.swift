internal import Testing

@testable internal import FazhiParsing

/// Titles, organizations, levels, dates and places, on short texts written for these tests.
@Suite("Document analysis: metadata")
struct AnalysisMetadataTests {
    static let body = """
        一、主要举措和成效
        全年开展法治宣传活动，推进依法行政。
        二、存在问题
        一是培训次数偏少；二是宣传形式单一。
        三、下一步工作打算
        （一）加强学法培训
        （二）创新宣传方式
        """

    static func analyze(_ text: String) -> AnalyzedDocument {
        DocumentAnalyzer.analyze(text: text, html: nil, sourceURL: nil)
    }

    @Test("a title split after the issuing body is joined")
    func splitAfterBody() {
        let document = Self.analyze("中共渠县龙凤乡委员会\n2023年法治政府建设工作报告\n\(Self.body)")
        #expect(document.metadata.title == "中共渠县龙凤乡委员会2023年法治政府建设工作报告")
        #expect(document.metadata.organizations.first == "中共渠县龙凤乡委员会")
        #expect(document.metadata.level == .township)
        #expect(document.metadata.reportYear == 2023)
    }

    @Test("a title split after the issuing body is joined when the year is in Chinese digits")
    func splitBeforeChineseYear() {
        let document = Self.analyze("临夏回族自治州临夏县自然资源局\n二〇二一年法治政府建设年度报告\n\(Self.body)")
        #expect(document.metadata.title == "临夏回族自治州临夏县自然资源局二〇二一年法治政府建设年度报告")
        #expect(document.metadata.reportYear == 2021)
        #expect(document.metadata.region.county == "临夏县")
    }

    @Test("a county and its township written together are both found, though both are short")
    func chainedShortNames() {
        let document = Self.analyze("佳县螅镇人民政府关于2018年度法治政府建设情况的报告\n\(Self.body)")
        #expect(document.metadata.region.county == "佳县")
        #expect(document.metadata.region.township == "螅镇")
        #expect(document.metadata.level == .township)
    }

    @Test("a short county name before a long department name is found")
    func shortCountyLongDepartment() {
        let document = Self.analyze("随县城市管理综合执法局二〇一八年法治政府建设工作报告\n\(Self.body)")
        #expect(document.metadata.region.city == "随州市")
        #expect(document.metadata.region.county == "随县")
    }

    @Test("of two overlapping names the one that starts first is meant (河津市市场, not 津市市)")
    func overlappingNames() {
        let document = Self.analyze("河津市市场监督管理局\n关于2020年度法治政府建设工作情况的报告\n\(Self.body)")
        #expect(document.metadata.region.city == "运城市")
        #expect(document.metadata.region.county == "河津市")
        #expect(document.metadata.region.candidates.isEmpty)
    }

    @Test("no place name starts inside 中共 (中共安镇街道 is not 共安镇)")
    func noNameInsideLeadingWord() {
        let document = Self.analyze("中共安镇街道工作委员会　安镇街道办事处\n2022年法治政府建设年度报告\n\(Self.body)")
        #expect(document.metadata.region.county == "锡山区")
        #expect(document.metadata.region.township == "安镇街道")
    }

    @Test("a title broken mid-phrase is joined")
    func splitMidTitle() {
        let document = Self.analyze("天心区坡子街街道办事处2021年法治政府建设\n年度报告\n\(Self.body)")
        #expect(document.metadata.title == "天心区坡子街街道办事处2021年法治政府建设年度报告")
        #expect(document.metadata.level == .street)
        #expect(document.metadata.region.county == "天心区")
    }

    @Test("of a repeated title, the first naming a rule-of-law report is kept")
    func repeatedTitle() {
        let document = Self.analyze("工作动态\n永嘉镇2018年法治政府建设工作报告\n永嘉镇2018年法治政府建设工作报告\n\(Self.body)")
        #expect(document.metadata.title == "永嘉镇2018年法治政府建设工作报告")
        #expect(document.metadata.reportYear == 2018)
    }

    @Test("without a title, the year comes from the body, else from the signing date")
    func yearFallbacks() {
        let fromBody = Self.analyze("2022年，本局坚持依法行政，现报告如下：\n\(Self.body)")
        #expect(fromBody.metadata.title.isEmpty)
        #expect(fromBody.metadata.reportYear == 2022)
        #expect(fromBody.warnings.contains("no title found"))
        let fromSignature = Self.analyze("现将有关情况报告如下：\n\(Self.body)\n青石县司法局\n2024年2月3日")
        #expect(fromSignature.metadata.reportYear == 2023)
        let lateSigned = Self.analyze("现将有关情况报告如下：\n\(Self.body)\n青石县司法局\n2024年12月3日")
        #expect(lateSigned.metadata.reportYear == 2024)
    }

    @Test("a joint Party and government title gives two organizations and the addressees")
    func jointBodies() {
        let text = """
            中共渠县渠南街道工作委员会 渠县人民政府渠南街道办事处关于2023年法治政府建设情况的报告
            中共渠县县委、渠县人民政府：
            \(Self.body)
            """
        let document = Self.analyze(text)
        #expect(document.metadata.organizations == ["中共渠县渠南街道工作委员会", "渠县人民政府渠南街道办事处"])
        #expect(document.metadata.addressees == ["中共渠县县委", "渠县人民政府"])
        #expect(document.metadata.level == .street)
        #expect(document.metadata.region.province == "四川省")
        #expect(document.metadata.region.township == "渠南街道")
    }

    @Test(
        "levels follow the name suffix",
        arguments: [
            ("青石县司法局", AdministrativeLevel.department),
            ("某某市人民政府", .city),
            ("中共某某县委员会", .county),
            ("某某区人民政府", .county),
            ("某某镇人民政府", .township),
            ("某某乡党委", .township),
            ("某某街道办事处", .street),
            ("某某省人民政府", .province),
            ("某某自治区人民政府", .province),
            ("某某市发展和改革委员会", .department),
            ("某某县委", .county),
        ]
    )
    func levels(name: String, level: AdministrativeLevel) {
        #expect(OrganizationReader.level(of: name) == level)
    }

    @Test(
        "dates in every form",
        arguments: [
            ("2025-03-25", "2025-03-25"),
            ("2025/3/5", "2025-03-05"),
            ("2025.03.05 10:20", "2025-03-05"),
            ("2025年1月20日", "2025-01-20"),
            ("2025 年 1 月 20 日", "2025-01-20"),
            ("二〇二五年一月二十日", "2025-01-20"),
            ("二〇二四年十二月九日", "2024-12-09"),
            ("20250120", "2025-01-20"),
            ("2020131", "2020-01-31"),
            ("2024年3月", "2024-03"),
        ]
    )
    func dates(text: String, expected: String) throws {
        let reading = try #require(DateReader.read(text))
        #expect(reading.date.description == expected)
        #expect(!reading.isUnreadable)
    }

    @Test("a broken signing date keeps its raw text and year, and warns")
    func brokenSignedDate() {
        let document = Self.analyze("永嘉镇2019年法治政府建设工作报告\n\(Self.body)\n中共永嘉镇委员会\n 2020112")
        let signed = document.metadata.signedDate
        #expect(signed == CalendarDate(year: 2020, month: 0, day: 0, raw: "2020112"))
        #expect(document.warnings.contains("signed date unreadable: 2020112"))
    }

    @Test("a signature line with the date on the same line")
    func signatureWithDate() {
        let document = Self.analyze("现将有关情况报告如下：\n\(Self.body)\n深圳市南山区桃源街道办事处 2023年12月20日")
        #expect(document.metadata.signedDate?.description == "2023-12-20")
        #expect(document.metadata.organizations == ["深圳市南山区桃源街道办事处"])
        #expect(document.metadata.region.city == "深圳市")
    }

    @Test("an ambiguous place is left empty, with candidates and a warning")
    func ambiguousPlace() {
        let document = Self.analyze("南山区2023年法治政府建设年度报告\n\(Self.body)")
        #expect(document.metadata.region.county == nil)
        #expect(document.metadata.region.candidates.count >= 2)
        #expect(document.warnings.contains { $0.hasPrefix("ambiguous place: 南山区") })
    }
}

/// A report as a mirror site serves it, in traditional characters (written for this test).
@Suite("Document analysis of traditional characters")
struct AnalysisTraditionalTests {
    @Test("title, organization, level, place, year and parts are read as from simplified text")
    func traditionalReport() throws {
        let text = """
            清水縣黃門鎮人民政府關於2023年法治政府建設工作情況的報告
            清水縣人民政府：
            一、2023年推進法治政府建設的主要舉措和成效
            全年調解矛盾糾紛56件，調解成功率達98%。
            二、2023年度黨政主要負責人履行推進法治建設第一責任人職責情況
            主要負責人帶頭學法。
            三、存在的不足和原因
            法治宣傳形式單一。
            四、2024年推進法治政府建設的主要安排
            加強執法隊伍建設。
            清水縣黃門鎮人民政府
            2024年1月15日
            """
        let report = try ReportParser().parse(Array(text.utf8))
        #expect(report.metadata.title.hasPrefix("清水縣黃門鎮人民政府關於2023年"))
        #expect(report.metadata.organizations == ["清水縣黃門鎮人民政府"])
        #expect(report.metadata.level == .township)
        #expect(report.metadata.region.township == "黄门镇")
        #expect(report.metadata.reportYear == 2023)
        #expect(report.metadata.signedDate?.description == "2024-01-15")
        #expect(report.partsPresent.count >= 4, "\(report.partsPresent)")
        #expect(report.facts.map(\.indicator) == ["disputes_mediated", "mediation_success"])
    }
}
