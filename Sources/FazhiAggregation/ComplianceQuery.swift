/// A compliance request: on-time publication and five-part completeness, grouped.
package struct ComplianceQuery: Sendable, Hashable {
    /// Grouping fields, as in ``AggregateQuery/groupBy``.
    package var groupBy: [String]
    package var filter: ReportFilter

    /// A query; see the properties.
    package init(groupBy: [String] = [], filter: ReportFilter = .all) {
        self.groupBy = groupBy
        self.filter = filter
    }
}

/// Compliance counts for one group: the `ComplianceRow` of aggregator.proto. Every field
/// merges by addition.
package struct ComplianceRowResult: Sendable, Hashable {
    /// One value per grouping field; "" where unknown.
    package var key: [String]
    package var reports: UInt64 = 0
    /// Published on or before 1 April of the year after the report year.
    package var onTime: UInt64 = 0
    /// Published after that day.
    package var late: UInt64 = 0
    /// No complete, valid publication date (or no report year): neither on time nor late.
    package var unknownDate: UInt64 = 0
    package var withPartA: UInt64 = 0
    package var withPartB: UInt64 = 0
    package var withPartC: UInt64 = 0
    package var withPartD: UInt64 = 0
    package var withPartE: UInt64 = 0
    /// Reports with all of A–D.
    package var complete: UInt64 = 0
    /// Sum of publication lags (``PublicationDeadline/lagDays(reportYear:published:)``) over
    /// reports with a known date.
    package var lagDaysSum: UInt64 = 0

    /// An empty row for `key`.
    package init(key: [String]) {
        self.key = key
    }

    /// Adds another partition's counts for the same key.
    package mutating func merge(_ other: ComplianceRowResult) {
        self.reports += other.reports
        self.onTime += other.onTime
        self.late += other.late
        self.unknownDate += other.unknownDate
        self.withPartA += other.withPartA
        self.withPartB += other.withPartB
        self.withPartC += other.withPartC
        self.withPartD += other.withPartD
        self.withPartE += other.withPartE
        self.complete += other.complete
        self.lagDaysSum += other.lagDaysSum
    }

    /// Mean lag in days over reports with a known date; `nil` when there are none.
    package var meanLagDays: Double? {
        let known = self.onTime + self.late
        return known == 0 ? nil : Double(self.lagDaysSum) / Double(known)
    }
}
