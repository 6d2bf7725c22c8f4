/// Statistics of one indicator, in one unit, in one group: the `AggregateGroup` of
/// aggregator.proto.
package struct AggregateGroupResult: Sendable, Hashable {
    /// One value per grouping field, in query order; "" where the attribute is unknown.
    package var key: [String]
    /// Indicator id; "" for a group marker (see ``isGroupMarker``).
    package var indicator: String
    /// The normalised unit ("件", "人次", "%", "元").
    package var unit: String
    package var stats: PartialStats

    /// A result row; see the properties.
    package init(key: [String], indicator: String, unit: String, stats: PartialStats) {
        self.key = key
        self.indicator = indicator
        self.unit = unit
        self.stats = stats
    }

    /// A row that only carries `reportsInGroup` for a group in which the partition had reports
    /// but no fact of the requested indicators. Partitions emit them so that coverage
    /// denominators merge exactly; ``AggregateMerge/merge(_:query:)`` consumes and drops them.
    package var isGroupMarker: Bool { self.indicator.isEmpty }
}
