@testable import FazhiIndex
import Foundation
import Testing

/// Documents whose stored form arrives compressed by its producer (a parser's cache entry):
/// kept as given, read back through every path a document takes.
@Suite struct PrecompressedStoreTests {
    /// A document stored as `[0x0A, 0x0B]` + text + 300 other bytes, compressed, plus a suffix;
    /// and the blob `get` must return for it.
    static func packed(_ id: String, _ text: String) -> (document: IndexDocument, blob: [UInt8]) {
        let rest = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ id.utf8.count) }
        let value = [0x0A, 0x0B] + Array(text.utf8) + rest
        let suffix = Array("identity of \(id)".utf8)
        var document = IndexDocument(docID: id, contentHash: "hash-\(id)-\(text.hashValue)", text: text, title: "报告 \(id)")
        document.precompressed = PrecompressedStore(
            zlib: ZlibCodec.compress(value, level: 1),
            length: value.count,
            textRange: 2..<(2 + text.utf8.count),
            suffix: suffix
        )
        return (document, value + suffix)
    }

    static let texts = [
        "全年调解矛盾纠纷120件，调解成功率达98%。",
        "推进“枫桥经验”，培育法律明白人3000余名。",
        "行政复议案件办结率100%，纠错率5.2%。",
        "法治政府建设示范创建，营商环境持续优化。",
    ]

    /// Every packed document reads back whole: blob, text, and a snippet found by a phrase.
    static func expectIntact(_ shard: IndexShard, _ packed: [(document: IndexDocument, blob: [UInt8])], _ stage: String) throws {
        for (document, blob) in packed {
            #expect(try shard.get(document.docID) == blob, "\(stage): blob of \(document.docID)")
            #expect(try shard.document(document.docID)?.text == document.text, "\(stage): text of \(document.docID)")
        }
        let result = try shard.search(QueryParser.parse("\"矛盾纠纷\""), options: SearchOptions(limit: 10, snippets: 1))
        #expect(ids(result) == ["p0"], "\(stage)")
        // The snippet is cut from the text read out of the stream: exactly the original's bytes
        // at its offset, with the match highlighted.
        let snippet = try #require(result.hits.first?.snippets.first, "\(stage)")
        let original = Array(packed[0].document.text.utf8)
        let cut = Array(snippet.text.utf8)
        #expect(snippet.offset + cut.count <= original.count && Array(original[snippet.offset..<(snippet.offset + cut.count)]) == cut, "\(stage)")
        #expect(snippet.highlights.map { String(decoding: cut[$0], as: UTF8.self) } == ["矛盾纠纷"], "\(stage)")
    }

    @Test("kept as given in memory, in segment files, through merges, reopening and log replay")
    func throughEveryPath() async throws {
        let directory = temporaryDirectory()
        let packed = Self.texts.enumerated().map { Self.packed("p\($0.offset)", $0.element) }
        do {
            // Small flushes and merge factor: the documents go through disk segments and merges,
            // mixed with documents whose store the shard compresses itself.
            let shard = try IndexShard(directory: directory, configuration: .init(flushDocuments: 2, mergeFactor: 2))
            for (index, item) in packed.enumerated() {
                _ = try await shard.index([item.document, document("plain\(index)", "依法行政第\(index)项", stored: [UInt8(index)])])
                try Self.expectIntact(shard, Array(packed.prefix(index + 1)), "after index \(index)")
            }
            try await shard.flush()
            try Self.expectIntact(shard, packed, "flushed and merged")
            #expect(try shard.get("plain2") == [2])
            shard.close()
        }
        let reopened = try IndexShard(directory: directory)
        try Self.expectIntact(reopened, packed, "reopened")
        // Written to the log only, then dropped without close (a killed process): replayed.
        let late = Self.packed("late", "宪法宣传周活动覆盖群众2.8万余人次。")
        _ = try await reopened.index([late.document])
        let replayed = try IndexShard(directory: directory)
        defer { replayed.close() }
        #expect(try replayed.get("late") == late.blob)
        #expect(try replayed.document("late")?.text == late.document.text)
        try Self.expectIntact(replayed, packed, "replayed")
    }

    @Test("a producer's stream that does not inflate is reported as corrupt, never served")
    func badStream() async throws {
        let shard = try IndexShard(directory: temporaryDirectory())
        defer { shard.close() }
        var (document, _) = Self.packed("bad", Self.texts[0])
        document.precompressed?.zlib = [0x78, 0x01] + Array(repeating: 0xFF, count: 40)
        _ = try await shard.index([document])
        #expect(throws: IndexError.self) { try shard.get("bad") }
        #expect(throws: IndexError.self) { try shard.document("bad") }
    }

    @Test("a prefix is inflated exactly; a stream shorter than the prefix is an error")
    func prefix() throws {
        let value = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let zlib = ZlibCodec.compress(value, level: 1)
        func prefix(_ stream: [UInt8], _ count: Int) throws -> [UInt8] {
            try stream.withUnsafeBytes { try ZlibCodec.decompressPrefix($0, count: count) }
        }
        #expect(try prefix(zlib, 1) == [0])
        #expect(try prefix(zlib, 777) == Array(value.prefix(777)))
        #expect(try prefix(zlib, value.count) == value)
        #expect(throws: IndexError.self) { try prefix(zlib, value.count + 1) }
        #expect(throws: IndexError.self) { try prefix(Array(zlib.prefix(zlib.count / 2)), 19_000) }
        #expect(throws: IndexError.self) { try PrecompressedStore.inflate(zlib, length: value.count - 1) }
        #expect(throws: IndexError.self) { try PrecompressedStore.inflate(zlib, length: PrecompressedStore.maximumLength + 1) }
        #expect(try PrecompressedStore.inflate(zlib, length: value.count) == value)
    }
}
