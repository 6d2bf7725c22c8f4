internal import FazhiStorage

/// Write-ahead log records of a shard (payloads of `DurableLog` records).
///
/// `[kind u8][seq varint]` then, for kind 1 (index), the document's fields; for kind 2
/// (delete), `[count varint]` and the doc ids; kind 3 (index with a precompressed store, see
/// ``PrecompressedStore``) is kind 1 with `[length][text offset]` (varints), the zlib stream
/// and the suffix (blobs) in place of the stored blob. `seq` orders writes to the same doc id.
enum LogRecord {
    case index(seq: UInt64, IndexDocument)
    case delete(seq: UInt64, [String])

    func encode() -> [UInt8] {
        var writer = ByteWriter()
        switch self {
        case .index(let seq, let document):
            let precompressed = document.precompressed
            writer.bytes.reserveCapacity(
                document.text.utf8.count + document.stored.count + (precompressed.map { $0.zlib.count + $0.suffix.count } ?? 0) + 256
            )
            writer.bytes.append(precompressed == nil ? 1 : 3)
            writer.varint(seq)
            writer.string(document.docID)
            writer.string(document.contentHash)
            writer.string(document.text)
            writer.string(document.title)
            writer.varint(document.year.map { UInt64(bitPattern: Int64($0)) &+ 1 } ?? 0)
            writer.optionalString(document.province)
            writer.optionalString(document.city)
            writer.optionalString(document.county)
            writer.optionalString(document.level)
            writer.optionalString(document.organization)
            writer.varint(document.parts.count)
            for part in document.parts { writer.string(part) }
            writer.varint(document.indicators.count)
            for indicator in document.indicators { writer.string(indicator) }
            if let precompressed {
                writer.varint(precompressed.length)
                writer.varint(precompressed.textRange.lowerBound)
                writer.blob(precompressed.zlib)
                writer.blob(precompressed.suffix)
            } else {
                writer.blob(document.stored)
            }
        case .delete(let seq, let docIDs):
            writer.bytes.append(2)
            writer.varint(seq)
            writer.varint(docIDs.count)
            for docID in docIDs { writer.string(docID) }
        }
        return writer.bytes
    }

    static func decode(_ buffer: UnsafeRawBufferPointer) throws(IndexError) -> LogRecord {
        guard !buffer.isEmpty else { throw IndexError(.corrupt, "empty log record") }
        var reader = ByteReader(buffer, offset: 1)
        let seq = try reader.varint()
        switch buffer[0] {
        case 1, 3:
            let docID = try reader.string()
            let hash = try reader.string()
            let text = try reader.string()
            let title = try reader.string()
            let year = try reader.varint()
            var document = IndexDocument(docID: docID, contentHash: hash, text: text, title: title)
            document.year = year == 0 ? nil : Int(Int64(bitPattern: year &- 1))
            document.province = try reader.optionalString()
            document.city = try reader.optionalString()
            document.county = try reader.optionalString()
            document.level = try reader.optionalString()
            document.organization = try reader.optionalString()
            let partCount = try reader.int()
            guard partCount < 1 << 16 else { throw IndexError(.corrupt, "implausible part count in log") }
            for _ in 0..<partCount { document.parts.append(try reader.string()) }
            let indicatorCount = try reader.int()
            guard indicatorCount < 1 << 20 else { throw IndexError(.corrupt, "implausible indicator count in log") }
            for _ in 0..<indicatorCount { document.indicators.append(try reader.string()) }
            if buffer[0] == 3 {
                let length = try reader.int()
                let textOffset = try reader.int()
                let zlib = try reader.blob()
                let suffix = try reader.blob()
                let textCount = document.text.utf8.count
                guard textOffset <= length, textCount <= length - textOffset else {
                    throw IndexError(.corrupt, "log record places the text of \(docID) outside its stream")
                }
                document.precompressed = PrecompressedStore(
                    zlib: zlib, length: length, textRange: textOffset..<(textOffset + textCount), suffix: suffix
                )
            } else {
                document.stored = try reader.blob()
            }
            return .index(seq: seq, document)
        case 2:
            let count = try reader.int()
            guard count < 1 << 24 else { throw IndexError(.corrupt, "implausible delete count in log") }
            var docIDs: [String] = []
            for _ in 0..<count { docIDs.append(try reader.string()) }
            return .delete(seq: seq, docIDs)
        default:
            throw IndexError(.corrupt, "unknown log record kind \(buffer[0])")
        }
    }
}

/// The shard's list of persisted segments and their deletions, replaced atomically.
///
/// `FZMAN001`, `[snapshotSeq varint]`, `[nextSegment varint]`, `[segments varint]`, per
/// segment `[name string][docCount varint][deleted varint][deleted doc gaps varint…]`, then the
/// CRC-32 of everything before it (u32 LE).
struct Manifest: Sendable {
    struct Entry: Sendable {
        var name: String
        var documentCount: Int
        var deleted: [Int]
    }

    static let magic: [UInt8] = Array("FZMAN001".utf8)
    /// Log records with a smaller seq are contained in the segments.
    var snapshotSeq: UInt64 = 0
    var nextSegment: UInt64 = 1
    var entries: [Entry] = []

    func encode() -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.append(contentsOf: Self.magic)
        writer.varint(self.snapshotSeq)
        writer.varint(self.nextSegment)
        writer.varint(self.entries.count)
        for entry in self.entries {
            writer.string(entry.name)
            writer.varint(entry.documentCount)
            writer.varint(entry.deleted.count)
            var last = -1
            for doc in entry.deleted {
                writer.varint(doc - last)
                last = doc
            }
        }
        writer.u32(Checksum.crc32(writer.bytes))
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(IndexError) -> Manifest {
        guard bytes.count >= 12, Array(bytes[0..<8]) == Self.magic else { throw IndexError(.corrupt, "not a shard manifest") }
        let stored = bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self)) }
        guard Checksum.crc32(bytes[0..<(bytes.count - 4)]) == stored else { throw IndexError(.corrupt, "manifest checksum mismatch") }
        var manifest = Manifest()
        var failure: IndexError?
        bytes.withUnsafeBytes { buffer in
            do throws(IndexError) {
                var reader = ByteReader(UnsafeRawBufferPointer(rebasing: buffer[0..<(buffer.count - 4)]), offset: 8)
                manifest.snapshotSeq = try reader.varint()
                manifest.nextSegment = try reader.varint()
                let count = try reader.int()
                for _ in 0..<count {
                    let name = try reader.string()
                    let documentCount = try reader.int()
                    let deletedCount = try reader.int()
                    guard deletedCount <= documentCount else { throw IndexError(.corrupt, "manifest deletions exceed documents") }
                    var deleted: [Int] = []
                    var last = -1
                    for _ in 0..<deletedCount {
                        last += try reader.int()
                        guard last < documentCount else { throw IndexError(.corrupt, "manifest deletion out of range") }
                        deleted.append(last)
                    }
                    manifest.entries.append(Entry(name: name, documentCount: documentCount, deleted: deleted))
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return manifest
    }
}
