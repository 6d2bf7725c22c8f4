/// Splits the text of a problems (B) or plans (D) part into items.
///
/// In order of preference: inline ordinal items (`一是…二是…`, `一要…二要…`, `一方面…`), numbered
/// lines (`1.`, `(1)`, `①`), then sentences. Items are trimmed of their marker and of closing
/// punctuation; an item ends at the end of its paragraph, so a closing remark after the last
/// item is not glued to it.
enum ItemSplitter {
    private static let ordinalSuffixes: [Unicode.Scalar] = ["是", "要"]
    private static let minimumSentenceLength = 6

    /// The items of `text` (original scalars; `normalized` is the same text normalized).
    static func items(original: [Unicode.Scalar], normalized: [Unicode.Scalar]) -> [String] {
        if let items = self.ordinalItems(original: original, normalized: normalized), !items.isEmpty {
            return items
        }
        if let items = self.numberedLines(original: original, normalized: normalized) {
            return items
        }
        return self.sentences(original: original, normalized: normalized)
    }

    /// `一是…二是…`: markers must follow a break (start, punctuation, space, newline) and run in order.
    private static func ordinalItems(original: [Unicode.Scalar], normalized: [Unicode.Scalar]) -> [String]? {
        let text = normalized[...]
        for suffix in ordinalSuffixes {
            var starts: [(marker: Int, content: Int)] = []
            var from = 0
            var ordinal = 1
            while ordinal < 100 {
                let marker = ScalarText.normalized(ScalarText.chineseNumeralText(ordinal)) + [suffix]
                guard let found = self.findMarker(marker, in: text, from: from) else { break }
                starts.append((found, found + marker.count))
                from = found + marker.count
                ordinal += 1
            }
            guard starts.count >= 2 else { continue }
            var items: [String] = []
            for (position, start) in starts.enumerated() {
                var end = position + 1 < starts.count ? starts[position + 1].marker : original.count
                if let newline = normalized[start.content..<end].firstIndex(of: "\n") { end = newline }
                let item = ScalarText.trimmed(original[start.content..<end])
                if !item.isEmpty { items.append(ScalarText.string(item)) }
            }
            return items
        }
        return nil
    }

    private static func findMarker(_ marker: [Unicode.Scalar], in text: ArraySlice<Unicode.Scalar>, from: Int) -> Int? {
        var position = from
        while let found = ScalarText.find(marker, in: text, from: position) {
            if found == text.startIndex || ScalarText.isBreak(text[found - 1]) || text[found - 1] == "\"" { return found }
            position = found + 1
        }
        return nil
    }

    /// Lines starting with a numbering; `nil` when fewer than two lines are numbered.
    private static func numberedLines(original: [Unicode.Scalar], normalized: [Unicode.Scalar]) -> [String]? {
        var items: [String] = []
        var lineStart = 0
        for index in 0...normalized.count where index == normalized.count || normalized[index] == "\n" {
            let line = TextLine(scalars: Array(original[lineStart..<index]))
            if let match = HeadingScanner.scan(line)?.heading ?? self.longNumbered(line) {
                items.append(match)
            }
            lineStart = index + 1
        }
        return items.count >= 2 ? items : nil
    }

    /// A numbered line too long for a heading: the whole line minus its numbering.
    private static func longNumbered(_ line: TextLine) -> String? {
        let s = line.norm
        var index = s.startIndex
        if index < s.endIndex, s[index] == "(" { index += 1 }
        let digitsStart = index
        while index < s.endIndex, ScalarText.digit(s[index]) != nil || ScalarText.chineseDigit(s[index]) != nil {
            index += 1
        }
        guard index > digitsStart, index < s.endIndex, index - digitsStart <= 2,
            s[index] == "." || s[index] == "、" || s[index] == ")"
        else { return nil }
        let item = ScalarText.trimmed(line.scalars[(index + 1)...])
        return item.isEmpty ? nil : ScalarText.string(item)
    }

    /// Sentences of at least a few scalars.
    private static func sentences(original: [Unicode.Scalar], normalized: [Unicode.Scalar]) -> [String] {
        var items: [String] = []
        var start = 0
        for index in 0...normalized.count
        where index == normalized.count || normalized[index] == "。" || normalized[index] == ";" || normalized[index] == "\n"
            || normalized[index] == "!" || normalized[index] == "?"
        {
            let item = ScalarText.trimmed(original[start..<index])
            if item.count >= minimumSentenceLength { items.append(ScalarText.string(item)) }
            start = index + 1
        }
        return items
    }
}
