/// One non-empty line of the input, whitespace-collapsed, with its normalized scalars.
///
/// Scraped pages indent with runs of ASCII and ideographic spaces and pad signature blocks to
/// the right; a line keeps one ASCII space wherever the source had a run, so that the space
/// still separates two names on one signature line.
struct TextLine {
    /// The scalars of the cleaned text.
    var scalars: [Unicode.Scalar]
    /// ``scalars`` normalized (``ScalarText/normalize(_:)``); same count.
    var normalized: [Unicode.Scalar]
    /// The length of the cleaned text in UTF-8 bytes.
    let utf8Count: Int
    /// Whether an empty (or blank) line came before this one in the source: a paragraph break
    /// that ``LineReflow`` never joins across.
    var followsBlank = false
    /// Whether the source line had spaces after its last visible scalar (trimmed here): a
    /// hard-wrapped line broken at a space keeps one when ``LineReflow`` joins it.
    var endsWithSpace = false
    /// Spaces before the first visible scalar in the source (an ideographic space counts two):
    /// a paragraph's indent, which ``LineReflow`` never joins across.
    var indent = 0

    /// Creates a line from already cleaned scalars.
    init(scalars: [Unicode.Scalar]) {
        self.init(scalars: scalars, normalized: scalars.map(ScalarText.normalize))
    }

    /// Creates a line from cleaned scalars and their normalized forms (same count), and the
    /// scalars' UTF-8 length when the caller counted it.
    private init(scalars: [Unicode.Scalar], normalized: [Unicode.Scalar], utf8Count: Int? = nil) {
        self.scalars = scalars
        self.normalized = normalized
        self.utf8Count = utf8Count ?? ScalarText.utf8Count(scalars)
    }

    /// The cleaned text. Built on each use: only the head, the signature and metadata rows
    /// need it as a `String` (a `String` per line was 5% of a parse); the body's bytes come from
    /// ``joinedUTF8(_:)``.
    var text: String { ScalarText.string(self.scalars) }

