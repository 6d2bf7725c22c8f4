internal import FazhiParsing

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

/// Sequential reader of one term's postings and positions (README.md): decodes one block of
/// 128 postings at a time; positions are decoded only for the documents that ask for them, and
/// whole position blocks of skipped documents are stepped over without decoding.
final class PostingCursor {
    private let base: UnsafePointer<UInt8>
    /// The segment's format: its block codec and which terms have positions.
    private let version: UInt32
    private let codec: BlockCodec
    private var offset: Int
    /// Documents in the list.
    private(set) var documentCount: Int
    private(set) var hasPositions: Bool
    private(set) var doc: Int32 = -1
    private(set) var frequency: Int32 = 0
    private var decodedDocuments = 0
    private var bufferIndex = 0
    private var bufferCount = 0
    private let buffer: UnsafeMutablePointer<UInt32>
    private var positionOffset = 0
    private var positionEnd = 0
    private var positionTotal = 0
    private var decodedPositions = 0
    private var positionIndex = 0
    private var positionCount = 0
    /// Positions of earlier documents not read yet (skipped lazily).
    private var pendingPositions = 0
    private var currentPositionsRead = true

    init(segment: Segment, term: Int) {
        self.base = segment.base
        self.version = segment.version
        self.codec = BlockCodec(version: segment.version)
        self.offset = 0
        self.documentCount = 0
        self.hasPositions = false
        // Doc gaps, tfs, positions: one block each.
        self.buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: 3 * BitPacking.blockSize)
        self.load(segment: segment, term: term)
    }

    /// Moves the cursor to the start of `term`'s list in `segment` (the segment it was made
    /// for): a merge reads many short lists of one segment, one after another, with one cursor.
    func load(segment: Segment, term: Int) {
        precondition(segment.base == self.base, "a cursor reads one segment")
        var offset = segment.postings(term).lowerBound
        self.documentCount = Int(readVarint(self.base, &offset))
        self.offset = offset
        self.hasPositions = TermKey.hasPositions(segment.key(term), version: self.version)
        self.doc = -1
        self.frequency = 0
        self.decodedDocuments = 0
        self.bufferIndex = 0
        self.bufferCount = 0
        self.positionOffset = 0
        self.positionTotal = 0
        self.decodedPositions = 0
        self.positionIndex = 0
        self.positionCount = 0
        self.pendingPositions = 0
        self.currentPositionsRead = true
        let positions = segment.positions(term)
        self.positionEnd = positions.upperBound
        if self.hasPositions && !positions.isEmpty {
            var positionOffset = positions.lowerBound
            self.positionTotal = Int(readVarint(self.base, &positionOffset))
            self.positionOffset = positionOffset
        }
    }

    /// The list's positions as stored (packed blocks, before any is read) and how many there
    /// are: what a merge copies as it is.
    var storedPositions: (bytes: UnsafeRawBufferPointer, count: Int) {
        precondition(self.decodedPositions == 0 && self.positionIndex == self.positionCount, "positions not yet read")
        guard self.positionTotal > 0 else { return (UnsafeRawBufferPointer(start: nil, count: 0), 0) }
        return (UnsafeRawBufferPointer(start: self.base + self.positionOffset, count: self.positionEnd - self.positionOffset), self.positionTotal)
    }

    /// Values in the list's positions.
    var positionCountInList: Int { self.positionTotal }

    deinit {
        self.buffer.deallocate()
    }

    @inline(__always)
    func next() -> Bool {
        if !self.currentPositionsRead {
            self.pendingPositions += Int(self.frequency)
            self.currentPositionsRead = true
        }
        if self.bufferIndex == self.bufferCount {
            guard self.decodedDocuments < self.documentCount else {
                self.doc = Int32.max
                return false
            }
            let count = min(BitPacking.blockSize, self.documentCount - self.decodedDocuments)
            self.offset = self.codec.decode(self.base, at: self.offset, count: count, into: self.buffer)
            self.offset = self.codec.decode(self.base, at: self.offset, count: count, into: self.buffer + BitPacking.blockSize)
            self.decodedDocuments += count
            self.bufferIndex = 0
            self.bufferCount = count
        }
        self.doc += Int32(truncatingIfNeeded: self.buffer[self.bufferIndex]) + 1
        self.frequency = Int32(truncatingIfNeeded: self.buffer[BitPacking.blockSize + self.bufferIndex]) + 1
        self.bufferIndex += 1
        self.currentPositionsRead = !self.hasPositions
        return true
    }

    /// Moves to the first posting at or after `target`; false when the list ends first.
    @inline(__always)
    func advance(to target: Int32) -> Bool {
        while self.doc < target {
            if !self.next() { return false }
        }
        return true
    }

    /// The current document's positions, ascending (once per document).
    func readPositions(into positions: inout [Int32]) {
        positions.removeAll(keepingCapacity: true)
        guard !self.currentPositionsRead else { return }
        self.skipPositions(self.pendingPositions)
        self.pendingPositions = 0
        let values = self.buffer + 2 * BitPacking.blockSize
        var position: UInt32 = 0
        for _ in 0..<self.frequency {
            if self.positionIndex == self.positionCount { self.decodePositionBlock() }
            position &+= values[self.positionIndex]
            self.positionIndex += 1
            positions.append(Int32(bitPattern: position))
        }
        self.currentPositionsRead = true
    }

    /// Adds the current document's positions to `encoder` as the gaps they are stored as
    /// (once per document; what `readPositions` would return, without summing and
    /// re-subtracting them).
    func copyPositions(to encoder: inout TermEncoder) {
        guard !self.currentPositionsRead else { return }
        self.skipPositions(self.pendingPositions)
        self.pendingPositions = 0
        let values = self.buffer + 2 * BitPacking.blockSize
        var remaining = Int(self.frequency)
        while remaining > 0 {
            if self.positionIndex == self.positionCount { self.decodePositionBlock() }
            let take = min(remaining, self.positionCount - self.positionIndex)
            encoder.addPositionGaps(UnsafeBufferPointer(start: values + self.positionIndex, count: take))
            self.positionIndex += take
            remaining -= take
        }
        self.currentPositionsRead = true
    }

    private func decodePositionBlock() {
        let block = self.codec.decodePositionBlock(
            self.base, at: self.positionOffset, remaining: self.positionTotal - self.decodedPositions,
            into: self.buffer + 2 * BitPacking.blockSize
        )
        self.positionOffset = block.next
        self.decodedPositions += block.count
        self.positionIndex = 0
        self.positionCount = block.count
    }

    private func skipPositions(_ count: Int) {
        var remaining = count
        let buffered = self.positionCount - self.positionIndex
        if remaining <= buffered {
            self.positionIndex += remaining
            return
        }
        remaining -= buffered
        self.positionIndex = self.positionCount
        while remaining > 0 {
            let block = self.codec.skipPositionBlock(self.base, at: self.positionOffset, remaining: self.positionTotal - self.decodedPositions)
            if remaining >= block.count {
                self.positionOffset = block.next
                self.decodedPositions += block.count
                remaining -= block.count
            } else {
                self.decodePositionBlock()
                self.positionIndex = remaining
                remaining = 0
            }
        }
    }
}

