/// Recognises numbered headings at the start of a line: `一、`, `(一)`, `1.`, `1、`, `(1)`, `①`,
/// `第一部分`, and the `)` left when a page lost `(四`. A heading may be run in: in
/// `(一)锚定法治政府建设的基础工程。一是…` the heading is the text up to the first `。`.
///
/// Inline `一是…二是…` items are not headings; ``ItemSplitter`` reads them.
enum HeadingScanner {
    /// Numbering styles; nesting depth is decided per document by first appearance.
    enum Style: Hashable {
        case ordinalPart  // 第一部分, 第一章
        case chineseComma  // 一、
        case chineseParen  // (一)
        case arabicDot  // 1. 1、 1．
        case arabicParen  // (1)
        case circled  // ①
        case lostParen  // ) with the opening lost
    }

    /// A heading found on a line.
    struct Match: Hashable {
        var style: Style
        /// The numbering as written (`一、`, `(一)`).
        var numbering: String
        /// The heading text without numbering and closing punctuation.
        var heading: String
        /// The heading text, normalized.
        var normalizedHeading: [Unicode.Scalar]
        /// Scalar index in the line where the heading (with its terminator) ends.
        var end: Int
        /// The ordinal value (一 → 1), 0 when lost.
        var ordinal: Int
    }

    /// Longest heading text accepted, in scalars; longer numbered lines are list paragraphs.
    static let maximumRunInLength = 60
    static let maximumLineLength = 80

    /// The heading at the start of `line`, if any.
    static func scan(_ line: TextLine) -> Match? {
        let s = line.norm
        guard let first = s.first else { return nil }
        var index = s.startIndex
        var style: Style
        var ordinal = 0
        if first == "(" || first == "（" {
            index += 1
            if let (value, end) = ScalarText.chineseNumeral(in: s, at: index) {
                ordinal = value
                index = end
                style = .chineseParen
            } else if let (value, end) = Self.arabic(s, at: index) {
                ordinal = value
                index = end
                style = .arabicParen
            } else {
                return nil
            }
            guard index < s.endIndex, s[index] == ")" || s[index] == "）" else { return nil }
            index += 1
        } else if first == ")" {
            style = .lostParen
            index += 1
        } else if (0x2460...0x2473).contains(first.value) {
            style = .circled
            ordinal = Int(first.value - 0x2460) + 1
            index += 1
        } else if first == "第", let (value, end) = ScalarText.chineseNumeral(in: s, at: index + 1), end < s.endIndex,
            s[end] == "部" || s[end] == "章" || s[end] == "篇"
        {
            style = .ordinalPart
            ordinal = value
            index = end + 1
            if index < s.endIndex, s[index] == "分" { index += 1 }
        } else if let (value, end) = ScalarText.chineseNumeral(in: s, at: index) {
            guard end < s.endIndex, s[end] == "、" || s[end] == "." || s[end] == "．" else { return nil }
            style = .chineseComma
            ordinal = value
            index = end + 1
        } else if let (value, end) = Self.arabic(s, at: index) {
            guard end < s.endIndex, s[end] == "." || s[end] == "、" || s[end] == "．" else { return nil }
            // 1.5万 is a number, not a heading.
            guard end + 1 < s.endIndex, ScalarText.digit(s[end + 1]) == nil else { return nil }
            style = .arabicDot
            ordinal = value
            index = end + 1
        } else {
            return nil
        }
        let numberingEnd = index
        while index < s.endIndex, s[index] == " " || s[index] == "、" { index += 1 }
        let textStart = index
        guard textStart < s.endIndex else { return nil }
        // Run-in heading: up to the first sentence end.
        var end = s.endIndex
        var textEnd = s.endIndex
        if let stop = s[textStart...].firstIndex(where: { $0 == "。" || $0 == "!" || $0 == "?" || $0 == ";" }) {
            textEnd = stop
            end = stop + 1
            guard textEnd - textStart <= maximumRunInLength else { return nil }
        } else {
            guard s.count <= maximumLineLength else { return nil }
        }
        let text = ScalarText.trimmed(line.scalars[textStart..<textEnd])
        guard !text.isEmpty, text.contains(where: ScalarText.isHan) else { return nil }
        // A lost "(" leaves ")" before a short title; anything longer is damaged prose.
        if style == .lostParen, text.count > 30 { return nil }
        return Match(
            style: style,
            numbering: ScalarText.string(line.scalars[..<numberingEnd]),
            heading: ScalarText.string(text),
            normalizedHeading: text.map(ScalarText.normalize),
            end: end,
            ordinal: ordinal
        )
    }

    private static func arabic(_ s: ArraySlice<Unicode.Scalar>, at start: Int) -> (Int, Int)? {
        var index = start
        var value = 0
        while index < s.endIndex, index - start < 2, let digit = ScalarText.digit(s[index]) {
            value = value * 10 + digit
            index += 1
        }
        guard index > start, index == s.endIndex || ScalarText.digit(s[index]) == nil, value > 0 else { return nil }
        return (value, index)
    }
}
