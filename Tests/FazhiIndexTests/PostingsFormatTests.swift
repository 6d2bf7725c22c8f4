@testable import FazhiIndex
import FazhiCorpus
import FazhiParsing
import FazhiStorage
import Foundation
import Testing

@Suite struct PostingsFormatTests {
    @Test("bit-packed blocks round-trip at every width and at block-size boundaries", arguments: [0, 1, 2, 7, 8, 9, 31, 32])
    func bitPackingRoundTrip(width: Int) {
        var rng = SeededGenerator(seed: UInt64(width) &+ 7)
        for count in [1, 2, 7, 8, 63, 64, 127, 128] {
            let maximum: UInt64 = width == 0 ? 0 : (1 << UInt64(width)) - 1
            var values = (0..<count).map { _ in UInt32(UInt64.random(in: 0...maximum, using: &rng)) }
            // The largest value sets the width: make sure it is reached.
            values[count / 2] = UInt32(maximum)
            var bytes: [UInt8] = [0xAA]
            values.withUnsafeBufferPointer { BitPacking.append($0, to: &bytes) }
            #expect(bytes.count == 1 + BitPacking.blockBytes(count: count, width: width))
            #expect(Int(bytes[1]) == width)
            var decoded = [UInt32](repeating: 0xFFFF_FFFF, count: count)
            let end = bytes.withUnsafeBufferPointer { base in
                decoded.withUnsafeMutableBufferPointer { out in
                    // '!' is fine: both buffers are non-empty.
                    BitPacking.decode(base.baseAddress!, at: 1, count: count, into: out.baseAddress!)
                }
            }
            #expect(decoded == values, "width \(width), count \(count)")
            #expect(end == bytes.count)
            // '!' is fine: the buffer is non-empty.
            #expect(bytes.withUnsafeBufferPointer { BitPacking.skip($0.baseAddress!, at: 1, count: count) } == bytes.count)
        }
    }

