internal import FazhiParsing

extension FactsTable {
    /// Grouped statistics of indicator values: one row per (group key, indicator, unit) that
    /// has facts, plus a group marker (``AggregateGroupResult/isGroupMarker``) for each group
    /// with reports but none of the requested facts, and a row with count 0 for each (key,
    /// indicator, unit) that has only facts of another period (its ``PartialStats/otherPeriodCount``,
    /// for an exact merge; ``AggregateMerge/merge(_:query:)`` drops it). Rows are sorted by key,
    /// indicator, unit.
    ///
    /// - Throws: ``AggregationError``: `unknownIndicator` for an id not in the taxonomy,
    ///   `unknownGroupField`, `invalidFilter`, or `crossLevelSum` when a group mixes levels and
    ///   the query does not permit it (``AggregateQuery/allowCrossLevelSum``).
    package func aggregate(_ query: AggregateQuery) throws(AggregationError) -> [AggregateGroupResult] {
        let fields = try GroupField.validate(query.groupBy)
        let wanted = try Self.validateIndicators(query.indicators)
        let filter = try self.resolve(query.filter)
        let counted = try query.countedPeriodCodes()
        let grouping = self.group(fields: fields, filter: filter)

        // One slot per wanted (indicator, unit). A measure of a counted period maps to its
        // pair's slot; one of another period to -2 - slot (counted apart, in that slot's
        // otherPeriodCount); an unwanted one to -1.
        var slotOfMeasure = [Int32](repeating: -1, count: self.measureIndicator.count)
        var measureOfSlot: [Int] = []
        var slotOfPair: [Int64: Int32] = [:]
        for measure in self.measureIndicator.indices {
            let indicator = self.indicators[self.measureIndicator[measure]]
            if let wanted, !wanted.contains(indicator) { continue }
            let pair = Int64(self.measureIndicator[measure]) << 32 | Int64(self.measureUnit[measure])
            let slot: Int32
            if let known = slotOfPair[pair] {
                slot = known
            } else {
                slot = Int32(measureOfSlot.count)
                slotOfPair[pair] = slot
                measureOfSlot.append(measure)
            }
            slotOfMeasure[measure] = counted[Int(self.measurePeriod[measure])] != 0 ? slot : -2 - slot
        }

        let groupCount = grouping.keys.count
        let slotCount = measureOfSlot.count
        var results: [AggregateGroupResult] = []
        var groupHasRows = [Bool](repeating: false, count: groupCount)
        if groupCount > 0, slotCount > 0 {
            let space = groupCount * slotCount
            let cells: ScanCells
            if space <= 1 << 18 {
                cells = self.scan(grouping, slotOfMeasure, slotCount, map: DirectCellMap(count: space))
            } else if space <= 1 << 26 {
                var map = DenseCellMap(space: space)
                self.markCells(grouping, slotOfMeasure, slotCount, map: &map)
                cells = self.scan(grouping, slotOfMeasure, slotCount, map: map)
            } else {
                var map = SparseCellMap()
                self.markCells(grouping, slotOfMeasure, slotCount, map: &map)
                cells = self.scan(grouping, slotOfMeasure, slotCount, map: map)
            }
            // Row order without comparing strings per row: rank the groups and the measures
            // once, then sort cells by an integer.
            let groupRank = Self.ranks(grouping.keys.indices.sorted { AggregateMerge.keyOrder(grouping.keys[$0], grouping.keys[$1]) })
            let slotRank = Self.ranks(
                measureOfSlot.indices.sorted { left, right in
                    let l = (self.indicators[self.measureIndicator[measureOfSlot[left]]], self.units[self.measureUnit[measureOfSlot[left]]])
                    let r = (self.indicators[self.measureIndicator[measureOfSlot[right]]], self.units[self.measureUnit[measureOfSlot[right]]])
                    return l < r
                }
            )
            var order: [(rank: Int, cell: Int)] = []
            order.reserveCapacity(cells.stats.count)
            // A cell of only other-period facts is a row too (count 0), so that a merge over
            // partitions adds its otherPeriodCount; AggregateMerge.merge drops such rows.
            for cell in cells.stats.indices where cells.stats[cell].count > 0 || cells.stats[cell].otherPeriodCount > 0 {
                let space = cells.spaceIndex[cell]
                order.append((groupRank[space / slotCount] * (slotCount + 1) + slotRank[space % slotCount], cell))
                groupHasRows[space / slotCount] = true
            }
            // Groups without rows get a marker, ranked as an extra slot of the group.
            for group in 0..<groupCount where !groupHasRows[group] {
                order.append((groupRank[group] * (slotCount + 1) + slotCount, -1 - group))
            }
            order.sort { $0.rank < $1.rank }
            results.reserveCapacity(order.count)
            for (_, cell) in order {
                if cell < 0 {
                    results.append(Self.marker(grouping, group: -1 - cell))
                    continue
                }
                let group = cells.spaceIndex[cell] / slotCount
                let measure = measureOfSlot[cells.spaceIndex[cell] % slotCount]
                var stats = cells.stats[cell]
                stats.reportsInGroup = grouping.reportsInGroup[group]
                results.append(
                    AggregateGroupResult(
                        key: grouping.keys[group],
                        indicator: self.indicators[self.measureIndicator[measure]],
                        unit: self.units[self.measureUnit[measure]],
                        stats: stats
                    )
                )
            }
        } else {
            for group in grouping.keys.indices.sorted(by: { AggregateMerge.keyOrder(grouping.keys[$0], grouping.keys[$1]) }) {
                results.append(Self.marker(grouping, group: group))
            }
        }
        if !query.permitsMixedLevels { try AggregateMerge.refuseMixedLevels(results) }
        return results
    }

