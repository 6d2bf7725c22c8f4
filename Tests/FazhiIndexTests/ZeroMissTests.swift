import FazhiCorpus
import FazhiIndex
import FazhiParsing
import Testing

@Suite struct ZeroMissTests {
    @Test("random substrings of indexed documents find exactly the documents that contain them")
    func randomSubstrings() async throws {
        var rng = SeededGenerator(seed: 20_241_122)
        let shard = try IndexShard(
            directory: temporaryDirectory(),
            configuration: .init(flushDocuments: 120, maximumMemorySegments: 3, mergeFactor: 2)
        )
        defer { shard.close() }
        var documents: [IndexDocument] = []
        for index in 0..<300 {
            let text = SyntheticText.text(words: Int.random(in: 20..<120, using: &rng), using: &rng)
            documents.append(document("doc-\(index)", text, title: "报告\(index % 7)"))
        }
        // Several calls, so that in-memory merges, flushes and disk merges all happen.
        for start in stride(from: 0, to: documents.count, by: 25) {
            _ = try await shard.index(Array(documents[start..<min(start + 25, documents.count)]))
        }
        #expect(shard.statistics().segments < 12)
        let folded = documents.map { Array(FoldedText.fold($0.title + "\n" + $0.text).unicodeScalars) }
        for _ in 0..<400 {
            let source = Int.random(in: 0..<documents.count, using: &rng)
            let scalars = folded[source]
            let length = Int.random(in: 1...8, using: &rng)
            let start = Int.random(in: 0...(scalars.count - length), using: &rng)
            let needle = String(String.UnicodeScalarView(scalars[start..<start + length]))
            if needle.allSatisfy(\.isWhitespace) { continue }
            let result = try shard.search(Query([.text(needle)]), options: SearchOptions(limit: 1000, snippets: 0))
            let expected = Set(documents.indices.filter { FoldedText.fold(documents[$0].title + "\n" + documents[$0].text).contains(needle) }
                .map { documents[$0].docID })
            #expect(Set(ids(result)) == expected, "needle \(needle.debugDescription)")
            #expect(result.totalHits == expected.count)
            #expect(expected.contains("doc-\(source)"))
        }
    }

    @Test("a phrase matches only as written; punctuation inside a term is matched exactly")
    func phraseSemantics() async throws {
        let shard = try IndexShard(directory: temporaryDirectory())
        defer { shard.close() }
        _ = try await shard.index([
            document("a", "坚持发展新时代枫桥经验。"),
            document("b", "枫桥的经验值得推广"),
            document("c", "开通12345\"热线，服务群众"),
            document("d", "拨打１２３４５热线咨询"),
            document("e", "法律 顾问制度"),
        ])
        #expect(ids(try search(shard, "\"枫桥经验\"")) == ["a"])
        #expect(ids(try search(shard, "枫桥经验")) == ["a"])
        #expect(Set(ids(try search(shard, "枫桥 经验"))) == ["a", "b"])
        #expect(ids(try search(shard, "12345热线")) == ["d"])
        #expect(ids(try search(shard, "\"法律 顾问\"")) == ["e"])
        #expect(ids(try search(shard, "法律顾问")) == [])
        #expect(ids(try search(shard, "枫")).sorted() == ["a", "b"])
        #expect(ids(try search(shard, "枫桥 -推广")) == ["a"])
        #expect(Set(ids(try search(shard, "热线 OR 顾问"))) == ["c", "d", "e"])
    }

    @Test("folding: traditional, full-width and case variants match each other")
    func folding() async throws {
        let shard = try IndexShard(directory: temporaryDirectory())
        defer { shard.close() }
        _ = try await shard.index([document("t", "聘請法律顧問，安裝ＬＥＤ屏"), document("s", "聘请法律顾问，安装led屏")])
        #expect(Set(ids(try search(shard, "法律顾问"))) == ["t", "s"])
        #expect(Set(ids(try search(shard, "法律顧問"))) == ["t", "s"])
        #expect(Set(ids(try search(shard, "LED"))) == ["t", "s"])
    }
}
