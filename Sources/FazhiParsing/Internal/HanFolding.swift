/// Lookup in the generated Han folding table (traditional → simplified, compatibility → unified).
enum HanFolding {
    /// One bit per BMP scalar: set when the scalar is a key of the table. Most Han characters in
    /// simplified text are not keys, so the common case costs one bit test instead of a search.
    static let bmpKeys: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 65536 / 64)
        var index = 0
        while index < hanFoldingPairs.count {
            let key = hanFoldingPairs[index]
            if key < 65536 { bits[Int(key >> 6)] |= 1 << (key & 63) }
            index += 2
        }
        return bits
    }()

    /// `text` with every character the table folds replaced (one scalar for one, so scalar
    /// positions are kept), or `nil` when fewer than `minimumFolded` are: a simplified text has
    /// the odd character the table also maps (乾, 著), a traditional one has many.
    ///
    /// With `keepingAlsoSimplified`, the characters that simplified Chinese also uses as they are
    /// in some words (``hanAlsoSimplified``: 乾 in 乾县, 於 in 於潜镇) are kept, and only the
    /// others count towards `minimumFolded`.
    static func simplified(_ text: String, minimumFolded: Int = 1, keepingAlsoSimplified: Bool = false) -> String? {
        // Every parse counts over its whole (usually simplified) body: the bitmap is read once.
        let keys = bmpKeys
        func folded(_ value: UInt32) -> UInt32? {
            guard mayFold(value, keys: keys), let target = fold(value) else { return nil }
            return keepingAlsoSimplified && isAlsoSimplified(value) ? nil : target
        }
        var count = 0
        for scalar in text.unicodeScalars where folded(scalar.value) != nil {
            count += 1
            if count >= minimumFolded { break }
        }
        guard count >= max(1, minimumFolded) else { return nil }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(folded(scalar.value).flatMap(Unicode.Scalar.init) ?? scalar)
        }
        return String(scalars)
    }

    /// Whether `value` is a key of the table that simplified Chinese also uses as it is.
    static func isAlsoSimplified(_ value: UInt32) -> Bool {
        hanAlsoSimplified.contains(value)
    }

    /// Whether the table has a key `value` (a BMP scalar), by `keys` (``bmpKeys``, read once by
    /// a caller's loop: each read of a global costs a lazy-initialization check).
    @inline(__always)
    static func mayFold(_ value: UInt32, keys: [UInt64]) -> Bool {
        value >= 0x2E80 && (value >= 65536 || (keys[Int(value >> 6)] >> (value & 63)) & 1 != 0)
    }

    /// The folded scalar value for `value`, or `nil` when the table does not change it.
    static func fold(_ value: UInt32) -> UInt32? {
        if value < 0x2E80 { return nil }
        if value < 65536 && (bmpKeys[Int(value >> 6)] >> (value & 63)) & 1 == 0 { return nil }
        var low = 0
        var high = hanFoldingPairs.count / 2
        while low < high {
            let middle = (low + high) / 2
            let key = hanFoldingPairs[middle * 2]
            if key == value { return hanFoldingPairs[middle * 2 + 1] }
            if key < value { low = middle + 1 } else { high = middle }
        }
        return nil
    }
}
