import FazhiAggregation
import Testing

@Suite struct SimilarityTests {
    static func record(_ id: String, org: String, year: Int, _ sentences: [String]) -> ReportRecord {
        ReportRecord(docID: id, contentHash: id, title: "标题\(id)", organization: org, year: year, level: "township", text: Fixtures.text(sentences))
    }

    @Test("copy ratio: identical ≈ 1, half copied ≈ 0.5, unrelated ≈ 0")
    func copyRatio() throws {
        let base = Fixtures.sentences(count: 40, seed: 41)
        let fresh = Fixtures.sentences(count: 40, seed: 42)
        let unrelated = Fixtures.sentences(count: 40, seed: 43)
        var table = FactsTable()
        _ = table.add([
            Self.record("org1-2023", org: "甲镇", year: 2023, base),
            Self.record("org1-2024", org: "甲镇", year: 2024, base),
            Self.record("org2-2023", org: "乙镇", year: 2023, base),
            Self.record("org2-2024", org: "乙镇", year: 2024, Array(base.prefix(20)) + Array(fresh.prefix(20))),
            Self.record("org3-2023", org: "丙镇", year: 2023, base),
            Self.record("org3-2024", org: "丙镇", year: 2024, unrelated),
        ])
        func answer(_ id: String) throws -> SimilarityPartial {
            let profile = try #require(table.similarityProfile(id))
            return table.similarity(for: profile, limit: 3)
        }
        let identical = try #require(try answer("org1-2024").previous)
        #expect(identical.docID == "org1-2023")
        #expect(identical.copyRatio == 1)
        #expect(identical.repeatedPassages.count == 40)
        let half = try #require(try answer("org2-2024").previous)
        #expect(abs(half.copyRatio - 0.5) < 0.01)
        #expect(half.repeatedPassages == base.prefix(20).map { $0 + "。" })
        let none = try #require(try answer("org3-2024").previous)
        #expect(none.copyRatio < 0.01)
        #expect(none.repeatedPassages.isEmpty)
        // The earliest year has no previous report.
        #expect(try answer("org1-2023").previous == nil)
    }

    @Test("peers: estimated Jaccard close to the true one, best first, self excluded")
    func peers() throws {
        let base = Fixtures.sentences(count: 60, seed: 44)
        let other = Fixtures.sentences(count: 60, seed: 45)
        var table = FactsTable()
        _ = table.add([
            Self.record("a", org: "甲镇", year: 2024, base),
            Self.record("copy", org: "乙镇", year: 2024, base),
            Self.record("half", org: "丙镇", year: 2024, Array(base.prefix(30)) + Array(other.prefix(30))),
            Self.record("other", org: "丁镇", year: 2024, other),
        ])
        let profile = try #require(table.similarityProfile("a"))
        let partial = table.similarity(for: profile, limit: 2)
        #expect(partial.peers.map(\.docID) == ["copy", "half"])
        #expect(partial.peers[0].similarity == 1)
        // Half the sentences shared: Jaccard of shingle sets ≈ 1/3.
        #expect(abs(partial.peers[1].similarity - 1.0 / 3.0) < 0.15)
        let all = table.similarity(for: profile, limit: 10)
        #expect(all.peers.count == 3)
        #expect(try #require(all.peers.last).similarity < 0.1)
    }

    @Test("two-phase similarity over partitions merges to the one-partition answer")
    func twoPhase() throws {
        let sentences = (0..<6).map { Fixtures.sentences(count: 30, seed: 50 + UInt64($0)) }
        let records = [
            Self.record("p-2023", org: "甲镇", year: 2023, sentences[0]),
            Self.record("p-2024", org: "甲镇", year: 2024, Array(sentences[0].prefix(10)) + Array(sentences[1].prefix(20))),
            Self.record("q", org: "乙镇", year: 2024, Array(sentences[1].prefix(25)) + Array(sentences[2].prefix(5))),
            Self.record("r", org: "丙镇", year: 2024, sentences[3]),
            Self.record("s", org: "丁镇", year: 2024, Array(sentences[1].prefix(10)) + Array(sentences[4].prefix(20))),
        ]
        var whole = FactsTable()
        _ = whole.add(records)
        var first = FactsTable()
        var second = FactsTable()
        _ = first.add([records[1], records[3]])
        _ = second.add([records[0], records[2], records[4]])
        #expect(second.similarityProfile("p-2024") == nil)
        let profile = try #require(first.similarityProfile("p-2024"))
        #expect(profile == whole.similarityProfile("p-2024"))
        let expected = whole.similarity(for: profile, limit: 2)
        let merged = try #require(
            SimilarityPartial.merge([first.similarity(for: profile, limit: 2), second.similarity(for: profile, limit: 2)], limit: 2)
        )
        #expect(merged == expected)
        #expect(merged.previous?.docID == "p-2023")
        #expect(abs((merged.previous?.copyRatio ?? 0) - 1.0 / 3.0) < 0.01)
        #expect(merged.peers.first?.docID == "q")
    }

    @Test("sentences split on 。！？；and newlines; normalisation ignores width, spacing and punctuation")
    func sentenceSplitting() {
        let text = "全面推进依法行政工作取得新成效。加强行政执法监督力度！\n是否建立健全法律顾问制度？落实第一责任人职责；短句。"
        let sentences = TextFingerprint.sentences(of: text)
        #expect(sentences.map(\.text) == ["全面推进依法行政工作取得新成效。", "加强行政执法监督力度！", "是否建立健全法律顾问制度？", "落实第一责任人职责；"])
        let variant = TextFingerprint.sentences(of: "全面推进 依法行政，工作取得新成效")
        #expect(variant.first?.hash == sentences.first?.hash)
        #expect(TextFingerprint.normalize("ＡＢＣ１２３，ab c") == "abc123abc")
    }

    @Test("folding drops exactly whitespace and the punctuation ranges, for every scalar")
    func foldAgreesWithWhitespaceProperty() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var expected = value
            if expected >= 0xFF01 && expected <= 0xFF5E { expected -= 0xFEE0 }
            let reference: UInt32?
            switch expected {
            case 0x30...0x39, 0x61...0x7A: reference = expected
            case 0x41...0x5A: reference = expected + 0x20
            case 0...0x7F, 0x80...0xBF, 0x2000...0x206F, 0x3000...0x303F, 0xFE30...0xFE4F, 0xFF00...0xFF65: reference = nil
            default: reference = scalar.properties.isWhitespace ? nil : expected
            }
            if TextFingerprint.fold(scalar) != reference { disagreements.append(value) }
        }
        #expect(disagreements.isEmpty, "first disagreements: \(disagreements.prefix(5).map { String($0, radix: 16) })")
    }
}

