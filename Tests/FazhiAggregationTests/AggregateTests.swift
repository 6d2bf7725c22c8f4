import FazhiAggregation
import FazhiParsing
import Testing

@Suite struct AggregateTests {
    struct RowKey: Hashable {
        var key: [String]
        var indicator: String
        var unit: String
    }

    static func keyOf(_ record: ReportRecord, _ fields: [String]) -> [String] {
        fields.map { field in
            switch field {
            case "year": record.year.map(String.init) ?? ""
            case "province": record.province ?? ""
            case "city": record.city ?? ""
            case "county": record.county ?? ""
            case "level": record.level ?? ""
            case "organization": record.organization ?? ""
            default: fatalError("Invalid state: unknown field in test")
            }
        }
    }

    /// Brute force over generated truth.
    static func oracle(
        _ generated: [Generated],
        fields: [String],
        indicators: Set<String>?,
        period: Period = .fullYear,
        accept: (ReportRecord) -> Bool
    ) -> (rows: [RowKey: BruteForceStats], groups: [[String]: Int], others: [RowKey: Int]) {
        var rows: [RowKey: BruteForceStats] = [:]
        var others: [RowKey: Int] = [:]
        var groups: [[String]: Int] = [:]
        for item in generated where accept(item.record) {
            let key = Self.keyOf(item.record, fields)
            groups[key, default: 0] += 1
            for fact in item.truth where indicators?.contains(fact.indicator) ?? true {
                let rowKey = RowKey(key: key, indicator: fact.indicator, unit: fact.unit)
                // The report year's own figures: marked full year or not marked at all.
                let counted = period == .fullYear ? fact.period == .fullYear || fact.period == .unspecified : fact.period == period
                guard counted else {
                    others[rowKey, default: 0] += 1
                    continue
                }
                rows[rowKey, default: BruteForceStats()].values.append(fact.value)
                rows[rowKey]!.reports.insert(item.record.docID)
                if fact.lowerBound { rows[rowKey]!.lowerBounds += 1 }
                if fact.approximate { rows[rowKey]!.approximates += 1 }
            }
        }
        for (rowKey, count) in others where rows[rowKey] != nil { rows[rowKey]!.others = count }
        return (rows, groups, others)
    }

    static func check(
        _ results: [AggregateGroupResult],
        against oracle: (rows: [RowKey: BruteForceStats], groups: [[String]: Int], others: [RowKey: Int])
    ) throws {
        let rows = results.filter { !$0.isGroupMarker && $0.stats.count > 0 }
        #expect(rows.count == oracle.rows.count)
        // Rows of only other-period facts: one for each such (key, indicator, unit), no more.
        let otherOnly = results.filter { !$0.isGroupMarker && $0.stats.count == 0 }
        #expect(otherOnly.count == oracle.others.keys.filter { oracle.rows[$0] == nil }.count)
        var seenGroups = Set<[String]>()
        for row in results {
            seenGroups.insert(row.key)
            #expect(row.stats.reportsInGroup == UInt64(oracle.groups[row.key] ?? -1), "reports in group \(row.key)")
            if row.isGroupMarker { continue }
            let rowKey = RowKey(key: row.key, indicator: row.indicator, unit: row.unit)
            if row.stats.count == 0 {
                #expect(oracle.rows[rowKey] == nil && row.stats.otherPeriodCount == UInt64(oracle.others[rowKey] ?? -1))
                continue
            }
            let truth = try #require(oracle.rows[RowKey(key: row.key, indicator: row.indicator, unit: row.unit)], "unexpected row \(row.key) \(row.indicator) \(row.unit)")
            #expect(row.stats.count == UInt64(truth.count))
            #expect(row.stats.reports == UInt64(truth.reports.count))
            #expect(row.stats.lowerBoundCount == UInt64(truth.lowerBounds))
            #expect(row.stats.approximateCount == UInt64(truth.approximates))
            #expect(row.stats.otherPeriodCount == UInt64(truth.others))
            #expect(row.stats.min == truth.values.min())
            #expect(row.stats.max == truth.values.max())
            #expect(abs(row.stats.sum - truth.sum) <= 1e-9 * max(1, abs(truth.sum)))
            let summary = try #require(row.stats.summarized())
            #expect(abs(summary.mean - truth.sum / Double(truth.count)) <= 1e-9 * max(1, abs(summary.mean)))
            for (q, value) in [(0.5, summary.median), (0.9, summary.p90)] {
                let exact = truth.quantile(q)
                #expect(abs(value - exact) <= 0.01 * abs(exact) + 1e-12, "q\(q) of \(row.key) \(row.indicator): \(value) vs \(exact)")
            }
        }
        #expect(seenGroups == Set(oracle.groups.keys))
    }

