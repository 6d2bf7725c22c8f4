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

    /// A query; see the properties.
    package init(
        indicators: [String] = [],
        groupBy: [String] = [],
        filter: ReportFilter = .all,
        allowCrossLevelSum: Bool = false
    ) {
        self.indicators = indicators
        self.groupBy = groupBy
        self.filter = filter
        self.allowCrossLevelSum = allowCrossLevelSum
    }

    /// Whether mixed-level groups are acceptable: allowed explicitly, grouped by level, or
    /// filtered to a single level.
    var permitsMixedLevels: Bool {
        self.allowCrossLevelSum || self.groupBy.contains(GroupField.level.rawValue) || self.filter.isSingleLevel
    }
}
