/// Merges segments into one, dropping deleted documents: postings are re-numbered, short
/// position lists re-packed and long ones copied as their packed blocks (no re-analysis; the
/// lists of inputs of an earlier format are re-packed, and positions it kept for a pair that
/// has none now are dropped);
/// metadata and store entries are copied as they are (no recompression).
enum SegmentMerger {
    struct Output {
        var parts: SegmentFormat.Parts
        /// For each input, the new number of each old document (-1: dropped).
        var mapping: [[Int32]]
    }

    static func merge(_ inputs: [SegmentView]) -> Output {
        var mapping: [[Int32]] = []
        var next: Int32 = 0
        var metaOffsets: [UInt64] = [0]
        var meta: [UInt8] = []
        var storeOffsets: [UInt64] = [0]
        var store: [UInt8] = []
        // Sized first: grown by doubling, a 65,000-document merge copied its ~300 MB store
        // about twice over and faulted in fresh pages each time.
        var liveDocuments = 0
        var metaBytes = 0
        var storeBytes = 0
        for input in inputs {
            for doc in 0..<input.segment.documentCount where !input.deletions.contains(doc) {
                liveDocuments += 1
                metaBytes += input.segment.metaBytes(doc).count
                storeBytes += input.segment.storeEntry(doc).count
            }
        }
        metaOffsets.reserveCapacity(liveDocuments + 1)
        storeOffsets.reserveCapacity(liveDocuments + 1)
        meta.reserveCapacity(metaBytes)
        store.reserveCapacity(storeBytes)
        for input in inputs {
            var map = Array(repeating: Int32(-1), count: input.segment.documentCount)
            for doc in 0..<input.segment.documentCount where !input.deletions.contains(doc) {
                map[doc] = next
                next += 1
                meta.append(contentsOf: input.segment.metaBytes(doc))
                metaOffsets.append(UInt64(meta.count))
                store.append(contentsOf: input.segment.storeEntry(doc))
                storeOffsets.append(UInt64(store.count))
            }
            mapping.append(map)
        }
        var keys: [UInt64] = []
        var postingsOffsets: [UInt64] = [0]
        var positionsOffsets: [UInt64] = [0]
        var postings: [UInt8] = []
        var positions: [UInt8] = []
        // The inputs' index bytes are usually enough for the output's postings and positions
        // (re-packing at a wider width or adding count bytes can exceed them slightly).
        let inputIndexBytes = inputs.reduce(0) { $0 + $1.segment.indexBytes }
        postings.reserveCapacity(inputIndexBytes / 2)
        positions.reserveCapacity(inputIndexBytes)
        var termCursors = Array(repeating: 0, count: inputs.count)
        var encoder = TermEncoder()
        // The next term of every input, smallest first: a flush merges up to
        // `maximumMemorySegments` inputs, where scanning them all for every term would cost
        // inputs × terms.
        var heap = TermHeap()
        for (index, input) in inputs.enumerated() where input.segment.termCount > 0 {
            heap.push(key: input.segment.key(0), input: index)
        }
        var current: [Int] = []
        // One cursor per input, moved from term to term.
        var cursors: [PostingCursor?] = Array(repeating: nil, count: inputs.count)
        while let smallest = heap.minimumKey {
            current.removeAll(keepingCapacity: true)
            while heap.minimumKey == smallest { current.append(heap.pop()) }
            // Inputs in order, so that the new doc numbers of this term ascend.
            current.sort()
            let before = postings.count
            // An input of an earlier format may hold positions the output does not keep.
            let positioned = TermKey.hasPositions(smallest)
            for index in current {
                let input = inputs[index]
                let term = termCursors[index]
                termCursors[index] += 1
                if term + 1 < input.segment.termCount {
                    heap.push(key: input.segment.key(term + 1), input: index)
                }
                let cursor: PostingCursor
                if let existing = cursors[index] {
                    cursor = existing
                    cursor.load(segment: input.segment, term: term)
                } else {
                    cursor = PostingCursor(segment: input.segment, term: term)
                    cursors[index] = cursor
                }
                let map = mapping[index]
                // A long list of an input without deletions keeps its packed position blocks:
                // copied as they are after its documents (at most one count byte added, on
                // its last block). Short lists are re-packed, so a merge of many small
                // segments does not leave a short block per input.
                let copyBlocks = positioned && cursor.hasPositions && input.deletions.count == 0
                    && input.segment.version == SegmentFormat.version
                    && cursor.positionCountInList >= BitPacking.blockSize
                let stored = copyBlocks ? cursor.storedPositions : (bytes: UnsafeRawBufferPointer(start: nil, count: 0), count: 0)
                while cursor.next() {
                    let doc = map[Int(cursor.doc)]
                    if doc < 0 { continue }
                    encoder.addDocument(doc, frequency: cursor.frequency)
                    if positioned && cursor.hasPositions && !copyBlocks { cursor.copyPositions(to: &encoder) }
                }
                if copyBlocks { encoder.addPositionBlocks(stored.bytes, count: stored.count) }
            }
            if encoder.documentCount > 0 {
                encoder.finish(postings: &postings, positions: &positions)
            }
            if postings.count > before {
                keys.append(smallest)
                postingsOffsets.append(UInt64(postings.count))
                positionsOffsets.append(UInt64(positions.count))
            }
        }
        positions.append(contentsOf: repeatElement(0, count: RiceCoding.slack))
        let parts = SegmentFormat.Parts(
            docCount: Int(next),
            termCount: keys.count,
            sections: [
                SegmentFormat.u64Array(metaOffsets),
                SegmentFormat.u64Array(keys),
                SegmentFormat.u64Array(postingsOffsets),
                SegmentFormat.u64Array(positionsOffsets),
                SegmentFormat.u64Array(storeOffsets),
                meta,
                postings,
                positions,
                store,
            ]
        )
        return Output(parts: parts, mapping: mapping)
    }
}

/// A binary min-heap of (term key, input index), ordered by key then input.
private struct TermHeap {
    private var items: [(key: UInt64, input: Int)] = []

    var minimumKey: UInt64? { self.items.first?.key }

    private static func less(_ a: (key: UInt64, input: Int), _ b: (key: UInt64, input: Int)) -> Bool {
        a.key < b.key || (a.key == b.key && a.input < b.input)
    }

    mutating func push(key: UInt64, input: Int) {
        self.items.append((key, input))
        var child = self.items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(self.items[child], self.items[parent]) else { break }
            self.items.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes the smallest item and returns its input.
    mutating func pop() -> Int {
        let top = self.items[0].input
        let last = self.items.removeLast()
        guard !self.items.isEmpty else { return top }
        self.items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < self.items.count else { break }
            var smaller = left
            if left + 1 < self.items.count, Self.less(self.items[left + 1], self.items[left]) { smaller = left + 1 }
            guard Self.less(self.items[smaller], self.items[parent]) else { break }
            self.items.swapAt(smaller, parent)
            parent = smaller
        }
        return top
    }
}
