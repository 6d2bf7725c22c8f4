package import FazhiParsing

/// A grouped-statistics request: which indicators, grouped by which fields, over which reports.
package struct AggregateQuery: Sendable, Hashable {
    /// Indicator ids (indicators.json); empty means every indicator present.
    package var indicators: [String]
    /// Grouping fields in order: "year", "province", "city", "county", "level", "organization".
    package var groupBy: [String]
    /// Which reports count.
    package var filter: ReportFilter
    /// Allows sums over groups that mix administrative levels (refused by default: a county's
    /// totals already include its townships).
    package var allowCrossLevelSum: Bool
    /// The window of the figures counted, one at a time so that a sum never adds a running
    /// total or a part of the year to a year's figures (DOMAIN.md: sums within one period
    /// type). ``Period/fullYear`` (the default) and ``Period/unspecified`` both mean the report
    /// year's own figures: those marked for the full year and those with no period marker.
    /// Any other period counts only the figures marked with it; ``Period/previousYear`` is
    /// refused (an earlier year's figures are not stored). The rest are counted apart, in
    /// ``PartialStats/otherPeriodCount``.
    package var period: Period

    /// A query; see the properties.
    package init(
        indicators: [String] = [],
        groupBy: [String] = [],
        filter: ReportFilter = .all,
        allowCrossLevelSum: Bool = false,
        period: Period = .fullYear
    ) {
        self.indicators = indicators
        self.groupBy = groupBy
        self.filter = filter
        self.allowCrossLevelSum = allowCrossLevelSum
        self.period = period
    }

    /// Which stored period codes (``StoredReport/periodCode(_:)``) the query counts, as a
    /// 0/1 table indexed by code (any byte).
    ///
    /// - Throws: ``AggregationError`` (`invalidFilter`) for ``Period/previousYear``.
    func countedPeriodCodes() throws(AggregationError) -> [UInt64] {
        var table = [UInt64](repeating: 0, count: Int(UInt8.max) + 1)
        switch self.period {
        case .previousYear:
            throw AggregationError(.invalidFilter, "period previous_year is not aggregated: an earlier year's figures are not stored")
        case .fullYear, .unspecified:
            table[Int(StoredReport.periodCode(.fullYear))] = 1
            table[Int(StoredReport.periodCode(.unspecified))] = 1
        case .yearToDate, .sinceDate, .cumulative, .stockNow, .partOfYear:
            table[Int(StoredReport.periodCode(self.period))] = 1
        }
        return table
    }

    /// Whether mixed-level groups are acceptable: allowed explicitly, grouped by level, or
    /// filtered to a single level.
    var permitsMixedLevels: Bool {
        self.allowCrossLevelSum || self.groupBy.contains(GroupField.level.rawValue) || self.filter.isSingleLevel
    }
}