    @Test("Rice-coded blocks round-trip, skip without decoding, and carry a short position block's count", arguments: [0, 1, 3, 9, 17, 32])
    func riceCodingRoundTrip(bits: Int) {
        var rng = SeededGenerator(seed: UInt64(bits) &+ 99)
        for count in [1, 2, 7, 8, 63, 64, 127, 128] {
            let maximum: UInt64 = bits == 0 ? 0 : (1 << UInt64(bits)) - 1
            // Mostly small values with a few up to `maximum`: the skew Rice codes are chosen for.
            var values = (0..<count).map { _ in
                UInt32(Int.random(in: 0..<8, using: &rng) == 0 ? UInt64.random(in: 0...maximum, using: &rng) : UInt64.random(in: 0...(maximum >> 4), using: &rng))
            }
            values[count / 2] = UInt32(maximum)
            var bytes: [UInt8] = [0xAA]
            values.withUnsafeBufferPointer { RiceCoding.append($0, to: &bytes) }
            // A byte after the block is not part of it; then the slack a segment leaves for
            // eight-byte reads.
            bytes.append(0xFF)
            bytes.append(contentsOf: repeatElement(0, count: RiceCoding.slack))
            var decoded = [UInt32](repeating: 0xFFFF_FFFF, count: count)
            let end = bytes.withUnsafeBufferPointer { base in
                decoded.withUnsafeMutableBufferPointer { out in
                    // '!' is fine: both buffers are non-empty.
                    RiceCoding.decode(base.baseAddress!, at: 1, count: count, into: out.baseAddress!)
                }
            }
            #expect(decoded == values, "bits \(bits), count \(count)")
            let blockEnd = bytes.count - 1 - RiceCoding.slack
            #expect(end == blockEnd)
            // '!' is fine: the buffer is non-empty.
            #expect(bytes.withUnsafeBufferPointer { RiceCoding.skip($0.baseAddress!, at: 1, count: count) } == blockEnd)
            // Never bigger than bit-packing at the block's widest width (which it falls back to).
            let packedBytes = BitPacking.blockBytes(count: count, width: Int(UInt32(maximum).bitWidth - UInt32(maximum).leadingZeroBitCount))
            #expect(blockEnd - 1 <= packedBytes)
            // Zeros are packed at width 0; a full skewed block is Rice-coded.
            if bits == 0 { #expect(bytes[1] == RiceCoding.packedFlag) }
            if bits >= 9 && count == BitPacking.blockSize { #expect(bytes[1] & RiceCoding.packedFlag == 0, "bits \(bits)") }
            // As a short position block marked with its count, in a list with more left.
            guard count < BitPacking.blockSize else { continue }
            var marked = bytes
            marked[1] |= BitPacking.shortBlockFlag
            marked.insert(UInt8(count), at: 2)
            var block = [UInt32](repeating: 0, count: BitPacking.blockSize)
            let decodedBlock = marked.withUnsafeBufferPointer { base in
                block.withUnsafeMutableBufferPointer { RiceCoding.decodePositionBlock(base.baseAddress!, at: 1, remaining: 500, into: $0.baseAddress!) }
            }
            #expect(decodedBlock.count == count && Array(block[0..<count]) == values)
            #expect(decodedBlock.next == blockEnd + 1)
            #expect(marked.withUnsafeBufferPointer { RiceCoding.skipPositionBlock($0.baseAddress!, at: 1, remaining: 500) }.next == blockEnd + 1)
        }
    }

    @Test("separators: whitespace, controls, clause punctuation, quotes and brackets of both widths; not letters, digits, ideographs or joining symbols")
    func separatorScalars() {
        for scalar in "aZ09法治〇々㐀𠀀é+-./%·×#&_①‰〡〸〻".unicodeScalars { #expect(!TermKey.isSeparator(scalar.value), "\(scalar)") }
        for scalar in " \n\t\r,;:!?\"'()[]{}<>，。、“”‘’：；（）《》【】「」　…—\u{85}\u{A0}\u{2028}\u{FEFF}\u{7F}\u{0}".unicodeScalars {
            #expect(TermKey.isSeparator(scalar.value), "\(scalar.value)")
        }
        #expect(TermKey.isSeparator(TermKey.end))
        #expect(TermKey.hasPositions(TermKey.bigram(0x6CD5, 0x6CBB)))
        #expect(TermKey.hasPositions(TermKey.bigram(0x7F51, 0x2B)))  // 网+
        #expect(!TermKey.hasPositions(TermKey.bigram(0x6CD5, 0x2C)))
        #expect(!TermKey.hasPositions(TermKey.bigram(0x2C, 0x6CBB)))
        #expect(!TermKey.hasPositions(TermKey.bigram(0x6CD5, TermKey.end)))
        #expect(TermKey.hasPositions(TermKey.bigram(0x6CD5, 0x2C), version: 4))
        #expect(!TermKey.hasPositions(TermKey.bigram(0x6CD5, TermKey.end), version: 4))
    }

    /// One segment built from `documents`, in memory.
    private func build(_ documents: ArraySlice<IndexDocument>) throws -> Segment {
        var builder = SegmentBuilder(compressionLevel: 1)
        for document in documents { builder.add(document) }
        return try Segment(storage: SegmentStorage(parts: builder.finish()))
    }

    /// Brute-force occurrence count of `needle` in `haystack` (overlapping occurrences).
    private func occurrences(_ needle: [UInt32], in haystack: [UInt32]) -> Int32 {
        guard needle.count <= haystack.count else { return 0 }
        var count: Int32 = 0
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<start + needle.count]) == needle {
            count += 1
        }
        return count
    }

    @Test("postings and positions decode exactly across 128-document and 128-position block boundaries, before and after a merge")
    func segmentRoundTrip() throws {
        var rng = SeededGenerator(seed: 42)
        var documents: [IndexDocument] = []
        // 300 documents: pairs in more than 128 and 256 documents; one document with a pair
        // repeated 300 times (positions across three blocks); a text of one scalar.
        for index in 0..<300 {
            var text = SyntheticText.text(words: Int.random(in: 20..<80, using: &rng), using: &rng)
            if index == 17 { text += String(repeating: "调解", count: 150) + String(repeating: "啊", count: 131) }
            if index == 200 { text = "枫" }
            documents.append(document("d\(index)", text, title: index % 3 == 0 ? "报告" : ""))
        }
        let segment = try build(documents[...])
        var scalars: [[UInt32]] = []
        for document in documents {
            var indexed: [UInt32] = []
            SegmentBuilder.indexedScalars(document, into: &indexed)
            scalars.append(indexed)
        }
        // Delete every 7th document, then merge the segment with itself minus those.
        var deletions = DeletionSet(documentCount: segment.documentCount)
        for doc in stride(from: 0, to: segment.documentCount, by: 7) { deletions.insert(doc) }
        let merged = SegmentMerger.merge([
            SegmentView(segment: segment, deletions: deletions),
            SegmentView(segment: segment, deletions: DeletionSet(documentCount: segment.documentCount)),
        ])
        let mergedSegment = try Segment(storage: SegmentStorage(parts: merged.parts))
        #expect(mergedSegment.documentCount == 300 - (300 + 6) / 7 + 300)

        // Strings without separators (+ joins) match from positions alone; those with one (，, a
        // line break, a space) are checked against the stored text.
        let needles: [[UInt32]] = [
            "调", "调解", "调解调", "解调解调", "啊啊啊", "啊", "枫", "法治", "，", "12345热线", "行政复议", "报告\n",
            "调解，", "，调解", "互联网+政务", "+政", "。\n", "法治，建设", " 调解",
        ]
            .map { Array(FoldedText.fold($0).unicodeScalars.map(\.value)) }
        for needle in needles {
            let expectedDocs = (0..<documents.count).filter { occurrences(needle, in: scalars[$0]) > 0 }
            let expectedFrequencies = expectedDocs.map { occurrences(needle, in: scalars[$0]) }
            let direct = try TermMatcher.match(needle, in: segment, deletions: nil)
            #expect(direct.docs == expectedDocs.map { Int32($0) }, "needle \(needle)")
            #expect(direct.frequencies == expectedFrequencies, "needle \(needle)")

            // In the merge, kept documents of the first input come first, then all 300 again.
            let kept = (0..<documents.count).filter { $0 % 7 != 0 }
            let mergedExpected = kept.indices.filter { expectedDocs.contains(kept[$0]) }.map { Int32($0) }
                + expectedDocs.map { Int32(kept.count + $0) }
            let fromMerge = try TermMatcher.match(needle, in: mergedSegment, deletions: nil)
            #expect(fromMerge.docs == mergedExpected, "merged needle \(needle)")
            #expect(fromMerge.frequencies.reduce(0, +) == expectedFrequencies.enumerated().reduce(0) {
                $0 + $1.element * (expectedDocs[$1.offset] % 7 == 0 ? 1 : 2)
            })
        }
        #expect(try TermMatcher.match(Array("调解".unicodeScalars.map(\.value)), in: segment, deletions: nil).docs.count > 128)
    }

    @Test("merging many segments of short lists, as a flush does, writes exactly the segment one build of all their documents writes")
    func manyWayMergeEqualsOneBuild() throws {
        var rng = SeededGenerator(seed: 7)
        var documents: [IndexDocument] = []
        for index in 0..<400 {
            var text = SyntheticText.text(words: Int.random(in: 5..<60, using: &rng), using: &rng)
            if index % 50 == 0 { text += String(repeating: "调解", count: 70) }
            documents.append(document("d\(index)", text, title: index % 4 == 0 ? "报告" : ""))
        }
        // Chunks of 1 to 20 documents: many inputs (more than a heap's first levels), terms
        // present in one input only and in all of them.
        var inputs: [SegmentView] = []
        var start = 0
        while start < documents.count {
            let end = min(documents.count, start + Int.random(in: 1...20, using: &rng))
            let segment = try build(documents[start..<end])
            inputs.append(SegmentView(segment: segment, deletions: DeletionSet(documentCount: segment.documentCount)))
            start = end
        }
        #expect(inputs.count > 30)
        // Every list is short, so all are re-packed and the bytes equal one build's; long lists
        // are copied as packed blocks, and tested term by term below.
        #expect(inputs.allSatisfy { lists($0.segment).values.allSatisfy { $0.reduce(0) { $0 + Int($1[1]) } < BitPacking.blockSize } })
        var whole = SegmentBuilder(compressionLevel: 1)
        for document in documents { whole.add(document) }
        let expected = whole.finish().assembled()
        let merged = SegmentMerger.merge(inputs)
        // Compared as a Bool: a failure should not print two segments byte by byte.
        let identical = merged.parts.assembled() == expected
        #expect(identical, "merged: \(merged.parts.assembled().count) bytes, one build: \(expected.count) bytes")
        #expect(merged.mapping.map(\.count) == inputs.map(\.segment.documentCount))
        // Shuffled input order would interleave doc numbers: the merge follows the inputs' order.
        let reversedIdentical = SegmentMerger.merge(Array(inputs.reversed())).parts.assembled() == expected
        #expect(!reversedIdentical)
    }

    /// Position blocks of `segment` that carry their count (short blocks a merge left mid-list).
    private func markedBlocks(_ segment: Segment) -> Int {
        var marked = 0
        for term in 0..<segment.termCount {
            let range = segment.positions(term)
            guard !range.isEmpty else { continue }
            var offset = range.lowerBound
            var remaining = Int(readVarint(segment.base, &offset))
            while remaining > 0 {
                if segment.base[offset] & BitPacking.shortBlockFlag != 0 { marked += 1 }
                let block = RiceCoding.skipPositionBlock(segment.base, at: offset, remaining: remaining)
                remaining -= block.count
                offset = block.next
            }
            #expect(offset == range.upperBound)
        }
        return marked
    }

    @Test("a term's positions decode in order when gaps and copied blocks alternate, at and around 128-value boundaries")
    func encoderMixesGapsAndCopiedBlocks() {
        var rng = SeededGenerator(seed: 3)
        func values(_ count: Int) -> [UInt32] { (0..<count).map { _ in UInt32.random(in: 0..<5000, using: &rng) } }
        /// A stored list's blocks (after its count), as a segment holds them.
        func storedBlocks(_ gaps: [UInt32]) -> [UInt8] {
            var encoder = TermEncoder()
            encoder.addDocument(0, frequency: Int32(gaps.count))
            gaps.withUnsafeBufferPointer { encoder.addPositionGaps($0) }
            var postings: [UInt8] = []
            var positions: [UInt8] = []
            encoder.finish(postings: &postings, positions: &positions)
            var offset = 0
            let count = positions.withUnsafeBufferPointer { readVarint($0.baseAddress!, &offset) }
            #expect(Int(count) == gaps.count)
            return Array(positions[offset...])
        }
        enum Piece { case gaps(Int), copied(Int) }
        let cases: [[Piece]] = [
            [.copied(128), .copied(130), .gaps(5)],
            [.gaps(128), .copied(200)],
            [.gaps(200), .copied(128)],
            [.copied(300)],
            [.copied(129), .gaps(127), .copied(256), .gaps(1)],
            [.gaps(3), .copied(131), .copied(128), .copied(140)],
        ]
        for pieces in cases {
            var encoder = TermEncoder()
            encoder.addDocument(0, frequency: 1)
            var expected: [UInt32] = []
            for piece in pieces {
                switch piece {
                case .gaps(let count):
                    let gaps = values(count)
                    expected += gaps
                    gaps.withUnsafeBufferPointer { encoder.addPositionGaps($0) }
                case .copied(let count):
                    let gaps = values(count)
                    expected += gaps
                    storedBlocks(gaps).withUnsafeBytes { encoder.addPositionBlocks($0, count: count) }
                }
            }
            var postings: [UInt8] = []
            var positions: [UInt8] = []
            encoder.finish(postings: &postings, positions: &positions)
            var decoded: [UInt32] = []
            let listEnd = positions.count
            positions.append(contentsOf: repeatElement(0, count: RiceCoding.slack))
            positions.withUnsafeBufferPointer { bytes in
                // '!' is fine: the list is non-empty.
                let base = bytes.baseAddress!
                var offset = 0
                var remaining = Int(readVarint(base, &offset))
                var block = [UInt32](repeating: 0, count: BitPacking.blockSize)
                while remaining > 0 {
                    let next = block.withUnsafeMutableBufferPointer {
                        RiceCoding.decodePositionBlock(base, at: offset, remaining: remaining, into: $0.baseAddress!)
                    }
                    decoded += block[0..<next.count]
                    remaining -= next.count
                    offset = next.next
                }
                #expect(offset == listEnd, "\(pieces)")
            }
            #expect(decoded == expected, "\(pieces)")
        }
    }

    /// Every term of `segment` with its documents, tfs and positions, decoded.
    private func lists(_ segment: Segment) -> [UInt64: [[Int32]]] {
        var lists: [UInt64: [[Int32]]] = [:]
        var positions: [Int32] = []
        for term in 0..<segment.termCount {
            let cursor = PostingCursor(segment: segment, term: term)
            var list: [[Int32]] = []
            while cursor.next() {
                cursor.readPositions(into: &positions)
                list.append([cursor.doc, cursor.frequency] + positions)
            }
            lists[segment.key(term)] = list
        }
        return lists
    }

    @Test("merges that copy long position lists as packed blocks decode to what one build of the same documents holds, merged again too")
    func copiedPositionBlocksDecodeExactly() throws {
        var rng = SeededGenerator(seed: 11)
        var documents: [IndexDocument] = []
        for index in 0..<240 {
            // Lists of 128 positions and more inside one small segment: 法治 5 to 40 times per
            // document, and one document with 300.
            var text = String(repeating: "法治", count: Int.random(in: 5...40, using: &rng))
            text += SyntheticText.text(words: Int.random(in: 5..<40, using: &rng), using: &rng)
            if index == 100 { text += String(repeating: "调解", count: 300) }
            documents.append(document("d\(index)", text))
        }
        func view(_ segment: Segment, deleting deleted: [Int] = []) -> SegmentView {
            var deletions = DeletionSet(documentCount: segment.documentCount)
            for doc in deleted { _ = deletions.insert(doc) }
            return SegmentView(segment: segment, deletions: deletions)
        }
        var chunks: [Segment] = []
        var start = 0
        while start < documents.count {
            let end = min(documents.count, start + Int.random(in: 3...30, using: &rng))
            chunks.append(try build(documents[start..<end]))
            start = end
        }
        // Two merges, then a merge of their outputs (which copies blocks that carry counts).
        let half = chunks.count / 2
        let first = try Segment(storage: SegmentStorage(parts: SegmentMerger.merge(chunks[..<half].map { view($0) }).parts))
        let second = try Segment(storage: SegmentStorage(parts: SegmentMerger.merge(chunks[half...].map { view($0) }).parts))
        let whole = try build(documents[...])
        let twice = try Segment(storage: SegmentStorage(parts: SegmentMerger.merge([view(first), view(second)]).parts))
        let expected = lists(whole)
        #expect(expected[TermKey.bigram(0x6CD5, 0x6CBB)]?.reduce(0) { $0 + Int($1[1]) } ?? 0 > 128 * 20)
        // Blocks were copied (short ones mid-list carry their count), in both rounds.
        #expect(markedBlocks(first) > 0)
        #expect(markedBlocks(twice) > 0)
        #expect(lists(twice) == expected)
        // Matching skips the positions of documents it passes over, marked blocks included.
        for needle in ["法治法治法", "治法", "调解调解调", "法", "治调"] {
            let scalars = Array(FoldedText.fold(needle).unicodeScalars.map(\.value))
            let direct = try TermMatcher.match(scalars, in: whole, deletions: nil)
            let merged = try TermMatcher.match(scalars, in: twice, deletions: nil)
            #expect(merged.docs == direct.docs && merged.frequencies == direct.frequencies, "needle \(needle)")
        }

        // An input with deletions is re-packed around copied blocks of the others.
        let deleted = [0, 5, 17]
        let mixed = try Segment(storage: SegmentStorage(parts: SegmentMerger.merge([view(first, deleting: deleted), view(second)]).parts))
        let kept = documents.enumerated().filter { !deleted.contains($0.offset) }.map(\.element)
        #expect(lists(mixed) == lists(try build(kept[...])))
    }

    @Test("a format-5 segment without the slack its decoder reads into is refused at open")
    func missingSlackIsRefused() throws {
        var builder = SegmentBuilder(compressionLevel: 1)
        for index in 0..<5 { builder.add(document("d\(index)", String(repeating: "法治建设，", count: 10 + index))) }
        let bytes = builder.finish().assembled()
        // The positions section's length (section 7) shortened by the slack, the header re-signed.
        var short = bytes
        let lengthOffset = 24 + 16 * SegmentFormat.Section.positions.rawValue + 8
        let length = short[lengthOffset..<lengthOffset + 8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        withUnsafeBytes(of: (length - UInt64(RiceCoding.slack)).littleEndian) { short.replaceSubrange(lengthOffset..<lengthOffset + 8, with: $0) }
        let headerCRC = Checksum.crc32(short[0..<(SegmentFormat.headerSize - 4)])
        withUnsafeBytes(of: headerCRC.littleEndian) { short.replaceSubrange((SegmentFormat.headerSize - 4)..<SegmentFormat.headerSize, with: $0) }
        let directory = temporaryDirectory()
        try DurableFile.write(bytes, to: "\(directory)/whole")
        try DurableFile.write(short, to: "\(directory)/short")
        #expect(try Segment(storage: SegmentStorage(mapping: "\(directory)/whole")).documentCount == 5)
        #expect(throws: IndexError.self) { try Segment(storage: SegmentStorage(mapping: "\(directory)/short")) }
    }

    /// The documents of `Fixtures/segment-v4.fzs`, a segment the format-4 builder wrote
    /// (commit f213149): 40 synthetic texts, one with 调解， 150 times.
    private func versionFourDocuments() -> [IndexDocument] {
        var rng = SeededGenerator(seed: 2026)
        var documents: [IndexDocument] = []
        for index in 0..<40 {
            var text = SyntheticText.text(words: 30 + index, using: &rng)
            if index == 9 { text += String(repeating: "调解，", count: 150) }
            documents.append(IndexDocument(
                docID: "v4-\(index)", contentHash: "h\(index)", text: text, title: index % 5 == 0 ? "年度报告" : "",
                year: 2020 + index % 5, province: nil, level: nil, parts: [], indicators: [], stored: Array("blob\(index)".utf8)
            ))
        }
        return documents
    }

    @Test("segment files of versions 2 to 4 (bit-packed, every pair positioned) still open, match alike and merge into version 5; an unknown version is refused")
    func earlierVersionsOpenAndMerge() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/segment-v4.fzs")
        let bytes = [UInt8](try Data(contentsOf: fixture))
        func withVersion(_ version: UInt32, _ bytes: [UInt8]) -> [UInt8] {
            var copy = bytes
            withUnsafeBytes(of: version.littleEndian) { copy.replaceSubrange(8..<12, with: $0) }
            let headerCRC = Checksum.crc32(copy[0..<(SegmentFormat.headerSize - 4)])
            withUnsafeBytes(of: headerCRC.littleEndian) { copy.replaceSubrange((SegmentFormat.headerSize - 4)..<SegmentFormat.headerSize, with: $0) }
            return copy
        }
        let directory = temporaryDirectory()
        func open(_ bytes: [UInt8]) throws -> Segment {
            let path = "\(directory)/seg-\(bytes[8])"
            try DurableFile.write(bytes, to: path)
            return try Segment(storage: SegmentStorage(mapping: path))
        }
        let documents = versionFourDocuments()
        let current = try build(documents[...])
        #expect(current.version == 5)
        let fourth = try open(bytes)
        #expect(fourth.version == 4)
        // Version 4 kept positions for separator pairs too; version 5 only for word pairs.
        let (old, new) = (lists(fourth), lists(current))
        #expect(old.keys.sorted() == new.keys.sorted())
        let separator = FoldedText.fold("解，").unicodeScalars.map(\.value)  // 解, after NFKC
        let separatorKey = TermKey.bigram(separator[0], separator[1])
        #expect(old[separatorKey]?.first?.count ?? 0 > 2)
        #expect(new[separatorKey]?.allSatisfy { $0.count == 2 } == true)
        #expect(old.filter { TermKey.hasPositions($0.key) } == new.filter { TermKey.hasPositions($0.key) })

        var scalars: [[UInt32]] = []
        for document in documents {
            var indexed: [UInt32] = []
            SegmentBuilder.indexedScalars(document, into: &indexed)
            scalars.append(indexed)
        }
        let merged = try Segment(storage: SegmentStorage(parts: SegmentMerger.merge([
            SegmentView(segment: fourth, deletions: DeletionSet(documentCount: fourth.documentCount)),
            SegmentView(segment: current, deletions: DeletionSet(documentCount: current.documentCount)),
        ]).parts))
        #expect(merged.version == 5)
        let fromBoth = lists(merged)
        #expect(fromBoth[separatorKey]?.allSatisfy { $0.count == 2 } == true)
        #expect(fromBoth[separatorKey]?.count == 2 * (new[separatorKey]?.count ?? 0))
        for text in ["调解，", "调解，调", "，", "调解", "12345热线", "年度报告\n", "互联网+政务服务", "法治"] {
            let needle = Array(FoldedText.fold(text).unicodeScalars.map(\.value))
            let expected = (0..<documents.count).filter { occurrences(needle, in: scalars[$0]) > 0 }.map { Int32($0) }
            let old = try TermMatcher.match(needle, in: fourth, deletions: nil)
            #expect(old.docs == expected, "\(text)")
            #expect(old.frequencies == expected.map { occurrences(needle, in: scalars[Int($0)]) }, "\(text)")
            let new = try TermMatcher.match(needle, in: current, deletions: nil)
            #expect(new.docs == old.docs && new.frequencies == old.frequencies, "\(text)")
            let both = try TermMatcher.match(needle, in: merged, deletions: nil)
            #expect(both.docs == expected + expected.map { $0 + Int32(documents.count) }, "\(text)")
            #expect(try fourth.stored(9, text: true, blob: true).text == documents[9].text)
        }
        for version: UInt32 in [2, 3] {
            let older = try open(withVersion(version, bytes))
            #expect(lists(older) == old, "version \(version)")
        }
        #expect(throws: IndexError.self) { try open(withVersion(SegmentFormat.version + 1, bytes)) }
    }
}
