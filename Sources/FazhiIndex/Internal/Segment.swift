internal import FazhiStorage
internal import Synchronization

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Immutable raw memory holding one segment file: a private allocation (built in memory) or a
/// read-only `mmap` of the file.
// @unchecked Sendable: the memory is written once before `init` returns and never again; it
// is released only in `deinit`.
final class SegmentStorage: @unchecked Sendable {
    let buffer: UnsafeRawBufferPointer
    private let isMapped: Bool

    /// Memory holding the segment file `parts` lays out.
    init(parts: SegmentFormat.Parts) {
        let size = parts.size
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 8), alignment: 16)
        parts.copy(into: UnsafeMutableRawBufferPointer(rebasing: memory[0..<size]))
        self.buffer = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(memory)[0..<size])
        self.isMapped = false
    }

    init(mapping path: String) throws(IndexError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IndexError(.storage, "cannot open segment \(path) (errno \(errno))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw IndexError(.storage, "cannot stat segment \(path)") }
        let size = Int(info.st_size)
        guard size >= SegmentFormat.headerSize else { throw IndexError(.corrupt, "segment \(path) is truncated") }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw IndexError(.storage, "cannot map segment \(path) (errno \(errno))")
        }
        self.buffer = UnsafeRawBufferPointer(start: address, count: size)
        self.isMapped = true
    }

    deinit {
        if self.isMapped {
            munmap(UnsafeMutableRawPointer(mutating: self.buffer.baseAddress), self.buffer.count)
        } else {
            self.buffer.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() }
        }
    }
}

/// Distinct strings numbered in order of first appearance (the dictionary of a column).
struct StringInterner: Sendable {
    private(set) var values: [String] = []
    private var lookup: [String: Int32] = [:]

    /// The number of `value`, adding it when new.
    mutating func id(_ value: String) -> Int32 {
        if let id = self.lookup[value] { return id }
        let id = Int32(self.values.count)
        self.values.append(value)
        self.lookup[value] = id
        return id
    }
}

/// A column of optional strings, interned per segment: `ids[doc]` indexes `values`, -1 is nil.
struct StringColumn: Sendable {
    var ids: [Int32] = []
    private var interner = StringInterner()
    var values: [String] { self.interner.values }

    mutating func append(_ value: String?) {
        guard let value else {
            self.ids.append(-1)
            return
        }
        let id = self.interner.id(value)
        self.ids.append(id)
    }

    func value(_ doc: Int) -> String? {
        let id = self.ids[doc]
        return id < 0 ? nil : self.values[Int(id)]
    }
}

/// A multi-valued string column (parts, indicators), flattened.
struct ListColumn: Sendable {
    var starts: [Int32] = [0]
    var ids: [Int32] = []
    private var interner = StringInterner()
    var values: [String] { self.interner.values }

    mutating func append(_ list: [String]) {
        for value in list {
            let id = self.interner.id(value)
            self.ids.append(id)
        }
        self.starts.append(Int32(self.ids.count))
    }

    func ids(_ doc: Int) -> ArraySlice<Int32> { self.ids[Int(self.starts[doc])..<Int(self.starts[doc + 1])] }
}

/// One immutable segment: term dictionary, postings, positions, per-document metadata
/// (decoded into columns at load) and the document store.
final class Segment: Sendable {
    let storage: SegmentStorage
    /// The file's format version (`SegmentFormat.readableVersions`).
    let version: UInt32
    let documentCount: Int
    let termCount: Int
    private let sections: [Range<Int>]
    let docIDs: [String]
    let contentHashes: [String]
    let titles: [String]
    let years: [Int32]
    let lengths: [Int32]
    let totalLength: UInt64
    let province: StringColumn
    let city: StringColumn
    let county: StringColumn
    let level: StringColumn
    let organization: StringColumn
    let parts: ListColumn
    let indicators: ListColumn
    /// Bytes of the index sections (all but the store) and of the store.
    let indexBytes: Int
    let storeBytes: Int

