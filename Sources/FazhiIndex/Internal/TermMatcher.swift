/// Live-document deletions of one segment: a bit per document.
struct DeletionSet: Sendable, Hashable {
    private(set) var words: [UInt64]
    private(set) var count = 0

    init(documentCount: Int) {
        self.words = Array(repeating: 0, count: (documentCount + 63) / 64)
    }

    @inline(__always)
    func contains(_ doc: Int) -> Bool {
        self.words[doc >> 6] & (1 << UInt64(doc & 63)) != 0
    }

    /// Marks `doc` deleted; returns false if it already was.
    @discardableResult
    mutating func insert(_ doc: Int) -> Bool {
        if self.contains(doc) { return false }
        self.words[doc >> 6] |= 1 << UInt64(doc & 63)
        self.count += 1
        return true
    }

    /// Deleted document numbers, ascending.
    var members: [Int] {
        var result: [Int] = []
        for (index, word) in self.words.enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { result.append(index * 64 + bit) }
        }
        return result
    }
}

/// The documents of one segment containing a term, with its occurrence count in each.
struct TermMatch: Sendable {
    var docs: [Int32] = []
    var frequencies: [Int32] = []
}

/// Sequential reader of one term's postings (and positions, for bigrams).
struct PostingCursor {
    let base: UnsafePointer<UInt8>
    var offset: Int
    let end: Int
    var positionOffset: Int
    let hasPositions: Bool
    var doc: Int32 = -1
    var frequency: Int32 = 0
    private var positionsPending = false

    init(segment: Segment, term: Int) {
        self.base = segment.base
        let postings = segment.postings(term)
        self.offset = postings.lowerBound
        self.end = postings.upperBound
        self.positionOffset = segment.positions(term).lowerBound
        self.hasPositions = TermKey.isBigram(segment.key(term))
    }

    var byteCount: Int { self.end - self.offset }

    @inline(__always)
    mutating func next() -> Bool {
        if self.positionsPending {
            skipVarints(self.base, &self.positionOffset, count: Int(self.frequency))
            self.positionsPending = false
        }
        guard self.offset < self.end else {
            self.doc = Int32.max
            return false
        }
        let value = readVarint(self.base, &self.offset)
        self.doc += Int32(truncatingIfNeeded: value >> 1)
        self.frequency = value & 1 == 1 ? 1 : Int32(truncatingIfNeeded: readVarint(self.base, &self.offset))
        self.positionsPending = self.hasPositions
        return true
    }

    /// Moves to the first posting at or after `target`; false when the list ends first.
    @inline(__always)
    mutating func advance(to target: Int32) -> Bool {
        while self.doc < target {
            if !self.next() { return false }
        }
        return true
    }

    /// The byte range of the current document's positions (consuming them).
    mutating func takePositionBytes() -> Range<Int> {
        let start = self.positionOffset
        if self.positionsPending {
            skipVarints(self.base, &self.positionOffset, count: Int(self.frequency))
            self.positionsPending = false
        }
        return start..<self.positionOffset
    }

    /// The current document's positions, ascending.
    mutating func readPositions(into positions: inout [Int32]) {
        positions.removeAll(keepingCapacity: true)
        var position: Int32 = 0
        for _ in 0..<self.frequency {
            position += Int32(truncatingIfNeeded: readVarint(self.base, &self.positionOffset))
            positions.append(position)
        }
        self.positionsPending = false
    }
}

/// Finds the documents of a segment that contain a folded string as a contiguous run of
/// scalars, from unigram postings (one scalar) or bigram positions (two or more): a match is a
/// start `s` where the phrase's i-th bigram occurs at `s + i` for every i, so the answer is
/// exact, with no verification against the text.
enum TermMatcher {
    static func match(_ scalars: [UInt32], in segment: Segment, deletions: DeletionSet?) -> TermMatch {
        var result = TermMatch()
        guard !scalars.isEmpty else { return result }
        if scalars.count == 1 {
            guard let term = segment.term(TermKey.unigram(scalars[0])) else { return result }
            var cursor = PostingCursor(segment: segment, term: term)
            while cursor.next() {
                if let deletions, deletions.contains(Int(cursor.doc)) { continue }
                result.docs.append(cursor.doc)
                result.frequencies.append(cursor.frequency)
            }
            return result
        }
        // Distinct bigram keys and, for each phrase offset, which distinct key sits there.
        var keys: [UInt64] = []
        var keyAtOffset: [Int] = []
        for index in 0..<(scalars.count - 1) {
            let key = TermKey.bigram(scalars[index], scalars[index + 1])
            if let existing = keys.firstIndex(of: key) {
                keyAtOffset.append(existing)
            } else {
                keyAtOffset.append(keys.count)
                keys.append(key)
            }
        }
        var cursors: [PostingCursor] = []
        for key in keys {
            guard let term = segment.term(key) else { return result }
            cursors.append(PostingCursor(segment: segment, term: term))
        }
        // Drive by the shortest list.
        var driver = 0
        for index in 1..<cursors.count where cursors[index].byteCount < cursors[driver].byteCount { driver = index }
        var positions = Array(repeating: [Int32](), count: cursors.count)
        let phraseLength = scalars.count - 1
        outer: while cursors[driver].next() {
            let doc = cursors[driver].doc
            if let deletions, deletions.contains(Int(doc)) { continue }
            for index in 0..<cursors.count where index != driver {
                if !cursors[index].advance(to: doc) { break outer }
                if cursors[index].doc != doc { continue outer }
            }
            for index in 0..<cursors.count { cursors[index].readPositions(into: &positions[index]) }
            // Anchor on the key with the fewest positions in this document.
            var anchor = 0
            for index in 1..<cursors.count where positions[index].count < positions[anchor].count { anchor = index }
            // '!' is fine: every distinct key occurs at some phrase offset.
            let anchorOffset = keyAtOffset.firstIndex(of: anchor)!
            var count: Int32 = 0
            for position in positions[anchor] {
                let start = position - Int32(anchorOffset)
                if start < 0 { continue }
                var matches = true
                for offset in 0..<phraseLength where offset != anchorOffset {
                    if !Self.contains(positions[keyAtOffset[offset]], start + Int32(offset)) {
                        matches = false
                        break
                    }
                }
                if matches { count += 1 }
            }
            if count > 0 {
                result.docs.append(doc)
                result.frequencies.append(count)
            }
        }
        return result
    }

    @inline(__always)
    private static func contains(_ sorted: [Int32], _ value: Int32) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) >> 1
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == value
    }
}
