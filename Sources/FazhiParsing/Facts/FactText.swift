/// A report's text as folded Unicode scalars with the UTF-8 offset of each, the working view of
/// ``FactExtractor``.
///
/// Each scalar is folded on its own with the rule behind ``FoldedText`` (full-width forms to
/// ASCII, ASCII lower case, traditional to simplified Han), so `％`, `，` and `（` compare equal to
/// `%`, `,` and `(` and offsets stay exact: scalar `i` always comes from bytes
/// `offsets[i]..<offsets[i + 1]` of the original text.
struct FactText {
    /// The original text as UTF-8.
    let utf8: [UInt8]
    /// Folded scalar values; scalars the folding deletes become spaces.
    let scalars: [UInt32]
    /// UTF-8 offset of each scalar, plus one final entry: the text's byte count.
    let offsets: [Int32]
    /// Indices of the scalars a number can start on (digits, Chinese numerals), in order: the
    /// number scanner is asked only there.
    let numberStarts: [Int32]
    /// Indices of 无, 没, 未 and 零, in order: every zero phrasing holds one.
    let negations: [Int32]

    /// Where ``utf8`` starts in the whole text: ``byteRange(_:)`` adds it, so facts of one
    /// sentence's view carry offsets into the report.
    let base: Int

    init(_ text: String) {
        self.init(utf8: Array(text.utf8), base: 0)
    }

    /// The view of `utf8`, a part of a text that starts at byte `base`.
    init(utf8: [UInt8], base: Int) {
        self.base = base
        let byteCount = utf8.count
        // Decode and fold in one pass over the bytes (a Swift string is valid UTF-8), writing into
        // buffers sized for the worst case (one scalar per byte) and trimmed after.
        var count = 0
        var scalars: [UInt32] = []
        var offsets: [Int32] = []
        var numberStarts: [Int32] = []
        var negations: [Int32] = []
        let classTable = Self.classes
        let foldTable = Self.bmpFolding
        classTable.withUnsafeBufferPointer { classes in
        foldTable.withUnsafeBufferPointer { fold in
        utf8.withUnsafeBufferPointer { bytes in
            // Exact sizes: one scalar per byte that does not continue a sequence.
            var scalarCount = 0
            for byte in bytes where byte & 0xC0 != 0x80 { scalarCount += 1 }
            scalars = [UInt32](unsafeUninitializedCapacity: scalarCount) { scalarBuffer, scalarsWritten in
                offsets = [Int32](unsafeUninitializedCapacity: scalarCount + 1) { offsetBuffer, offsetsWritten in
                    var position = 0
                    var index = 0
                    while position < byteCount {
                        let (value, length) = ValidUTF8.decodeScalar(bytes, at: position)
                        let folded = value < 65536 ? fold[Int(value)] : Self.folded(value)
                        scalarBuffer[index] = folded
                        if folded < 65536 {
                            let scalarClass = classes[Int(folded)]
                            if scalarClass != 0 {
                                if scalarClass & Self.numberStartClass != 0 { numberStarts.append(Int32(truncatingIfNeeded: index)) }
                                if scalarClass & Self.negationClass != 0 { negations.append(Int32(truncatingIfNeeded: index)) }
                            }
                        }
                        offsetBuffer[index] = Int32(truncatingIfNeeded: position)
                        index += 1
                        position += length
                    }
                    offsetBuffer[index] = Int32(truncatingIfNeeded: position)
                    offsetsWritten = index + 1
                    count = index
                }
                scalarsWritten = count
            }
        }
        }
        }
        self.utf8 = utf8
        self.numberStarts = numberStarts
        self.negations = negations
        self.scalars = scalars
        self.offsets = offsets
    }

    /// The folded value of every BMP scalar (deleted ones as a space), so that folding the text
    /// is one load per scalar.
    static let bmpFolding: [UInt32] = (0..<UInt32(65536)).map { Self.folded($0) }

