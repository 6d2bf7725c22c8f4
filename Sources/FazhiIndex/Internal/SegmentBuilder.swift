internal import FazhiParsing
internal import FazhiStorage

/// Inverts documents into a new segment: folds each text, records every adjacent scalar pair
/// (with its positions unless one is a separator) and the end pair of each text, and compresses the original text and the
/// stored blob into the document store.
///
/// Occurrences are collected in flat arrays in document order and grouped by term with a
/// counting sort at `finish`, so the hot loop touches no per-term arrays.
struct SegmentBuilder {
    private var table = KeyTable(capacity: 1 << 15)
    private var slotKeys: [UInt64] = []
    /// Whether each slot's pair has positions (`TermKey.hasPositions`).
    private var slotPositioned: [Bool] = []
    private var frequency: [Int32] = []
    private var seenDoc: [Int32] = []
    /// Per-document scratch: the slot of each position.
    private var documentSlots: [Int32] = []
    private var touched: [Int32] = []
    /// Every positioned occurrence (slot, position), in document order.
    private var occurrenceSlots: [Int32] = []
    private var occurrencePositions: [UInt32] = []
    /// Every posting (slot, doc, tf), in document order.
    private var postingSlots: [Int32] = []
    private var postingDocs: [Int32] = []
    private var postingFrequencies: [Int32] = []
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

