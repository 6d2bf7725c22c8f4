/// Blocks of up to 128 unsigned integers packed at one bit width (as Lucene and tantivy do; the
/// codec of segment formats 2 to 4, read still, see `RiceCoding` for format 5):
/// a width byte, then `ceil(count * width / 8)` bytes holding the values least significant bit
/// first. The value count is not stored: readers know it from context (128, or what remains) —
/// except in a short position block a merge leaves mid-list, which carries it
/// (`shortBlockFlag`).
enum BitPacking {
    static let blockSize = 128

    /// Bits needed for the largest of `values` (0 when all are 0).
    @inline(__always)
    static func width(_ values: UnsafeBufferPointer<UInt32>) -> Int {
        var union: UInt32 = 0
        for value in values { union |= value }
        return UInt32.bitWidth - union.leadingZeroBitCount
    }

    /// Bytes of a packed block of `count` values at `width` bits, width byte included.
    @inline(__always)
    static func blockBytes(count: Int, width: Int) -> Int {
        1 + (count * width + 7) >> 3
    }

    /// Appends one block holding `values` (at most 128 of them).
    static func append(_ values: UnsafeBufferPointer<UInt32>, to bytes: inout [UInt8]) {
        let width = Self.width(values)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: Self.blockBytes(count: values.count, width: width)))
        bytes.withUnsafeMutableBufferPointer { out in
            out[start] = UInt8(width)
            guard width > 0 else { return }
            var position = start + 1
            var accumulator: UInt64 = 0
            var bits = 0
            for value in values {
                accumulator |= UInt64(value) << UInt64(bits)
                bits += width
                while bits >= 8 {
                    out[position] = UInt8(truncatingIfNeeded: accumulator)
                    position += 1
                    accumulator >>= 8
                    bits -= 8
                }
            }
            if bits > 0 { out[position] = UInt8(truncatingIfNeeded: accumulator) }
        }
    }

    /// Decodes the block at `offset` holding `count` values into `output`; returns the offset
    /// after it. Reads only the block's own bytes (no over-read past the end of a section).
    @inline(__always)
    static func decode(_ base: UnsafePointer<UInt8>, at offset: Int, count: Int, into output: UnsafeMutablePointer<UInt32>) -> Int {
        Self.decodeValues(base, at: offset + 1, width: Int(base[offset]), count: count, into: output)
    }

    @inline(__always)
    static func decodeValues(_ base: UnsafePointer<UInt8>, at start: Int, width: Int, count: Int, into output: UnsafeMutablePointer<UInt32>) -> Int {
        var position = start
        guard width > 0 else {
            output.update(repeating: 0, count: count)
            return position
        }
        let mask: UInt64 = (1 << UInt64(width)) - 1
        var accumulator: UInt64 = 0
        var bits = 0
        for index in 0..<count {
            while bits < width {
                accumulator |= UInt64(base[position]) << UInt64(bits)
                position += 1
                bits += 8
            }
            output[index] = UInt32(truncatingIfNeeded: accumulator & mask)
            accumulator >>= UInt64(width)
            bits -= width
        }
        return position
    }

    /// The offset after the block at `offset` holding `count` values, without decoding it.
    @inline(__always)
    static func skip(_ base: UnsafePointer<UInt8>, at offset: Int, count: Int) -> Int {
        offset + Self.blockBytes(count: count, width: Int(base[offset]))
    }

    // MARK: Position blocks

    /// Set in a position block's width byte when a count byte follows: a *short* block of fewer
    /// than 128 values that is not its term's last. Merges write them when they append the
    /// blocks of one input's long list as they are (segment format 3); widths are at most 32,
    /// so format 2 never set this bit.
    static let shortBlockFlag: UInt8 = 0x80

    /// The number of values of the position block at `offset`, of a list with `remaining`
    /// values left, and where its packed values start.
    @inline(__always)
    static func positionBlock(_ base: UnsafePointer<UInt8>, at offset: Int, remaining: Int) -> (count: Int, width: Int, values: Int) {
        let header = base[offset]
        if header & Self.shortBlockFlag != 0 {
            let count = Int(base[offset + 1])
            // A stored count outside 1..<128 or beyond the list would overrun the reader's
            // 128-value buffer: segments are checked (CRC) at open and written by this code,
            // so that is a writer bug, stopped here rather than read past.
            precondition(count > 0 && count < Self.blockSize && count <= remaining, "short position block count \(count) of \(remaining)")
            return (count, Int(header & ~Self.shortBlockFlag), offset + 2)
        }
        return (min(Self.blockSize, remaining), Int(header), offset + 1)
    }

    /// Decodes the position block at `offset` into `output`: its count and the offset after it.
    @inline(__always)
    static func decodePositionBlock(_ base: UnsafePointer<UInt8>, at offset: Int, remaining: Int, into output: UnsafeMutablePointer<UInt32>) -> (count: Int, next: Int) {
        let block = Self.positionBlock(base, at: offset, remaining: remaining)
        return (block.count, Self.decodeValues(base, at: block.values, width: block.width, count: block.count, into: output))
    }

    /// The count of the position block at `offset` and the offset after it, without decoding.
    @inline(__always)
    static func skipPositionBlock(_ base: UnsafePointer<UInt8>, at offset: Int, remaining: Int) -> (count: Int, next: Int) {
        let block = Self.positionBlock(base, at: offset, remaining: remaining)
        return (block.count, block.values + (block.count * block.width + 7) >> 3)
    }
}

