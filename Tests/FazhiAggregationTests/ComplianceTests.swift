import FazhiAggregation
import FazhiParsing
import Testing

@Suite struct ComplianceTests {
    @Test(
        "deadline: 31 March and 1 April on time, 2 April late; lag from 31 December",
        arguments: [
            (2024, CalendarDate(year: 2025, month: 3, day: 31), PublicationDeadline.Timeliness.onTime(lagDays: 90)),
            (2024, CalendarDate(year: 2025, month: 4, day: 1), .onTime(lagDays: 91)),
            (2024, CalendarDate(year: 2025, month: 4, day: 2), .late(lagDays: 92)),
            // 2024 is a leap year: report year 2023 published in 2024 gains a day.
            (2023, CalendarDate(year: 2024, month: 4, day: 1), .onTime(lagDays: 92)),
            (2023, CalendarDate(year: 2024, month: 2, day: 29), .onTime(lagDays: 60)),
            (2022, CalendarDate(year: 2023, month: 2, day: 29), .unknown),
            (2024, CalendarDate(year: 2025, month: 4, day: 31), .unknown),
            (2024, CalendarDate(year: 2025, month: 0, day: 0), .unknown),
            (2024, CalendarDate(year: 2025, month: 3, day: 0), .unknown),
            (2024, CalendarDate(year: 2025, month: 1, day: 1), .onTime(lagDays: 1)),
            (2024, CalendarDate(year: 2024, month: 12, day: 9), .onTime(lagDays: 0)),
            (2019, CalendarDate(year: 2020, month: 5, day: 7), .late(lagDays: 128)),
            (2024, CalendarDate(year: 2026, month: 1, day: 10), .late(lagDays: 375)),
            (1999, CalendarDate(year: 2000, month: 4, day: 1), .onTime(lagDays: 92)),
            (1899, CalendarDate(year: 1900, month: 4, day: 1), .onTime(lagDays: 91)),
        ]
    )
    func deadline(year: Int, date: CalendarDate, expected: PublicationDeadline.Timeliness) {
        #expect(PublicationDeadline.classify(reportYear: year, published: date) == expected)
    }

    @Test("unknown year or date is unknown")
    func unknowns() {
        #expect(PublicationDeadline.classify(reportYear: nil, published: CalendarDate(year: 2025, month: 3, day: 1)) == .unknown)
        #expect(PublicationDeadline.classify(reportYear: 2024, published: nil) == .unknown)
    }

    @Test("rows count on-time, late, unknown dates, parts and lag per group")
    func rows() throws {
        func report(_ id: String, _ province: String, _ date: CalendarDate?, _ parts: [MandatedPart], year: Int? = 2024) -> ReportRecord {
            ReportRecord(docID: id, contentHash: "h", year: year, province: province, level: "county", publishedDate: date, parts: parts)
        }
        var table = FactsTable()
        _ = table.add([
            report("1", "甲省", CalendarDate(year: 2025, month: 3, day: 31), [.a, .b, .c, .d]),
            report("2", "甲省", CalendarDate(year: 2025, month: 4, day: 1), [.a, .b, .d]),
            report("3", "甲省", CalendarDate(year: 2025, month: 4, day: 2), [.a, .b0, .b, .c, .d, .e]),
            report("4", "甲省", nil, [.a]),
            report("5", "甲省", CalendarDate(year: 2025, month: 0, day: 0), [.c, .a, .b, .d]),
            report("6", "乙省", CalendarDate(year: 2025, month: 2, day: 1), [], year: nil),
        ])
        let rows = try table.compliance(ComplianceQuery(groupBy: ["province"]))
        #expect(rows.map(\.key) == [["乙省"], ["甲省"]])
        let jia = rows[1]
        #expect(jia.reports == 5)
        #expect(jia.onTime == 2)
        #expect(jia.late == 1)
        #expect(jia.unknownDate == 2)
        #expect(jia.withPartA == 5)
        #expect(jia.withPartB == 4)
        #expect(jia.withPartC == 3)
        #expect(jia.withPartD == 4)
        #expect(jia.withPartE == 1)
        #expect(jia.complete == 3)
        #expect(jia.lagDaysSum == 90 + 91 + 92)
        #expect(jia.meanLagDays == 91)
        let yi = rows[0]
        #expect(yi.unknownDate == 1 && yi.onTime == 0 && yi.late == 0 && yi.lagDaysSum == 0)
        let filtered = try table.compliance(ComplianceQuery(groupBy: ["year"], filter: ReportFilter(yearMin: 2024)))
        #expect(filtered.map(\.key) == [["2024"]])
        #expect(filtered[0].reports == 5)
    }
}
