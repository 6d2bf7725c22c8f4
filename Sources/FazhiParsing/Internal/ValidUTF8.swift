/// Decoding of bytes that are known to be valid UTF-8 (a Swift `String`'s storage).
enum ValidUTF8 {
    /// The scalar starting at `position` of valid UTF-8 `bytes`, and its length in bytes.
    ///
    /// Written out by hand because these loops run over every byte of a report, and the
    /// standard library's decoder validates what a Swift string already guarantees.
    @inline(__always)
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[position]
        if lead < 0x80 {
            return (UInt32(lead), 1)
        } else if lead < 0xE0 {
            return (UInt32(lead & 0x1F) << 6 | UInt32(bytes[position + 1] & 0x3F), 2)
        } else if lead < 0xF0 {
            return (
                UInt32(lead & 0x0F) << 12 | UInt32(bytes[position + 1] & 0x3F) << 6 | UInt32(bytes[position + 2] & 0x3F),
                3
            )
        }
        return (
            UInt32(lead & 0x07) << 18 | UInt32(bytes[position + 1] & 0x3F) << 12
                | UInt32(bytes[position + 2] & 0x3F) << 6 | UInt32(bytes[position + 3] & 0x3F),
            4
        )
    }
}

extension ValidUTF8 {
    /// Whether `bytes` are well-formed UTF-8 (Unicode's Table 3-7: no overlong forms, no
    /// surrogates, nothing above U+10FFFF, no truncated sequence), exactly as
    /// `String(validating:as:)` decides.
    ///
    /// Written out because every UTF-8 input is checked once, and the standard library's
    /// validator spends about 12 instructions a byte on Chinese text; this one checks ASCII
    /// eight bytes at a time and the three-byte forms of the common Han block in one test.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index < count {
            let lead = base[index]
            if lead < 0x80 {
                // Eight ASCII bytes at a time.
                while index + 8 <= count, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                while index < count, base[index] < 0x80 { index += 1 }
                continue
            }
            if lead >= 0xE1 && lead <= 0xEC || lead == 0xEE || lead == 0xEF {
                // Three bytes, any continuations: most of a Chinese text.
                guard index + 2 < count, base[index + 1] & 0xC0 == 0x80, base[index + 2] & 0xC0 == 0x80 else { return false }
                index += 3
                continue
            }
            let (length, low, high) = Self.sequence(startingWith: lead)
            guard length > 0 else { return false }  // a continuation byte, C0, C1 or F5...FF
            guard index + length <= count else { return false }
            let second = base[index + 1]
            guard second >= low && second <= high else { return false }
            var next = index + 2
            while next < index + length {
                guard base[next] & 0xC0 == 0x80 else { return false }
                next += 1
            }
            index += length
        }
        return true
    }

    /// What a non-ASCII lead byte starts (Unicode's Table 3-7): the sequence's length in bytes
    /// (0 when the byte cannot start one: a continuation byte, C0, C1, F5...FF) and the range
    /// its second byte must fall in (the bytes after it are 80...BF).
    @inline(__always)
    static func sequence(startingWith lead: UInt8) -> (length: Int, secondLow: UInt8, secondHigh: UInt8) {
        switch lead {
        case 0xC2...0xDF: (2, 0x80, 0xBF)
        case 0xE0: (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE, 0xEF: (3, 0x80, 0xBF)
        case 0xED: (3, 0x80, 0x9F)
        case 0xF0: (4, 0x90, 0xBF)
        case 0xF1...0xF3: (4, 0x80, 0xBF)
        case 0xF4: (4, 0x80, 0x8F)
        default: (0, 0x80, 0xBF)
        }
    }
}
