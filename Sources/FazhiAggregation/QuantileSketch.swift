internal import Foundation

/// A DDSketch (Masson, Rim & Lee, VLDB 2019): a mergeable quantile sketch with relative-error
/// guarantees.
///
/// A positive value `v` goes to bucket `k = ⌈log_γ v⌉` with `γ = (1 + α) / (1 − α)`; the bucket's
/// representative `2γᵏ / (γ + 1)` is within relative error `α` of every value in it. So every
/// quantile the sketch returns is within `α` (relative) of the exact sample quantile of the same
/// rank, and merging two sketches is exact bucket addition: the sketch of a union equals the
/// merge of the parts' sketches, bit for bit, in any order. Negative values use a mirrored
/// store; values with `|v|` below ``minIndexableValue`` count as zero; keys are clamped to
/// ``maxKey`` (about 1.3·10¹⁹ at α = 1%), beyond which accuracy is lost.
///
/// The byte format is in `README.md` (section "Sketch bytes") and implemented by
/// `QuantileSketch+Serialization.swift`.
package struct QuantileSketch: Sendable, Hashable {
    /// The accuracy every partition of fazhi uses: 1%.
    package static let defaultRelativeAccuracy = 0.01
    /// Smallest magnitude kept apart from zero.
    package static let minIndexableValue = 1e-9
    /// Largest bucket key; larger values are counted in it.
    package static let maxKey = 2200

    /// The relative accuracy α.
    package let relativeAccuracy: Double
    private let logGamma: Double
    private let gamma: Double
    /// Values whose magnitude is below ``minIndexableValue``.
    package internal(set) var zeroCount: UInt64 = 0
    var positive = BucketStore()
    var negative = BucketStore()

    /// An empty sketch with relative accuracy `relativeAccuracy` (strictly between 0 and 1).
    package init(relativeAccuracy: Double = QuantileSketch.defaultRelativeAccuracy) {
        precondition(relativeAccuracy > 0 && relativeAccuracy < 1, "relative accuracy must be in (0, 1)")
        self.relativeAccuracy = relativeAccuracy
        self.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy)
        self.logGamma = log(self.gamma)
    }

    /// Values added.
    package var count: UInt64 { self.zeroCount + self.positive.total + self.negative.total }

    /// Whether no value was added.
    package var isEmpty: Bool { self.count == 0 }

    /// The bucket key of a magnitude at the default accuracy, or `nil` for "counts as zero".
    ///
    /// The facts table stores this per fact, so scans never take a logarithm.
    static func defaultKey(forMagnitude magnitude: Double) -> Int? {
        Self.key(forMagnitude: magnitude, logGamma: Self.defaultLogGamma)
    }

    static let defaultLogGamma: Double = {
        let alpha = QuantileSketch.defaultRelativeAccuracy
        return log((1 + alpha) / (1 - alpha))
    }()

    private static func key(forMagnitude magnitude: Double, logGamma: Double) -> Int? {
        guard magnitude >= Self.minIndexableValue else { return nil }
        guard magnitude.isFinite else { return Self.maxKey }
        let key = Int((log(magnitude) / logGamma).rounded(.up))
        return Swift.min(key, Self.maxKey)
    }

    /// Adds one finite value.
    package mutating func add(_ value: Double) {
        precondition(value.isFinite, "sketch values are finite")
        let magnitude = Swift.abs(value)
        guard let key = Self.key(forMagnitude: magnitude, logGamma: self.logGamma) else {
            self.zeroCount += 1
            return
        }
        if value < 0 { self.negative.add(key: key) } else { self.positive.add(key: key) }
    }

    /// Adds a value by its precomputed key (``defaultKey(forMagnitude:)``); only valid for a
    /// sketch of the default accuracy.
    @inline(__always)
    mutating func add(precomputedKey key: Int16, isNegative: Bool) {
        if key == FactsTable.zeroKey {
            self.zeroCount += 1
        } else if isNegative {
            self.negative.add(key: Int(key))
        } else {
            self.positive.add(key: Int(key))
        }
    }

    /// Adds positive values by their precomputed bucket keys (one cell's slice of a scan);
    /// only valid for a sketch of the default accuracy.
    mutating func addPositiveKeys(_ keys: UnsafeBufferPointer<Int16>) {
        guard var low = keys.first.map(Int.init) else { return }
        var high = low
        for key in keys {
            low = Swift.min(low, Int(key))
            high = Swift.max(high, Int(key))
        }
        self.positive.extend(toInclude: low)
        self.positive.extend(toInclude: high)
        let offset = self.positive.offset
        self.positive.bins.withUnsafeMutableBufferPointer { bins in
            for key in keys { bins[Int(key) - offset] &+= 1 }
        }
        self.positive.total &+= UInt64(keys.count)
    }

    /// Adds everything `other` holds.
    ///
    /// - Throws: ``AggregationError/Code/incompatibleSketches`` when the accuracies differ.
    package mutating func merge(_ other: QuantileSketch) throws(AggregationError) {
        guard other.relativeAccuracy == self.relativeAccuracy else {
            throw AggregationError(
                .incompatibleSketches,
                "cannot merge sketches of relative accuracy \(self.relativeAccuracy) and \(other.relativeAccuracy)"
            )
        }
        self.zeroCount += other.zeroCount
        self.positive.merge(other.positive)
        self.negative.merge(other.negative)
    }

    /// The value at quantile `q` (0 = minimum, 0.5 = median, 1 = maximum) within relative error
    /// ``relativeAccuracy`` of the exact lower sample quantile (the element of rank
    /// `⌊q·(n−1)⌋` in sorted order); `nil` when empty.
    package func quantile(_ q: Double) -> Double? {
        self.quantiles([q])[0]
    }

    /// Several quantiles in one pass over the buckets; `q` in ascending order is fastest, any
    /// order is correct. Each is `nil` when the sketch is empty.
    package func quantiles(_ qs: [Double]) -> [Double?] {
        let total = self.count
        guard total > 0 else { return qs.map { _ in nil } }
        let ranks = qs.map { q -> UInt64 in
            precondition(q >= 0 && q <= 1, "quantile must be in 0...1")
            return UInt64((q * Double(total - 1)).rounded(.down))
        }
        var results = [Double?](repeating: nil, count: qs.count)
        let order = ranks.indices.sorted { ranks[$0] < ranks[$1] }
        var next = 0
        var seen: UInt64 = 0
        func settle(_ value: @autoclosure () -> Double) {
            while next < order.count, seen > ranks[order[next]] {
                results[order[next]] = value()
                next += 1
            }
        }
        // Negative values, most negative (largest magnitude key) first.
        for index in self.negative.bins.indices.reversed() where self.negative.bins[index] != 0 {
            seen += self.negative.bins[index]
            settle(-self.value(ofKey: self.negative.offset + index))
            if next == order.count { return results }
        }
        seen += self.zeroCount
        settle(0)
        for index in self.positive.bins.indices where self.positive.bins[index] != 0 {
            seen += self.positive.bins[index]
            settle(self.value(ofKey: self.positive.offset + index))
            if next == order.count { return results }
        }
        return results
    }

    private func value(ofKey key: Int) -> Double {
        2 * exp(Double(key) * self.logGamma) / (self.gamma + 1)
    }

    /// Counts per bucket key for one sign, in a dense window.
    struct BucketStore: Sendable, Hashable {
        /// Key of `bins[0]`.
        var offset = 0
        var bins: [UInt64] = []
        var total: UInt64 = 0

        @inline(__always)
        mutating func add(key: Int, count: UInt64 = 1) {
            let index = key &- self.offset
            if index >= 0 && index < self.bins.count {
                self.bins[index] &+= count
            } else {
                self.extend(toInclude: key)
                self.bins[key - self.offset] &+= count
            }
            self.total &+= count
        }

        /// Widens the window geometrically (at least doubling on the growing side), so a
        /// store reaches its final width after a few reallocations.
        @inline(never)
        mutating func extend(toInclude key: Int) {
            if !self.bins.isEmpty && key >= self.offset && key < self.offset + self.bins.count { return }
            let slack = Swift.max(16, self.bins.count)
            if self.bins.isEmpty {
                self.offset = key - 16
                self.bins = Array(repeating: 0, count: 33)
            } else if key < self.offset {
                let newOffset = key - slack
                var grown = [UInt64](repeating: 0, count: self.offset - newOffset)
                grown.reserveCapacity(grown.count + self.bins.count)
                grown.append(contentsOf: self.bins)
                self.bins = grown
                self.offset = newOffset
            } else {
                let needed = key - self.offset + 1 + slack
                self.bins.append(contentsOf: repeatElement(0, count: needed - self.bins.count))
            }
        }

        static let keyLimit = 1 << 17

        mutating func merge(_ other: BucketStore) {
            guard other.total > 0 else { return }
            guard let first = other.bins.firstIndex(where: { $0 != 0 }),
                let last = other.bins.lastIndex(where: { $0 != 0 })
            else { return }
            self.extend(toInclude: other.offset + first)
            self.extend(toInclude: other.offset + last)
            for index in first...last where other.bins[index] != 0 {
                self.bins[other.offset + index - self.offset] &+= other.bins[index]
            }
            self.total &+= other.total
        }

        /// Bins without the zero slack at either end: (first key, counts).
        var trimmed: (offset: Int, bins: ArraySlice<UInt64>) {
            guard let first = self.bins.firstIndex(where: { $0 != 0 }),
                let last = self.bins.lastIndex(where: { $0 != 0 })
            else { return (0, []) }
            return (self.offset + first, self.bins[first...last])
        }

        static func == (lhs: BucketStore, rhs: BucketStore) -> Bool {
            let left = lhs.trimmed
            let right = rhs.trimmed
            return lhs.total == rhs.total && left.offset == right.offset && left.bins.elementsEqual(right.bins)
        }

        func hash(into hasher: inout Hasher) {
            let trimmed = self.trimmed
            hasher.combine(self.total)
            hasher.combine(trimmed.offset)
            for bin in trimmed.bins { hasher.combine(bin) }
        }
    }
}