/// Encodes one term's postings and positions in the current segment format (README.md), in
/// `RiceCoding` blocks: postings are `varint(docCount)` then per 128 documents a block of
/// `doc gap - 1` and a block of `tf - 1`; positions are `varint(total)` then blocks of 128
/// position gaps (restarting from 0 in every document), running across document boundaries,
/// where a merge may leave short blocks that carry their count (`BitPacking.shortBlockFlag`).
struct TermEncoder {
    private var docs: [UInt32] = []
    private var frequencies: [UInt32] = []
    /// Position gaps not yet packed.
    private var positions: [UInt32] = []
    /// Position blocks already packed for the term: copied from a merge input, and the gaps
    /// that came before such a copy.
    private var positionBlocks: [UInt8] = []
    private var packedPositions = 0
    /// The last block of `positionBlocks` when it is a copied short block without its count
    /// (valid only as a term's last block): where it starts and its count.
    private var openShortBlock: (offset: Int, count: Int)?
    private var lastDoc: Int64 = -1
    private(set) var documentCount = 0

    init() {
        self.docs.reserveCapacity(BitPacking.blockSize)
        self.frequencies.reserveCapacity(BitPacking.blockSize)
        self.positions.reserveCapacity(BitPacking.blockSize)
    }

    /// Starts a document (ascending doc numbers) with `frequency` occurrences.
    @inline(__always)
    mutating func addDocument(_ doc: Int32, frequency: Int32) {
        precondition(Int64(doc) > self.lastDoc && frequency > 0, "postings must be added in doc order with tf > 0")
        self.docs.append(UInt32(Int64(doc) - self.lastDoc - 1))
        self.frequencies.append(UInt32(frequency - 1))
        self.lastDoc = Int64(doc)
        self.documentCount += 1
    }

    /// Adds the current document's positions, ascending, all in one call.
    @inline(__always)
    mutating func addPositions(_ values: UnsafeBufferPointer<UInt32>) {
        if self.openShortBlock != nil { self.closeOpenShortBlock() }
        var last: UInt32 = 0
        let start = self.positions.count
        self.positions.append(contentsOf: repeatElement(0, count: values.count))
        self.positions.withUnsafeMutableBufferPointer { out in
            for index in 0..<values.count {
                out[start + index] = values[index] &- last
                last = values[index]
            }
        }
    }

    /// Adds positions of the current document as the gaps a segment stores (the document's
    /// first from 0), in one call or several: a merge copies them without turning them into
    /// positions and back.
    @inline(__always)
    mutating func addPositionGaps(_ gaps: UnsafeBufferPointer<UInt32>) {
        if self.openShortBlock != nil { self.closeOpenShortBlock() }
        self.positions.append(contentsOf: gaps)
    }

