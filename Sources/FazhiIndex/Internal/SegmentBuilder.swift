internal import FazhiParsing
internal import FazhiStorage

/// Inverts documents into a new segment: folds each text, records every scalar (unigram, with
/// term frequency) and every adjacent scalar pair (bigram, with positions), and compresses the
/// original text and the stored blob into the document store.
struct SegmentBuilder {
    private var table = KeyTable()
    private var slotKeys: [UInt64] = []
    private var postings: [[UInt8]] = []
    private var positions: [[UInt8]] = []
    private var lastDoc: [Int32] = []
    private var lastPosition: [Int32] = []
    private var frequency: [Int32] = []
    private var seenDoc: [Int32] = []
    private var touched: [Int32] = []
    private var scalars: [UInt32] = []
    private var meta = ByteWriter(capacity: 1 << 16)
    private var metaOffsets: [UInt64] = [0]
    private var store = ByteWriter(capacity: 1 << 16)
    private var storeOffsets: [UInt64] = [0]
    private let compressionLevel: Int32
    private(set) var documentCount = 0

    init(compressionLevel: Int) {
        self.compressionLevel = Int32(compressionLevel)
    }

    /// The text that is indexed for `document`: title, a line break, then the text, folded.
    static func indexedScalars(_ document: IndexDocument, into scalars: inout [UInt32]) {
        scalars.removeAll(keepingCapacity: true)
        if !document.title.isEmpty {
            ScalarDecoder.append(FoldedText.fold(document.title), to: &scalars)
            scalars.append(0x0A)
        }
        ScalarDecoder.append(FoldedText.fold(document.text), to: &scalars)
    }

    mutating func add(_ document: IndexDocument) {
        let doc = Int32(self.documentCount)
        self.documentCount += 1
        Self.indexedScalars(document, into: &self.scalars)
        var length = 0
        self.touched.removeAll(keepingCapacity: true)
        let count = self.scalars.count
        self.scalars.withUnsafeBufferPointer { scalars in
            for index in 0..<count {
                let scalar = scalars[index]
                if !ScalarDecoder.isWhitespace(scalar) { length += 1 }
                let unigram = self.slot(TermKey.unigram(scalar), doc: doc)
                self.frequency[unigram] += 1
                guard index + 1 < count else { break }
                let bigram = self.slot(TermKey.bigram(scalar, scalars[index + 1]), doc: doc)
                self.frequency[bigram] += 1
                let position = Int32(index)
                appendVarint(UInt64(position - self.lastPosition[bigram]), to: &self.positions[bigram])
                self.lastPosition[bigram] = position
            }
        }
        for slot in self.touched {
            let slot = Int(slot)
            let tf = self.frequency[slot]
            // Doc numbers are stored as gaps; the low bit says "tf is 1" so that the common
            // posting takes one byte.
            let gap = UInt64(doc - self.lastDoc[slot])
            if tf == 1 {
                appendVarint(gap << 1 | 1, to: &self.postings[slot])
            } else {
                appendVarint(gap << 1, to: &self.postings[slot])
                appendVarint(UInt64(tf), to: &self.postings[slot])
            }
            self.lastDoc[slot] = doc
        }
        DocumentMeta(document, length: length).encode(into: &self.meta)
        self.metaOffsets.append(UInt64(self.meta.bytes.count))
        Self.appendStoreEntry(text: document.text, blob: document.stored, level: self.compressionLevel, to: &self.store)
        self.storeOffsets.append(UInt64(self.store.bytes.count))
    }

    /// The slot of `key`, starting its posting for `doc` on first sight in this document.
    @inline(__always)
    private mutating func slot(_ key: UInt64, doc: Int32) -> Int {
        var isNew = false
        let slot = self.table.slot(for: key, isNew: &isNew)
        if isNew {
            self.slotKeys.append(key)
            self.postings.append([])
            self.positions.append([])
            self.lastDoc.append(-1)
            self.lastPosition.append(0)
            self.frequency.append(0)
            self.seenDoc.append(-1)
        }
        if self.seenDoc[slot] != doc {
            self.seenDoc[slot] = doc
            self.touched.append(Int32(slot))
            self.frequency[slot] = 0
            self.lastPosition[slot] = 0
        }
        return slot
    }

    static func appendStoreEntry(text: String, blob: [UInt8], level: Int32, to store: inout ByteWriter) {
        var text = text
        let compressedText = text.withUTF8 { ZlibCodec.compress(UnsafeRawBufferPointer($0), level: level) }
        let compressedBlob = ZlibCodec.compress(blob, level: level)
        var entry = ByteWriter(capacity: compressedText.count + compressedBlob.count + 24)
        entry.varint(text.utf8.count)
        entry.varint(compressedText.count)
        entry.varint(blob.count)
        entry.varint(compressedBlob.count)
        entry.bytes.append(contentsOf: compressedText)
        entry.bytes.append(contentsOf: compressedBlob)
        store.u32(Checksum.crc32(entry.bytes))
        store.bytes.append(contentsOf: entry.bytes)
    }

    /// The finished segment file.
    mutating func finish() -> [UInt8] {
        let order = (0..<self.slotKeys.count).sorted { self.slotKeys[$0] < self.slotKeys[$1] }
        var keys: [UInt64] = []
        keys.reserveCapacity(order.count)
        var postingsOffsets: [UInt64] = [0]
        var positionsOffsets: [UInt64] = [0]
        postingsOffsets.reserveCapacity(order.count + 1)
        positionsOffsets.reserveCapacity(order.count + 1)
        var postingsBytes: [UInt8] = []
        var positionsBytes: [UInt8] = []
        postingsBytes.reserveCapacity(self.postings.reduce(0) { $0 + $1.count })
        positionsBytes.reserveCapacity(self.positions.reduce(0) { $0 + $1.count })
        for slot in order {
            keys.append(self.slotKeys[slot])
            postingsBytes.append(contentsOf: self.postings[slot])
            positionsBytes.append(contentsOf: self.positions[slot])
            postingsOffsets.append(UInt64(postingsBytes.count))
            positionsOffsets.append(UInt64(positionsBytes.count))
        }
        return SegmentFormat.assemble(
            docCount: self.documentCount,
            termCount: keys.count,
            sections: [
                SegmentFormat.u64Array(self.metaOffsets),
                SegmentFormat.u64Array(keys),
                SegmentFormat.u64Array(postingsOffsets),
                SegmentFormat.u64Array(positionsOffsets),
                SegmentFormat.u64Array(self.storeOffsets),
                self.meta.bytes,
                postingsBytes,
                positionsBytes,
                self.store.bytes,
            ]
        )
    }
}
