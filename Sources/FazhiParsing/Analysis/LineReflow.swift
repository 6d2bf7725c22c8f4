/// Joins the lines of hard-wrapped text (a PDF's text layer, a page of `<br>`-broken lines)
/// back into paragraphs, so that a sentence, a heading or a number (`调解矛盾纠纷1` / `20件`) is
/// not cut at the page width.
///
/// A document is taken as hard-wrapped when most of its long lines are about as long as the
/// longest ones (the wrap width) and do not end a sentence: in a web page each paragraph is one
/// line of its own length that ends in `。`, so an ordinary page is never reflowed. In a wrapped
/// document a line as long as the wrap width that does not end a sentence continues on the next
/// line, unless a blank line or an indent (two spaces or an ideographic one) starts a paragraph,
/// the next line starts a numbered heading, an item (一是), a bullet or a labelled field
/// (来源：), or the line is a whole numbered heading (the two lines would not read as a run-in
/// heading). Joined lines keep every scalar, and nothing is put between them unless the source
/// broke the line at a space: a wrap inside a number (`1` / `20件`) or a Chinese word must join
/// without one.
enum LineReflow {
    /// Lines shorter than this say nothing about the wrap width (titles, furniture, signatures).
    static let minimumMeasuredLength = 16
    /// Fewer long lines than this: too little text to tell.
    static let minimumLongLines = 8
    /// A wrap width above this is a paragraph length, not a page width.
    static let maximumWrapWidth = 100

    /// `lines`, with hard-wrapped paragraphs joined; `lines` itself when the text is not wrapped.
    /// Linear in the text's length, however long a paragraph is.
    static func reflow(_ lines: [TextLine]) -> [TextLine] {
        guard let width = self.wrapWidth(of: lines) else { return lines }
        let full = width - max(2, width / 8)
        var result: [TextLine] = []
        result.reserveCapacity(lines.count)
        // The paragraph being joined: its first line, and the scalars of the lines added to it.
        var first: TextLine?
        var joined: [Unicode.Scalar] = []
        func flush() {
            guard let head = first else { return }
            if joined.count == head.count {
                result.append(head)
            } else {
                var line = TextLine(scalars: joined)
                line.followsBlank = head.followsBlank
                result.append(line)
            }
            first = nil
            joined.removeAll(keepingCapacity: true)
        }
        for index in lines.indices {
            let line = lines[index]
            if first == nil {
                first = line
            } else if lines[index - 1].endsWithSpace || line.indent > 0 {
                joined.append(" ")  // the source broke the line at a space
            }
            joined.append(contentsOf: line.scalars)
            guard line.count >= full, !Self.endsSentence(line), index + 1 < lines.count else {
                flush()
                continue
            }
            let next = lines[index + 1]
            // A line starting with ")" continues a wrapped "(社区" here, not a heading that lost its "(".
            let startsHeading = HeadingScanner.scan(next).map { $0.style != .lostParen } ?? false
            var joins =
                !next.followsBlank && next.indent < 2 && !startsHeading
                && !PageFurniture.startsWithFieldLabel(next) && !Self.startsWithBullet(next)
                && !Self.startsWithItem(next)
            if joins, next.count >= full, joined.count <= HeadingScanner.maximumLineLength {
                // A heading filling its line, then a full line: one paragraph only if the two read
                // as a run-in heading ((一)…法 / 治意识。加大…); a whole heading followed by its
                // paragraph would not (the paragraph's first sentence is too long for a heading).
                let current = TextLine(scalars: joined)
                if let heading = HeadingScanner.scan(current), heading.end >= current.count {
                    let both = TextLine(scalars: joined + next.scalars)
                    joins = HeadingScanner.scan(both).map { $0.end < both.count } ?? false
                }
            }
            if !joins { flush() }
        }
        flush()
        return result
    }

    /// The wrap width when the text is hard-wrapped, else `nil`.
    static func wrapWidth(of lines: [TextLine]) -> Int? {
        let lengths = lines.lazy.map(\.count).filter { $0 >= Self.minimumMeasuredLength }.sorted()
        guard lengths.count >= Self.minimumLongLines else { return nil }
        let width = lengths[lengths.count * 4 / 5]
        guard width <= Self.maximumWrapWidth else { return nil }
        let full = width - max(2, width / 8)
        var fullLines = 0
        var openLines = 0
        for line in lines where line.count >= full && line.count <= width + max(2, width / 8) {
            fullLines += 1
            if !Self.endsSentence(line) { openLines += 1 }
        }
        // Most long lines sit at the width, and most of those stop mid-sentence.
        guard fullLines * 5 >= lengths.count * 2, openLines * 10 >= fullLines * 7 else { return nil }
        return width
    }

    /// An inline item (一是…, 二是…) at the start of a line begins a paragraph.
    static func startsWithItem(_ line: TextLine) -> Bool {
        line.normalized.count >= 2 && line.normalized[1] == "是" && Self.itemNumerals.contains(line.normalized[0].value)
    }

    private static let itemNumerals = Set("一二三四五六七八九十".unicodeScalars.map(\.value))

    /// A list row (• 法制): each bullet starts a line of its own.
    static func startsWithBullet(_ line: TextLine) -> Bool {
        line.normalized.first.map { Self.bullets.contains($0.value) } ?? false
    }

    private static let bullets: Set<UInt32> = [
        0x2022, 0x25CF, 0x25AA, 0x25A0, 0x25C6, 0xB7, 0x25E6, 0x2023, 0x25B6, 0x25BA,
    ]

    /// Whether the line ends a sentence or an introduction (。！？： and their ASCII forms),
    /// closing quotes and brackets after the mark included.
    static func endsSentence(_ line: TextLine) -> Bool {
        var index = line.normalized.count - 1
        while index >= 0, Self.closing.contains(line.normalized[index].value) { index -= 1 }
        guard index >= 0 else { return false }
        return Self.terminal.contains(line.normalized[index].value)
    }

    /// 。 ! ? : ｡ … (normalized: full-width ！？： are ASCII here). Not ；, which a paragraph does
    /// not end in and a wrapped line often does, nor ASCII `.`, which in these reports is a
    /// decimal point (98. / 5%) or a numbering (1.), not a sentence end.
    private static let terminal: Set<UInt32> = [0x3002, 0x21, 0x3F, 0x3A, 0xFF61, 0x2026]
    private static let closing: Set<UInt32> = [0x201D, 0x2019, 0x22, 0x27, 0x29, 0x300D, 0x300F, 0x3011, 0x300B, 0x5D]
}