    /// Opens a segment over `storage`, checking the header and the index checksum.
    init(storage: SegmentStorage, verify: Bool = true) throws(IndexError) {
        let buffer = storage.buffer
        guard buffer.count >= SegmentFormat.headerSize,
            Array(buffer[0..<8]) == SegmentFormat.magic
        else { throw IndexError(.corrupt, "not a segment file") }
        var reader = ByteReader(buffer, offset: 8)
        let version = try reader.u32()
        guard SegmentFormat.readableVersions.contains(version) else { throw IndexError(.corrupt, "unknown segment version \(version)") }
        let docCount = Int(try reader.u32())
        let termCount = try reader.u64()
        var sections: [Range<Int>] = []
        for _ in 0..<SegmentFormat.sectionCount {
            let offset = try reader.u64()
            let length = try reader.u64()
            guard offset <= UInt64(buffer.count), length <= UInt64(buffer.count) - offset else {
                throw IndexError(.corrupt, "segment section out of bounds")
            }
            sections.append(Int(offset)..<Int(offset + length))
        }
        let indexCRC = try reader.u32()
        let headerCRC = try reader.u32()
        guard Checksum.crc32(UnsafeRawBufferPointer(rebasing: buffer[0..<172])) == headerCRC else {
            throw IndexError(.corrupt, "segment header checksum mismatch")
        }
        let storeStart = sections[SegmentFormat.Section.store.rawValue].lowerBound
        if verify {
            let crc = Checksum.crc32(UnsafeRawBufferPointer(rebasing: buffer[SegmentFormat.headerSize..<storeStart]))
            guard crc == indexCRC else { throw IndexError(.corrupt, "segment index checksum mismatch") }
        }
        guard sections[0].count == (docCount + 1) * 8, sections[1].count == Int(termCount) * 8,
            sections[2].count == (Int(termCount) + 1) * 8, sections[3].count == (Int(termCount) + 1) * 8,
            sections[4].count == (docCount + 1) * 8
        else { throw IndexError(.corrupt, "segment section sizes disagree with the counts") }
        if version >= 5 {
            // Format 5 decodes eight bytes at a time (RiceCoding.slack): the positions section
            // follows the postings and keeps its slack after the last term's list.
            let postings = sections[SegmentFormat.Section.postings.rawValue]
            let positions = sections[SegmentFormat.Section.positions.rawValue]
            let lastPositions = Self.load(buffer, sections[3].lowerBound + Int(termCount) * 8)
            guard (postings.upperBound + 7) & ~7 == positions.lowerBound,
                lastPositions <= UInt64(positions.count), UInt64(positions.count) - lastPositions >= UInt64(RiceCoding.slack)
            else { throw IndexError(.corrupt, "segment positions section lacks the slack its format reads into") }
        }
        self.storage = storage
        self.version = version
        self.documentCount = docCount
        self.termCount = Int(termCount)
        self.sections = sections
        self.indexBytes = storeStart
        self.storeBytes = buffer.count - storeStart

        var docIDs: [String] = []
        var hashes: [String] = []
        var titles: [String] = []
        var years: [Int32] = []
        var lengths: [Int32] = []
        docIDs.reserveCapacity(docCount)
        var total: UInt64 = 0
        var province = StringColumn()
        var city = StringColumn()
        var county = StringColumn()
        var level = StringColumn()
        var organization = StringColumn()
        var parts = ListColumn()
        var indicators = ListColumn()
        let metaBase = sections[SegmentFormat.Section.meta.rawValue]
        let meta = UnsafeRawBufferPointer(rebasing: buffer[metaBase])
        for doc in 0..<docCount {
            let start = Self.load(buffer, sections[0].lowerBound + doc * 8)
            let end = Self.load(buffer, sections[0].lowerBound + doc * 8 + 8)
            guard start <= end, end <= UInt64(meta.count) else { throw IndexError(.corrupt, "meta offsets out of bounds") }
            var metaReader = ByteReader(UnsafeRawBufferPointer(rebasing: meta[Int(start)..<Int(end)]))
            let entry = try DocumentMeta(from: &metaReader)
            docIDs.append(entry.docID)
            hashes.append(entry.contentHash)
            titles.append(entry.title)
            years.append(Int32(clamping: entry.year ?? 0))
            lengths.append(Int32(clamping: entry.length))
            total += UInt64(entry.length)
            province.append(entry.province)
            city.append(entry.city)
            county.append(entry.county)
            level.append(entry.level)
            organization.append(entry.organization)
            parts.append(entry.parts)
            indicators.append(entry.indicators)
        }
        self.docIDs = docIDs
        self.contentHashes = hashes
        self.titles = titles
        self.years = years
        self.lengths = lengths
        self.totalLength = total
        self.province = province
        self.city = city
        self.county = county
        self.level = level
        self.organization = organization
        self.parts = parts
        self.indicators = indicators
    }

