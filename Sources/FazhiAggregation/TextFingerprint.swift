/// Sentence hashes and MinHash signatures of report texts, for copy and peer detection.
///
/// - Sentences end at 。！？；!?; and line breaks. A sentence is normalised by mapping
///   full-width ASCII forms to ASCII, lower-casing Latin letters and dropping whitespace and
///   punctuation; sentences shorter than ``minimumSentenceLength`` scalars after that are
///   ignored (headings such as "一、" and fragments repeat everywhere). Digits are kept: a
///   sentence repeated with new numbers is not counted as a repeat.
/// - Sentence hashes are 64-bit FNV-1a of the normalised UTF-8: stable across processes, so
///   they may be stored and compared between partitions.
/// - The signature is a MinHash of the set of ``shingleLength``-scalar shingles of the
///   normalised text, with ``signatureLength`` hash functions `h_i(x) = a_i·x + b_i mod 2⁶⁴`
///   over a mixed 64-bit shingle hash, keeping the top 32 bits. The share of equal positions
///   of two signatures estimates the Jaccard similarity of the shingle sets (standard error
///   ≤ 0.5 / √128 ≈ 0.044).
package enum TextFingerprint {
    /// Shortest normalised sentence that counts.
    package static let minimumSentenceLength = 8
    /// Scalars per shingle.
    package static let shingleLength = 4
    /// Hash functions in a signature.
    package static let signatureLength = 128

    /// One counted sentence.
    package struct Sentence: Sendable, Hashable {
        /// The sentence as written, trimmed.
        package var text: String
        /// Hash of the normalised sentence.
        package var hash: UInt64
    }

    /// The counted sentences of `text`, in order (repeats included).
    package static func sentences(of text: String) -> [Sentence] {
        var result: [Sentence] = []
        var start = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        var index = start
        var normalized: [UInt32] = []
        func finish(_ end: String.UnicodeScalarView.Index) {
            if normalized.count >= Self.minimumSentenceLength {
                let raw = String(scalars[start..<end]).trimmingWhitespace()
                result.append(Sentence(text: raw, hash: Self.fnv1a(normalized)))
            }
            normalized.removeAll(keepingCapacity: true)
        }
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if Self.isSentenceEnd(scalar) {
                let end = scalars.index(after: index)
                finish(Self.isLineBreak(scalar) ? index : end)
                start = end
                index = end
                continue
            }
            if let folded = Self.fold(scalar) { normalized.append(folded) }
            index = scalars.index(after: index)
        }
        finish(scalars.endIndex)
        return result
    }

    /// The normalised form of a text (what sentence hashes and shingles are computed on).
    package static func normalize(_ text: String) -> String {
        var view = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let folded = Self.fold(scalar), let out = Unicode.Scalar(folded) { view.append(out) }
        }
        return String(view)
    }

    /// The MinHash signature of `text`; empty when the normalised text is shorter than a shingle.
    package static func signature(of text: String) -> [UInt32] {
        var folded: [UInt32] = []
        folded.reserveCapacity(text.utf8.count / 3)
        for scalar in text.unicodeScalars {
            if let value = Self.fold(scalar) { folded.append(value) }
        }
        guard folded.count >= Self.shingleLength else { return [] }
        var minima = [UInt64](repeating: .max, count: Self.signatureLength)
        let (multipliers, increments) = (Self.multipliers, Self.increments)
        minima.withUnsafeMutableBufferPointer { minima in
            multipliers.withUnsafeBufferPointer { a in
                increments.withUnsafeBufferPointer { b in
                    for start in 0...(folded.count - Self.shingleLength) {
                        var shingle: UInt64 = 0xCBF2_9CE4_8422_2325
                        for offset in 0..<Self.shingleLength {
                            shingle = (shingle ^ UInt64(folded[start + offset])) &* 0x0000_0100_0000_01B3
                        }
                        let x = Self.mix(shingle)
                        for i in 0..<Self.signatureLength {
                            let h = a[i] &* x &+ b[i]
                            if h < minima[i] { minima[i] = h }
                        }
                    }
                }
            }
        }
        return minima.map { UInt32(truncatingIfNeeded: $0 >> 32) }
    }

    /// Estimated Jaccard similarity of two signatures (0 when either is empty).
    package static func estimatedJaccard(_ lhs: [UInt32], _ rhs: [UInt32]) -> Double {
        guard !lhs.isEmpty, lhs.count == rhs.count else { return 0 }
        var equal = 0
        for index in lhs.indices where lhs[index] == rhs[index] { equal += 1 }
        return Double(equal) / Double(lhs.count)
    }

    // MARK: Internals

    /// Odd multipliers and increments of the hash family, from a fixed SplitMix64 stream.
    private static let (multipliers, increments): ([UInt64], [UInt64]) = {
        var state: UInt64 = 0x6661_7A68_6953_494D  // "fazhiSIM"
        var a: [UInt64] = []
        var b: [UInt64] = []
        for _ in 0..<TextFingerprint.signatureLength {
            state &+= 0x9E37_79B9_7F4A_7C15
            a.append(Self.mix(state) | 1)
            state &+= 0x9E37_79B9_7F4A_7C15
            b.append(Self.mix(state))
        }
        return (a, b)
    }()

    /// SplitMix64's finaliser.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func fnv1a(_ scalars: [UInt32]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for scalar in scalars {
            // Hash the UTF-8 bytes, so the value equals FNV-1a of the normalised string.
            var buffer: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
            let count: Int
            switch scalar {
            case 0..<0x80:
                buffer.0 = UInt8(scalar)
                count = 1
            case 0x80..<0x800:
                buffer = (UInt8(0xC0 | (scalar >> 6)), UInt8(0x80 | (scalar & 0x3F)), 0, 0)
                count = 2
            case 0x800..<0x10000:
                buffer = (UInt8(0xE0 | (scalar >> 12)), UInt8(0x80 | ((scalar >> 6) & 0x3F)), UInt8(0x80 | (scalar & 0x3F)), 0)
                count = 3
            default:
                buffer = (
                    UInt8(0xF0 | (scalar >> 18)), UInt8(0x80 | ((scalar >> 12) & 0x3F)),
                    UInt8(0x80 | ((scalar >> 6) & 0x3F)), UInt8(0x80 | (scalar & 0x3F))
                )
                count = 4
            }
            withUnsafeBytes(of: buffer) { bytes in
                for byte in bytes.prefix(count) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            }
        }
        return hash
    }

    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    static func isSentenceEnd(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "。", "！", "？", "；", "!", "?", ";", "\n", "\r", "\u{2028}", "\u{2029}": true
        default: false
        }
    }

    /// The scalar as compared, or `nil` when it is dropped (whitespace, punctuation).
    @inline(__always)
    package static func fold(_ scalar: Unicode.Scalar) -> UInt32? {
        var value = scalar.value
        if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }  // full-width ASCII forms
        switch value {
        case 0x30...0x39, 0x61...0x7A: return value
        case 0x41...0x5A: return value + 0x20
        case 0...0x7F: return nil  // ASCII controls, space, punctuation
        case 0x80...0xBF, 0x2000...0x206F, 0x3000...0x303F, 0xFE30...0xFE4F, 0xFF00...0xFF65: return nil
        case 0x1680: return nil  // OGHAM SPACE MARK: the one White_Space scalar not in the ranges above
        default:
            // Not `scalar.properties.isWhitespace`: a property lookup per Han character was most
            // of the signature's cost. A test checks the two agree on every scalar.
            return value
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = self.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
