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
    let offsets: [Int]

    init(_ text: String) {
        let utf8 = Array(text.utf8)
        var scalars: [UInt32] = []
        var offsets: [Int] = []
        scalars.reserveCapacity(utf8.count / 2)
        offsets.reserveCapacity(utf8.count / 2 + 1)
        var offset = 0
        for scalar in text.unicodeScalars {
            let folded = ScalarFolding.fold(scalar.value)
            scalars.append(folded == ScalarFolding.deleted ? 0x20 : folded)
            offsets.append(offset)
            offset += ScalarFolding.utf8Length(scalar.value)
        }
        offsets.append(offset)
        self.utf8 = utf8
        self.scalars = scalars
        self.offsets = offsets
    }

    var count: Int { self.scalars.count }

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
            if self.offsets[middle] < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The byte range of scalars `range`.
    func byteRange(_ range: Range<Int>) -> Range<Int> {
        self.offsets[range.lowerBound]..<self.offsets[range.upperBound]
    }

    /// The original text of scalars `range`.
    func string(_ range: Range<Int>) -> String {
        let bytes = self.byteRange(range)
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
