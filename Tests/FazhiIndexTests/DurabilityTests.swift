import FazhiIndex
import Foundation
import Testing

@Suite struct DurabilityTests {
    @Test("delete, replace and unchanged detection")
    func deleteAndReplace() async throws {
        let shard = try IndexShard(directory: temporaryDirectory())
        defer { shard.close() }
        let first = try await shard.index([document("a", "行政复议"), document("b", "行政诉讼")])
        #expect(first.indexed == 2 && first.unchanged == 0 && first.unchangedDocIDs.isEmpty)
        let second = try await shard.index([document("a", "行政复议")])
        #expect(second.indexed == 0 && second.unchanged == 1 && second.unchangedDocIDs == ["a"])
        let third = try await shard.index([document("a", "社区矫正")])
        #expect(third.indexed == 1 && third.unchanged == 0 && third.unchangedDocIDs.isEmpty)
        #expect(ids(try search(shard, "行政复议")) == [])
        #expect(ids(try search(shard, "社区矫正")) == ["a"])
        #expect(try await shard.delete(["b", "missing"]) == 1)
        #expect(ids(try search(shard, "行政")) == [])
        #expect(shard.statistics().documents == 1)
        #expect(try shard.get("b") == nil)
    }

    @Test("reopening after close keeps everything, flushed or not")
    func reopen() async throws {
        let directory = temporaryDirectory()
        do {
            let shard = try IndexShard(directory: directory, configuration: .init(flushDocuments: 3))
            _ = try await shard.index([document("a", "枫桥经验", stored: [1, 2, 3]), document("b", "法律明白人")])
            _ = try await shard.index([document("c", "行政复议"), document("d", "调解")])
            _ = try await shard.index([document("e", "普法", stored: [9])])
            _ = try await shard.delete(["b"])
            shard.close()
            #expect(throws: IndexError.self) { try shard.get("a") }
        }
        let reopened = try IndexShard(directory: directory)
        defer { reopened.close() }
        #expect(reopened.statistics().documents == 4)
        #expect(try reopened.get("a") == [1, 2, 3])
        #expect(try reopened.get("e") == [9])
        #expect(ids(try search(reopened, "法律明白人")) == [])
        #expect(ids(try search(reopened, "复议")) == ["c"])
    }

    @Test("crash recovery: acknowledged writes are replayed from the log without close")
    func recoverWithoutClose() async throws {
        let directory = temporaryDirectory()
        var shard: IndexShard? = try IndexShard(directory: directory)
        _ = try await shard?.index([document("a", "扫黑除恶"), document("b", "禁毒宣传")])
        _ = try await shard?.delete(["a"])
        shard = nil  // dropped without close(), as a killed process would
        let reopened = try IndexShard(directory: directory)
        defer { reopened.close() }
        #expect(ids(try search(reopened, "禁毒")) == ["b"])
        #expect(ids(try search(reopened, "扫黑除恶")) == [])
    }

    @Test("a torn or corrupt log tail loses only the unacknowledged record")
    func tornTail() async throws {
        for damage in ["truncate", "corrupt"] {
            let directory = temporaryDirectory()
            let shard = try IndexShard(directory: directory)
            _ = try await shard.index([document("a", "网格员")])
            _ = try await shard.index([document("b", "人工智能")])
            shard.close()
            let wal = directory + "/wal"
            let file = try #require(try FileManager.default.contentsOfDirectory(atPath: wal).sorted().last)
            let path = wal + "/" + file
            var bytes = try #require(FileManager.default.contents(atPath: path))
            if damage == "truncate" {
                bytes.removeLast(5)
            } else {
                bytes[bytes.count - 3] ^= 0xFF
            }
            try bytes.write(to: URL(fileURLWithPath: path))
            let reopened = try IndexShard(directory: directory)
            #expect(ids(try search(reopened, "网格员")) == ["a"], "\(damage)")
            #expect(ids(try search(reopened, "人工智能")) == [], "\(damage)")
            reopened.close()
        }
    }

    @Test("a stored blob failing its checksum is an error, never served")
    func corruptBlob() async throws {
        let directory = temporaryDirectory()
        let shard = try IndexShard(directory: directory)
        let blob = Array(repeating: UInt8(7), count: 64)
        _ = try await shard.index([document("a", "知识产权，保护", stored: blob)])
        try await shard.flush()
        shard.close()
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("seg-") })
        var bytes = try #require(FileManager.default.contents(atPath: directory + "/" + name))
        bytes[bytes.count - 12] ^= 0x55  // inside the store, the last section
        try bytes.write(to: URL(fileURLWithPath: directory + "/" + name))
        let reopened = try IndexShard(directory: directory)
        defer { reopened.close() }
        #expect(throws: IndexError.self) { try reopened.get("a") }
        // A term with a separator is checked against the stored text: that entry fails its
        // checksum, and the search says so rather than answering without the document.
        let noSnippets = SearchOptions(limit: 10, snippets: 0)
        #expect(try reopened.search(QueryParser.parse("知识产权"), options: noSnippets).totalHits == 1)
        #expect(throws: IndexError.self) { try reopened.search(QueryParser.parse("产权，保"), options: noSnippets) }
        #expect(throws: IndexError.self) { try reopened.termStatistics(QueryParser.parse("产权，保")) }
    }

    @Test("concurrent writers and readers see consistent results")
    func concurrency() async throws {
        let shard = try IndexShard(directory: temporaryDirectory(), configuration: .init(flushDocuments: 40))
        defer { shard.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for batch in 0..<10 {
                        let docs = (0..<5).map { document("w\(writer)-\(batch)-\($0)", "府院联动 第\(writer)组") }
                        _ = try await shard.index(docs)
                        _ = try search(shard, "府院联动")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try search(shard, "府院联动").totalHits == 200)
        #expect(shard.statistics().documents == 200)
    }
}
