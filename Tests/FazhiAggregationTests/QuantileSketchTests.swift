import FazhiAggregation
import Foundation
import Testing

@Suite struct QuantileSketchTests {
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { index in
            // Heavy-tailed, spanning seven orders of magnitude, some zeros and negatives.
            if index % 97 == 0 { return 0 }
            let magnitude = exp(random.unit() * 16 - 2)
            return index % 41 == 0 ? -magnitude : magnitude
        }
    }

    @Test("quantiles are within 1% of the exact sample quantiles", arguments: [0.0, 0.01, 0.25, 0.5, 0.9, 0.99, 1.0])
    func accuracy(q: Double) throws {
        let values = Self.values(20_000, seed: 31)
        var sketch = QuantileSketch()
        for value in values { sketch.add(value) }
        let sorted = values.sorted()
        let exact = sorted[Int((q * Double(sorted.count - 1)).rounded(.down))]
        let estimate = try #require(sketch.quantile(q))
        #expect(abs(estimate - exact) <= 0.01 * abs(exact) + 1e-12, "q=\(q): \(estimate) vs \(exact)")
        #expect(sketch.count == 20_000)
    }

    @Test("merging is exact bucket addition, in any order")
    func merge() throws {
        let values = Self.values(5_000, seed: 32)
        var whole = QuantileSketch()
        var parts = Array(repeating: QuantileSketch(), count: 4)
        for (index, value) in values.enumerated() {
            whole.add(value)
            parts[index % 4].add(value)
        }
        var merged = QuantileSketch()
        for part in parts.reversed() { try merged.merge(part) }
        #expect(merged == whole)
        #expect(merged.serialized() == whole.serialized())
        let other = QuantileSketch(relativeAccuracy: 0.02)
        let error = #expect(throws: AggregationError.self) { try merged.merge(other) }
        #expect(error?.code == .incompatibleSketches)
    }

    @Test("serialization round-trips")
    func roundTrip() throws {
        var sketch = QuantileSketch()
        #expect(try QuantileSketch(serialized: sketch.serialized()) == sketch)
        for value in Self.values(1_000, seed: 33) { sketch.add(value) }
        let decoded = try QuantileSketch(serialized: sketch.serialized())
        #expect(decoded == sketch)
        #expect(decoded.quantile(0.5) == sketch.quantile(0.5))
    }

    @Test("bad bytes throw, never crash")
    func badBytes() throws {
        var sketch = QuantileSketch()
        for value in Self.values(300, seed: 34) { sketch.add(value) }
        let good = sketch.serialized()
        func rejects(_ bytes: [UInt8], _ label: String) {
            #expect(throws: AggregationError.self, "\(label)") { try QuantileSketch(serialized: bytes) }
        }
        rejects([], "empty")
        rejects(Array("XXXX".utf8) + good.dropFirst(4), "magic")
        rejects(good + [0], "trailing byte")
        for cut in stride(from: 1, to: good.count, by: 7) { rejects(Array(good.prefix(cut)), "truncated at \(cut)") }
        var accuracy = good
        for index in 4..<12 { accuracy[index] = 0 }
        rejects(accuracy, "zero accuracy")
        var nan = good
        for index in 4..<12 { nan[index] = 0xFF }
        rejects(nan, "NaN accuracy")
        // A store declaring a huge bin count.
        var writer: [UInt8] = [0x44, 0x44, 0x53, 0x31]
        withUnsafeBytes(of: (0.01).bitPattern.littleEndian) { writer.append(contentsOf: $0) }
        rejects(writer + [0, 0, 0xFF, 0xFF, 0xFF, 0x7F], "huge bin count")
        rejects(writer + [0, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 1, 1], "key out of range")
        rejects(writer + [0] + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], "varint overflow")
        // Random mutations must either decode or throw.
        var random = SeededRandom(seed: 35)
        for _ in 0..<2_000 {
            var bytes = good
            for _ in 0..<random.int(1..<4) { bytes[random.int(0..<bytes.count)] = UInt8(truncatingIfNeeded: random.next()) }
            _ = try? QuantileSketch(serialized: bytes)
        }
        // Partial stats: sketch count must agree with count.
        let error = #expect(throws: AggregationError.self) {
            try PartialStats(count: 5, reports: 1, reportsInGroup: 1, sum: 0, min: 0, max: 0, lowerBoundCount: 0, sketchBytes: PartialStats().sketchBytes)
        }
        #expect(error?.code == .corruptData)
        #expect(throws: AggregationError.self) {
            try PartialStats(count: 0, reports: 0, reportsInGroup: 0, sum: 0, min: 0, max: 0, lowerBoundCount: 0, sketchBytes: [1, 2, 3])
        }
    }
}