    /// Reserves room for `documents` in the arrays every document appends to, so that a build
    /// does not grow them by doubling (each growth copies everything so far into fresh pages).
    /// UTF-8 byte counts bound the scalar counts from above; memory reserved and not used is
    /// never touched.
    mutating func reserve(for documents: [IndexDocument]) {
        var bytes = 0
        var stored = 0
        for document in documents {
            bytes += document.title.utf8.count + 1 + document.text.utf8.count
            if let precompressed = document.precompressed {
                stored += 2 * (precompressed.zlib.count + precompressed.suffix.count)
            } else {
                stored += document.text.utf8.count + document.stored.count
            }
        }
        self.occurrenceSlots.reserveCapacity(self.occurrenceSlots.count + bytes)
        self.occurrencePositions.reserveCapacity(self.occurrencePositions.count + bytes)
        self.postingSlots.reserveCapacity(self.postingSlots.count + bytes / 2)
        self.postingDocs.reserveCapacity(self.postingDocs.count + bytes / 2)
        self.postingFrequencies.reserveCapacity(self.postingFrequencies.count + bytes / 2)
        self.metaOffsets.reserveCapacity(self.metaOffsets.count + documents.count)
        self.storeOffsets.reserveCapacity(self.storeOffsets.count + documents.count)
        self.store.bytes.reserveCapacity(self.store.bytes.count + stored / 2 + 64 * documents.count)
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
        let count = self.scalars.count
        var length = 0
        if count > 0 {
            // Pass 1: the slot of every pair (new terms get a slot here).
            self.documentSlots.removeAll(keepingCapacity: true)
            self.documentSlots.reserveCapacity(count)
            for index in 0..<count {
                let scalar = self.scalars[index]
                if !ScalarDecoder.isWhitespace(scalar) { length += 1 }
                let next = index + 1 < count ? self.scalars[index + 1] : TermKey.end
                var isNew = false
                let slot = self.table.slot(for: TermKey.bigram(scalar, next), isNew: &isNew)
                if isNew {
                    self.slotKeys.append(TermKey.bigram(scalar, next))
                    self.slotPositioned.append(TermKey.hasPositions(TermKey.bigram(scalar, next)))
                    self.frequency.append(0)
                    self.seenDoc.append(-1)
                }
                self.documentSlots.append(Int32(slot))
            }
            // Pass 2: term frequencies and occurrences, through raw pointers (no per-append
            // uniqueness checks).
            let occurrenceBase = self.occurrenceSlots.count
            self.occurrenceSlots.append(contentsOf: repeatElement(0, count: count - 1))
            self.occurrencePositions.append(contentsOf: repeatElement(0, count: count - 1))
            var touched = self.touched
            touched.removeAll(keepingCapacity: true)
            var frequency = self.frequency
            var seenDoc = self.seenDoc
            var occurrenceSlots = self.occurrenceSlots
            var occurrencePositions = self.occurrencePositions
            var occurrenceEnd = occurrenceBase
            // Moved out and back so that the buffers stay uniquely referenced.
            (self.frequency, self.seenDoc, self.occurrenceSlots, self.occurrencePositions) = ([], [], [], [])
            self.slotPositioned.withUnsafeBufferPointer { positioned in
                self.documentSlots.withUnsafeBufferPointer { slots in
                    frequency.withUnsafeMutableBufferPointer { frequency in
                        seenDoc.withUnsafeMutableBufferPointer { seenDoc in
                            occurrenceSlots.withUnsafeMutableBufferPointer { occurrenceSlots in
                                occurrencePositions.withUnsafeMutableBufferPointer { occurrencePositions in
                                    for index in 0..<count {
                                        let slot = Int(slots[index])
                                        if seenDoc[slot] != doc {
                                            seenDoc[slot] = doc
                                            frequency[slot] = 0
                                            touched.append(Int32(slot))
                                        }
                                        frequency[slot] += 1
                                        // The end pair (last position) and separator pairs have
                                        // no positions.
                                        if positioned[slot] && index + 1 < count {
                                            occurrenceSlots[occurrenceEnd] = Int32(slot)
                                            occurrencePositions[occurrenceEnd] = UInt32(index)
                                            occurrenceEnd += 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            occurrenceSlots.removeLast(occurrenceBase + count - 1 - occurrenceEnd)
            occurrencePositions.removeLast(occurrenceBase + count - 1 - occurrenceEnd)
            (self.frequency, self.seenDoc, self.occurrenceSlots, self.occurrencePositions) =
                (frequency, seenDoc, occurrenceSlots, occurrencePositions)
            self.touched = touched
            for slot in self.touched {
                self.postingSlots.append(slot)
                self.postingDocs.append(doc)
                self.postingFrequencies.append(self.frequency[Int(slot)])
            }
        }
        DocumentMeta(document, length: length).encode(into: &self.meta)
        self.metaOffsets.append(UInt64(self.meta.bytes.count))
        if let precompressed = document.precompressed {
            Self.appendStoreEntry(textByteCount: document.text.utf8.count, precompressed: precompressed, to: &self.store)
        } else {
            Self.appendStoreEntry(text: document.text, blob: document.stored, level: self.compressionLevel, to: &self.store)
        }
        self.storeOffsets.append(UInt64(self.store.bytes.count))
    }

    /// Start of each slot's group when `slots` is grouped by slot (`slotCount + 1` entries).
    private static func groupStarts(_ slots: [Int32], slotCount: Int) -> [Int] {
        var starts = Array(repeating: 0, count: slotCount + 1)
        starts.withUnsafeMutableBufferPointer { starts in
            for slot in slots { starts[Int(slot) + 1] += 1 }
            for index in 0..<slotCount { starts[index + 1] += starts[index] }
        }
        return starts
    }

    /// `values` grouped by their slot, stable (document order within a slot): a counting sort
    /// that moves the values themselves, so that encoding then reads each group sequentially
    /// (gathering through a permutation instead missed the cache on every value).
    private static func scatter<Value: BitwiseCopyable>(
        _ values: [Value], by slots: [Int32], starts: [Int], zero: Value
    ) -> [Value] {
        precondition(values.count == slots.count)
        var fill = starts
        var grouped = Array(repeating: zero, count: values.count)
        grouped.withUnsafeMutableBufferPointer { grouped in
            fill.withUnsafeMutableBufferPointer { fill in
                values.withUnsafeBufferPointer { values in
                    slots.withUnsafeBufferPointer { slots in
                        for index in 0..<slots.count {
                            let slot = Int(slots[index])
                            grouped[fill[slot]] = values[index]
                            fill[slot] += 1
                        }
                    }
                }
            }
        }
        return grouped
    }

    /// Slot numbers ordered by their keys. Keys use 43 bits, so below 2^21 slots each key and
    /// its slot pack into one integer and a plain integer sort does it.
    private static func sortedSlots(_ keys: [UInt64]) -> [Int] {
        guard keys.count < 1 << 21, keys.allSatisfy({ $0 >> 43 == 0 }) else {
            return (0..<keys.count).sorted { keys[$0] < keys[$1] }
        }
        var packed = keys.enumerated().map { $0.element << 21 | UInt64($0.offset) }
        packed.sort()
        return packed.map { Int($0 & 0x1F_FFFF) }
    }

    /// A store entry: the CRC-32 of its body (u32), then the body. Compressed here:
    /// `[text length][compressed text length][blob length][compressed blob length]` (varints),
    /// the zlib text, the zlib blob.
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

    /// A store entry of a producer's compressed form (segment version 4): `[text length][0]`
    /// — a zlib stream is never empty, so 0 marks this layout — `[stream length][compressed
    /// length][text offset][suffix length]` (varints), the zlib stream, the suffix. The text is
    /// the stream's bytes `offset..<offset + text length`; the blob is the stream, then the suffix.
    static func appendStoreEntry(textByteCount: Int, precompressed: PrecompressedStore, to store: inout ByteWriter) {
        precondition(precompressed.textRange.count == textByteCount, "the stored text range is the text")
        var header = ByteWriter(capacity: 32)
        header.varint(textByteCount)
        header.varint(0)
        header.varint(precompressed.length)
        header.varint(precompressed.zlib.count)
        header.varint(precompressed.textRange.lowerBound)
        header.varint(precompressed.suffix.count)
        var crc = Checksum.crc32(header.bytes)
        crc = Checksum.crc32(precompressed.zlib, continuing: crc)
        crc = Checksum.crc32(precompressed.suffix, continuing: crc)
        store.u32(crc)
        store.bytes.append(contentsOf: header.bytes)
        store.bytes.append(contentsOf: precompressed.zlib)
        store.bytes.append(contentsOf: precompressed.suffix)
    }

    /// The finished segment file, in parts.
    mutating func finish() -> SegmentFormat.Parts {
        let slotCount = self.slotKeys.count
        let order = Self.sortedSlots(self.slotKeys)
        let postingStarts = Self.groupStarts(self.postingSlots, slotCount: slotCount)
        let docs = Self.scatter(self.postingDocs, by: self.postingSlots, starts: postingStarts, zero: 0)
        let frequencies = Self.scatter(self.postingFrequencies, by: self.postingSlots, starts: postingStarts, zero: 0)
        let occurrenceStarts = Self.groupStarts(self.occurrenceSlots, slotCount: slotCount)
        let positions = Self.scatter(self.occurrencePositions, by: self.occurrenceSlots, starts: occurrenceStarts, zero: 0)
        var keys: [UInt64] = []
        keys.reserveCapacity(order.count)
        var postingsOffsets: [UInt64] = [0]
        var positionsOffsets: [UInt64] = [0]
        postingsOffsets.reserveCapacity(order.count + 1)
        positionsOffsets.reserveCapacity(order.count + 1)
        var postingsBytes: [UInt8] = []
        var positionsBytes: [UInt8] = []
        postingsBytes.reserveCapacity(self.postingSlots.count * 2)
        positionsBytes.reserveCapacity(self.occurrenceSlots.count * 3 / 2)
        var encoder = TermEncoder()
        positions.withUnsafeBufferPointer { positions in
            for slot in order {
                let key = self.slotKeys[slot]
                let positioned = self.slotPositioned[slot]
                var occurrence = occurrenceStarts[slot]
                for posting in postingStarts[slot]..<postingStarts[slot + 1] {
                    let tf = frequencies[posting]
                    encoder.addDocument(docs[posting], frequency: tf)
                    guard positioned else { continue }
                    encoder.addPositions(UnsafeBufferPointer(rebasing: positions[occurrence..<(occurrence + Int(tf))]))
                    occurrence += Int(tf)
                }
                encoder.finish(postings: &postingsBytes, positions: &positionsBytes)
                keys.append(key)
                postingsOffsets.append(UInt64(postingsBytes.count))
                positionsOffsets.append(UInt64(positionsBytes.count))
            }
        }
        positionsBytes.append(contentsOf: repeatElement(0, count: RiceCoding.slack))
        return SegmentFormat.Parts(
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
