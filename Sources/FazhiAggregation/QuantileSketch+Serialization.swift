extension QuantileSketch {
    /// Magic bytes opening a serialized sketch: "DDS1".
    static let magic: [UInt8] = [0x44, 0x44, 0x53, 0x31]
    /// Most bins a serialized store may declare (far above the ≈3,300 keys α = 1% can use).
    static let maxSerializedBins = 1 << 16

    /// The sketch as bytes (format in README.md, "Sketch bytes"): magic `DDS1`, α as a
    /// little-endian binary64, zero count, then the positive and negative stores, each as
    /// first key (zigzag LEB128), bin count and counts (LEB128). Empty stores are written as
    /// first key 0 and bin count 0.
    package func serialized() -> [UInt8] {
        var writer = ByteWriter(capacity: 32 + 2 * (self.positive.bins.count + self.negative.bins.count))
        self.write(to: &writer)
        return writer.bytes
    }

    func write(to writer: inout ByteWriter) {
        writer.write(Self.magic)
        writer.writeDouble(self.relativeAccuracy)
        writer.writeVarint(self.zeroCount)
        for store in [self.positive, self.negative] {
            let trimmed = store.trimmed
            writer.writeSignedVarint(Int64(trimmed.offset))
            writer.writeVarint(UInt64(trimmed.bins.count))
            for bin in trimmed.bins { writer.writeVarint(bin) }
        }
    }

    /// Decodes ``serialized()`` output.
    ///
    /// - Throws: ``AggregationError`` with code `corruptData` for anything malformed: wrong
    ///   magic, accuracy outside (0, 1), keys beyond the supported range, too many bins, counts
    ///   that overflow, truncated input or trailing bytes.
    package init(serialized bytes: [UInt8]) throws(AggregationError) {
        var reader = ByteReader(bytes, context: "quantile sketch")
        self = try Self.read(from: &reader)
        guard reader.isAtEnd else { throw reader.corrupt("trailing bytes") }
    }

    static func read(from reader: inout ByteReader) throws(AggregationError) -> QuantileSketch {
        try reader.expect(Self.magic)
        let accuracy = try reader.readDouble()
        guard accuracy > 0, accuracy < 1 else { throw reader.corrupt("relative accuracy \(accuracy) outside (0, 1)") }
        var sketch = QuantileSketch(relativeAccuracy: accuracy)
        sketch.zeroCount = try reader.readVarint()
        var total = sketch.zeroCount
        for sign in 0..<2 {
            let first = try reader.readSignedVarint()
            let binCount = try reader.readCount(limit: Self.maxSerializedBins)
            var store = BucketStore()
            if binCount > 0 {
                let limit = Int64(BucketStore.keyLimit / 2)
                guard first >= -limit, first + Int64(binCount) <= limit else {
                    throw reader.corrupt("bucket keys from \(first) outside the supported range")
                }
                store.offset = Int(first)
                store.bins.reserveCapacity(binCount)
                for _ in 0..<binCount {
                    let bin = try reader.readVarint()
                    let (sum, overflow) = store.total.addingReportingOverflow(bin)
                    guard !overflow else { throw reader.corrupt("bucket counts overflow") }
                    store.total = sum
                    store.bins.append(bin)
                }
            }
            let (sum, overflow) = total.addingReportingOverflow(store.total)
            guard !overflow else { throw reader.corrupt("bucket counts overflow") }
            total = sum
            if sign == 0 { sketch.positive = store } else { sketch.negative = store }
        }
        return sketch
    }
}
