/// Character references for ``HTMLText``.
enum HTMLEntities {
    /// Named references that Chinese government pages actually use (plus the HTML basics).
    /// Unknown names are left in the text verbatim, as browsers do.
    static let named: [String: Unicode.Scalar] = [
        "nbsp": "\u{A0}", "lt": "<", "gt": ">", "amp": "&", "quot": "\"", "apos": "'",
        "ldquo": "\u{201C}", "rdquo": "\u{201D}", "lsquo": "\u{2018}", "rsquo": "\u{2019}",
        "sbquo": "\u{201A}", "bdquo": "\u{201E}", "laquo": "\u{AB}", "raquo": "\u{BB}",
        "lsaquo": "\u{2039}", "rsaquo": "\u{203A}", "mdash": "\u{2014}", "ndash": "\u{2013}",
        "middot": "\u{B7}", "bull": "\u{2022}", "hellip": "\u{2026}", "prime": "\u{2032}",
        "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "times": "\u{D7}", "divide": "\u{F7}",
        "plusmn": "\u{B1}", "deg": "\u{B0}", "yen": "\u{A5}", "cent": "\u{A2}", "pound": "\u{A3}",
        "euro": "\u{20AC}", "sect": "\u{A7}", "para": "\u{B6}", "permil": "\u{2030}",
        "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwsp": "\u{200B}",
        "zwnj": "\u{200C}", "zwj": "\u{200D}", "shy": "\u{AD}", "iexcl": "\u{A1}", "iquest": "\u{BF}",
        "larr": "\u{2190}", "rarr": "\u{2192}", "uarr": "\u{2191}", "darr": "\u{2193}",
        "le": "\u{2264}", "ge": "\u{2265}", "ne": "\u{2260}", "minus": "\u{2212}", "frasl": "\u{2044}",
        "frac12": "\u{BD}", "frac14": "\u{BC}", "frac34": "\u{BE}", "sup1": "\u{B9}", "sup2": "\u{B2}",
        "sup3": "\u{B3}", "micro": "\u{B5}", "ordm": "\u{BA}", "ordf": "\u{AA}", "not": "\u{AC}",
        "macr": "\u{AF}", "acute": "\u{B4}", "uml": "\u{A8}", "cedil": "\u{B8}", "brvbar": "\u{A6}",
        "curren": "\u{A4}", "dagger": "\u{2020}", "Dagger": "\u{2021}", "loz": "\u{25CA}",
        "alpha": "\u{3B1}", "beta": "\u{3B2}", "gamma": "\u{3B3}", "delta": "\u{3B4}", "mu": "\u{3BC}",
        "pi": "\u{3C0}", "sigma": "\u{3C3}", "omega": "\u{3C9}", "AMP": "&", "LT": "<", "GT": ">", "QUOT": "\"",
    ]

    /// Names browsers also accept without the closing semicolon.
    static let legacyWithoutSemicolon: Set<String> = [
        "nbsp", "amp", "lt", "gt", "quot", "copy", "reg", "AMP", "LT", "GT",
    ]

    /// HTML's remapping of numeric references in 0x80...0x9F (Windows-1252), e.g. `&#147;` → “.
    static func numericScalar(_ value: UInt32) -> Unicode.Scalar {
        if value >= 0x80 && value <= 0x9F {
            let windows1252: [UInt32] = [
                0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
                0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
            ]
            return Unicode.Scalar(windows1252[Int(value - 0x80)]) ?? "\u{FFFD}"
        }
        if value == 0 { return "\u{FFFD}" }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}
