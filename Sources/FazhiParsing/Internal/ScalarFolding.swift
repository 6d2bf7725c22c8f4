/// The per-scalar folding rule behind ``FoldedText``.
enum ScalarFolding {
    /// Returned by ``fold(_:)`` for scalars that are removed from the folded view.
    static let deleted: UInt32 = .max

    /// The folded value of `value`: the same value when unchanged, ``deleted`` when removed.
    ///
    /// Only single-scalar mappings are applied, so offsets stay exact (see ``FoldedText``).
    @inline(__always)
    static func fold(_ value: UInt32) -> UInt32 {
        if value < 0x80 {
            return value >= 0x41 && value <= 0x5A ? value + 0x20 : value
        }
        switch value {
        case 0xFF01...0xFF5E:
            // Full-width ASCII, as NFKC maps it; then ASCII lower-casing.
            let ascii = value - 0xFEE0
            return ascii >= 0x41 && ascii <= 0x5A ? ascii + 0x20 : ascii
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
            return 0x20
        case 0x00AD, 0x200B...0x200D, 0x2060, 0xFEFF:
            // Invisible characters that scraping leaves inside words; NFKC keeps them, but they
            // would break every match.
            return deleted
        case 0xFF5F: return 0x2985
        case 0xFF60: return 0x2986
        case 0xFF61: return 0x3002
        case 0xFF62: return 0x300C
        case 0xFF63: return 0x300D
        case 0xFF64: return 0x3001
        case 0xFF65: return 0x30FB
        case 0xFFE0: return 0xA2
        case 0xFFE1: return 0xA3
        case 0xFFE2: return 0xAC
        case 0xFFE4: return 0xA6
        case 0xFFE5: return 0xA5
        case 0xFFE6: return 0x20A9
        case 0x2E80...:
            return HanFolding.fold(value) ?? value
        default:
            return value
        }
    }

    /// The number of UTF-8 bytes that encode `value`.
    @inline(__always)
    static func utf8Length(_ value: UInt32) -> Int {
        value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
    }
}