/// Finds the documents of a segment that contain a folded string as a contiguous run of
/// scalars. One scalar: the union of the pairs starting with it (the end pair covers a text's
/// last scalar), summing their tfs. Two: that pair's postings. More, all pairs with positions
/// (always so before segment format 5; from 5, a string without separators): a match is a start
/// `s` where the string's i-th pair occurs at `s + i` for i = 0, 2, 4, … and the last pair —
/// exact, with no verification against the text. More, with a separator pair (no positions):
/// the documents holding every pair, at positions that agree for the pairs that have them,
/// are counted in their folded stored text, so the answer is still exact.
enum TermMatcher {
    static func match(_ scalars: [UInt32], in segment: Segment, deletions: DeletionSet?) throws(IndexError) -> TermMatch {
        guard !scalars.isEmpty else { return TermMatch() }
        if scalars.count == 1 { return Self.single(scalars[0], in: segment, deletions: deletions) }
        var separated = false
        for index in 0..<(scalars.count - 1)
        where !TermKey.hasPositions(TermKey.bigram(scalars[index], scalars[index + 1]), version: segment.version) {
            separated = true
            break
        }
        // Offsets whose pairs are checked at their positions, and offsets whose pairs need only
        // be in the document.
        var offsets: [Int] = []
        var present: [Int] = []
        if scalars.count == 2 {
            present = [0]
        } else if !separated {
            // The pairs at offsets 0, 2, 4, … and the last pair cover every scalar, so checking
            // only those is still exact, and reads about half the position lists of a long phrase.
            offsets = Array(stride(from: 0, through: scalars.count - 2, by: 2))
            if offsets.last != scalars.count - 2 { offsets.append(scalars.count - 2) }
        } else {
            for index in 0..<(scalars.count - 1) {
                if TermKey.hasPositions(TermKey.bigram(scalars[index], scalars[index + 1]), version: segment.version) {
                    offsets.append(index)
                } else {
                    present.append(index)
                }
            }
        }
        // Distinct pair keys and, for each checked offset, which distinct key sits there.
        var keys: [UInt64] = []
        func keyIndex(_ index: Int) -> Int {
            let key = TermKey.bigram(scalars[index], scalars[index + 1])
            if let existing = keys.firstIndex(of: key) { return existing }
            keys.append(key)
            return keys.count - 1
        }
        let keyAtOffset = offsets.map(keyIndex)
        for index in present { _ = keyIndex(index) }
        var cursors: [PostingCursor] = []
        for key in keys {
            guard let term = segment.term(key) else { return TermMatch() }
            cursors.append(PostingCursor(segment: segment, term: term))
        }
        var result = TermMatch()
        if scalars.count == 2 {
            let cursor = cursors[0]
            while cursor.next() {
                if let deletions, deletions.contains(Int(cursor.doc)) { continue }
                result.docs.append(cursor.doc)
                result.frequencies.append(cursor.frequency)
            }
            return result
        }
        let needle = separated ? Array(String(String.UnicodeScalarView(scalars.compactMap(Unicode.Scalar.init))).utf8) : []
        // Drive by the shortest list.
        var driver = 0
        for index in 1..<cursors.count where cursors[index].documentCount < cursors[driver].documentCount { driver = index }
        var positions = Array(repeating: [Int32](), count: cursors.count)
        outer: while cursors[driver].next() {
            let doc = cursors[driver].doc
            if let deletions, deletions.contains(Int(doc)) { continue }
            for index in 0..<cursors.count where index != driver {
                if !cursors[index].advance(to: doc) { break outer }
                if cursors[index].doc != doc { continue outer }
            }
            var count: Int32 = 0
            if !offsets.isEmpty {
                count = Self.alignedStarts(offsets: offsets, keyAtOffset: keyAtOffset, cursors: cursors, positions: &positions)
                if count == 0 { continue }
            }
            if separated { count = try Self.occurrences(needle, doc: Int(doc), in: segment) }
            if count > 0 {
                result.docs.append(doc)
                result.frequencies.append(count)
            }
        }
        return result
    }

