/// Mergeable statistics of one indicator (in one unit) in one group: the `PartialStats` of
/// aggregator.proto, plus what the wire carries inside the sketch bytes (levels seen,
/// approximate-value count).
///
/// Counts, min, max, lower-bound counts and coverage merge exactly; the sum merges exactly up
/// to floating-point addition order (exact when values are integers below 2⁵³); quantiles are
/// within ``QuantileSketch/relativeAccuracy`` of the exact sample quantiles, and the merged
/// sketch is identical to the sketch of the union.
package struct PartialStats: Sendable, Hashable {
    /// Facts counted.
    package var count: UInt64
    /// Reports stating the indicator (in this unit).
    package var reports: UInt64
    /// Reports in the group: the denominator of coverage.
    package var reportsInGroup: UInt64
    package var sum: Double
    /// Smallest value; +∞ when empty.
    package var min: Double
    /// Largest value; −∞ when empty.
    package var max: Double
    /// Values that were only lower bounds (余, 以上, 不少于, 超过): then ``sum`` is a lower bound.
    package var lowerBoundCount: UInt64
    /// Values that were approximate (约, 左右, 近) or upper bounds (以下).
    package var approximateCount: UInt64
    /// Levels of the reports whose facts were counted.
    package var levels: LevelSet
    /// Facts of the same indicator, unit and group left out because they cover another window
    /// than the one counted (累计, 截至10月 … beside the year's figures: ``AggregateQuery/period``).
    package var otherPeriodCount: UInt64
    /// Distribution of the values, for median and p90.
    package var sketch: QuantileSketch
    /// Mean, median and p90; set by ``AggregateMerge/finalize(_:)``, cleared by merging.
    package var summary: Summary?

    /// What ``AggregateMerge/finalize(_:)`` computes once all partials are merged.
    package struct Summary: Sendable, Hashable {
        package var mean: Double
        package var median: Double
        package var p90: Double
    }

    /// Empty statistics.
    package init() {
        self.count = 0
        self.reports = 0
        self.reportsInGroup = 0
        self.sum = 0
        self.min = .infinity
        self.max = -.infinity
        self.lowerBoundCount = 0
        self.approximateCount = 0
        self.levels = []
        self.otherPeriodCount = 0
        self.sketch = QuantileSketch()
        self.summary = nil
    }

    /// Statistics from the wire: the numeric fields plus ``sketchBytes``.
    ///
    /// - Throws: ``AggregationError`` (`corruptData`) when the sketch bytes do not decode.
    package init(
        count: UInt64,
        reports: UInt64,
        reportsInGroup: UInt64,
        sum: Double,
        min: Double,
        max: Double,
        lowerBoundCount: UInt64,
        otherPeriodCount: UInt64 = 0,
        sketchBytes: [UInt8]
    ) throws(AggregationError) {
        self.init()
        self.count = count
        self.reports = reports
        self.reportsInGroup = reportsInGroup
        self.sum = sum
        self.min = min
        self.max = max
        self.lowerBoundCount = lowerBoundCount
        self.otherPeriodCount = otherPeriodCount
        var reader = ByteReader(sketchBytes, context: "partial stats sketch")
        try reader.expect(Self.magic)
        self.levels = LevelSet(rawValue: try reader.readByte())
        self.approximateCount = try reader.readVarint()
        self.sketch = try QuantileSketch.read(from: &reader)
        guard reader.isAtEnd else { throw reader.corrupt("trailing bytes") }
        guard self.sketch.count == count else {
            throw reader.corrupt("sketch holds \(self.sketch.count) values but count is \(count)")
        }
    }

    /// Magic bytes opening ``sketchBytes``: "FZP1".
    static let magic: [UInt8] = [0x46, 0x5A, 0x50, 0x31]

    /// The bytes for `PartialStats.sketch` on the wire: magic `FZP1`, the level set (one byte),
    /// the approximate count (LEB128), then the sketch (``QuantileSketch/serialized()``).
    package var sketchBytes: [UInt8] {
        var writer = ByteWriter(capacity: 64)
        writer.write(Self.magic)
        writer.write(self.levels.rawValue)
        writer.writeVarint(self.approximateCount)
        self.sketch.write(to: &writer)
        return writer.bytes
    }

    /// Adds what another partition counted for the same group, indicator and unit.
    ///
    /// ``reportsInGroup`` is added too; ``AggregateMerge`` corrects it for partitions that had
    /// reports in the group but no row for this indicator.
    package mutating func merge(_ other: PartialStats) throws(AggregationError) {
        try self.sketch.merge(other.sketch)
        self.count += other.count
        self.reports += other.reports
        self.reportsInGroup += other.reportsInGroup
        self.sum += other.sum
        self.min = Swift.min(self.min, other.min)
        self.max = Swift.max(self.max, other.max)
        self.lowerBoundCount += other.lowerBoundCount
        self.approximateCount += other.approximateCount
        self.otherPeriodCount += other.otherPeriodCount
        self.levels.formUnion(other.levels)
        self.summary = nil
    }

    /// Reports stating the indicator over reports in the group; `nil` for an empty group.
    package var coverage: Double? {
        self.reportsInGroup == 0 ? nil : Double(self.reports) / Double(self.reportsInGroup)
    }

    /// Mean, median and p90 of what was merged; `nil` when empty.
    package func summarized() -> Summary? {
        guard self.count > 0 else { return nil }
        let quantiles = self.sketch.quantiles([0.5, 0.9])
        guard let median = quantiles[0], let p90 = quantiles[1] else { return nil }
        // The sketch's 1% relative error may place a quantile just outside the values seen;
        // the exact minimum and maximum bound it.
        func clamp(_ value: Double) -> Double { Swift.min(Swift.max(value, self.min), self.max) }
        return Summary(mean: self.sum / Double(self.count), median: clamp(median), p90: clamp(p90))
    }

    /// Whether ``sum`` and ``summary`` understate the truth because some values were lower bounds.
    package var isLowerBound: Bool { self.lowerBoundCount > 0 }
}
