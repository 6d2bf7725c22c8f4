import Testing
@testable import FazhiCommandLine

@Suite struct BenchSearchTests {
    @Test("the bootstrap interval of a p99 difference covers the true shift and is repeatable")
    func bootstrapInterval() {
        // A long-tailed latency sample: mostly 2–12 ms, 1% of it 40–60 ms.
        let shard = (0..<200).map { index -> Double in
            let x = Double((index &* 7919) % 1000) / 1000
            return index % 100 == 0 ? 40 + 20 * x : 2 + 10 * x
        }
        let same = BenchSearchCommand.bootstrapInterval(shard, shard, quantile: 0.99)
        #expect(same.lower == 0 && same.upper == 0)
        let shifted = BenchSearchCommand.bootstrapInterval(shard.map { $0 + 0.5 }, shard, quantile: 0.99)
        #expect(abs(shifted.lower - 0.5) < 1e-9 && abs(shifted.upper - 0.5) < 1e-9)
        // Independent noise on the tail widens the interval around the shift.
        let noisy = shard.enumerated().map { $0.element + ($0.offset % 100 == 0 ? Double($0.offset % 7) - 3 : 0.5) }
        let interval = BenchSearchCommand.bootstrapInterval(noisy, shard, quantile: 0.99)
        #expect(interval.lower < interval.upper)
        #expect(interval == BenchSearchCommand.bootstrapInterval(noisy, shard, quantile: 0.99))
    }
}