    static func table(_ generated: [Generated]) -> FactsTable {
        var table = FactsTable()
        _ = table.add(generated.map(\.record))
        return table
    }

    @Test("grouped by year and province at one level, matches brute force")
    func yearProvinceOneLevel() throws {
        let generated = Fixtures.reports(count: 600, seed: 11)
        let table = Self.table(generated)
        let query = AggregateQuery(groupBy: ["year", "province"], filter: ReportFilter(levels: ["county"]))
        let results = try table.aggregate(query)
        try Self.check(results, against: Self.oracle(generated, fields: ["year", "province"], indicators: nil) { $0.level == "county" })
        #expect(results.contains { $0.unit == "元" && $0.indicator == "fines_amount" })
        #expect(!results.contains { $0.unit == "万元" || $0.unit == "名" })
    }

    @Test("one window at a time: the report year's figures by default, any other window on request, the rest counted apart")
    func periods() throws {
        let generated = Fixtures.reports(count: 600, seed: 13)
        let table = Self.table(generated)
        let fields = ["year", "level"]
        let byDefault = try table.aggregate(AggregateQuery(groupBy: fields))
        try Self.check(byDefault, against: Self.oracle(generated, fields: fields, indicators: nil) { _ in true })
        // Not vacuous: the fixture has rows with figures of other windows left out.
        #expect(byDefault.contains { $0.stats.otherPeriodCount > 0 })
        #expect(try table.aggregate(AggregateQuery(groupBy: fields, period: .unspecified)) == byDefault)
        for period in [Period.cumulative, .yearToDate, .sinceDate, .stockNow, .partOfYear] {
            let results = try table.aggregate(AggregateQuery(groupBy: fields, period: period))
            try Self.check(results, against: Self.oracle(generated, fields: fields, indicators: nil, period: period) { _ in true })
            #expect(results.contains { !$0.isGroupMarker }, "\(period)")
        }
        #expect(throws: AggregationError.self) { try table.aggregate(AggregateQuery(groupBy: fields, period: .previousYear)) }
    }

    @Test("grouped by level, selected indicators, year range and province filter")
    func byLevelFiltered() throws {
        let generated = Fixtures.reports(count: 500, seed: 12)
        let table = Self.table(generated)
        let indicators = ["disputes_mediated", "publicity_audience"]
        let query = AggregateQuery(
            indicators: indicators,
            groupBy: ["level", "organization"],
            filter: ReportFilter(yearMin: 2022, yearMax: 2023, provinces: ["甲省", "丙省", "无此省"])
        )
        let results = try table.aggregate(query)
        try Self.check(
            results,
            against: Self.oracle(generated, fields: ["level", "organization"], indicators: Set(indicators)) { record in
                (2022...2023).contains(record.year!) && ["甲省", "丙省"].contains(record.province!)
            }
        )
    }

    @Test("no grouping with cross-level sums allowed: one key over everything")
    func ungroupedAllowed() throws {
        let generated = Fixtures.reports(count: 300, seed: 13)
        let table = Self.table(generated)
        let results = try table.aggregate(AggregateQuery(allowCrossLevelSum: true))
        try Self.check(results, against: Self.oracle(generated, fields: [], indicators: nil) { _ in true })
        #expect(results.allSatisfy { $0.key == [] })
    }

    @Test("large key spaces (organization × county × city) use the other cell maps and still match")
    func largeKeySpace() throws {
        let generated = Fixtures.reports(count: 3000, seed: 14, organizations: 2500)
        let table = Self.table(generated)
        let fields = ["organization", "year", "city", "county"]
        let results = try table.aggregate(AggregateQuery(groupBy: fields, allowCrossLevelSum: true))
        try Self.check(results, against: Self.oracle(generated, fields: fields, indicators: nil) { _ in true })
    }

