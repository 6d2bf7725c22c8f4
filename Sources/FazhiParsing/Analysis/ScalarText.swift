/// Scalar-level helpers shared by the analysis stage.
///
/// Analysis matches on *normalized* scalars: full-width ASCII (`（一）`, `：`, `１`) maps to ASCII,
/// ASCII letters to lower case, every space variant to `" "` and traditional characters to
/// simplified ones (``HanFolding``). The mapping is one scalar to
/// one scalar, so a match position in the normalized array is also a scalar position in the
/// original line; byte offsets are recovered with ``TextLine/utf8Offset(ofScalar:)``.
enum ScalarText {
    /// The normalized form of one scalar.
    @inline(__always)
    static func normalize(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x80 {
            // '!' is fine: ASCII values are valid scalars.
            return value >= 0x41 && value <= 0x5A ? Unicode.Scalar(value + 0x20)! : scalar
        }
        if value >= 0xFF01 && value <= 0xFF5E {
            let ascii = value - 0xFEE0
            // '!' is fine: the result is printable ASCII.
            return ascii >= 0x41 && ascii <= 0x5A ? Unicode.Scalar(ascii + 0x20)! : Unicode.Scalar(ascii)!
        }
        if isSpace(scalar) { return " " }
        // Traditional → simplified (mirror sites serve 縣、報告), one scalar to one scalar.
        if value >= 0x2E80, let folded = HanFolding.fold(value), let simplified = Unicode.Scalar(folded) {
            return simplified
        }
        return scalar
    }

    /// ``normalize(_:)`` for a Han or other non-ASCII text scalar (≥ U+3001, not a space), with
    /// the folding table's key bitmap read once by the caller's loop.
    @inline(__always)
    static func normalizeText(_ scalar: Unicode.Scalar, hanKeys: [UInt64]) -> Unicode.Scalar {
        let value = scalar.value
        if value >= 0xFF01 && value <= 0xFF5E { return normalize(scalar) }
        guard HanFolding.mayFold(value, keys: hanKeys), let folded = HanFolding.fold(value),
            let simplified = Unicode.Scalar(folded)
        else { return scalar }
        return simplified
    }

