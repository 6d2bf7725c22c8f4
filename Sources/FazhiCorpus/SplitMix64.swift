/// A small, fast pseudo-random generator (SplitMix64, Steele et al. 2014) whose output is
/// fixed by its seed on every platform and Swift version.
///
/// The corpus must be byte-identical for a seed on any machine, so the generator never uses
/// `SystemRandomNumberGenerator` nor the standard library's `random(in:using:)` helpers (their
/// algorithm is not part of the language contract); the bounded helpers below are ours.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    package init(seed: UInt64) {
        self.state = seed
    }

    /// A generator for one item of a keyed family (the document `index` of corpus `seed`), so
    /// that any item can be produced without producing the ones before it.
    package init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ 0x6A09_E667_F3BC_C909)
        let base = mixer.next()
        // The stream number is hashed into a random starting state: adding it to the state
        // directly would make stream i+1 the same sequence as stream i shifted by one draw.
        self.state = Self.mix(base ^ Self.mix(stream &+ 0x3C6E_F372_FE94_F82B))
    }

    /// SplitMix64's output function: a bijective 64-bit hash.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (`bound` > 0), by Lemire's multiply-shift with rejection.
    package mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = self.next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = self.next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A uniform integer in `range`.
    package mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + self.below(range.upperBound - range.lowerBound + 1)
    }

    /// `true` with probability `probability` (0...1).
    package mutating func chance(_ probability: Double) -> Bool {
        self.unit() < probability
    }

    /// A uniform double in `0..<1` with 53 random bits.
    package mutating func unit() -> Double {
        Double(self.next() >> 11) * 0x1.0p-53
    }

    /// A uniformly chosen element (`items` must not be empty).
    package mutating func pick<C: RandomAccessCollection>(_ items: C) -> C.Element where C.Index == Int {
        items[items.startIndex + self.below(items.count)]
    }

    /// An index into `weights` chosen with probability proportional to its weight.
    package mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var draw = self.below(total)
        for (index, weight) in weights.enumerated() {
            if draw < weight { return index }
            draw -= weight
        }
        return weights.count - 1
    }

    /// A log-uniform integer in `range` (magnitudes in reports spread over orders of size).
    package mutating func logUniform(_ range: ClosedRange<Int>) -> Int {
        let low = Double(max(range.lowerBound, 1))
        let high = Double(range.upperBound)
        let value = low * pow2(log2(high / low) * self.unit())
        return min(range.upperBound, max(range.lowerBound, Int(value.rounded())))
    }

    /// `count` distinct elements of `items` in a random order.
    package mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        var result: [T] = []
        for _ in 0..<min(count, pool.count) {
            result.append(pool.remove(at: self.below(pool.count)))
        }
        return result
    }
}

// Powers and logarithms are computed with plain arithmetic rather than libm, whose last-ulp
// results may differ between platforms and would then change the corpus bytes.
private func pow2(_ x: Double) -> Double {
    var result = 1.0
    var exponent = x
    while exponent >= 1 {
        result *= 2
        exponent -= 1
    }
    // A 12-term Taylor series of 2^f for f in [0, 1): pure arithmetic, identical everywhere.
    let t = exponent * 0.693_147_180_559_945_3
    var term = 1.0
    var sum = 1.0
    for k in 1...12 {
        term *= t / Double(k)
        sum += term
    }
    return result * sum
}

private func log2(_ x: Double) -> Double {
    // x = m · 2^e with m in [1, 2) (exact IEEE decomposition), and ln m = 2·atanh((m−1)/(m+1))
    // by its odd power series (|z| < 1/3, so 20 terms reach full precision): pure arithmetic.
    if x <= 1 { return 0 }
    let m = x.significand
    let z = (m - 1) / (m + 1)
    let z2 = z * z
    var term = z
    var sum = 0.0
    for k in 0..<20 {
        sum += term / Double(2 * k + 1)
        term *= z2
    }
    return Double(x.exponent) + 2 * sum / 0.693_147_180_559_945_3
}
