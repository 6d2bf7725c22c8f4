import FazhiCorpus
import FazhiIndex
import Testing

@Suite struct SearchTests {
    @Test("field filters, year ranges and facets over the whole matched set")
    func filtersAndFacets() async throws {
        let shard = try IndexShard(directory: temporaryDirectory())
        defer { shard.close() }
        _ = try await shard.index([
            document("1", "开展调解工作", year: 2020, province: "浙江省", level: "street", parts: ["A", "B"], indicators: ["disputes_mediated"]),
            document("2", "开展调解工作", year: 2021, province: "浙江省", level: "township", parts: ["A"]),
            document("3", "开展调解工作", year: 2023, province: "四川省", level: "street", parts: ["B"]),
            document("4", "开展普法工作", year: 2023, province: "四川省", level: "county"),
        ])
        #expect(ids(try search(shard, "调解 year:2023")) == ["3"])
        #expect(Set(ids(try search(shard, "调解 year:2020..2021"))) == ["1", "2"])
        #expect(Set(ids(try search(shard, "工作 province:浙江"))) == ["1", "2"])
        #expect(Set(ids(try search(shard, "工作 level:street"))) == ["1", "3"])
        #expect(Set(ids(try search(shard, "part:B"))) == ["1", "3"])
        #expect(ids(try search(shard, "indicator:disputes_mediated")) == ["1"])
        #expect(Set(ids(try search(shard, "工作 -province:浙江"))) == ["3", "4"])
        let result = try search(shard, "工作", limit: 1, facets: ["year", "province", "level"])
        #expect(result.totalHits == 4)
        #expect(result.hits.count == 1)
        #expect(result.facets.map(\.field) == ["year", "province", "level"])
        #expect(result.facets[0].counts.map(\.value) == ["2023", "2020", "2021"])
        #expect(result.facets[0].counts.map(\.count) == [2, 1, 1])
        #expect(result.facets[1].counts.map(\.value) == ["四川省", "浙江省"])
        #expect(result.facets[2].counts.map(\.value) == ["street", "county", "township"])
        #expect(throws: IndexError.self) { try search(shard, "工作", facets: ["colour"]) }
    }

    @Test("highlights cut the original text exactly at the matched characters")
    func highlights() async throws {
        let shard = try IndexShard(directory: temporaryDirectory())
        defer { shard.close() }
        let text = "前言ＡＢＣ，聘請法律顧問１２０件。\n此外还有法律顾问；ＬＥＤ屏幕。"
        _ = try await shard.index([document("h", text)])
        let result = try shard.search(QueryParser.parse("法律顾问 120件 led"), options: SearchOptions(snippets: 3))
        let hit = try #require(result.hits.first)
        var found: [String] = []
        let original = Array(text.utf8)
        for snippet in hit.snippets {
            let bytes = Array(snippet.text.utf8)
            #expect(Array(original[snippet.offset..<snippet.offset + bytes.count]) == bytes)
            for highlight in snippet.highlights {
                found.append(String(decoding: bytes[highlight], as: UTF8.self))
            }
        }
        #expect(found == ["法律顧問", "１２０件", "法律顾问", "ＬＥＤ"])
    }

    @Test("ranking: more occurrences, shorter documents and rarer terms rank higher; ties by doc id")
    func ranking() async throws {
        let shard = try IndexShard(directory: temporaryDirectory())
        defer { shard.close() }
        _ = try await shard.index([
            document("once", "法律援助工作有序开展，群众满意。"),
            document("thrice", "法律援助，法律援助，法律援助工作有序开展。"),
            document("long", "法律援助工作有序开展，" + String(repeating: "其他各项工作稳步推进。", count: 30)),
            document("tie-b", "普法宣传"),
            document("tie-a", "普法宣传"),
        ])
        #expect(ids(try search(shard, "法律援助")) == ["thrice", "once", "long"])
        #expect(ids(try search(shard, "普法宣传")) == ["tie-a", "tie-b"])
        let scores = try search(shard, "法律援助").hits.map(\.score)
        #expect(scores == scores.sorted(by: >) && scores.allSatisfy { $0 > 0 })
    }

    @Test("one shard and three shards rank and score alike with global statistics")
    func shardIndependence() async throws {
        var rng = SeededGenerator(seed: 7)
        let documents = (0..<90).map { document("d\($0)", SyntheticText.text(words: Int.random(in: 10..<80, using: &rng), using: &rng)) }
        let single = try IndexShard(directory: temporaryDirectory())
        let shards = try (0..<3).map { _ in try IndexShard(directory: temporaryDirectory()) }
        defer {
            single.close()
            for shard in shards { shard.close() }
        }
        _ = try await single.index(documents)
        for (index, document) in documents.enumerated() { _ = try await shards[index % 3].index([document]) }
        for text in ["法治 调解", "行政复议", "枫桥经验 OR 信访", "人民 -工作"] {
            let query = try QueryParser.parse(text)
            var global = TermStatistics()
            for shard in shards { global.merge(try shard.termStatistics(query)) }
            #expect(try global == single.termStatistics(query))
            let expected = try single.search(query, options: SearchOptions(limit: 1000, snippets: 0))
            var merged: [SearchHit] = []
            for shard in shards {
                merged += try shard.search(query, options: SearchOptions(limit: 1000, snippets: 0, globalStatistics: global)).hits
            }
            merged.sort { $0.score != $1.score ? $0.score > $1.score : $0.docID < $1.docID }
            #expect(merged.map(\.docID) == expected.hits.map(\.docID))
            #expect(merged.map(\.score) == expected.hits.map(\.score))
            #expect(expected.totalHits > 0)
        }
    }
}
