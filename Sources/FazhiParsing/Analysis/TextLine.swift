/// One non-empty line of the input, whitespace-collapsed, with its normalized scalars.
///
/// Scraped pages indent with runs of ASCII and ideographic spaces and pad signature blocks to
/// the right; a line keeps one ASCII space wherever the source had a run, so that the space
/// still separates two names on one signature line.
struct TextLine {
    /// The cleaned text.
    var text: String
    /// The scalars of ``text``.
    var scalars: [Unicode.Scalar]
    /// ``scalars`` normalized (``ScalarText/normalize(_:)``); same count.
    var normalized: [Unicode.Scalar]

    /// Creates a line from already cleaned scalars.
    init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        self.normalized = scalars.map(ScalarText.normalize)
        self.text = ScalarText.string(scalars)
    }

    /// Creates a line from cleaned scalars and their normalized forms (same count).
    private init(scalars: [Unicode.Scalar], normalized: [Unicode.Scalar]) {
        self.scalars = scalars
        self.normalized = normalized
        self.text = ScalarText.string(scalars)
    }

    /// The number of scalars.
    var count: Int { self.scalars.count }

    /// The normalized scalars as a slice.
    var norm: ArraySlice<Unicode.Scalar> { self.normalized[...] }

    /// Splits `text` at line breaks into cleaned, non-empty lines.
    static func split(_ text: String) -> [TextLine] {
        var lines: [TextLine] = []
        var current: [Unicode.Scalar] = []
        var currentNormalized: [Unicode.Scalar] = []
        current.reserveCapacity(256)
        currentNormalized.reserveCapacity(256)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            // Han and other ordinary text first: it is most of every report.
            if value >= 0x3001, value != 0x3000, value < 0xFEFF, !(0x2000...0x202F).contains(value), value != 0x205F,
                value != 0x2060
            {
                if pendingSpace {
                    current.append(" ")
                    currentNormalized.append(" ")
                    pendingSpace = false
                }
                current.append(scalar)
                currentNormalized.append(ScalarText.normalize(scalar))
                continue
            }
            switch value {
            case 0x0A, 0x0D, 0x85, 0x2028, 0x2029:
                if !current.isEmpty {
                    // Exact-size copies: the work buffers keep their capacity for the next line.
                    lines.append(TextLine(scalars: Array(current[...]), normalized: Array(currentNormalized[...])))
                    current.removeAll(keepingCapacity: true)
                    currentNormalized.removeAll(keepingCapacity: true)
                }
                pendingSpace = false
            case 0x00...0x08, 0x0E...0x1F, 0x7F, 0x200C, 0x200D, 0x2060:
                // Control and invisible format characters carry nothing for analysis.
                continue
            default:
                if ScalarText.isSpace(scalar) {
                    pendingSpace = !current.isEmpty
                } else {
                    if pendingSpace {
                        current.append(" ")
                        currentNormalized.append(" ")
                    }
                    pendingSpace = false
                    current.append(scalar)
                    currentNormalized.append(ScalarText.normalize(scalar))
                }
            }
        }
        if !current.isEmpty { lines.append(TextLine(scalars: current, normalized: currentNormalized)) }
        return lines
    }
}