    @inline(__always)
    private static func load(_ buffer: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Raw metadata bytes of `doc`, for copying into a merged segment.
    func metaBytes(_ doc: Int) -> UnsafeRawBufferPointer {
        let table = self.sections[0].lowerBound
        let start = Int(Self.load(self.storage.buffer, table + doc * 8))
        let end = Int(Self.load(self.storage.buffer, table + doc * 8 + 8))
        let base = self.sections[SegmentFormat.Section.meta.rawValue].lowerBound
        return UnsafeRawBufferPointer(rebasing: self.storage.buffer[base + start..<base + end])
    }

    /// Raw store entry of `doc` (checksum included), for copying into a merged segment.
    func storeEntry(_ doc: Int) -> UnsafeRawBufferPointer {
        let table = self.sections[SegmentFormat.Section.storeOffsets.rawValue].lowerBound
        let start = Int(Self.load(self.storage.buffer, table + doc * 8))
        let end = Int(Self.load(self.storage.buffer, table + doc * 8 + 8))
        let base = self.sections[SegmentFormat.Section.store.rawValue]
        guard start <= end, base.lowerBound + end <= base.upperBound else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(rebasing: self.storage.buffer[base.lowerBound + start..<base.lowerBound + end])
    }

    /// The original text and stored blob of `doc`, checksum-verified.
    func stored(_ doc: Int, text wantText: Bool, blob wantBlob: Bool) throws(IndexError) -> (text: String?, blob: [UInt8]?) {
        let entry = self.storeEntry(doc)
        guard entry.count >= 4 else { throw IndexError(.corrupt, "store entry of \(self.docIDs[doc]) is missing") }
        var reader = ByteReader(entry)
        let crc = try reader.u32()
        let body = UnsafeRawBufferPointer(rebasing: entry[4...])
        guard Checksum.crc32(body) == crc else {
            throw IndexError(.corrupt, "store entry of \(self.docIDs[doc]) fails its checksum")
        }
        let textLength = try reader.int()
        let compressedText = try reader.int()
        let blobLength = try reader.int()
        let compressedBlob = try reader.int()
        if compressedText == 0 {
            // The producer's compressed form (SegmentBuilder.appendStoreEntry(textByteCount:…)).
            let textOffset = try reader.int()
            let suffixLength = try reader.int()
            let stream = try reader.bytes(compressedBlob)
            let suffix = try reader.bytes(suffixLength)
            guard textOffset <= blobLength, textLength <= blobLength - textOffset else {
                throw IndexError(.corrupt, "store entry of \(self.docIDs[doc]) places its text outside its stream")
            }
            var text: String?
            var blob: [UInt8]?
            if wantBlob {
                var inflated = try ZlibCodec.decompress(stream, length: blobLength)
                if wantText { text = String(decoding: inflated[textOffset..<(textOffset + textLength)], as: UTF8.self) }
                inflated.append(contentsOf: suffix)
                blob = inflated
            } else if wantText {
                let prefix = try ZlibCodec.decompressPrefix(stream, count: textOffset + textLength)
                text = String(decoding: prefix[textOffset...], as: UTF8.self)
            }
            return (text, blob)
        }
        let textBytes = try reader.bytes(compressedText)
        let blobBytes = try reader.bytes(compressedBlob)
        let text = wantText ? String(decoding: try ZlibCodec.decompress(textBytes, length: textLength), as: UTF8.self) : nil
        let blob = wantBlob ? try ZlibCodec.decompress(blobBytes, length: blobLength) : nil
        return (text, blob)
    }

    // MARK: Terms

    var base: UnsafePointer<UInt8> {
        // '!' is fine: a segment buffer always holds at least its header.
        self.storage.buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
    }

    func key(_ term: Int) -> UInt64 {
        Self.load(self.storage.buffer, self.sections[1].lowerBound + term * 8)
    }

    /// The dictionary index of `key`, by binary search.
    func term(_ key: UInt64) -> Int? {
        let low = self.lowerBound(key)
        return low < self.termCount && self.key(low) == key ? low : nil
    }

    /// The dictionary indices of the keys in `keys`.
    func terms(_ keys: ClosedRange<UInt64>) -> Range<Int> {
        let low = self.lowerBound(keys.lowerBound)
        let high = keys.upperBound == .max ? self.termCount : self.lowerBound(keys.upperBound + 1)
        return low..<max(low, high)
    }

    /// The first dictionary index whose key is not below `key`.
    private func lowerBound(_ key: UInt64) -> Int {
        var low = 0
        var high = self.termCount
        let table = self.sections[1].lowerBound
        let buffer = self.storage.buffer
        while low < high {
            let middle = (low + high) >> 1
            if Self.load(buffer, table + middle * 8) < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Absolute byte range of the postings of `term`.
    func postings(_ term: Int) -> Range<Int> {
        let table = self.sections[2].lowerBound + term * 8
        let base = self.sections[SegmentFormat.Section.postings.rawValue].lowerBound
        return base + Int(Self.load(self.storage.buffer, table))..<base + Int(Self.load(self.storage.buffer, table + 8))
    }

    /// Absolute byte range of the positions of `term`.
    func positions(_ term: Int) -> Range<Int> {
        let table = self.sections[3].lowerBound + term * 8
        let base = self.sections[SegmentFormat.Section.positions.rawValue].lowerBound
        return base + Int(Self.load(self.storage.buffer, table))..<base + Int(Self.load(self.storage.buffer, table + 8))
    }
}
