import FazhiMapping
import FazhiParsing
import FazhiProto
import SwiftProtobuf
import Testing

@Suite struct ReportMappingTests {
    static func sample() -> ParsedReport {
        let text = "一、主要举措和成效\n全年调解矛盾纠纷120件，参考率100%。\n"
        return ParsedReport(
            docID: "ab12",
            contentSHA256: "cd34",
            parserVersion: "1",
            sourceURL: "http://example.gov.cn/a.html",
            kind: .annualReport,
            metadata: ReportMetadata(
                title: "某镇2024年法治政府建设年度报告",
                organizations: ["中共某镇委员会", "某镇人民政府"],
                level: .township,
                region: Region(province: "四川省", city: "达州市", county: "渠县", township: nil, countyCode: "511725"),
                reportYear: 2024,
                publishedDate: CalendarDate(year: 2025, month: 3, day: 25, raw: "2025-03-25"),
                signedDate: CalendarDate(year: 2020, raw: "2020112"),
                indexNumber: "X/2025-1",
                sourceName: "某镇",
                addressees: ["中共某县委"],
                encoding: "gb18030",
                wasHTML: true
            ),
            sections: [
                Section(parent: nil, depth: 1, numbering: "一、", heading: "主要举措和成效", parts: [.a], headingRange: 0..<27, bodyRange: 28..<70),
                Section(parent: 0, depth: 2, numbering: "(一)", heading: "健全行政决策制度体系", parts: [], area: "administrative_decision_making", headingRange: 28..<40, bodyRange: 40..<70),
            ],
            partsPresent: [.a],
            partsMissing: [.b, .c, .d],
            facts: [
                Fact(indicator: "disputes_mediated", value: 120, unit: "件", text: "120件", range: 40..<44, sentenceRange: 28..<60, section: 1),
                Fact(indicator: nil, value: 200, valueMax: 300, unit: "人次", qualifier: .approxOver, valueKind: .count, period: .yearToDate, periodMonth: 10, isRequirement: true, partOf: 0, text: "200余人次", range: 1..<2, sentenceRange: 0..<3, section: nil, scope: "全县"),
            ],
            problems: ["一是宣传不够"],
            plans: ["加强培训"],
            text: text,
            warnings: ["signed date unreadable: 2020112"]
        )
    }

    @Test("a report survives model → wire → bytes → wire → model unchanged")
    func roundTrip() throws {
        let report = Self.sample()
        let bytes: [UInt8] = try Fazhi_V1_Report(report).serializedBytes()
        let back = ParsedReport(try Fazhi_V1_Report(serializedBytes: bytes))
        #expect(back == report)
    }

    @Test("every enum value maps both ways")
    func enums() {
        for part in MandatedPart.allCases { #expect(MandatedPart(Fazhi_V1_Part(part)) == part) }
        for level in AdministrativeLevel.allCases { #expect(AdministrativeLevel(Fazhi_V1_Level(level)) == level) }
        for kind in DocumentKind.allCases { #expect(DocumentKind(Fazhi_V1_DocumentKind(kind)) == kind) }
        for qualifier in Qualifier.allCases { #expect(Qualifier(Fazhi_V1_Qualifier(qualifier)) == qualifier) }
        for kind in ValueKind.allCases { #expect(ValueKind(Fazhi_V1_ValueKind(kind)) == kind) }
        for period in Period.allCases { #expect(Period(Fazhi_V1_Period(period)) == period) }
        #expect(AdministrativeLevel(Fazhi_V1_Level.unspecified) == nil)
        #expect(MandatedPart(Fazhi_V1_Part.unspecified) == nil)
    }

    @Test("empty optional fields stay absent")
    func absent() {
        let back = ParsedReport(Fazhi_V1_Report(ParsedReport()))
        #expect(back.metadata.publishedDate == nil)
        #expect(back.metadata.level == nil)
        #expect(back.metadata.reportYear == nil)
        #expect(back.sourceURL == nil)
    }
}
