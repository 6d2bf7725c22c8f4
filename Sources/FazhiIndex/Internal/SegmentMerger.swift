/// Merges segments into one, dropping deleted documents: postings are re-numbered and
/// positions re-packed (no re-analysis); metadata and store entries are copied as they are (no
/// recompression).
enum SegmentMerger {
    struct Output {
        var bytes: [UInt8]
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
        var termCursors = Array(repeating: 0, count: inputs.count)
        var encoder = TermEncoder()
        var scratch: [Int32] = []
        while true {
            var smallest = UInt64.max
            var any = false
            for (index, input) in inputs.enumerated() where termCursors[index] < input.segment.termCount {
                let key = input.segment.key(termCursors[index])
                if !any || key < smallest {
                    smallest = key
                    any = true
                }
            }
            guard any else { break }
            let before = postings.count
            for (index, input) in inputs.enumerated() where termCursors[index] < input.segment.termCount {
                let term = termCursors[index]
                guard input.segment.key(term) == smallest else { continue }
                termCursors[index] += 1
                let cursor = PostingCursor(segment: input.segment, term: term)
                let map = mapping[index]
                while cursor.next() {
                    let doc = map[Int(cursor.doc)]
                    if doc < 0 { continue }
                    encoder.addDocument(doc, frequency: cursor.frequency)
                    if cursor.hasPositions {
                        cursor.readPositions(into: &scratch)
                        for position in scratch { encoder.addPosition(UInt32(bitPattern: position)) }
                    }
                }
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
        let bytes = SegmentFormat.assemble(
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
        return Output(bytes: bytes, mapping: mapping)
    }
}