    /// The inverse of a permutation: position of each element in `sorted`.
    private static func ranks(_ sorted: [Int]) -> [Int] {
        var rank = [Int](repeating: 0, count: sorted.count)
        for (position, element) in sorted.enumerated() { rank[element] = position }
        return rank
    }

    private static func marker(_ grouping: ReportGrouping, group: Int) -> AggregateGroupResult {
        var stats = PartialStats()
        stats.reportsInGroup = grouping.reportsInGroup[group]
        return AggregateGroupResult(key: grouping.keys[group], indicator: "", unit: "", stats: stats)
    }

    /// Checks indicator ids against the taxonomy; `nil` (all) for an empty list.
    static func validateIndicators(_ ids: [String]) throws(AggregationError) -> Set<String>? {
        guard !ids.isEmpty else { return nil }
        for id in ids where IndicatorTaxonomy.shared.indicator(id: id) == nil {
            throw AggregationError(.unknownIndicator, "unknown indicator '\(id)' (not in indicators.json)")
        }
        return Set(ids)
    }

    /// First pass for large key spaces: numbers the cells that occur (facts of every period:
    /// those not counted are counted apart).
    private func markCells(
        _ grouping: ReportGrouping,
        _ slotOfMeasure: [Int32],
        _ slotCount: Int,
        map: inout some CellMap
    ) {
        for ordinal in self.docIDs.indices {
            let group = Int(grouping.groupOfReport[ordinal])
            guard group >= 0 else { continue }
            for fact in Int(self.factStarts[ordinal])..<self.factEnd(ordinal) {
                let slot = Int(slotOfMeasure[Int(self.factMeasures[fact])])
                if slot >= 0 {
                    map.mark(group * slotCount + slot)
                } else if slot <= -2 {
                    map.mark(group * slotCount + (-2 - slot))
                }
            }
        }
    }