    /// The normalized scalars of `text`.
    static func normalized(_ text: some StringProtocol) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.utf8.count / 3 + 4)
        for scalar in text.unicodeScalars { result.append(normalize(scalar)) }
        return result
    }

    /// Whether well-formed UTF-8 `utf8` has a scalar that is not whitespace (nor, with
    /// `ignoringBOM`, U+FEFF). Usually its first scalar answers, so this stops at once.
    static func hasNonWhitespace(utf8: [UInt8], ignoringBOM: Bool = false) -> Bool {
        utf8.withUnsafeBufferPointer { bytes in
            var index = 0
            while index < bytes.count {
                let (value, length) = ValidUTF8.decodeScalar(bytes, at: index)
                index += length
                if ignoringBOM && value == 0xFEFF { continue }
                if let scalar = Unicode.Scalar(value), !scalar.properties.isWhitespace { return true }
            }
            return false
        }
    }

    /// Whitespace as it occurs in scraped pages (ASCII, ideographic, no-break, zero-width).
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0B, 0x0C, 0x0D, 0xA0, 0x3000, 0x2000...0x200B, 0x202F, 0x205F, 0xFEFF: true
        default: false
        }
    }

    /// Han ideographs (BMP unified and extension A).
    @inline(__always)
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }

    /// ASCII digit value, if any (call on normalized scalars).
    @inline(__always)
    static func digit(_ scalar: Unicode.Scalar) -> Int? {
        scalar.value >= 0x30 && scalar.value <= 0x39 ? Int(scalar.value - 0x30) : nil
    }

    /// The value of a Chinese digit `〇零一二两三四五六七八九`, if any.
    static func chineseDigit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "〇", "零", "○": 0
        case "一": 1
        case "二", "两": 2
        case "三": 3
        case "四": 4
        case "五": 5
        case "六": 6
        case "七": 7
        case "八": 8
        case "九": 9
        default: nil
        }
    }

    /// Reads a Chinese numeral of at most two places (`三`, `十`, `十二`, `二十`, `三十一`) at
    /// `start`; returns its value and end.
    static func chineseNumeral(in scalars: ArraySlice<Unicode.Scalar>, at start: Int) -> (value: Int, end: Int)? {
        var index = start
        var value = 0
        var sawTen = false
        var sawAny = false
        while index < scalars.endIndex, index - start < 4 {
            let scalar = scalars[index]
            if scalar == "十" {
                guard !sawTen else { break }
                value = (sawAny ? max(value, 1) : 1) * 10
                sawTen = true
                sawAny = true
            } else if let digit = chineseDigit(scalar), digit > 0 {
                if sawTen {
                    guard value % 10 == 0 else { break }
                    value += digit
                } else {
                    guard !sawAny else { break }
                    value = digit
                }
                sawAny = true
            } else {
                break
            }
            index += 1
        }
        return sawAny && value > 0 ? (value, index) : nil
    }

    /// The Chinese numeral for 1...99 (`一`, `十`, `十一`, `二十三`).
    static func chineseNumeralText(_ value: Int) -> String {
        let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard value > 0, value < 100 else { return "" }
        if value < 10 { return digits[value] }
        let tens = value / 10
        return (tens == 1 ? "" : digits[tens]) + "十" + digits[value % 10]
    }

    /// Whether `needle` occurs in `haystack` at `offset`.
    @inline(__always)
    static func has(_ needle: [Unicode.Scalar], in haystack: ArraySlice<Unicode.Scalar>, at offset: Int) -> Bool {
        guard offset >= haystack.startIndex, offset + needle.count <= haystack.endIndex else { return false }
        var index = offset
        for scalar in needle {
            if haystack[index] != scalar { return false }
            index += 1
        }
        return true
    }

    /// The first position of `needle` in `haystack` at or after `from`.
    static func find(_ needle: [Unicode.Scalar], in haystack: ArraySlice<Unicode.Scalar>, from: Int? = nil) -> Int? {
        guard let first = needle.first else { return nil }
        var index = from ?? haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first, has(needle, in: haystack, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// Whether `haystack` contains `needle`.
    @inline(__always)
    static func contains(_ haystack: ArraySlice<Unicode.Scalar>, _ needle: [Unicode.Scalar]) -> Bool {
        find(needle, in: haystack) != nil
    }

    /// Whether `haystack` contains any of `needles`.
    static func containsAny(_ haystack: ArraySlice<Unicode.Scalar>, _ needles: [[Unicode.Scalar]]) -> Bool {
        needles.contains { find($0, in: haystack) != nil }
    }

    /// Whether `haystack` ends with `needle`.
    static func hasSuffix(_ haystack: ArraySlice<Unicode.Scalar>, _ needle: [Unicode.Scalar]) -> Bool {
        has(needle, in: haystack, at: haystack.endIndex - needle.count)
    }

    /// Keyword lists are written as Swift strings and matched as normalized scalars.
    static func keywords(_ words: [String]) -> [[Unicode.Scalar]] {
        words.map { normalized($0) }
    }

    /// The UTF-8 length of `scalars`.
    static func utf8Count(_ scalars: some Collection<Unicode.Scalar>) -> Int {
        var count = 0
        for scalar in scalars {
            let value = scalar.value
            count += value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
        }
        return count
    }

    /// Writes the UTF-8 encoding of `scalars` into `buffer` from `start`; returns the end.
    /// `buffer` must have room (``utf8Count(_:)`` bytes, or 4 per scalar).
    @inline(__always)
    static func encodeUTF8(
        _ scalars: some Collection<Unicode.Scalar>,
        into buffer: UnsafeMutableBufferPointer<UInt8>,
        at start: Int
    ) -> Int {
        var count = start
        for scalar in scalars {
            let value = scalar.value
            switch value {
            case 0..<0x80:
                buffer[count] = UInt8(value)
                count += 1
            case 0x80..<0x800:
                buffer[count] = UInt8(0xC0 | (value >> 6))
                buffer[count + 1] = UInt8(0x80 | (value & 0x3F))
                count += 2
            case 0x800..<0x10000:
                buffer[count] = UInt8(0xE0 | (value >> 12))
                buffer[count + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
                buffer[count + 2] = UInt8(0x80 | (value & 0x3F))
                count += 3
            default:
                buffer[count] = UInt8(0xF0 | (value >> 18))
                buffer[count + 1] = UInt8(0x80 | ((value >> 12) & 0x3F))
                buffer[count + 2] = UInt8(0x80 | ((value >> 6) & 0x3F))
                buffer[count + 3] = UInt8(0x80 | (value & 0x3F))
                count += 4
            }
        }
        return count
    }

    /// The scalars of `text`, decoded from its UTF-8 storage by hand: `Array(text.unicodeScalars)`
    /// takes the generic sequence path, several times slower on the short texts (titles,
    /// signatures, names) that are turned into scalars many times a parse.
    static func scalars(_ text: String) -> [Unicode.Scalar] {
        var text = text
        return text.withUTF8 { bytes in
            var result: [Unicode.Scalar] = []
            result.reserveCapacity(bytes.count)
            var position = 0
            while position < bytes.count {
                let (value, length) = ValidUTF8.decodeScalar(bytes, at: position)
                position += length
                // A string's storage is valid UTF-8, so every value is a scalar.
                if let scalar = Unicode.Scalar(value) { result.append(scalar) }
            }
            return result
        }
    }

    /// A string made of `scalars`.
    static func string(_ scalars: some Collection<Unicode.Scalar>) -> String {
        // Encoding by hand, straight into the string's storage, is several times faster than
        // appending to a UnicodeScalarView.
        String(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            encodeUTF8(scalars, into: buffer, at: 0)
        }
    }

    /// Sentence and clause punctuation that can precede a list marker or end a run-in heading.
    static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "。", ";", ",", ":", "、", " ", "\n", "!", "?", "！", "？", "；", "，", "：": true
        default: false
        }
    }

    /// The punctuation ``trimmed(_:punctuation:)`` strips by default. A stored set: as a default
    /// argument literal it was built anew on every call, some twenty times a parse.
    static let clausePunctuation: Set<Unicode.Scalar> = ["。", ";", ",", ":", "、", "；", "，", "："]

    /// Trims spaces and the given punctuation from both ends of `scalars`.
    static func trimmed(
        _ scalars: ArraySlice<Unicode.Scalar>,
        punctuation: Set<Unicode.Scalar> = ScalarText.clausePunctuation
    ) -> ArraySlice<Unicode.Scalar> {
        var slice = scalars
        while let first = slice.first, first == " " || first == "\n" || punctuation.contains(first) {
            slice = slice.dropFirst()
        }
        while let last = slice.last, last == " " || last == "\n" || punctuation.contains(last) {
            slice = slice.dropLast()
        }
        return slice
    }
}
