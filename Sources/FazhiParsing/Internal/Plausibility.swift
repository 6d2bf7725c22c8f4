/// Scores how much decoded text looks like real Chinese (or ASCII) text.
///
/// Used to choose between candidate encodings and to reject decodings that are technically
/// valid but produce garbage (GB18030 accepts almost any byte pair).
enum Plausibility {
    /// One bit per BMP scalar, set for the 3,755 level-1 (most common) hanzi of GB2312, which
    /// cover about 99.7% of running simplified Chinese text. Derived from the standard's byte
    /// layout through iconv, so no frequency list needs to be shipped.
    private static let commonHanzi: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 65536 / 64)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(40 * 94 * 2)
        for row in UInt8(0xB0)...0xD7 {
            for column in UInt8(0xA1)...0xFE where !(row == 0xD7 && column > 0xF9) {
                bytes.append(row)
                bytes.append(column)
            }
        }
        let decoded = bytes.withUnsafeBufferPointer {
            iconvDecode($0, encodingName: "GB18030", maximumReplacements: Int.max)
        }
        var count = 0
        for scalar in decoded?.text.unicodeScalars ?? "".unicodeScalars where scalar.value < 65536 {
            bits[Int(scalar.value >> 6)] |= 1 << (scalar.value & 63)
            count += 1
        }
        // Without iconv's GB18030 module there is no table; treat every hanzi as common rather
        // than rejecting all Chinese text.
        if count < 3000 { return [UInt64](repeating: ~0, count: 65536 / 64) }
        return bits
    }()

    /// Whether `value` is a common simplified hanzi, or a traditional or compatibility form of
    /// one; `table` is ``commonHanzi``.
    private static func isCommonHanzi(_ value: UInt32, table: UnsafeBufferPointer<UInt64>) -> Bool {
        if value < 65536 && (table[Int(value >> 6)] >> (value & 63)) & 1 == 1 { return true }
        if let folded = HanFolding.fold(value), folded < 65536 {
            return (table[Int(folded >> 6)] >> (folded & 63)) & 1 == 1
        }
        return false
    }

    /// The weighted share, in `0...1`, of plausible scalars among the first `limit` non-ASCII
    /// (or control) scalars of `text`; 1 when there are none.
    ///
    /// Runs over most inputs, so it walks the UTF-8 bytes (``ValidUTF8``) rather than
    /// `unicodeScalars`.
    static func score(_ text: String, limit: Int = 65536) -> Double {
        var text = text
        return text.withUTF8 { utf8 in
            commonHanzi.withUnsafeBufferPointer { table in
                score(utf8: utf8, limit: limit, table: table)
            }
        }
    }

    /// ``score(_:limit:)`` of well-formed UTF-8 bytes.
    static func score(utf8: [UInt8], limit: Int = 65536) -> Double {
        utf8.withUnsafeBufferPointer { utf8 in
            commonHanzi.withUnsafeBufferPointer { table in
                score(utf8: utf8, limit: limit, table: table)
            }
        }
    }

    private static func score(utf8: UnsafeBufferPointer<UInt8>, limit: Int, table: UnsafeBufferPointer<UInt64>) -> Double {
        var total = 0
        var good = 0.0
        var index = 0
        let count = utf8.count
        while index < count {
            let (value, length) = ValidUTF8.decodeScalar(utf8, at: index)
            index += length
            if value >= 0x20 && value < 0x7F || value == 0x09 || value == 0x0A || value == 0x0D || value == 0x0C {
                continue
            }
            total += 1
            good += weight(value, table: table)
            if total >= limit { break }
        }
        return total == 0 ? 1 : good / Double(total)
    }

    private static func weight(_ value: UInt32, table: UnsafeBufferPointer<UInt64>) -> Double {
        switch value {
        case 0x4E00...0x9FFF, 0xF900...0xFAFF:
            return isCommonHanzi(value, table: table) ? 1 : 0.3
        case 0x3400...0x4DBF, 0x20000...0x3134F:
            return isCommonHanzi(value, table: table) ? 1 : 0.1
        case 0x00A0...0x00BF, 0x00D7, 0x00F7, 0x2000...0x206F, 0x2100...0x22FF, 0x2460...0x27BF, 0x2E80...0x2FDF,
            0x3000...0x303F, 0x3200...0x33FF, 0xFE30...0xFE4F, 0xFF00...0xFFEF:
            return 1
        case 0x00C0...0x024F, 0x1F300...0x1FAFF:
            return 0.5
        case 0x0370...0x04FF, 0x3040...0x30FF:
            return 0.3
        default:
            return 0
        }
    }
}
