internal import FazhiStorage

/// The snapshot file of a ``FactsPartition`` (README.md, "Snapshot file").
///
/// `snapshot-<16 hex digits>.fzs`, named after the last log generation it covers:
/// magic `FZAGSNAP`, format version (UInt32 LE), covered generation (UInt64 LE), report count
/// (UInt64 LE), payload length (UInt64 LE), CRC-32 of the payload (UInt32 LE), then the payload:
/// per report, its length (LEB128) and its stored-report bytes (the log record format).
enum PartitionSnapshot {
    static let magic: [UInt8] = Array("FZAGSNAP".utf8)
    static let formatVersion: UInt32 = 1

    static func fileName(_ generation: UInt64) -> String {
        let hex = String(generation, radix: 16)
        return "snapshot-" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex + ".fzs"
    }

    static func path(_ directory: String, _ generation: UInt64) -> String {
        directory + "/" + Self.fileName(generation)
    }

    /// The generation of a snapshot file name; `nil` for other names (temporary files included).
    static func generation(ofFileName name: String) -> UInt64? {
        guard name.hasPrefix("snapshot-"), name.hasSuffix(".fzs"), name.utf8.count == 9 + 16 + 4 else { return nil }
        return UInt64(name.dropFirst(9).dropLast(4), radix: 16)
    }

    /// Writes the snapshot of `reports` to `path` (atomically and durably, `DurableFile`) and
    /// returns the file's size.
    ///
    /// Streamed: a first pass sums the payload's length and CRC-32 for the header, a second
    /// encodes the records again into one reused 1 MiB buffer that is written out whenever it
    /// fills. The payload (the size of the partition: hundreds of MB at 100k reports) is never
    /// gathered in memory, which saved the copies and page faults of growing it.
    static func write(_ reports: [StoredReport], generation: UInt64, to path: String) throws -> Int {
        var payloadLength = 0
        var crc: UInt32 = 0
        var prefix = ByteWriter(capacity: 10)
        for report in reports {
            let record = report.encoded()
            prefix.bytes.removeAll(keepingCapacity: true)
            prefix.writeVarint(UInt64(record.count))
            crc = Checksum.crc32(prefix.bytes, continuing: crc)
            crc = Checksum.crc32(record, continuing: crc)
            payloadLength += prefix.bytes.count + record.count
        }
        var header = ByteWriter(capacity: Self.headerByteCount)
        header.write(Self.magic)
        header.writeUInt32(Self.formatVersion)
        header.writeUInt64(generation)
        header.writeUInt64(UInt64(reports.count))
        header.writeUInt64(UInt64(payloadLength))
        header.writeUInt32(crc)
        let chunkCapacity = 1 << 20
        try DurableFile.write(to: path) { file in
            var chunk = header
            chunk.bytes.reserveCapacity(chunkCapacity)
            var written = 0
            func drain() throws {
                try chunk.bytes.withUnsafeBytes { try file.write($0) }
                chunk.bytes.removeAll(keepingCapacity: true)
            }
            for report in reports {
                let record = report.encoded()
                let before = chunk.bytes.count
                chunk.writeVarint(UInt64(record.count))
                written += chunk.bytes.count - before + record.count
                if chunk.bytes.count + record.count > chunkCapacity {
                    try drain()
                }
                if record.count > chunkCapacity {
                    try record.withUnsafeBytes { try file.write($0) }
                } else {
                    chunk.write(record)
                }
            }
            try drain()
            // The records are encoded twice; the same reports must give the same bytes.
            guard written == payloadLength else {
                throw AggregationError(.storage, "snapshot \(path): records encoded to \(written) bytes, then \(payloadLength)")
            }
        }
        return Self.headerByteCount + payloadLength
    }

    /// Magic, version, generation, count, payload length and CRC.
    static let headerByteCount = 8 + 4 + 8 + 8 + 8 + 4

    static func decode(_ bytes: [UInt8], path: String) throws(AggregationError) -> [StoredReport] {
        var reader = ByteReader(bytes, context: "snapshot \(path)")
        try reader.expect(Self.magic)
        let version = try reader.readUInt32()
        guard version == Self.formatVersion else { throw reader.corrupt("unsupported snapshot version \(version)") }
        _ = try reader.readUInt64()
        let count = try reader.readUInt64()
        let length = try reader.readUInt64()
        let crc = try reader.readUInt32()
        guard length == UInt64(reader.remaining) else { throw reader.corrupt("payload length \(length) does not match the file") }
        let payload = Array(try reader.readBytes(Int(length)))
        guard Checksum.crc32(payload) == crc else { throw reader.corrupt("payload checksum mismatch") }
        var records = ByteReader(payload, context: "snapshot \(path)")
        var reports: [StoredReport] = []
        reports.reserveCapacity(Int(min(count, UInt64(payload.count))))
        while !records.isAtEnd {
            let size = try records.readCount(limit: records.remaining)
            let record = Array(try records.readBytes(size))
            reports.append(try StoredReport(decoding: record, context: "snapshot \(path)"))
        }
        guard UInt64(reports.count) == count else { throw reader.corrupt("holds \(reports.count) reports, header says \(count)") }
        return reports
    }
}
