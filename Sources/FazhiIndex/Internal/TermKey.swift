/// Index terms packed into integers: every pair of adjacent scalars of the folded text is a
/// term (`1<<42 | first<<21 | second`), and the last scalar pairs with ``end``, so every scalar
/// is the first half of exactly one pair (and every pair has postings; not every pair has
/// positions, see ``hasPositions(_:version:)``). Sorted keys put the pairs starting with one scalar in
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

    /// Whether the term has positions in a segment of format `version`. From version 5 only
    /// pairs with no separator (``isSeparator(_:)``) do: a query without separators is still
    /// matched exactly from positions alone, and one with a separator in it is checked against
    /// the stored text (`TermMatcher`). Before, every pair but the end pair had them. The end
    /// pair, which only single-scalar queries use, never has.
    @inline(__always)
    static func hasPositions(_ key: UInt64, version: UInt32 = SegmentFormat.version) -> Bool {
        let second = UInt32(truncatingIfNeeded: key & 0x1F_FFFF)
        guard version >= 5 else { return second != Self.end }
        return !Self.isSeparator(second) && !Self.isSeparator(UInt32(truncatingIfNeeded: (key >> 21) & 0x1F_FFFF))
    }

    /// Whether a folded scalar separates words and clauses — whitespace, controls, clause
    /// punctuation, quotes and brackets of both widths, ``end`` — rather than being part of
    /// what people search for: letters, digits, ideographs, and the symbols that join them in
    /// terms (互联网+, 3·15, 12.5%, 1-6). Separator pairs are about a fifth of a report's pairs
    /// and carry no positions (segment format 5). By fixed ranges: the format depends on it, so
    /// it must not change with a toolchain's Unicode tables. Exactness does not depend on where
    /// the line falls, only sizes and which queries are checked against the text.
    @inline(__always)
    static func isSeparator(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 { return Self.isASCIISeparator(scalar) }
        if scalar >= 0x3400 && scalar <= 0x9FFF { return false }
        switch scalar {
        case 0x80...0xA0,  // C1 controls, no-break space
            0x2000...0x202F, 0x2031...0x206F,  // spaces, dashes, quotes, ellipsis, other punctuation (‰ joins)
            0x2E00...0x2E7F,  // supplemental punctuation
            0x3000...0x3004, 0x3008...0x3020, 0x302A...0x3037, 0x303C...0x303F,  // CJK punctuation (々〆〇, Suzhou numerals and 〻 are not)
            0xFE10...0xFE1F, 0xFE30...0xFE6F,  // vertical and small forms
            0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65,  // full-width punctuation
            0xFEFF, 0xFFF0...0xFFFF, Self.end:
            return true
        default:
            return false
        }
    }

    /// Controls, space and ! " ' ( ) , : ; < > ? [ ] { } — not the joiners # $ % & * + - . / =
    /// @ \ ^ _ ` | ~ — as a bit set over the first 64 and the last 64 ASCII values.
    private static let asciiSeparatorsLow: UInt64 = 0xDC001387FFFFFFFF
    private static let asciiSeparatorsHigh: UInt64 = 0xA800000028000000

    @inline(__always)
    private static func isASCIISeparator(_ scalar: UInt32) -> Bool {
        scalar < 64
            ? Self.asciiSeparatorsLow & (1 << UInt64(scalar)) != 0
            : Self.asciiSeparatorsHigh & (1 << UInt64(scalar - 64)) != 0
    }
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
