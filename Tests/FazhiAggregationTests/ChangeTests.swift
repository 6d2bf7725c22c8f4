import FazhiAggregation
import FazhiParsing
import Testing

@Suite struct ChangeTests {
    @Test("year-on-year change per indicator: consecutive years, totals over breakdowns, repeats flagged")
    func change() throws {
        var table = FactsTable()
        func report(_ year: Int, _ facts: [FactRow], org: String = "甲县") -> ReportRecord {
            ReportRecord(docID: "\(org)-\(year)", contentHash: "h", organization: org, year: year, level: "county", facts: facts)
        }
        _ = table.add([
            report(2021, [FactRow(indicator: "disputes_mediated", value: 100, unit: "件")]),
            report(2022, [
                FactRow(indicator: "disputes_mediated", value: 120, unit: "件", period: .fullYear),
                // A running total and a part of the year are not the year's value.
                FactRow(indicator: "disputes_mediated", value: 900, unit: "件", period: .cumulative),
                FactRow(indicator: "disputes_mediated", value: 95, unit: "件", period: .yearToDate),
                FactRow(indicator: "disputes_mediated", value: 80, unit: "件"),
                FactRow(indicator: "hotline_completion_rate", value: 98, unit: "%"),
            ]),
            report(2023, [
                FactRow(indicator: "disputes_mediated", value: 120, unit: "件", qualifier: .approxOver),
                FactRow(indicator: "hotline_completion_rate", value: 99, unit: "%"),
            ]),
            report(2025, [FactRow(indicator: "disputes_mediated", value: 0, unit: "件")]),
            report(2022, [FactRow(indicator: "disputes_mediated", value: 1, unit: "件")], org: "乙县"),
        ])
        let changes = table.change(organization: "甲县", indicator: "disputes_mediated")
        #expect(changes.map(\.toYear) == [2022, 2023])
        #expect(changes[0].fromValue == 100 && changes[0].toValue == 120)
        #expect(changes[0].difference == 20)
        #expect(changes[0].ratio == 0.2)
        #expect(!changes[0].isRepeatedValue)
        #expect(changes[1].isRepeatedValue)
        #expect(changes[1].involvesLowerBound)
        #expect(changes[1].toDocID == "甲县-2023")
        let all = table.change(organization: "甲县", indicator: nil)
        #expect(all.count == 3)
        #expect(all.contains { $0.indicator == "hotline_completion_rate" && $0.difference == 1 })
        #expect(table.change(organization: "无名", indicator: nil).isEmpty)
        // Split over partitions: the merged series gives the same answer.
        let merged = AggregateMerge.changes(from: [table.series(organization: "甲县", indicator: nil)])
        #expect(merged == all)
    }
}
