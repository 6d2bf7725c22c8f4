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
        var text = text
        return text.withUTF8 { Self.split(utf8: $0) }
    }

    /// ``split(_:)`` over a string's UTF-8 bytes (valid, as a `String` guarantees), decoded
    /// inline into two scratch buffers that grow with the longest line: this runs over every
    /// scalar of every input, where the scalar view and array appends cost twice as much.
    private static func split(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [TextLine] {
        var lines: [TextLine] = []
        var capacity = 1024
        var current = UnsafeMutableBufferPointer<Unicode.Scalar>.allocate(capacity: capacity)
        var currentNormalized = UnsafeMutableBufferPointer<Unicode.Scalar>.allocate(capacity: capacity)
        defer {
            current.deallocate()
            currentNormalized.deallocate()
        }
        var count = 0
        var pendingSpace = false

        /// Appends one scalar (after the pending space, if any), growing the buffers when full.
        func append(_ scalar: Unicode.Scalar) {
            if count + 2 > capacity {
                let larger = capacity * 2
                let grown = UnsafeMutableBufferPointer<Unicode.Scalar>.allocate(capacity: larger)
                let grownNormalized = UnsafeMutableBufferPointer<Unicode.Scalar>.allocate(capacity: larger)
                _ = grown.initialize(fromContentsOf: current[..<count])
                _ = grownNormalized.initialize(fromContentsOf: currentNormalized[..<count])
                current.deallocate()
                currentNormalized.deallocate()
                current = grown
                currentNormalized = grownNormalized
                capacity = larger
            }
            if pendingSpace {
                current[count] = " "
                currentNormalized[count] = " "
                count += 1
                pendingSpace = false
            }
            current[count] = scalar
            currentNormalized[count] = ScalarText.normalize(scalar)
            count += 1
        }

        var index = 0
        let end = bytes.count
        while index < end {
            let lead = bytes[index]
            let value: UInt32
            if lead < 0x80 {
                value = UInt32(lead)
                index += 1
            } else if lead < 0xE0 {
                value = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                index += 2
            } else if lead < 0xF0 {
                value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                index += 3
            } else {
                value = UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                    | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                index += 4
            }
            // Decoded from valid UTF-8, so a valid scalar.
            let scalar = Unicode.Scalar(value).unsafelyUnwrapped
            // Han and other ordinary text first: it is most of every report.
            if value >= 0x3001, value < 0xFEFF {
                append(scalar)
                continue
            }
            switch value {
            case 0x0A, 0x0D, 0x85, 0x2028, 0x2029:
                if count > 0 {
                    lines.append(
                        TextLine(
                            scalars: Array(UnsafeBufferPointer(rebasing: current[..<count])),
                            normalized: Array(UnsafeBufferPointer(rebasing: currentNormalized[..<count]))
                        )
                    )
                    count = 0
                }
                pendingSpace = false
            case 0x00...0x08, 0x0E...0x1F, 0x7F, 0x200C, 0x200D, 0x2060:
                // Control and invisible format characters carry nothing for analysis.
                continue
            default:
                if ScalarText.isSpace(scalar) {
                    pendingSpace = count > 0
                } else {
                    append(scalar)
                }
            }
        }
        if count > 0 {
            lines.append(
                TextLine(
                    scalars: Array(UnsafeBufferPointer(rebasing: current[..<count])),
                    normalized: Array(UnsafeBufferPointer(rebasing: currentNormalized[..<count]))
                )
            )
        }
        return lines
    }
}
