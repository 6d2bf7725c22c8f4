import FazhiAggregation
import FazhiParsing
import Testing

@Suite struct PartitionMergeTests {
    /// Splits records over `count` tables by a hash of the doc id.
    static func partitions(_ generated: [Generated], count: Int) -> [FactsTable] {
        var tables = Array(repeating: FactsTable(), count: count)
        for item in generated {
            let bucket = Int(item.record.docID.utf8.reduce(UInt32(7)) { $0 &* 31 &+ UInt32($1) } % UInt32(count))
            _ = tables[bucket].add([item.record])
        }
        return tables
    }

    /// Sends a row through the wire's fields (sketch as bytes), as the gateway would receive it.
    static func overTheWire(_ row: AggregateGroupResult) throws -> AggregateGroupResult {
        let stats = try PartialStats(
            count: row.stats.count,
            reports: row.stats.reports,
            reportsInGroup: row.stats.reportsInGroup,
            sum: row.stats.sum,
            min: row.stats.min,
            max: row.stats.max,
            lowerBoundCount: row.stats.lowerBoundCount,
            otherPeriodCount: row.stats.otherPeriodCount,
            sketchBytes: row.stats.sketchBytes
        )
        return AggregateGroupResult(key: row.key, indicator: row.indicator, unit: row.unit, stats: stats)
    }

    @Test("P = 3 merged equals P = 1: exact counts, sums, min/max, coverage; identical sketches", arguments: [true, false])
    func mergeEqualsSingle(integerValues: Bool) throws {
        let generated = Fixtures.reports(count: 900, seed: 21, integerValuesOnly: integerValues)
        let query = AggregateQuery(groupBy: ["year", "level"])
        let single = Self.partitions(generated, count: 1)
        let three = Self.partitions(generated, count: 3)
        #expect(three.map(\.reportCount).reduce(0, +) == 900)
        #expect(three.allSatisfy { $0.reportCount > 200 })
        let whole = AggregateMerge.finalize(try AggregateMerge.merge([try single[0].aggregate(query)], query: query))
        let parts = try three.map { table in try table.aggregate(query).map(Self.overTheWire) }
        let merged = AggregateMerge.finalize(try AggregateMerge.merge(parts, query: query))
        #expect(merged.count == whole.count)
        #expect(!merged.contains { $0.isGroupMarker })
        for (left, right) in zip(whole, merged) {
            #expect(left.key == right.key && left.indicator == right.indicator && left.unit == right.unit)
            #expect(left.stats.count == right.stats.count)
            #expect(left.stats.reports == right.stats.reports)
            #expect(left.stats.reportsInGroup == right.stats.reportsInGroup)
            #expect(left.stats.min == right.stats.min)
            #expect(left.stats.max == right.stats.max)
            #expect(left.stats.lowerBoundCount == right.stats.lowerBoundCount)
            #expect(left.stats.approximateCount == right.stats.approximateCount)
            #expect(left.stats.otherPeriodCount == right.stats.otherPeriodCount, "\(left.key) \(left.indicator) \(left.unit)")
            #expect(left.stats.levels == right.stats.levels)
            if integerValues {
                #expect(left.stats.sum == right.stats.sum)
            } else {
                #expect(abs(left.stats.sum - right.stats.sum) <= 1e-12 * max(1, abs(left.stats.sum)))
            }
            #expect(left.stats.sketch == right.stats.sketch)
            #expect(left.stats.summary?.median == right.stats.summary?.median)
            #expect(left.stats.summary?.p90 == right.stats.summary?.p90)
        }
    }

    @Test("coverage denominators count partitions that have the group but not the indicator")
    func markersCarryDenominators() throws {
        var first = FactsTable()
        var second = FactsTable()
        _ = first.add([
            ReportRecord(docID: "a", contentHash: "1", year: 2024, level: "county", facts: [
                FactRow(indicator: "disputes_mediated", value: 5, unit: "件")
            ])
        ])
        _ = second.add([
            ReportRecord(docID: "b", contentHash: "1", year: 2024, level: "county"),
            ReportRecord(docID: "c", contentHash: "1", year: 2024, level: "county"),
        ])
        let query = AggregateQuery(indicators: ["disputes_mediated"], groupBy: ["year"])
        let merged = try AggregateMerge.merge([try first.aggregate(query), try second.aggregate(query)], query: query)
        #expect(merged.count == 1)
        #expect(merged[0].stats.reports == 1)
        #expect(merged[0].stats.reportsInGroup == 3)
    }

    @Test("a group that mixes levels only across partitions is refused by the merge")
    func crossPartitionLevels() throws {
        var county = FactsTable()
        var township = FactsTable()
        _ = county.add([ReportRecord(docID: "a", contentHash: "1", year: 2024, province: "甲省", level: "county", facts: [
            FactRow(indicator: "disputes_mediated", value: 500, unit: "件")
        ])])
        _ = township.add([ReportRecord(docID: "b", contentHash: "1", year: 2024, province: "甲省", level: "township", facts: [
            FactRow(indicator: "disputes_mediated", value: 50, unit: "件")
        ])])
        let query = AggregateQuery(groupBy: ["province"])
        let partials = try [try county.aggregate(query), try township.aggregate(query)].map { try $0.map(Self.overTheWire) }
        let error = #expect(throws: AggregationError.self) { try AggregateMerge.merge(partials, query: query) }
        #expect(error?.code == .crossLevelSum)
        var allowed = query
        allowed.allowCrossLevelSum = true
        let merged = try AggregateMerge.merge(partials, query: allowed)
        #expect(merged.first?.stats.sum == 550)
    }

    @Test("compliance rows merge by addition")
    func complianceMerge() throws {
        let generated = Fixtures.reports(count: 500, seed: 22)
        let query = ComplianceQuery(groupBy: ["province", "level"])
        let whole = try Self.partitions(generated, count: 1)[0].compliance(query)
        let merged = AggregateMerge.mergeCompliance(try Self.partitions(generated, count: 3).map { try $0.compliance(query) })
        #expect(whole == merged)
        #expect(whole.map(\.reports).reduce(0, +) == 500)
    }
}
