/// Sentence hashes and MinHash signatures of report texts, for copy and peer detection.
///
/// - Sentences end at 。！？；!?; and line breaks. A sentence is normalised by mapping
///   full-width ASCII forms to ASCII, lower-casing Latin letters and dropping whitespace and
///   punctuation; sentences shorter than ``minimumSentenceLength`` scalars after that are
///   ignored (headings such as "一、" and fragments repeat everywhere). Digits are kept: a
///   sentence repeated with new numbers is not counted as a repeat.
/// - Sentence hashes are 64-bit FNV-1a of the normalised UTF-8: stable across processes, so
///   they may be stored and compared between partitions.
/// - The signature is a one-permutation MinHash (Li, Owen and Zhang 2012) of the set of
///   ``shingleLength``-scalar shingles of the normalised text: each shingle's mixed 64-bit hash
///   picks one of ``signatureLength`` bins by its top 7 bits and competes for that bin's minimum
///   with its other 57 bits; an empty bin takes the value of the first non-empty bin along its
///   own fixed pseudo-random probe sequence ("optimal densification", Shrivastava 2017), so
///   two signatures' bins agree with probability equal to the Jaccard similarity of the
///   shingle sets. The share of equal positions estimates it (standard error about
///   0.5 / √128 ≈ 0.044). Each bin keeps the top 32 of its 57 bits. One hash per shingle
///   instead of 128 (``signatureScheme`` 2; scheme 1, 128 hash functions `a_i·x + b_i`, was
///   two fifths of the aggregator's ingest CPU).
package enum TextFingerprint {
    /// Shortest normalised sentence that counts.
    package static let minimumSentenceLength = 8
    /// Scalars per shingle.
    package static let shingleLength = 4
    /// Values (bins) in a signature.
    package static let signatureLength = 128
    /// How signatures are computed; stored records and similarity profiles carry it, since
    /// signatures of different schemes cannot be compared.
    package static let signatureScheme = 2

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
        let empty = UInt64.max
        var bins = [UInt64](repeating: empty, count: Self.signatureLength)
        bins.withUnsafeMutableBufferPointer { bins in
            folded.withUnsafeBufferPointer { folded in
                for start in 0...(folded.count - Self.shingleLength) {
                    var shingle: UInt64 = 0xCBF2_9CE4_8422_2325
                    for offset in 0..<Self.shingleLength {
                        shingle = (shingle ^ UInt64(folded[start + offset])) &* 0x0000_0100_0000_01B3
                    }
                    let x = Self.mix(shingle)
                    let bin = Int(truncatingIfNeeded: x >> Self.valueBits)
                    let value = x & Self.valueMask
                    if value < bins[bin] { bins[bin] = value }
                }
            }
        }
        // Densify: an empty bin borrows from the first non-empty bin of its own probe sequence
        // (reading the bins as filled, never a borrowed value). At least one bin is filled.
        var signature = [UInt32](repeating: 0, count: Self.signatureLength)
        for bin in 0..<Self.signatureLength {
            var value = bins[bin]
            var attempt: UInt64 = 0
            while value == empty {
                attempt += 1
                value = bins[Self.probe(bin: bin, attempt: attempt)]
            }
            signature[bin] = UInt32(truncatingIfNeeded: value >> (Self.valueBits - 32))
        }
        return signature
    }

    /// Bits of a shingle hash below the bin number (64 − log2(signatureLength)).
    private static let valueBits: UInt64 = 57
    private static let valueMask: UInt64 = (1 << 57) - 1

    /// The `attempt`-th bin an empty `bin` borrows from: the same for every text.
    @inline(__always)
    static func probe(bin: Int, attempt: UInt64) -> Int {
        Int(truncatingIfNeeded: Self.mix(0x6661_7A68_6953_494D ^ (UInt64(bin) << 32 | attempt)) >> Self.valueBits)
    }

    /// Estimated Jaccard similarity of two signatures (0 when either is empty).
    package static func estimatedJaccard(_ lhs: [UInt32], _ rhs: [UInt32]) -> Double {
        guard !lhs.isEmpty, lhs.count == rhs.count else { return 0 }
        var equal = 0
        for index in lhs.indices where lhs[index] == rhs[index] { equal += 1 }
        return Double(equal) / Double(lhs.count)
    }

    // MARK: Internals

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
