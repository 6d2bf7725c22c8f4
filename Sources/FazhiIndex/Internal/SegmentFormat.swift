internal import FazhiStorage

/// The segment file layout (see README.md): a fixed header, then nine 8-byte-aligned sections.
enum SegmentFormat {
    static let magic: [UInt8] = Array("FZSEG001".utf8)
    /// 2: bit-packed postings and positions, pairs only (no single-scalar terms).
    static let version: UInt32 = 2
    static let sectionCount = 9
    static let headerSize = 176

    /// Section numbers.
    enum Section: Int {
        case metaOffsets = 0, keys, postingsOffsets, positionsOffsets, storeOffsets, meta, postings, positions, store
    }

    /// Assembles a segment file from its sections (all but the last three are u64 arrays).
    static func assemble(docCount: Int, termCount: Int, sections: [[UInt8]]) -> [UInt8] {
        precondition(sections.count == Self.sectionCount, "a segment has \(Self.sectionCount) sections")
        var offsets: [(Int, Int)] = []
        var position = Self.headerSize
        for section in sections {
            offsets.append((position, section.count))
            position += (section.count + 7) & ~7
        }
        var file = [UInt8](repeating: 0, count: position)
        file.withUnsafeMutableBytes { out in
            for (index, section) in sections.enumerated() where !section.isEmpty {
                section.withUnsafeBytes { source in
                    // '!' is fine: `out` is non-empty (it holds the header) and `source` is non-empty.
                    out.baseAddress!.advanced(by: offsets[index].0).copyMemory(from: source.baseAddress!, byteCount: source.count)
                }
            }
        }
        var header = ByteWriter(capacity: Self.headerSize)
        header.bytes.append(contentsOf: Self.magic)
        header.u32(Self.version)
        header.u32(UInt32(docCount))
        header.u64(UInt64(termCount))
        for (offset, length) in offsets {
            header.u64(UInt64(offset))
            header.u64(UInt64(length))
        }
        let storeStart = offsets[Section.store.rawValue].0
        let indexCRC = file.withUnsafeBytes { Checksum.crc32(UnsafeRawBufferPointer(rebasing: $0[Self.headerSize..<storeStart])) }
        header.u32(indexCRC)
        header.u32(Checksum.crc32(header.bytes))
        precondition(header.bytes.count == Self.headerSize, "segment header size")
        file.replaceSubrange(0..<Self.headerSize, with: header.bytes)
        return file
    }

    static func u64Array(_ values: [UInt64]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: values.count * 8)
        bytes.withUnsafeMutableBytes { out in
            for (index, value) in values.enumerated() {
                out.storeBytes(of: value.littleEndian, toByteOffset: index * 8, as: UInt64.self)
            }
        }
        return bytes
    }
}

/// Per-document metadata as stored in the meta section.
struct DocumentMeta: Sendable {
    var docID: String
    var contentHash: String
    var title: String
    var year: Int?
    var province: String?
    var city: String?
    var county: String?
    var level: String?
    var organization: String?
    var parts: [String]
    var indicators: [String]
    /// Folded scalars, whitespace excluded: the BM25 document length.
    var length: Int

    init(_ document: IndexDocument, length: Int) {
        self.docID = document.docID
        self.contentHash = document.contentHash
        self.title = document.title
        self.year = document.year
        self.province = document.province
        self.city = document.city
        self.county = document.county
        self.level = document.level
        self.organization = document.organization
        self.parts = document.parts
        self.indicators = document.indicators
        self.length = length
    }

    func encode(into writer: inout ByteWriter) {
        writer.string(self.docID)
        writer.string(self.contentHash)
        writer.string(self.title)
        writer.varint(self.year.map { UInt64(bitPattern: Int64($0)) &+ 1 } ?? 0)
        writer.optionalString(self.province)
        writer.optionalString(self.city)
        writer.optionalString(self.county)
        writer.optionalString(self.level)
        writer.optionalString(self.organization)
        writer.varint(self.parts.count)
        for part in self.parts { writer.string(part) }
        writer.varint(self.indicators.count)
        for indicator in self.indicators { writer.string(indicator) }
        writer.varint(self.length)
    }

    init(from reader: inout ByteReader) throws(IndexError) {
        self.docID = try reader.string()
        self.contentHash = try reader.string()
        self.title = try reader.string()
        let year = try reader.varint()
        self.year = year == 0 ? nil : Int(Int64(bitPattern: year &- 1))
        self.province = try reader.optionalString()
        self.city = try reader.optionalString()
        self.county = try reader.optionalString()
        self.level = try reader.optionalString()
        self.organization = try reader.optionalString()
        let partCount = try reader.int()
        guard partCount < 1 << 16 else { throw IndexError(.corrupt, "implausible part count") }
        var parts: [String] = []
        for _ in 0..<partCount { parts.append(try reader.string()) }
        self.parts = parts
        let indicatorCount = try reader.int()
        guard indicatorCount < 1 << 20 else { throw IndexError(.corrupt, "implausible indicator count") }
        var indicators: [String] = []
        for _ in 0..<indicatorCount { indicators.append(try reader.string()) }
        self.indicators = indicators
        self.length = try reader.int()
    }
}
