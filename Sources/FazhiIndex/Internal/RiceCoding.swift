/// Blocks of up to 128 unsigned integers in Rice code (segment format 5; `BitPacking` before):
/// a header byte holding the parameter `k` (0...32), then every value's low `k` bits packed
/// least significant bit first, then every value's quotient `value >> k` in unary (that many 0
/// bits, then a 1 bit), each part padded to a byte. Doc gaps, tfs and position gaps are nearly
/// geometric, where this takes about a quarter fewer bytes than packing every value at the
/// block's widest width. Keeping the quotients apart lets a reader step over a block by
/// counting its 1 bits, without decoding it.
///
/// A block that is smaller bit-packed at its widest width (all zeros, as the tfs of a rare
/// pair are, or values spread evenly) is written so instead, marked by `packedFlag` in the
/// header, whose low bits then hold the width.
///
/// As with `BitPacking`, the value count is not stored except in a short position block a
/// merge leaves mid-list (`BitPacking.shortBlockFlag` in the header, then a count byte).
enum RiceCoding {
    /// Header bits holding `k`, or the width of a bit-packed block.
    static let parameterMask: UInt8 = 0x3F
    /// Set in the header of a block bit-packed as `BitPacking` packs its values.
    static let packedFlag: UInt8 = 0x40

    /// The parameter that codes `values` in the fewest bytes (of the ones around the base-2
    /// logarithm of their mean, where the optimum of a geometric distribution lies), those
    /// bytes (header excluded), and the values' bit-packing width — in two passes.
    static func parameter(_ values: UnsafeBufferPointer<UInt32>) -> (parameter: Int, bytes: Int, width: Int) {
        guard !values.isEmpty else { return (0, 0, 0) }
        var sum: UInt64 = 0
        var union: UInt32 = 0
        for value in values {
            sum += UInt64(value)
            union |= value
        }
        let width = UInt32.bitWidth - union.leadingZeroBitCount
        let mean = sum / UInt64(values.count)
        let guess = mean == 0 ? 0 : 63 - mean.leadingZeroBitCount
        let low = max(0, guess - 1)
        // Quotient sums at low, low + 1 and low + 2, together.
        var quotients: (UInt64, UInt64, UInt64) = (0, 0, 0)
        for value in values {
            let shifted = UInt64(value) >> UInt64(low)
            quotients.0 += shifted
            quotients.1 += shifted >> 1
            quotients.2 += shifted >> 2
        }
        func bytes(_ parameter: Int, _ quotientSum: UInt64) -> Int {
            (values.count * parameter + 7) >> 3 + (Int(quotientSum) + values.count + 7) >> 3
        }
        var best = (parameter: low, bytes: bytes(low, quotients.0))
        if low + 1 <= 32, bytes(low + 1, quotients.1) < best.bytes { best = (low + 1, bytes(low + 1, quotients.1)) }
        if low + 2 <= 32, bytes(low + 2, quotients.2) < best.bytes { best = (low + 2, bytes(low + 2, quotients.2)) }
        return (best.parameter, best.bytes, width)
    }