    static let numberStartClass: UInt8 = 1
    static let negationClass: UInt8 = 2

    /// Per folded BMP scalar: whether it can start a number, whether it is a negation.
    static let classes: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 65536)
        for scalar in 0..<65536 where FactExtractor.numberStartScalars.contains(UInt32(scalar)) {
            table[scalar] |= numberStartClass
        }
        for scalar in "无没未零".unicodeScalars { table[Int(scalar.value)] |= negationClass }
        return table
    }()

    static func folded(_ value: UInt32) -> UInt32 {
        let folded = ScalarFolding.fold(value)
        return folded == ScalarFolding.deleted ? 0x20 : folded
    }

    var count: Int { self.scalars.count }

    /// The UTF-8 offset of scalar `index` (`count` gives the byte count).
    @inline(__always)
    func offset(of index: Int) -> Int { Int(self.offsets[index]) }

    /// The scalar at `index`, or 0 outside the text (so look-arounds need no bounds checks).
    @inline(__always)
    subscript(index: Int) -> UInt32 {
        index >= 0 && index < self.scalars.count ? self.scalars[index] : 0
    }

    /// The index of the scalar that starts at byte `offset` (or the first one after it).
    func scalarIndex(forByte offset: Int) -> Int {
        var low = 0
        var high = self.offsets.count - 1
        while low < high {
            let middle = (low + high) / 2
            if Int(self.offsets[middle]) < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The byte range of scalars `range`.
    func byteRange(_ range: Range<Int>) -> Range<Int> {
        (self.base + Int(self.offsets[range.lowerBound]))..<(self.base + Int(self.offsets[range.upperBound]))
    }

    /// The original text of scalars `range`.
    func string(_ range: Range<Int>) -> String {
        let bytes = Int(self.offsets[range.lowerBound])..<Int(self.offsets[range.upperBound])
        return String(decoding: self.utf8[bytes], as: UTF8.self)
    }

    /// Whether the folded scalars starting at `index` spell `word`.
    @inline(__always)
    func matches(_ word: [UInt32], at index: Int) -> Bool {
        guard index >= 0, index + word.count <= self.scalars.count else { return false }
        var position = 0
        while position < word.count {
            if self.scalars[index + position] != word[position] { return false }
            position += 1
        }
        return true
    }

    /// Whether the folded scalars ending just before `end` spell `word`.
    @inline(__always)
    func matches(_ word: [UInt32], endingAt end: Int) -> Bool {
        self.matches(word, at: end - word.count)
    }

    /// The start of the rightmost occurrence of `word` inside `range`.
    func lastOccurrence(of word: [UInt32], in range: Range<Int>) -> Int? {
        guard !word.isEmpty else { return nil }
        var start = range.upperBound - word.count
        while start >= range.lowerBound {
            if self.matches(word, at: start) { return start }
            start -= 1
        }
        return nil
    }

    /// Whether `word` occurs inside `range`.
    func contains(_ word: [UInt32], in range: Range<Int>) -> Bool {
        self.lastOccurrence(of: word, in: range) != nil
    }

    /// Whether any of `words` ends just before `end`; returns the longest length matched.
    func suffixLength(of words: [[UInt32]], endingAt end: Int) -> Int? {
        var best: Int?
        for word in words where self.matches(word, endingAt: end) {
            best = max(best ?? 0, word.count)
        }
        return best
    }

    /// Whether any of `words` starts at `index`; returns the longest length matched.
    func prefixLength(of words: [[UInt32]], at index: Int) -> Int? {
        var best: Int?
        for word in words where self.matches(word, at: index) {
            best = max(best ?? 0, word.count)
        }
        return best
    }
}

/// The folded scalars of `text` (the rule of ``FactText``), for word lists.
func foldedScalars(_ text: String) -> [UInt32] {
    text.unicodeScalars.compactMap { scalar in
        let folded = ScalarFolding.fold(scalar.value)
        return folded == ScalarFolding.deleted ? nil : folded
    }
}
