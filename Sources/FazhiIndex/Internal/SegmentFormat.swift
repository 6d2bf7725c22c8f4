internal import FazhiStorage

/// The segment file layout (see README.md): a fixed header, then nine 8-byte-aligned sections.
enum SegmentFormat {
    static let magic: [UInt8] = Array("FZSEG001".utf8)
    /// 2: bit-packed postings and positions, pairs only (no single-scalar terms).
    /// 3: position blocks may be short blocks that carry their count (merges copy long lists'
    /// blocks as they are); version 2 files read the same way.
    /// 4: a store entry may hold its producer's compressed form (compressed text length 0: the
    /// text is a range of the blob's stream, see `SegmentBuilder.appendStoreEntry`); entries of
    /// versions 2 and 3 read, and merge into later files, unchanged.
    /// 5: `RiceCoding` blocks instead of `BitPacking`, positions only for pairs without a
    /// separator (`TermKey.hasPositions(_:version:)`), and `RiceCoding.slack` zero bytes after
    /// the last term's positions; earlier versions still read, and merge into version 5 files
    /// (positions re-coded, a separator pair's dropped).
    static let version: UInt32 = 5
    static let readableVersions: ClosedRange<UInt32> = 2...5
    static let sectionCount = 9
    static let headerSize = 176

    /// Section numbers.
    enum Section: Int {
        case metaOffsets = 0, keys, postingsOffsets, positionsOffsets, storeOffsets, meta, postings, positions, store
    }

    /// A segment file not yet laid out: its counts and its sections (all but the last three
    /// are u64 arrays). It is copied once, into memory (`SegmentStorage(parts:)`,
    /// `assembled()`) or into a file (`write(to:)`), never assembled first and copied again.
    struct Parts {
        var docCount: Int
        var termCount: Int
        var sections: [[UInt8]]

        init(docCount: Int, termCount: Int, sections: [[UInt8]]) {
            precondition(sections.count == SegmentFormat.sectionCount, "a segment has \(SegmentFormat.sectionCount) sections")
            self.docCount = docCount
            self.termCount = termCount
            self.sections = sections
        }

        /// Where each section starts (8-byte aligned, after the header).
        private var offsets: [Int] {
            var offsets: [Int] = []
            var position = SegmentFormat.headerSize
            for section in self.sections {
                offsets.append(position)
                position += Self.padded(section.count)
            }
            return offsets
        }

        /// The file's size.
        var size: Int {
            self.sections.reduce(SegmentFormat.headerSize) { $0 + Self.padded($1.count) }
        }

        private static func padded(_ count: Int) -> Int { (count + 7) & ~7 }

        private static let zeros = [UInt8](repeating: 0, count: 8)

        /// The header: magic, version, counts, section table, the CRC of every byte between the
        /// header and the store (padding included), and its own CRC.
        private func header() -> [UInt8] {
            var indexCRC: UInt32 = 0
            for section in self.sections[..<Section.store.rawValue] {
                indexCRC = Checksum.crc32(section, continuing: indexCRC)
                let padding = Self.padded(section.count) - section.count
                indexCRC = Self.zeros.withUnsafeBytes { Checksum.crc32(UnsafeRawBufferPointer(rebasing: $0[..<padding]), continuing: indexCRC) }
            }
            var header = ByteWriter(capacity: SegmentFormat.headerSize)
            header.bytes.append(contentsOf: SegmentFormat.magic)
            header.u32(SegmentFormat.version)
            header.u32(UInt32(self.docCount))
            header.u64(UInt64(self.termCount))
            for (section, offset) in zip(self.sections, self.offsets) {
                header.u64(UInt64(offset))
                header.u64(UInt64(section.count))
            }
            header.u32(indexCRC)
            header.u32(Checksum.crc32(header.bytes))
            precondition(header.bytes.count == SegmentFormat.headerSize, "segment header size")
            return header.bytes
        }

        /// Writes the file into `memory`, which holds exactly `size` bytes.
        func copy(into memory: UnsafeMutableRawBufferPointer) {
            precondition(memory.count == self.size, "a segment's memory holds exactly its file")
            // '!' is fine: the memory holds at least the header.
            let base = memory.baseAddress!
            self.header().withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            for (section, offset) in zip(self.sections, self.offsets) {
                section.withUnsafeBytes { source in
                    if let start = source.baseAddress { (base + offset).copyMemory(from: start, byteCount: source.count) }
                }
                (base + offset + section.count).initializeMemory(as: UInt8.self, repeating: 0, count: Self.padded(section.count) - section.count)
            }
        }

        /// The file's bytes.
        func assembled() -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: self.size) { buffer, initialized in
                self.copy(into: UnsafeMutableRawBufferPointer(buffer))
                initialized = buffer.count
            }
        }

        /// Writes the file durably to `path` (temporary file, fsync, rename), section by section.
        func write(to path: String) throws {
            try DurableFile.write(to: path) { file in
                try self.header().withUnsafeBytes { try file.write($0) }
                for section in self.sections {
                    try section.withUnsafeBytes { try file.write($0) }
                    let padding = Self.padded(section.count) - section.count
                    try Self.zeros.withUnsafeBytes { try file.write(UnsafeRawBufferPointer(rebasing: $0[..<padding])) }
                }
            }
        }
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
