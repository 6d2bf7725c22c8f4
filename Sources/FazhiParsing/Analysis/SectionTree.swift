/// Builds the section tree from the headings found line by line.
///
/// Depth follows the order in which numbering styles first appear, as in nested lists: a
/// style already on the stack closes everything below it (a sibling), a new style opens a
/// child. So a report that starts at `(一)` has `(一)` at depth 1, and one that uses `一、`,
/// `(一)`, `1.` nests them 1, 2, 3.
struct SectionTree {
    /// The sections in document order (a tree through `parent`), without parts or areas.
    var sections: [Section] = []
    /// The heading match of each section, same order.
    var matches: [HeadingScanner.Match] = []
    /// The line index of each section, same order.
    var lineIndexes: [Int] = []
    /// Direct children of each section, same order.
    var children: [[Int]] = []

    /// Builds the tree.
    /// - Parameters:
    ///   - headings: (line index, match) in document order.
    ///   - lineStarts: UTF-8 offset of each line in the body text.
    ///   - lines: the body lines.
    ///   - textEnd: where the last section's body ends (the signature block or the text end).
    init(headings: [(Int, HeadingScanner.Match)], lineStarts: [Int], lines: [TextLine], textEnd: Int) {
        var stack: [(style: HeadingScanner.Style, section: Int)] = []
        for (lineIndex, match) in headings {
            var style = match.style
            if style == .lostParen {
                // A lost "(" stands for whichever bracketed style is open, else (一).
                style = stack.last(where: { $0.style == .chineseParen || $0.style == .arabicParen })?.style ?? .chineseParen
            }
            if let position = stack.lastIndex(where: { $0.style == style }) {
                stack.removeSubrange(position...)
            }
            let start = lineStarts[lineIndex]
            let headingEnd = start + lines[lineIndex].utf8Offset(ofScalar: match.end)
            let section = Section(
                parent: stack.last?.section,
                depth: stack.count + 1,
                numbering: match.numbering,
                heading: match.heading,
                headingRange: start..<headingEnd,
                bodyRange: headingEnd..<headingEnd
            )
            stack.append((style, self.sections.count))
            self.sections.append(section)
            self.matches.append(match)
            self.lineIndexes.append(lineIndex)
        }
        // A body runs to the next heading at the same or a lower depth, without the newline
        // that precedes it.
        self.children = Array(repeating: [], count: self.sections.count)
        for index in self.sections.indices {
            if let parent = self.sections[index].parent { self.children[parent].append(index) }
            let depth = self.sections[index].depth
            var end = textEnd
            if let next = self.sections[(index + 1)...].first(where: { $0.depth <= depth }) {
                end = min(textEnd, max(0, next.headingRange.lowerBound - 1))
            }
            var start = self.sections[index].headingRange.upperBound
            let line = self.lineIndexes[index]
            if start == lineStarts[line] + lines[line].utf8Count { start += 1 }
            start = min(start, end)
            self.sections[index].bodyRange = start..<max(start, end)
        }
    }

}
