/// Reads the closing block of a report: the signing bodies and the date, bottom up.
struct SignatureReader {
    /// Signing bodies in order (`中共渠县渠南街道工作委员会`, `渠县人民政府渠南街道办事处`).
    var organizations: [String] = []
    /// The raw signature lines, for place resolution.
    var lines: [String] = []
    /// The closing date.
    var date: DateReader.Reading?
    /// Index of the first line of the block, if there is one.
    var firstLine: Int?

    /// Reads the block at the end of `lines`, skipping the indexes in `excluded` (headings).
    init(lines: [TextLine], isHeading: (Int) -> Bool) {
        var index = lines.count - 1
        let lowest = max(0, lines.count - 8)
        while index >= lowest, !isHeading(index) {
            let line = lines[index]
            if let reading = DateReader.wholeLine(line) {
                if self.date == nil { self.date = reading }
            } else if let (names, reading) = Self.organizationsAndDate(line) {
                self.organizations.insert(contentsOf: names, at: 0)
                self.lines.insert(line.text, at: 0)
                if self.date == nil, let reading { self.date = reading }
            } else {
                break
            }
            self.firstLine = index
            index -= 1
        }
    }

    /// A line of body names, optionally ending with a date (`深圳市南山区桃源街道办事处 2024年12月9日`).
    private static func organizationsAndDate(_ line: TextLine) -> ([String], DateReader.Reading?)? {
        // Sentence punctuation means prose (`下一步，XX区将在上级党委、政府的…`), not a name.
        guard line.count <= 90, !line.normalized.contains(where: Self.isSentencePunctuation) else { return nil }
        var end = line.count
        var reading: DateReader.Reading?
        if let space = line.normalized.lastIndex(of: " "),
            let date = DateReader.read(line.norm, original: line.scalars[...], at: space + 1), date.end == line.count
        {
            reading = date
            end = space
        }
        let text = ScalarText.string(line.scalars[..<end])
        let names = OrganizationReader.split(text)
        // Every word must be a body name: a sentence ending in 镇 is not a signature.
        let words = text.split(separator: " ").count
        guard !names.isEmpty, names.count >= words else { return nil }
        return (names, reading)
    }

    private static func isSentencePunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "。", ",", "，", ";", "；", ":", "：", "!", "！", "?", "？", "“", "”", "《", "》": true
        default: false
        }
    }
}