    /// The accumulation pass over contiguous columns, with no per-row allocation or string
    /// hashing.
    ///
    /// Quantile buckets are not counted per cell during the pass (a histogram per cell is too
    /// large to stay in cache when there are thousands of cells): the first pass counts each
    /// cell's positive values, a second pass scatters their precomputed bucket keys into one
    /// array grouped by cell (a counting sort), and each cell's sketch is then built from its
    /// own contiguous slice. Zero and negative values go straight into per-cell sketches.
    /// Facts of another period than the query's (slot -2 - s) only add to the
    /// ``PartialStats/otherPeriodCount`` of slot s's cell.
    private func scan<Map: CellMap>(
        _ grouping: ReportGrouping,
        _ slotOfMeasure: [Int32],
        _ slotCount: Int,
        map: Map
    ) -> ScanCells {
        let cellCount = map.cellCount
        let counts = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: cellCount)
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: cellCount)
        let mins = UnsafeMutableBufferPointer<Double>.allocate(capacity: cellCount)
        let maxs = UnsafeMutableBufferPointer<Double>.allocate(capacity: cellCount)
        let lowerBounds = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: cellCount)
        let approximates = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: cellCount)
        let reports = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: cellCount)
        let others = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: cellCount)
        let positives = UnsafeMutableBufferPointer<Int>.allocate(capacity: cellCount + 1)
        let levels = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: cellCount)
        let sketches = UnsafeMutableBufferPointer<QuantileSketch>.allocate(capacity: cellCount)
        defer {
            for buffer in [counts, lowerBounds, approximates, reports, others] { buffer.deallocate() }
            for buffer in [sums, mins, maxs] { buffer.deallocate() }
            positives.deallocate()
            levels.deallocate()
            _ = sketches.deinitialize()
            sketches.deallocate()
        }
        counts.initialize(repeating: 0)
        sums.initialize(repeating: 0)
        mins.initialize(repeating: .infinity)
        maxs.initialize(repeating: -.infinity)
        lowerBounds.initialize(repeating: 0)
        approximates.initialize(repeating: 0)
        reports.initialize(repeating: 0)
        others.initialize(repeating: 0)
        positives.initialize(repeating: 0)
        levels.initialize(repeating: 0)
        sketches.initialize(repeating: QuantileSketch())
        // Qualifier index → flags (allCases order: exact, approxOver, atLeast, atMost, approx).
        let lowerTable: [UInt64] = Qualifier.allCases.map { $0.isLowerBound ? 1 : 0 }
        let approximateTable: [UInt64] = Qualifier.allCases.map { $0 == .approx || $0 == .atMost ? 1 : 0 }
        var scattered: [Int16] = []

        let factTotal = self.factReports.count
        self.factMeasures.withUnsafeBufferPointer { measures in
            self.factValues.withUnsafeBufferPointer { values in
                self.factBuckets.withUnsafeBufferPointer { buckets in
                    self.factQualifiers.withUnsafeBufferPointer { qualifiers in
                        slotOfMeasure.withUnsafeBufferPointer { slots in
                            lowerTable.withUnsafeBufferPointer { lowerTable in
                                approximateTable.withUnsafeBufferPointer { approximateTable in
                                    for ordinal in self.docIDs.indices {
                                        let group = Int(grouping.groupOfReport[ordinal])
                                        guard group >= 0 else { continue }
                                        let start = Int(self.factStarts[ordinal])
                                        let end = ordinal + 1 < self.factStarts.count ? Int(self.factStarts[ordinal + 1]) : factTotal
                                        guard start < end else { continue }
                                        let levelBit = UInt8(1) << self.levelCodes[ordinal]
                                        let base = group * slotCount
                                        for fact in start..<end {
                                            let slot = Int(slots[Int(measures[fact])])
                                            if slot < 0 {
                                                if slot <= -2 { others[map.cell(base + (-2 - slot))] &+= 1 }
                                                continue
                                            }
                                            let cell = map.cell(base + slot)
                                            let value = values[fact]
                                            counts[cell] &+= 1
                                            sums[cell] += value
                                            if value < mins[cell] { mins[cell] = value }
                                            if value > maxs[cell] { maxs[cell] = value }
                                            let qualifier = Int(qualifiers[fact])
                                            lowerBounds[cell] &+= lowerTable[qualifier]
                                            approximates[cell] &+= approximateTable[qualifier]
                                            // A report counts once per cell: bit 7 marks "seen in this
                                            // report" and is cleared below.
                                            if levels[cell] & 0x80 == 0 {
                                                reports[cell] &+= 1
                                                levels[cell] |= levelBit | 0x80
                                            }
                                            let bucket = buckets[fact]
                                            if value > 0 && bucket != Self.zeroKey {
                                                positives[cell + 1] &+= 1
                                            } else {
                                                sketches[cell].add(precomputedKey: bucket, isNegative: value < 0)
                                            }
                                        }
                                        for fact in start..<end {
                                            let slot = Int(slots[Int(measures[fact])])
                                            if slot >= 0 { levels[map.cell(base + slot)] &= 0x7F }
                                        }
                                    }

                                    // Counting sort of the positive values' bucket keys by cell.
                                    for cell in 0..<cellCount { positives[cell + 1] &+= positives[cell] }
                                    let cursor = UnsafeMutableBufferPointer<Int>.allocate(capacity: cellCount)
                                    defer { cursor.deallocate() }
                                    _ = cursor.initialize(from: positives.prefix(cellCount))
                                    scattered = [Int16](unsafeUninitializedCapacity: positives[cellCount]) { output, initialized in
                                        for ordinal in self.docIDs.indices {
                                            let group = Int(grouping.groupOfReport[ordinal])
                                            guard group >= 0 else { continue }
                                            let start = Int(self.factStarts[ordinal])
                                            let end = ordinal + 1 < self.factStarts.count ? Int(self.factStarts[ordinal + 1]) : factTotal
                                            let base = group * slotCount
                                            for fact in start..<end {
                                                let slot = Int(slots[Int(measures[fact])])
                                                let bucket = buckets[fact]
                                                if slot < 0 || !(values[fact] > 0) || bucket == Self.zeroKey { continue }
                                                let cell = map.cell(base + slot)
                                                output[cursor[cell]] = bucket
                                                cursor[cell] &+= 1
                                            }
                                        }
                                        initialized = positives[cellCount]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var stats: [PartialStats] = []
        stats.reserveCapacity(cellCount)
        scattered.withUnsafeBufferPointer { scattered in
            for cell in 0..<cellCount {
                var entry = PartialStats()
                entry.count = counts[cell]
                entry.otherPeriodCount = others[cell]
                if entry.count > 0 {
                    entry.sum = sums[cell]
                    entry.min = mins[cell]
                    entry.max = maxs[cell]
                    entry.lowerBoundCount = lowerBounds[cell]
                    entry.approximateCount = approximates[cell]
                    entry.reports = reports[cell]
                    entry.levels = LevelSet(rawValue: levels[cell])
                    entry.sketch = sketches[cell]
                    entry.sketch.addPositiveKeys(UnsafeBufferPointer(rebasing: scattered[positives[cell]..<positives[cell + 1]]))
                }
                stats.append(entry)
            }
        }
        return ScanCells(stats: stats, spaceIndex: (0..<cellCount).map { map.spaceIndex(ofCell: $0) })
    }
}

/// Accumulated cells and the key-space index (group × slots + slot) of each.
struct ScanCells {
    var stats: [PartialStats]
    var spaceIndex: [Int]
}

/// Maps a key-space index (group × slots + slot) to a compact cell number.
protocol CellMap {
    var cellCount: Int { get }
    mutating func mark(_ space: Int)
    func cell(_ space: Int) -> Int
    func spaceIndex(ofCell cell: Int) -> Int
}

/// Small key spaces: every index is a cell.
struct DirectCellMap: CellMap {
    let cellCount: Int
    init(count: Int) { self.cellCount = count }
    mutating func mark(_ space: Int) {}
    @inline(__always) func cell(_ space: Int) -> Int { space }
    func spaceIndex(ofCell cell: Int) -> Int { cell }
}

/// Medium key spaces: a dense index table, cells numbered in order of first occurrence.
struct DenseCellMap: CellMap {
    private var cells: [Int32]
    private var spaces: [Int] = []
    init(space: Int) { self.cells = [Int32](repeating: -1, count: space) }
    var cellCount: Int { self.spaces.count }
    mutating func mark(_ space: Int) {
        if self.cells[space] < 0 {
            self.cells[space] = Int32(self.spaces.count)
            self.spaces.append(space)
        }
    }
    @inline(__always) func cell(_ space: Int) -> Int { Int(self.cells[space]) }
    func spaceIndex(ofCell cell: Int) -> Int { self.spaces[cell] }
}

/// Huge key spaces (grouping by organization over many indicators): a hash map.
struct SparseCellMap: CellMap {
    private var cells: [Int: Int] = [:]
    private var spaces: [Int] = []
    var cellCount: Int { self.spaces.count }
    mutating func mark(_ space: Int) {
        if self.cells[space] == nil {
            self.cells[space] = self.spaces.count
            self.spaces.append(space)
        }
    }
    // '!' is fine: every space index scanned was marked by the first pass.
    func cell(_ space: Int) -> Int { self.cells[space]! }
    func spaceIndex(ofCell cell: Int) -> Int { self.spaces[cell] }
}