    @Test("sums across levels are refused unless allowed, grouped by level, or filtered to one level")
    func crossLevelRefusal() throws {
        let generated = Fixtures.reports(count: 200, seed: 15)
        let table = Self.table(generated)
        let error = #expect(throws: AggregationError.self) {
            try table.aggregate(AggregateQuery(indicators: ["disputes_mediated"], groupBy: ["province"]))
        }
        #expect(error?.code == .crossLevelSum)
        #expect(error?.code.isFailedPrecondition == true)
        #expect(error?.message.contains("disputes_mediated") == true)
        #expect(error?.message.contains("mixes levels") == true)
        _ = try table.aggregate(AggregateQuery(indicators: ["disputes_mediated"], groupBy: ["province"], allowCrossLevelSum: true))
        _ = try table.aggregate(AggregateQuery(indicators: ["disputes_mediated"], groupBy: ["province", "level"]))
        _ = try table.aggregate(AggregateQuery(indicators: ["disputes_mediated"], groupBy: ["province"], filter: ReportFilter(levels: ["township"])))
        // Rates are averaged, not summed: mixing levels is not refused for them.
        _ = try table.aggregate(AggregateQuery(indicators: ["hotline_completion_rate"], groupBy: ["province"]))
    }

    @Test("unknown indicator, grouping field and level are errors naming them")
    func invalidArguments() {
        let table = Self.table(Fixtures.reports(count: 20, seed: 16))
        let indicator = #expect(throws: AggregationError.self) {
            try table.aggregate(AggregateQuery(indicators: ["disputes_mediated", "no_such_indicator"]))
        }
        #expect(indicator?.code == .unknownIndicator)
        #expect(indicator?.message.contains("no_such_indicator") == true)
        #expect(indicator?.code.isInvalidArgument == true)
        let field = #expect(throws: AggregationError.self) {
            try table.aggregate(AggregateQuery(groupBy: ["year", "weather"]))
        }
        #expect(field?.code == .unknownGroupField)
        #expect(field?.message.contains("'weather'") == true)
        let compliance = #expect(throws: AggregationError.self) {
            try table.compliance(ComplianceQuery(groupBy: ["colour"]))
        }
        #expect(compliance?.code == .unknownGroupField)
        let level = #expect(throws: AggregationError.self) {
            try table.aggregate(AggregateQuery(filter: ReportFilter(levels: ["village"])))
        }
        #expect(level?.code == .invalidFilter)
        #expect(level?.message.contains("village") == true)
        let years = #expect(throws: AggregationError.self) {
            try table.aggregate(AggregateQuery(filter: ReportFilter(yearMin: 2024, yearMax: 2022)))
        }
        #expect(years?.code == .invalidFilter)
    }

    @Test("宗 and 起 count cases as 件 does: one row for the indicator")
    func caseClassifiers() throws {
        let record = ReportRecord(
            docID: "c1",
            contentHash: "h",
            year: 2024,
            level: "township",
            facts: [
                FactRow(indicator: "disputes_mediated", value: 120, unit: "件"),
                FactRow(indicator: "disputes_mediated", value: 30, unit: "宗"),
                FactRow(indicator: "disputes_mediated", value: 5, unit: "起"),
            ]
        )
        var table = FactsTable()
        _ = table.add([record])
        let rows = try table.aggregate(AggregateQuery())
        #expect(rows.map(\.unit) == ["件"])
        #expect(rows.first?.stats.sum == 155)
    }

    @Test("qualifiers and units: lower bounds, approximations, 万/亿, 名 = 人, 人次 ≠ 人, % stays, targets skipped")
    func qualifiersAndUnits() throws {
        let record = ReportRecord(
            docID: "q1",
            contentHash: "h",
            year: 2024,
            level: "township",
            facts: [
                FactRow(indicator: "fines_amount", value: 61.7, unit: "万元"),
                FactRow(indicator: "fines_amount", value: 1.5, unit: "亿元", qualifier: .approx),
                FactRow(indicator: "fines_amount", value: 3000, unit: "元"),
                FactRow(indicator: "publicity_audience", value: 2.8, unit: "万余人次"),
                FactRow(indicator: "publicity_audience", value: 200, unit: "人次", qualifier: .approxOver),
                FactRow(indicator: "legal_training_attendance", value: 30, unit: "名"),
                FactRow(indicator: "legal_training_attendance", value: 12, unit: "人", qualifier: .atLeast),
                FactRow(indicator: "legal_training_attendance", value: 50, unit: "人次"),
                FactRow(indicator: "hotline_completion_rate", value: 97.6, unit: "%"),
                FactRow(indicator: "hotline_completion_rate", value: 95, unit: "％", qualifier: .atLeast),
                FactRow(indicator: "collective_law_study_sessions", value: 6, unit: "次", isRequirement: true),
            ]
        )
        var table = FactsTable()
        _ = table.add([record])
        let rows = try table.aggregate(AggregateQuery())
        func row(_ indicator: String, _ unit: String) throws -> PartialStats {
            try #require(rows.first { $0.indicator == indicator && $0.unit == unit }).stats
        }
        let fines = try row("fines_amount", "元")
        #expect(fines.count == 3)
        #expect(fines.sum == 617_000 + 150_000_000 + 3000)
        #expect(fines.approximateCount == 1)
        #expect(fines.lowerBoundCount == 0)
        let audience = try row("publicity_audience", "人次")
        #expect(audience.count == 2)
        #expect(audience.lowerBoundCount == 2)
        #expect(audience.isLowerBound)
        #expect(audience.max == 28_000)
        let persons = try row("legal_training_attendance", "人")
        #expect(persons.count == 2)
        #expect(persons.sum == 42)
        #expect(persons.lowerBoundCount == 1)
        let personTimes = try row("legal_training_attendance", "人次")
        #expect(personTimes.count == 1)
        let rate = try row("hotline_completion_rate", "%")
        #expect(rate.count == 2)
        #expect(rate.lowerBoundCount == 1)
        #expect(abs(try #require(rate.summarized()).mean - 96.3) < 1e-9)
        #expect(!rows.contains { $0.indicator == "collective_law_study_sessions" })
        #expect(table.factCount == 10)
        #expect(rows.allSatisfy { $0.stats.coverage == 1 })
    }

    @Test("coverage: reports stating the indicator over reports in the group")
    func coverage() throws {
        var table = FactsTable()
        _ = table.add([
            ReportRecord(docID: "a", contentHash: "1", year: 2024, province: "甲省", level: "county", facts: [
                FactRow(indicator: "disputes_mediated", value: 10, unit: "件"),
                FactRow(indicator: "disputes_mediated", value: 4, unit: "件"),
            ]),
            ReportRecord(docID: "b", contentHash: "1", year: 2024, province: "甲省", level: "county", facts: [
                FactRow(indicator: "disputes_mediated", value: 7, unit: "件")
            ]),
            ReportRecord(docID: "c", contentHash: "1", year: 2024, province: "甲省", level: "county"),
            ReportRecord(docID: "d", contentHash: "1", year: 2024, province: "乙省", level: "county"),
        ])
        let rows = try table.aggregate(AggregateQuery(indicators: ["disputes_mediated"], groupBy: ["province"]))
        let jia = try #require(rows.first { $0.key == ["甲省"] && !$0.isGroupMarker })
        #expect(jia.stats.count == 3)
        #expect(jia.stats.reports == 2)
        #expect(jia.stats.reportsInGroup == 3)
        #expect(jia.stats.coverage == 2.0 / 3.0)
        let yi = try #require(rows.first { $0.key == ["乙省"] })
        #expect(yi.isGroupMarker)
        #expect(yi.stats.reportsInGroup == 1)
    }

    @Test("replacing a report by id replaces its facts; the same content hash is unchanged")
    func replacement() throws {
        var table = FactsTable()
        let first = ReportRecord(docID: "x", contentHash: "v1", year: 2024, level: "county", facts: [
            FactRow(indicator: "disputes_mediated", value: 10, unit: "件")
        ])
        var second = first
        second.contentHash = "v2"
        second.facts = [FactRow(indicator: "disputes_mediated", value: 99, unit: "件")]
        #expect(table.add([first]) == (1, 0))
        #expect(table.add([first]) == (0, 1))
        #expect(table.add([second]) == (1, 0))
        #expect(table.reportCount == 1)
        #expect(table.factCount == 1)
        let rows = try table.aggregate(AggregateQuery(indicators: ["disputes_mediated"]))
        #expect(rows.count == 1)
        #expect(rows[0].stats.sum == 99)
    }

    @Test("replacement of many reports compacts the columns without changing results")
    func compaction() throws {
        let generated = Fixtures.reports(count: 400, seed: 17)
        var table = Self.table(generated)
        // Replace every report three times with the same facts (new hash): dead rows pile up.
        for round in 0..<3 {
            _ = table.add(generated.map { item in
                var record = item.record
                record.contentHash += "-r\(round)"
                return record
            })
        }
        #expect(table.reportCount == 400)
        let results = try table.aggregate(AggregateQuery(groupBy: ["year", "level"]))
        try Self.check(results, against: Self.oracle(generated, fields: ["year", "level"], indicators: nil) { _ in true })
    }
}
