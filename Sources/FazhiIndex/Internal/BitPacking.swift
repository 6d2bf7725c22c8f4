/// Blocks of up to 128 unsigned integers packed at one bit width (as Lucene and tantivy do):
/// a width byte, then `ceil(count * width / 8)` bytes holding the values least significant bit
/// first. The value count is not stored: readers know it from context (128, or what remains).
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
        let width = Int(base[offset])
        var position = offset + 1
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
}

/// Encodes one term's postings and positions in the segment format (README.md): postings are
/// `varint(docCount)` then per 128 documents a block of `doc gap - 1` and a block of `tf - 1`;
/// positions are `varint(total)` then blocks of 128 position gaps (restarting from 0 in every
/// document), running across document boundaries.
struct TermEncoder {
    private var docs: [UInt32] = []
    private var frequencies: [UInt32] = []
    private var positions: [UInt32] = []
    private var lastDoc: Int64 = -1
    private var lastPosition: UInt32 = 0
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
        self.lastPosition = 0
        self.documentCount += 1
    }

    /// Adds the next position (ascending within the current document).
    @inline(__always)
    mutating func addPosition(_ position: UInt32) {
        self.positions.append(position &- self.lastPosition)
        self.lastPosition = position
    }

    /// Adds the current document's positions, ascending: the same as `addPosition` for each.
    @inline(__always)
    mutating func addPositions(_ values: UnsafeBufferPointer<UInt32>) {
        var last = self.lastPosition
        let start = self.positions.count
        self.positions.append(contentsOf: repeatElement(0, count: values.count))
        self.positions.withUnsafeMutableBufferPointer { out in
            for index in 0..<values.count {
                out[start + index] = values[index] &- last
                last = values[index]
            }
        }
        self.lastPosition = last
    }

    /// Adds the current document's positions given as gaps (the first from 0), as a segment
    /// stores them: a merge copies them without turning them into positions and back.
    @inline(__always)
    mutating func addPositionGaps(_ gaps: UnsafeBufferPointer<UInt32>) {
        var last = self.lastPosition
        for gap in gaps { last &+= gap }
        self.positions.append(contentsOf: gaps)
        self.lastPosition = last
    }

    /// Writes the term to the two sections and resets the encoder for the next term.
    mutating func finish(postings: inout [UInt8], positions: inout [UInt8]) {
        appendVarint(UInt64(self.docs.count), to: &postings)
        self.docs.withUnsafeBufferPointer { docs in
            self.frequencies.withUnsafeBufferPointer { frequencies in
                var start = 0
                while start < docs.count {
                    let end = min(start + BitPacking.blockSize, docs.count)
                    BitPacking.append(UnsafeBufferPointer(rebasing: docs[start..<end]), to: &postings)
                    BitPacking.append(UnsafeBufferPointer(rebasing: frequencies[start..<end]), to: &postings)
                    start = end
                }
            }
        }
        if !self.positions.isEmpty {
            appendVarint(UInt64(self.positions.count), to: &positions)
            self.positions.withUnsafeBufferPointer { values in
                var start = 0
                while start < values.count {
                    let end = min(start + BitPacking.blockSize, values.count)
                    BitPacking.append(UnsafeBufferPointer(rebasing: values[start..<end]), to: &positions)
                    start = end
                }
            }
        }
        self.docs.removeAll(keepingCapacity: true)
        self.frequencies.removeAll(keepingCapacity: true)
        self.positions.removeAll(keepingCapacity: true)
        self.lastDoc = -1
        self.lastPosition = 0
        self.documentCount = 0
    }
}
