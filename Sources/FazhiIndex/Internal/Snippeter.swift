internal import FazhiParsing

/// Cuts snippets from the original text: matches are found in the folded text (byte search of
/// the folded terms, which is exact because UTF-8 is self-synchronizing), windows are widened
/// to scalar boundaries, and every range is mapped back through ``FoldedText``'s offset map.
enum Snippeter {
    /// Folded bytes of context on each side of a match (about 20 CJK characters).
    static let context = 60

    static func snippets(text: String, terms: [String], count: Int) -> [Snippet] {
        let folded = FoldedText(text)
        let haystack = Array(folded.folded.utf8)
        var matches: [Range<Int>] = []
        for term in terms {
            let needle = Array(term.utf8)
            guard !needle.isEmpty, needle.count <= haystack.count else { continue }
            var start = 0
            while let found = Self.find(needle, in: haystack, from: start) {
                matches.append(found..<found + needle.count)
                start = found + 1
            }
        }
        guard !matches.isEmpty else { return [] }
        matches.sort { $0.lowerBound != $1.lowerBound ? $0.lowerBound < $1.lowerBound : $0.upperBound > $1.upperBound }
        // Merge overlapping matches into one highlight.
        var merged: [Range<Int>] = []
        for match in matches {
            if let last = merged.last, match.lowerBound < last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, match.upperBound)
            } else {
                merged.append(match)
            }
        }
        let original = Array(text.utf8)
        var snippets: [Snippet] = []
        var index = 0
        while index < merged.count && snippets.count < count {
            let first = merged[index]
            var lower = max(0, first.lowerBound - Self.context)
            while lower > 0 && haystack[lower] & 0xC0 == 0x80 { lower -= 1 }
            var upper = min(haystack.count, first.upperBound + Self.context)
            while upper < haystack.count && haystack[upper] & 0xC0 == 0x80 { upper += 1 }
            var inside: [Range<Int>] = []
            while index < merged.count && merged[index].upperBound <= upper {
                inside.append(merged[index])
                index += 1
            }
            if inside.isEmpty {
                // A match longer than the window: show it whole.
                upper = first.upperBound
                inside.append(first)
                index += 1
            }
            let window = folded.originalRange(forFolded: lower..<upper)
            let highlights = inside.map { match -> Range<Int> in
                let range = folded.originalRange(forFolded: match)
                let start = min(max(range.lowerBound, window.lowerBound), window.upperBound) - window.lowerBound
                let end = min(max(range.upperBound, window.lowerBound), window.upperBound) - window.lowerBound
                return start..<max(start, end)
            }
            snippets.append(
                Snippet(
                    text: String(decoding: original[window], as: UTF8.self),
                    offset: window.lowerBound,
                    highlights: highlights
                )
            )
        }
        return snippets
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        let first = needle[0]
        let last = haystack.count - needle.count
        var position = start
        while position <= last {
            if haystack[position] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[position + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return position }
            }
            position += 1
        }
        return nil
    }
}
