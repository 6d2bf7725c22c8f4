/// A folded view of a text for matching, with an exact map back to the original's UTF-8 bytes.
///
/// Folding applies single-scalar mappings only, so every folded scalar comes from exactly one
/// original scalar (or an original scalar disappears):
/// - full-width ASCII `U+FF01...U+FF5E` → ASCII, as NFKC does. This includes punctuation:
///   `，` → `,`, `：` → `:`, `（）` → `()`, `；` → `;`, `％` → `%`, `．` → `.`, `～` → `~`. The seeds
///   already mix both widths (`发布日期:` next to `（一）`), so patterns only need one form;
///   code that must tell a Chinese list comma from a thousands separator can look at the original
///   through the offset map;
/// - ASCII upper case → lower case;
/// - ideographic space `U+3000`, no-break space and the other NFKC space variants → `" "`;
/// - invisible format characters (zero-width space/joiners, word joiner, soft hyphen, a stray
///   `U+FEFF`) are removed;
/// - half-width CJK punctuation (`｡｢｣､･`) and full-width signs (`￥￡￠￢￤￦`) → their NFKC forms;
/// - traditional → simplified Han characters (OpenCC, first candidate, single characters) and
///   CJK compatibility ideographs and Kangxi radicals → unified ideographs, from the generated
///   table (see `scripts/generate-t2s.py`).
///
/// Left unchanged on purpose: `。 、 “ ” 〔 〕 — · 〇` (NFKC keeps them too), and anything NFKC
/// would expand to several scalars (`①` → `1`, `㎡` → `m2`, `½`): circled numbers are list
/// markers, not quantities, and one-to-one folding keeps every offset exact. No canonical
/// composition is done.
///
/// Offsets are UTF-8 byte offsets from the start of ``original`` or ``folded``. Only folds
/// that change the UTF-8 length are recorded, so the map stays small for ordinary text.
package struct FoldedText: Sendable {
    /// The text as given.
    package let original: String
    /// The folded text.
    package let folded: String
    /// Edit points: pairs (start, end) for each length-changing fold, in folded and original
    /// offsets. Both arrays are non-decreasing.
    private let foldedPoints: [Int32]
    private let originalPoints: [Int32]

    /// Folds `original`. Linear in its length.
    ///
    /// - Precondition: `original` is shorter than 1.5 GiB (offsets are stored in 32 bits).
    package init(_ original: String) {
        precondition(original.utf8.count < 1_500_000_000, "FoldedText supports texts below 1.5 GiB")
        var source = original
        var foldedPoints: [Int32] = []
        var originalPoints: [Int32] = []
        let folded = source.withUTF8 { input in
            // A fold grows a scalar by at most one byte (3 → 4 for a few Han characters).
            String(unsafeUninitializedCapacity: input.count + input.count / 3 + 4) { output in
                Self.fold(input, into: output, foldedPoints: &foldedPoints, originalPoints: &originalPoints)
            }
        }
        self.original = original
        self.folded = folded
        self.foldedPoints = foldedPoints
        self.originalPoints = originalPoints
    }

    /// Folds `text` without keeping a map: use it for patterns that are matched against ``folded``.
    package static func fold(_ text: String) -> String {
        FoldedText(text).folded
    }

    private static func fold(
        _ input: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutableBufferPointer<UInt8>,
        foldedPoints: inout [Int32],
        originalPoints: inout [Int32]
    ) -> Int {
        HanFolding.bmpKeys.withUnsafeBufferPointer { keys in
            Self.fold(input, into: output, keys: keys, foldedPoints: &foldedPoints, originalPoints: &originalPoints)
        }
    }

    private static func fold(
        _ input: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutableBufferPointer<UInt8>,
        keys: UnsafeBufferPointer<UInt64>,
        foldedPoints: inout [Int32],
        originalPoints: inout [Int32]
    ) -> Int {
        var read = 0
        var written = 0
        let count = input.count
        while read < count {
            let byte = input[read]
            if byte < 0x80 {
                output[written] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                read += 1
                written += 1
                continue
            }
            // Fast path for Han characters that the table does not change (nearly all of them in
            // simplified text): U+3400...U+9FFF are E3 90 80 ... E9 BF BF.
            if byte >= 0xE3 && byte <= 0xE9 && read + 2 < count {
                let value =
                    UInt32(byte & 0x0F) << 12 | UInt32(input[read + 1] & 0x3F) << 6 | UInt32(input[read + 2] & 0x3F)
                if value >= 0x3400 && (keys[Int(value >> 6)] >> (value & 63)) & 1 == 0 {
                    output[written] = byte
                    output[written + 1] = input[read + 1]
                    output[written + 2] = input[read + 2]
                    read += 3
                    written += 3
                    continue
                }
            }
            let (value, length) = decodeUTF8Scalar(input, at: read)
            let folded = ScalarFolding.fold(value)
            if folded == value {
                for offset in 0..<length { output[written + offset] = input[read + offset] }
                read += length
                written += length
                continue
            }
            let foldedLength = folded == ScalarFolding.deleted ? 0 : ScalarFolding.utf8Length(folded)
            if foldedLength != length {
                foldedPoints.append(Int32(written))
                originalPoints.append(Int32(read))
                foldedPoints.append(Int32(written + foldedLength))
                originalPoints.append(Int32(read + length))
            }
            if foldedLength > 0 {
                Self.encode(folded, into: output, at: written)
            }
            read += length
            written += foldedLength
        }
        return written
    }

    @inline(__always)
    private static func encode(_ value: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at position: Int) {
        switch value {
        case 0..<0x80:
            output[position] = UInt8(value)
        case 0x80..<0x800:
            output[position] = UInt8(0xC0 | value >> 6)
            output[position + 1] = UInt8(0x80 | value & 0x3F)
        case 0x800..<0x10000:
            output[position] = UInt8(0xE0 | value >> 12)
            output[position + 1] = UInt8(0x80 | value >> 6 & 0x3F)
            output[position + 2] = UInt8(0x80 | value & 0x3F)
        default:
            output[position] = UInt8(0xF0 | value >> 18)
            output[position + 1] = UInt8(0x80 | value >> 12 & 0x3F)
            output[position + 2] = UInt8(0x80 | value >> 6 & 0x3F)
            output[position + 3] = UInt8(0x80 | value & 0x3F)
        }
    }

    // MARK: Offset map

    /// The range of original UTF-8 bytes that folds to `foldedRange` (folded UTF-8 offsets).
    ///
    /// Removed characters at either edge are left out; a bound inside a folded scalar widens
    /// the result to the whole original scalar. For bounds on scalar boundaries,
    /// `FoldedText.fold(original[result]) == folded[foldedRange]`.
    package func originalRange(forFolded foldedRange: Range<Int>) -> Range<Int> {
        let lower = Self.map(foldedRange.lowerBound, from: self.foldedPoints, to: self.originalPoints, isStart: true)
        let upper = Self.map(foldedRange.upperBound, from: self.foldedPoints, to: self.originalPoints, isStart: false)
        return lower..<max(lower, upper)
    }

    /// The range of folded UTF-8 bytes that `originalRange` (original UTF-8 offsets) folds to.
    package func foldedRange(forOriginal originalRange: Range<Int>) -> Range<Int> {
        let lower = Self.map(originalRange.lowerBound, from: self.originalPoints, to: self.foldedPoints, isStart: true)
        let upper = Self.map(originalRange.upperBound, from: self.originalPoints, to: self.foldedPoints, isStart: false)
        return lower..<max(lower, upper)
    }

    /// The original text behind a folded range, for quoting.
    package func originalText(forFolded foldedRange: Range<Int>) -> Substring {
        let range = self.originalRange(forFolded: foldedRange)
        let utf8 = self.original.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(lower, offsetBy: range.count)
        return self.original[lower..<upper]
    }

    /// The original string indices behind a range of indices into ``folded``.
    package func originalRange(forFolded range: Range<String.Index>) -> Range<String.Index> {
        let foldedUTF8 = self.folded.utf8
        let lower = foldedUTF8.distance(from: foldedUTF8.startIndex, to: range.lowerBound)
        let upper = foldedUTF8.distance(from: foldedUTF8.startIndex, to: range.upperBound)
        let mapped = self.originalRange(forFolded: lower..<upper)
        let utf8 = self.original.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: mapped.lowerBound)
        return start..<utf8.index(start, offsetBy: mapped.count)
    }

    /// Whether any fold changed a UTF-8 length (if not, offsets are identical in both texts).
    package var hasLengthChanges: Bool { !self.foldedPoints.isEmpty }

    /// Maps `offset` through paired edit points. Start bounds skip removed characters and
    /// round down inside an edit; end bounds do the opposite.
    private static func map(_ offset: Int, from: [Int32], to: [Int32], isStart: Bool) -> Int {
        let key = Int32(clamping: offset)
        var low = 0
        var high = from.count
        while low < high {
            let middle = (low + high) / 2
            if from[middle] < key { low = middle + 1 } else { high = middle }
        }
        let firstHit = low
        high = from.count
        while low < high {
            let middle = (low + high) / 2
            if from[middle] <= key { low = middle + 1 } else { high = middle }
        }
        let endOfHits = low
        if endOfHits > firstHit {
            return Int(isStart ? to[endOfHits - 1] : to[firstHit])
        }
        if firstHit == 0 { return offset }
        let previous = firstHit - 1
        if previous % 2 == 0 {
            // Strictly inside an edit: widen to the whole edit.
            return Int(isStart ? to[previous] : to[previous + 1])
        }
        return Int(to[previous]) + offset - Int(from[previous])
    }
}
