import FazhiAggregation
import Testing

@Suite struct StatsAccumulatorTests {
    @Test("merging partitions equals accumulating everything in one", arguments: [1, 2, 3, 7])
    func mergeEqualsWhole(partitions: Int) {
        let values: [Double] = (0..<200).map { Double(($0 * 7919) % 1000) / 10 }
        var whole = StatsAccumulator()
        var parts = Array(repeating: StatsAccumulator(), count: partitions)
        for (index, value) in values.enumerated() {
            whole.add(value, isLowerBound: index % 5 == 0)
            parts[index % partitions].add(value, isLowerBound: index % 5 == 0)
        }
        var merged = StatsAccumulator()
        for part in parts.reversed() { merged.merge(part) }
        #expect(merged.count == whole.count)
        #expect(merged.min == whole.min)
        #expect(merged.max == whole.max)
        #expect(merged.lowerBoundCount == whole.lowerBoundCount)
        #expect(abs(merged.sum - whole.sum) < 1e-6)
    }

    @Test("lower bounds make the sum a lower bound")
    func lowerBound() {
        var stats = StatsAccumulator()
        stats.add(120)
        #expect(!stats.isLowerBound)
        stats.add(200, isLowerBound: true)
        #expect(stats.isLowerBound)
        #expect(stats.sum == 320)
        #expect(stats.mean == 160)
    }

    @Test("an empty accumulator has no mean and merges as identity")
    func empty() {
        var stats = StatsAccumulator()
        #expect(stats.mean == nil)
        stats.add(5)
        let before = stats
        stats.merge(StatsAccumulator())
        #expect(stats == before)
    }
}
