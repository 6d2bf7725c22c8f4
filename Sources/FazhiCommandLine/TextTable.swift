/// Column-aligned tables for a terminal, counting East Asian wide characters as two columns
/// so that Chinese headings and values line up.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []
    /// Columns aligned right (numbers).
    var rightAligned: Set<Int> = []

    init(_ headers: [String], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    mutating func add(_ row: [String]) { self.rows.append(row) }

    func render() -> String {
        var widths = self.headers.map(Self.width)
        for row in self.rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], Self.width(cell))
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: max(0, widths[column] - Self.width(cell)))
                return self.rightAligned.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }
        var lines = [line(self.headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += self.rows.map(line)
        return lines.map { $0.replacing(/\s+$/, with: "") }.joined(separator: "\n")
    }

    /// Display width: 2 for East Asian wide and full-width characters, else 1.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
            return total + (wide ? 2 : 1)
        }
    }
}
