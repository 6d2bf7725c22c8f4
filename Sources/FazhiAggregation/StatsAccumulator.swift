/// Count, sum, min and max of indicator values, mergeable across partitions.
///
/// Merging is exact: the accumulator of a union equals the merge of the parts' accumulators,
/// in any order, so P partitions answer exactly what one would. Values stated only as a lower
/// bound (余, 以上) are counted in ``lowerBoundCount``; when it is non-zero the sum is a lower
/// bound too, and reports must say so.
package struct StatsAccumulator: Sendable, Hashable {
    /// Values added.
    package private(set) var count: UInt64 = 0
    /// Sum of the values.
    package private(set) var sum: Double = 0
    /// Smallest value; +∞ when empty.
    package private(set) var min: Double = .infinity
    /// Largest value; −∞ when empty.
    package private(set) var max: Double = -.infinity
    /// Values that were only lower bounds.
    package private(set) var lowerBoundCount: UInt64 = 0

    /// An empty accumulator.
    package init() {}

    /// Adds one value; `isLowerBound` when the report stated only "more than" or "at least" it.
    package mutating func add(_ value: Double, isLowerBound: Bool = false) {
        precondition(value.isFinite, "indicator values are finite")
        self.count += 1
        self.sum += value
        self.min = Swift.min(self.min, value)
        self.max = Swift.max(self.max, value)
        if isLowerBound { self.lowerBoundCount += 1 }
    }

    /// Adds everything another accumulator has seen.
    package mutating func merge(_ other: StatsAccumulator) {
        self.count += other.count
        self.sum += other.sum
        self.min = Swift.min(self.min, other.min)
        self.max = Swift.max(self.max, other.max)
        self.lowerBoundCount += other.lowerBoundCount
    }

    /// The mean, or `nil` when empty.
    package var mean: Double? { self.count == 0 ? nil : self.sum / Double(self.count) }

    /// Whether ``sum`` and ``mean`` are only lower bounds.
    package var isLowerBound: Bool { self.lowerBoundCount > 0 }
}
