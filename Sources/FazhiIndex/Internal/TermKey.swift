/// Index terms packed into integers: every pair of adjacent scalars of the folded text is a
/// term (`1<<42 | first<<21 | second`), and the last scalar pairs with ``end``, so every scalar
/// is the first half of exactly one pair. Sorted keys put the pairs starting with one scalar in
/// a contiguous range, which serves single-scalar queries.
enum TermKey {
    static let bigramFlag: UInt64 = 1 << 42
    /// The pseudo-scalar after the last scalar of a text (above any Unicode scalar).
    static let end: UInt32 = 0x1F_FFFF

    @inline(__always)
    static func bigram(_ first: UInt32, _ second: UInt32) -> UInt64 {
        Self.bigramFlag | UInt64(first) << 21 | UInt64(second)
    }

    /// Keys of the pairs starting with `scalar` (the end pair included).
    static func range(startingWith scalar: UInt32) -> ClosedRange<UInt64> {
        Self.bigram(scalar, 0)...Self.bigram(scalar, Self.end)
    }

    /// Whether the term has positions: every pair but the end pair, which only single-scalar
    /// queries use.
    @inline(__always)
    static func hasPositions(_ key: UInt64) -> Bool { key & 0x1F_FFFF != UInt64(Self.end) }
}

/// Scalars of folded text, decoded from UTF-8 (the hot path avoids `Character`).
enum ScalarDecoder {
    /// Appends the scalars of `text` (valid UTF-8) to `output`.
    static func append(_ text: String, to output: inout [UInt32]) {
        var text = text
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            let count = utf8.count
            var index = 0
            while index < count {
                let byte = base[index]
                if byte < 0x80 {
                    output.append(UInt32(byte))
                    index += 1
                } else if byte < 0xE0 {
                    output.append(UInt32(byte & 0x1F) << 6 | UInt32(base[index + 1] & 0x3F))
                    index += 2
                } else if byte < 0xF0 {
                    output.append(
                        UInt32(byte & 0x0F) << 12 | UInt32(base[index + 1] & 0x3F) << 6 | UInt32(base[index + 2] & 0x3F)
                    )
                    index += 3
                } else {
                    output.append(
                        UInt32(byte & 0x07) << 18 | UInt32(base[index + 1] & 0x3F) << 12
                            | UInt32(base[index + 2] & 0x3F) << 6 | UInt32(base[index + 3] & 0x3F)
                    )
                    index += 4
                }
            }
        }
    }

    @inline(__always)
    static func isWhitespace(_ scalar: UInt32) -> Bool {
        scalar == 0x20 || (scalar >= 0x09 && scalar <= 0x0D) || scalar == 0x85 || scalar == 0xA0
            || scalar == 0x3000 || scalar == 0x2028 || scalar == 0x2029
    }
}