    /// The starts `s` where the pair of every checked offset `o` occurs at `s + o` in the
    /// cursors' current document.
    private static func alignedStarts(offsets: [Int], keyAtOffset: [Int], cursors: [PostingCursor], positions: inout [[Int32]]) -> Int32 {
        var anchor = keyAtOffset[0]
        // Keys only required present have no positions: reading them reads nothing.
        for key in 0..<cursors.count { cursors[key].readPositions(into: &positions[key]) }
        // Anchor on the key with the fewest positions in this document.
        for key in keyAtOffset where positions[key].count < positions[anchor].count { anchor = key }
        // '!' is fine: the anchor sits at some checked offset.
        let anchorSlot = keyAtOffset.firstIndex(of: anchor)!
        let anchorOffset = Int32(offsets[anchorSlot])
        var count: Int32 = 0
        for position in positions[anchor] {
            let start = position - anchorOffset
            if start < 0 { continue }
            var matches = true
            for slot in 0..<offsets.count where slot != anchorSlot {
                if !Self.contains(positions[keyAtOffset[slot]], start + Int32(offsets[slot])) {
                    matches = false
                    break
                }
            }
            if matches { count += 1 }
        }
        return count
    }

    /// Occurrences (overlapping) of `needle`, folded UTF-8, in the indexed text of `doc` as the
    /// segment builder folds it (`SegmentBuilder.indexedScalars`): whole scalars match, as UTF-8
    /// is self-synchronizing.
    private static func occurrences(_ needle: [UInt8], doc: Int, in segment: Segment) throws(IndexError) -> Int32 {
        let text = try segment.stored(doc, text: true, blob: false).text ?? ""
        var indexed = ""
        let title = segment.titles[doc]
        if !title.isEmpty { indexed = FoldedText.fold(title) + "\n" }
        indexed += FoldedText.fold(text)
        var count: Int32 = 0
        indexed.withUTF8 { haystack in
            needle.withUnsafeBufferPointer { needle in
                guard let first = needle.first, needle.count <= haystack.count else { return }
                var start = 0
                let last = haystack.count - needle.count
                while start <= last {
                    if haystack[start] == first {
                        var index = 1
                        while index < needle.count && haystack[start + index] == needle[index] { index += 1 }
                        if index == needle.count { count += 1 }
                    }
                    start += 1
                }
            }
        }
        return count
    }

    /// Every occurrence of `scalar` starts exactly one pair (or the end pair), so the sum of the
    /// tfs of the pairs starting with it is its tf.
    private static func single(_ scalar: UInt32, in segment: Segment, deletions: DeletionSet?) -> TermMatch {
        let terms = segment.terms(TermKey.range(startingWith: scalar))
        var result = TermMatch()
        guard !terms.isEmpty else { return result }
        var frequencies = [Int32](repeating: 0, count: segment.documentCount)
        frequencies.withUnsafeMutableBufferPointer { frequencies in
            for term in terms {
                let cursor = PostingCursor(segment: segment, term: term)
                while cursor.next() { frequencies[Int(cursor.doc)] += cursor.frequency }
            }
            for doc in 0..<frequencies.count where frequencies[doc] > 0 {
                if let deletions, deletions.contains(doc) { continue }
                result.docs.append(Int32(doc))
                result.frequencies.append(frequencies[doc])
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