    /// The lines' UTF-8 text joined by newlines, and where each line starts in it.
    static func joinedUTF8(_ lines: [TextLine]) -> (bytes: [UInt8], lineStarts: [Int]) {
        var total = max(0, lines.count - 1)
        for line in lines { total += line.utf8Count }
        var lineStarts: [Int] = []
        lineStarts.reserveCapacity(lines.count)
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, written in
            var end = 0
            for index in lines.indices {
                if index > 0 {
                    buffer[end] = 0x0A
                    end += 1
                }
                lineStarts.append(end)
                end = ScalarText.encodeUTF8(lines[index].scalars, into: buffer, at: end)
            }
            written = end
        }
        return (bytes, lineStarts)
    }

    /// The UTF-8 offset of the scalar at `index` (``utf8Count`` at or past the end).
    func utf8Offset(ofScalar index: Int) -> Int {
        ScalarText.utf8Count(self.scalars.prefix(max(0, index)))
    }

    /// The number of scalars.
    var count: Int { self.scalars.count }

    /// The normalized scalars as a slice.
    var norm: ArraySlice<Unicode.Scalar> { self.normalized[...] }

    /// Splits `text` at line breaks into cleaned, non-empty lines.
    static func split(_ text: String) -> [TextLine] {
        var text = text
        return text.withUTF8 { split(utf8: $0) }
    }

    /// ``split(_:)`` of well-formed UTF-8 bytes (checked in debug builds).
    static func split(utf8: [UInt8]) -> [TextLine] {
        assert(utf8.withUnsafeBufferPointer(ValidUTF8.isValid), "TextLine.split(utf8:) needs well-formed UTF-8")
        return utf8.withUnsafeBufferPointer { split(utf8: $0) }
    }

    /// ``split(_:)`` over the text's UTF-8 bytes, decoded by hand (``ValidUTF8``): this touches
    /// every scalar of every input once, and the string's scalar iterator costs more. The line
    /// being read is kept in two scratch buffers, not in arrays: an append per scalar with its
    /// uniqueness and capacity checks was most of this loop's cost. A line has at most one
    /// scalar per byte of its run between LF and CR (spaces included), so the buffers are sized
    /// for the whole text when it is small, and for its longest such run when it is over 1 MiB
    /// (a 16 MiB page must not double its memory for this).
    private static func split(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [TextLine] {
        let byteCount = bytes.count
        let capacity = (byteCount <= 1 << 20 ? byteCount : Self.longestRun(bytes)) + 1
        let scratch = UnsafeMutableBufferPointer<Unicode.Scalar>.allocate(capacity: 2 * capacity)
        defer { scratch.deallocate() }
        let current = UnsafeMutableBufferPointer(rebasing: scratch[0..<capacity])
        let currentNormalized = UnsafeMutableBufferPointer(rebasing: scratch[capacity...])
        var lines: [TextLine] = []
        var count = 0
        var currentUTF8 = 0
        var pendingSpace = false
        // Line breaks since the last visible scalar (CRLF counts once): two or more is a blank line.
        var breaks = 0
        var currentFollowsBlank = false
        var leading = 0
        let hanKeys = HanFolding.bmpKeys
        var position = 0

        /// Appends a visible scalar (after the space a run of spaces left pending).
        @inline(__always)
        func append(_ scalar: Unicode.Scalar, _ normalized: Unicode.Scalar, width: Int) {
            assert(count + (pendingSpace ? 2 : 1) <= capacity, "a line is longer than its run of bytes")
            if pendingSpace {
                current[count] = " "
                currentNormalized[count] = " "
                count += 1
                currentUTF8 += 1
                pendingSpace = false
            }
            if count == 0 {
                currentFollowsBlank = breaks >= 2 && !lines.isEmpty
                breaks = 0
            }
            current[count] = scalar
            currentNormalized[count] = normalized
            count += 1
            currentUTF8 += width
        }

        /// Ends the line being read, if it has any scalar.
        @inline(__always)
        func endLine() {
            guard count > 0 else { return }
            var line = TextLine(
                scalars: Array(UnsafeBufferPointer(rebasing: current[0..<count])),
                normalized: Array(UnsafeBufferPointer(rebasing: currentNormalized[0..<count])),
                utf8Count: currentUTF8
            )
            line.followsBlank = currentFollowsBlank
            line.endsWithSpace = pendingSpace
            line.indent = leading
            lines.append(line)
            count = 0
            currentUTF8 = 0
        }

        while position < byteCount {
            let (value, width) = ValidUTF8.decodeScalar(bytes, at: position)
            position += width
            guard let scalar = Unicode.Scalar(value) else { continue }  // never: the bytes are valid UTF-8
            // Han and other ordinary text first: it is most of every report.
            if value >= 0x3001, value != 0x3000, value < 0xFEFF, !(0x2000...0x202F).contains(value), value != 0x205F,
                value != 0x2060
            {
                append(scalar, ScalarText.normalizeText(scalar, hanKeys: hanKeys), width: width)
                continue
            }
            switch value {
            case 0x0A, 0x0D, 0x85, 0x2028, 0x2029:
                // CR before LF: the LF is the break.
                if value == 0x0D, position < byteCount, bytes[position] == 0x0A { continue }
                breaks += 1
                endLine()
                leading = 0
                pendingSpace = false
            case 0x00...0x08, 0x0E...0x1F, 0x7F, 0x200C, 0x200D, 0x2060:
                // Control and invisible format characters carry nothing for analysis.
                continue
            default:
                if ScalarText.isSpace(scalar) {
                    pendingSpace = count > 0
                    if count == 0, leading < 64 { leading += value == 0x3000 ? 2 : 1 }
                } else {
                    append(scalar, ScalarText.normalize(scalar), width: width)
                }
            }
        }
        // The last line has no break after it: trailing spaces are not a wrapped line's space.
        pendingSpace = false
        endLine()
        return lines
    }

    /// The longest run of bytes with no LF or CR in it: every line ``split(utf8:)`` reads lies
    /// inside one (its other breaks, U+0085, U+2028 and U+2029, only end lines sooner).
    private static func longestRun(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var longest = 0
        var runStart = 0
        for index in bytes.indices where bytes[index] == 0x0A || bytes[index] == 0x0D {
            longest = max(longest, index - runStart)
            runStart = index + 1
        }
        return max(longest, bytes.count - runStart)
    }
}
