/// A character encoding that ``InputDecoder`` can decode.
package struct TextEncoding: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable {
        case utf8
        case utf16LittleEndian
        case utf16BigEndian
        case gb18030
        case big5
    }

    private let wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    /// UTF-8, with or without a byte-order mark.
    package static let utf8 = TextEncoding(.utf8)
    /// UTF-16 little-endian; only chosen when the input starts with the `FF FE` byte-order mark.
    package static let utf16LittleEndian = TextEncoding(.utf16LittleEndian)
    /// UTF-16 big-endian; only chosen when the input starts with the `FE FF` byte-order mark.
    package static let utf16BigEndian = TextEncoding(.utf16BigEndian)
    /// GB18030, which also decodes GBK and GB2312 (it is a superset of both).
    package static let gb18030 = TextEncoding(.gb18030)
    /// Big5; only tried when a declared charset names it, because GB18030 accepts almost any
    /// Big5 byte sequence and plausibility alone cannot tell them apart reliably.
    package static let big5 = TextEncoding(.big5)

    /// The canonical (IANA-style) name, e.g. `UTF-8` or `GB18030`.
    package var name: String {
        switch self.wrapped {
        case .utf8: "UTF-8"
        case .utf16LittleEndian: "UTF-16LE"
        case .utf16BigEndian: "UTF-16BE"
        case .gb18030: "GB18030"
        case .big5: "BIG5"
        }
    }

    /// The same as ``name``.
    package var description: String { self.name }

    /// The name to pass to `iconv_open` for encodings decoded with iconv, else `nil`.
    var iconvName: String? {
        switch self.wrapped {
        case .gb18030: "GB18030"
        case .big5: "BIG5-HKSCS"
        case .utf8, .utf16LittleEndian, .utf16BigEndian: nil
        }
    }

    /// Maps a charset label from a `Content-Type` header or `<meta>` tag to an encoding.
    ///
    /// Labels are matched case-insensitively after trimming quotes and spaces. The GB family
    /// (`gb2312`, `gbk`, `x-gbk`, `cp936`, `euc-cn`, …) maps to ``gb18030``. Returns `nil` for labels
    /// we do not decode (e.g. `iso-8859-1`); the decoder then falls back to its own detection.
    package init?(label: some StringProtocol) {
        var normalized = ""
        for scalar in label.unicodeScalars {
            switch scalar {
            case "\"", "'", " ", "\t": continue
            case "_": normalized.append("-")
            default: normalized.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        }
        switch normalized {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": self = .utf8
        case "utf-16le", "utf-16": self = .utf16LittleEndian
        case "utf-16be": self = .utf16BigEndian
        case "gb18030", "gbk", "gb2312", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "csgb2312",
            "gb-2312", "chinese", "iso-ir-58", "csiso58gb231280", "gb-18030":
            self = .gb18030
        case "big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5", "big-5": self = .big5
        default: return nil
        }
    }
}