    /// Adds the positions of documents already added, as the packed blocks a segment of the
    /// current format stores for one term (`bytes`: the blocks after the list's count, holding `count` values): a
    /// merge copies a long list's blocks without unpacking them. Gaps added before are packed
    /// first, their short remainder marked with its count.
    mutating func addPositionBlocks(_ bytes: UnsafeRawBufferPointer, count: Int) {
        guard count > 0 else { return }
        if self.openShortBlock != nil { self.closeOpenShortBlock() }
        if !self.positions.isEmpty {
            Self.pack(self.positions, markingShortBlock: true, into: &self.positionBlocks)
            self.packedPositions += self.positions.count
            self.positions.removeAll(keepingCapacity: true)
        }
        // '!' is fine: a list with values has bytes.
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var offset = 0
        var remaining = count
        var last = (offset: 0, count: 0, marked: false)
        while remaining > 0 {
            let block = RiceCoding.skipPositionBlock(base, at: offset, remaining: remaining)
            last = (offset, block.count, base[offset] & BitPacking.shortBlockFlag != 0)
            remaining -= block.count
            offset = block.next
        }
        precondition(offset == bytes.count, "a stored position list ends with its last block")
        if last.count < BitPacking.blockSize && !last.marked {
            self.openShortBlock = (self.positionBlocks.count + last.offset, last.count)
        }
        self.positionBlocks.append(contentsOf: bytes)
        self.packedPositions += count
    }

    /// Gives the copied short block at the end its count: more positions follow it.
    private mutating func closeOpenShortBlock() {
        guard let open = self.openShortBlock else { return }
        self.positionBlocks[open.offset] |= BitPacking.shortBlockFlag
        self.positionBlocks.insert(UInt8(open.count), at: open.offset + 1)
        self.openShortBlock = nil
    }

    /// Packs `values` in blocks of 128; a short last block carries its count when marked.
    private static func pack(_ values: [UInt32], markingShortBlock: Bool, into bytes: inout [UInt8]) {
        values.withUnsafeBufferPointer { values in
            var start = 0
            while start < values.count {
                let end = min(start + BitPacking.blockSize, values.count)
                let header = bytes.count
                RiceCoding.append(UnsafeBufferPointer(rebasing: values[start..<end]), to: &bytes)
                if markingShortBlock && end - start < BitPacking.blockSize {
                    bytes[header] |= BitPacking.shortBlockFlag
                    bytes.insert(UInt8(end - start), at: header + 1)
                }
                start = end
            }
        }
    }

    /// Writes the term to the two sections and resets the encoder for the next term.
    mutating func finish(postings: inout [UInt8], positions: inout [UInt8]) {
        appendVarint(UInt64(self.docs.count), to: &postings)
        self.docs.withUnsafeBufferPointer { docs in
            self.frequencies.withUnsafeBufferPointer { frequencies in
                var start = 0
                while start < docs.count {
                    let end = min(start + BitPacking.blockSize, docs.count)
                    RiceCoding.append(UnsafeBufferPointer(rebasing: docs[start..<end]), to: &postings)
                    RiceCoding.append(UnsafeBufferPointer(rebasing: frequencies[start..<end]), to: &postings)
                    start = end
                }
            }
        }
        let total = self.packedPositions + self.positions.count
        if total > 0 {
            appendVarint(UInt64(total), to: &positions)
            positions.append(contentsOf: self.positionBlocks)
            Self.pack(self.positions, markingShortBlock: false, into: &positions)
        }
        self.docs.removeAll(keepingCapacity: true)
        self.frequencies.removeAll(keepingCapacity: true)
        self.positions.removeAll(keepingCapacity: true)
        self.positionBlocks.removeAll(keepingCapacity: true)
        self.packedPositions = 0
        self.openShortBlock = nil
        self.lastDoc = -1
        self.documentCount = 0
    }
}
