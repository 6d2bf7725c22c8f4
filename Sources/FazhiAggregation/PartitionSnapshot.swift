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

    static func encode(_ reports: [StoredReport], generation: UInt64) -> [UInt8] {
        var payload = ByteWriter()
        for report in reports {
            let bytes = report.encoded()
            payload.writeVarint(UInt64(bytes.count))
            payload.write(bytes)
        }
        var file = ByteWriter(capacity: payload.bytes.count + 40)
        file.write(Self.magic)
        file.writeUInt32(Self.formatVersion)
        file.writeUInt64(generation)
        file.writeUInt64(UInt64(reports.count))
        file.writeUInt64(UInt64(payload.bytes.count))
        file.writeUInt32(Checksum.crc32(payload.bytes))
        file.write(payload.bytes)
        return file.bytes
    }

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
