/// Merging partial results from several partitions, and finishing them.
///
/// The gateway (or a single partition's service) calls ``merge(_:query:)`` on the partials of
/// every partition that answered, then ``finalize(_:)``. Merging is exact for counts, reports,
/// coverage, min, max and lower-bound counts; sums are exact up to floating-point addition order;
/// quantile sketches add bucket by bucket, so the merged sketch equals the one-partition sketch.
package enum AggregateMerge {
    /// Merges per-partition aggregate rows (one array per partition).
    ///
    /// Rows with equal key, indicator and unit are merged; `reportsInGroup` becomes the sum over
    /// partitions of each partition's count for the key (taken from any of its rows or its group
    /// marker), so coverage is exact even when a partition had no fact for an indicator. Group
    /// markers are dropped, and so are rows that after merging hold only other-period facts
    /// (count 0: a partition sends them so that ``PartialStats/otherPeriodCount`` adds up). The
    /// result is sorted by key, indicator, unit.
    ///
    /// - Throws: ``AggregationError`` `crossLevelSum` when a merged group mixes levels and
    ///   `query` does not permit it (partitions each check only their own rows), or
    ///   `incompatibleSketches`.
    package static func merge(_ partitions: [[AggregateGroupResult]], query: AggregateQuery) throws(AggregationError)
        -> [AggregateGroupResult]
    {
        if partitions.count == 1 {
            // One partition's rows are already merged and sorted, with exact denominators.
            // Rows of only other-period facts (count 0) served the merge; no answer shows them.
            var rows = partitions[0].filter { !$0.isGroupMarker && $0.stats.count > 0 }
            for index in rows.indices { rows[index].stats.summary = nil }
            if !query.permitsMixedLevels { try Self.refuseMixedLevels(rows) }
            return rows
        }
        var merged: [RowKey: PartialStats] = [:]
        var groupReports: [[String]: UInt64] = [:]
        for rows in partitions {
            var local: [[String]: UInt64] = [:]
            for row in rows {
                local[row.key] = Swift.max(local[row.key] ?? 0, row.stats.reportsInGroup)
                if row.isGroupMarker { continue }
                let key = RowKey(key: row.key, indicator: row.indicator, unit: row.unit)
                if var existing = merged[key] {
                    try existing.merge(row.stats)
                    merged[key] = existing
                } else {
                    var stats = row.stats
                    stats.summary = nil
                    merged[key] = stats
                }
            }
            for (key, count) in local { groupReports[key, default: 0] += count }
        }
        // Sort by ranks of the distinct keys and measures: string comparisons per distinct
        // value, not per row comparison.
        let keyRank = Self.ranks(Set(merged.keys.map(\.key)), by: Self.keyOrder)
        let measureRank = Self.ranks(Set(merged.keys.map { Measure(indicator: $0.indicator, unit: $0.unit) })) {
            ($0.indicator, $0.unit) < ($1.indicator, $1.unit)
        }
        let ordered = merged.keys.map { key -> (rank: Int, key: RowKey) in
            // '!' is fine: both rank tables were built from these very keys.
            (keyRank[key.key]! * measureRank.count + measureRank[Measure(indicator: key.indicator, unit: key.unit)]!, key)
        }.sorted { $0.rank < $1.rank }
        let result: [AggregateGroupResult] = ordered.compactMap { _, key in
            // '!' is fine: the key comes from the dictionary.
            var stats = merged[key]!
            guard stats.count > 0 else { return nil }  // only other-period facts in every partition
            stats.reportsInGroup = groupReports[key.key] ?? 0
            return AggregateGroupResult(key: key.key, indicator: key.indicator, unit: key.unit, stats: stats)
        }
        if !query.permitsMixedLevels { try Self.refuseMixedLevels(result) }
        return result
    }

    /// Fills ``PartialStats/summary`` (mean, median, p90) of every row.
    package static func finalize(_ rows: [AggregateGroupResult]) -> [AggregateGroupResult] {
        rows.map { row in
            var row = row
            row.stats.summary = row.stats.summarized()
            return row
        }
    }

    /// Merges per-partition compliance rows by key (every count adds), sorted by key.
    package static func mergeCompliance(_ partitions: [[ComplianceRowResult]]) -> [ComplianceRowResult] {
        var merged: [[String]: ComplianceRowResult] = [:]
        for rows in partitions {
            for row in rows {
                if var existing = merged[row.key] {
                    existing.merge(row)
                    merged[row.key] = existing
                } else {
                    merged[row.key] = row
                }
            }
        }
        return merged.values.sorted { Self.keyOrder($0.key, $1.key) }
    }

    /// Merges per-partition similarity partials for one document.
    package static func mergeSimilarity(_ partials: [SimilarityPartial], limit: Int) -> SimilarityPartial? {
        SimilarityPartial.merge(partials, limit: limit)
    }

    /// Year-on-year changes from per-partition series of one organization
    /// (``FactsPartition/series(organization:indicator:)``): consecutive years only.
    package static func changes(from partitions: [[IndicatorYearValue]]) -> [YearOnYearChange] {
        YearOnYearChange.changes(from: partitions.flatMap { $0 })
    }

    // MARK: Shared rules

    /// The cross-level rule: refuses the first row (in row order) whose facts come from reports
    /// of more than one level (unknown counting as a level of its own). Rates (%, 个百分点) are
    /// exempt: they are averaged, never meaningfully summed.
    static func refuseMixedLevels(_ rows: [AggregateGroupResult]) throws(AggregationError) {
        for row in rows where !row.isGroupMarker && row.stats.levels.levelCount > 1 {
            if UnitNormalization.rateUnits.contains(row.unit) { continue }
            let key = row.key.isEmpty ? "(all reports)" : "[" + row.key.map { $0.isEmpty ? "unknown" : $0 }.joined(separator: ", ") + "]"
            throw AggregationError(
                .crossLevelSum,
                "group \(key) of indicator '\(row.indicator)' (\(row.unit)) mixes levels \(row.stats.levels): "
                    + "a higher level's totals already include the lower levels'; group by level, filter to one level, "
                    + "or allow cross-level sums"
            )
        }
    }

    /// Row order: key (field by field), then indicator, then unit.
    static func rowOrder(_ lhs: AggregateGroupResult, _ rhs: AggregateGroupResult) -> Bool {
        if lhs.key != rhs.key { return Self.keyOrder(lhs.key, rhs.key) }
        if lhs.indicator != rhs.indicator { return lhs.indicator < rhs.indicator }
        return lhs.unit < rhs.unit
    }

    static func keyOrder(_ lhs: [String], _ rhs: [String]) -> Bool {
        lhs.lexicographicallyPrecedes(rhs)
    }

    private static func ranks<T: Hashable>(_ values: Set<T>, by order: (T, T) -> Bool) -> [T: Int] {
        var ranks: [T: Int] = [:]
        for (position, value) in values.sorted(by: order).enumerated() { ranks[value] = position }
        return ranks
    }

    private struct Measure: Hashable {
        var indicator: String
        var unit: String
    }

    private struct RowKey: Hashable {
        var key: [String]
        var indicator: String
        var unit: String
    }
}