    /// Appends one block holding `values` (at most 128 of them).
    static func append(_ values: UnsafeBufferPointer<UInt32>, to bytes: inout [UInt8]) {
        let (k, riceBytes, width) = Self.parameter(values)
        if BitPacking.blockBytes(count: values.count, width: width) <= 1 + riceBytes {
            let start = bytes.count
            BitPacking.append(values, to: &bytes)
            bytes[start] |= Self.packedFlag
            return
        }
        let remainderBytes = (values.count * k + 7) >> 3
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 1 + riceBytes))
        bytes.withUnsafeMutableBufferPointer { out in
            out[start] = UInt8(k)
            var position = start + 1
            if k > 0 {
                let mask: UInt64 = (1 << UInt64(k)) - 1
                var accumulator: UInt64 = 0
                var bits = 0
                for value in values {
                    accumulator |= (UInt64(value) & mask) << UInt64(bits)
                    bits += k
                    while bits >= 8 {
                        out[position] = UInt8(truncatingIfNeeded: accumulator)
                        position += 1
                        accumulator >>= 8
                        bits -= 8
                    }
                }
                if bits > 0 { out[position] = UInt8(truncatingIfNeeded: accumulator) }
            }
            let unary = start + 1 + remainderBytes
            var bit = 0
            for value in values {
                bit += Int(UInt64(value) >> UInt64(k))
                out[unary + bit >> 3] |= 1 << UInt8(bit & 7)
                bit += 1
            }
        }
    }

    /// Decodes the block at `offset` holding `count` values into `output`; returns the offset
    /// after it. Reads up to seven bytes past the block (see `decodeValues`).
    @inline(__always)
    static func decode(_ base: UnsafePointer<UInt8>, at offset: Int, count: Int, into output: UnsafeMutablePointer<UInt32>) -> Int {
        Self.decodeValues(base, at: offset + 1, header: base[offset], count: count, into: output)
    }

    /// Decodes `count` values starting at `start`, of a block with `header`. Reads eight bytes at
    /// a time, so up to seven bytes past the block: a segment's positions section ends with
    /// `slack` zero bytes, so that every block of its postings and positions sections has them.
    @inline(__always)
    static func decodeValues(_ base: UnsafePointer<UInt8>, at start: Int, header: UInt8, count: Int, into output: UnsafeMutablePointer<UInt32>) -> Int {
        let k = Int(header & Self.parameterMask)
        if header & Self.packedFlag != 0 { return BitPacking.decodeValues(base, at: start, width: k, count: count, into: output) }
        if k == 0 {
            output.update(repeating: 0, count: count)
        } else {
            let mask: UInt64 = (1 << UInt64(k)) - 1
            var bit = 0
            for index in 0..<count {
                output[index] = UInt32(truncatingIfNeeded: (Self.load(base, start + bit >> 3) >> UInt64(bit & 7)) & mask)
                bit += k
            }
        }
        // The quotients: each 1 bit ends one; read a word at a time and take its 1 bits in order.
        let unary = start + (count * k + 7) >> 3
        var index = 0
        var wordStart = 0
        var valueStart = 0
        while index < count {
            var word = Self.load(base, unary + wordStart >> 3)
            while word != 0 && index < count {
                let one = wordStart + word.trailingZeroBitCount
                output[index] |= UInt32(truncatingIfNeeded: UInt64(one - valueStart) << UInt64(k))
                valueStart = one + 1
                index += 1
                word &= word &- 1
            }
            wordStart += 64
        }
        return unary + (valueStart + 7) >> 3
    }

    /// Zero bytes at the end of a format-5 positions section (see `decodeValues`).
    static let slack = 8

    @inline(__always)
    private static func load(_ base: UnsafePointer<UInt8>, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
    }

    /// The offset after the block at `offset` holding `count` values, without decoding it.
    @inline(__always)
    static func skip(_ base: UnsafePointer<UInt8>, at offset: Int, count: Int) -> Int {
        Self.skipValues(base, at: offset + 1, header: base[offset], count: count)
    }

    @inline(__always)
    static func skipValues(_ base: UnsafePointer<UInt8>, at start: Int, header: UInt8, count: Int) -> Int {
        let k = Int(header & Self.parameterMask)
        var position = start + (count * k + 7) >> 3
        if header & Self.packedFlag != 0 { return position }
        var ones = 0
        while ones < count {
            ones += base[position].nonzeroBitCount
            position += 1
        }
        return position
    }

    // MARK: Position blocks

    /// The number of values of the position block at `offset`, of a list with `remaining`
    /// values left, its header (short-block flag cleared) and where its values start: the
    /// short-block layout is `BitPacking`'s, whose header low bits are here `k` or the width.
    @inline(__always)
    static func positionBlock(_ base: UnsafePointer<UInt8>, at offset: Int, remaining: Int) -> (count: Int, header: UInt8, values: Int) {
        let block = BitPacking.positionBlock(base, at: offset, remaining: remaining)
        return (block.count, UInt8(truncatingIfNeeded: block.width), block.values)
    }

    /// Decodes the position block at `offset` into `output`: its count and the offset after it.
    @inline(__always)
    static func decodePositionBlock(_ base: UnsafePointer<UInt8>, at offset: Int, remaining: Int, into output: UnsafeMutablePointer<UInt32>) -> (count: Int, next: Int) {
        let block = Self.positionBlock(base, at: offset, remaining: remaining)
        return (block.count, Self.decodeValues(base, at: block.values, header: block.header, count: block.count, into: output))
    }

    /// The count of the position block at `offset` and the offset after it, without decoding.
    @inline(__always)
    static func skipPositionBlock(_ base: UnsafePointer<UInt8>, at offset: Int, remaining: Int) -> (count: Int, next: Int) {
        let block = Self.positionBlock(base, at: offset, remaining: remaining)
        return (block.count, Self.skipValues(base, at: block.values, header: block.header, count: block.count))
    }
}

/// The block codec of a segment's postings and positions, by its format version.
enum BlockCodec: Sendable {
    case bitPacked
    case rice

    init(version: UInt32) {
        self = version >= 5 ? .rice : .bitPacked
    }

    @inline(__always)
    func decode(_ base: UnsafePointer<UInt8>, at offset: Int, count: Int, into output: UnsafeMutablePointer<UInt32>) -> Int {
        switch self {
        case .bitPacked: BitPacking.decode(base, at: offset, count: count, into: output)
        case .rice: RiceCoding.decode(base, at: offset, count: count, into: output)
        }
    }

    @inline(__always)
    func decodePositionBlock(_ base: UnsafePointer<UInt8>, at offset: Int, remaining: Int, into output: UnsafeMutablePointer<UInt32>) -> (count: Int, next: Int) {
        switch self {
        case .bitPacked: BitPacking.decodePositionBlock(base, at: offset, remaining: remaining, into: output)
        case .rice: RiceCoding.decodePositionBlock(base, at: offset, remaining: remaining, into: output)
        }
    }

    @inline(__always)
    func skipPositionBlock(_ base: UnsafePointer<UInt8>, at offset: Int, remaining: Int) -> (count: Int, next: Int) {
        switch self {
        case .bitPacked: BitPacking.skipPositionBlock(base, at: offset, remaining: remaining)
        case .rice: RiceCoding.skipPositionBlock(base, at: offset, remaining: remaining)
        }
    }
}
