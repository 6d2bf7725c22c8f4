import FazhiAggregation
import FazhiParsing
import Foundation
import Testing

@Suite struct FactsPartitionTests {
    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-agg-\(UUID().uuidString)").path
        return path
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    static func logFiles(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory + "/log").filter { $0.hasSuffix(".log") }.sorted()
            .map { directory + "/log/" + $0 }
    }

    static let query = AggregateQuery(groupBy: ["year", "level"])

    /// Equal rows, sums compared up to floating-point addition order (concurrent adds apply in
    /// a different order than replay does).
    static func same(_ lhs: [AggregateGroupResult], _ rhs: [AggregateGroupResult]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return zip(lhs, rhs).allSatisfy { left, right in
            var adjusted = right
            if abs(left.stats.sum - right.stats.sum) <= 1e-12 * max(1, abs(left.stats.sum)) { adjusted.stats.sum = left.stats.sum }
            return left == adjusted
        }
    }

    static func records(_ count: Int, seed: UInt64) -> [ReportRecord] {
        Fixtures.reports(count: count, seed: seed).enumerated().map { index, item in
            var record = item.record
            record.text = Fixtures.text(Fixtures.sentences(count: 5, seed: seed &+ UInt64(index)))
            return record
        }
    }

    @Test("add is durable: reopening after close reads the snapshot and replays nothing")
    func reopenAfterClose() async throws {
        let directory = Self.temporaryDirectory()
        defer { Self.remove(directory) }
        let records = Self.records(120, seed: 61)
        let partition = try FactsPartition(directory: directory)
        #expect(counts(try await partition.add(Array(records.prefix(70)))) == (70, 0))
        #expect(counts(try await partition.add(records)) == (50, 70))
        let before = try partition.aggregate(Self.query)
        let profile = partition.similarityProfile(records[3].docID)
        partition.close()
        await #expect(throws: AggregationError.self) { try await partition.add(records) }

        let reopened = try FactsPartition(directory: directory)
        defer { reopened.close() }
        #expect(reopened.recovery.snapshotReports == 120)
        #expect(reopened.recovery.logRecords == 0)
        #expect(reopened.reportCount == 120)
        #expect(Self.same(try reopened.aggregate(Self.query), before))
        #expect(reopened.similarityProfile(records[3].docID) == profile)
        #expect(counts(try await reopened.add(records)) == (0, 120))
    }

    @Test("the same page parsed by another parser version replaces the stored report")
    func newParserVersionIsAChange() async throws {
        let directory = Self.temporaryDirectory()
        defer { Self.remove(directory) }
        let partition = try FactsPartition(directory: directory)
        defer { partition.close() }
        func parsed(_ version: String, mediated: Double) -> ReportRecord {
            ReportRecord(ParsedReport(
                docID: "d1", contentSHA256: "c0ffee", parserVersion: version,
                facts: [Fact(indicator: "disputes_mediated", value: mediated, unit: "件", text: "\(Int(mediated))件", range: 0..<3, sentenceRange: 0..<9)]
            ))
        }
        #expect(counts(try await partition.add([parsed("0.1.0", mediated: 10)])) == (1, 0))
        #expect(counts(try await partition.add([parsed("0.1.0", mediated: 10)])) == (0, 1))
        #expect(counts(try await partition.add([parsed("0.2.0", mediated: 12)])) == (1, 0), "a newer parser's facts replace the old ones")
        let groups = try partition.aggregate(AggregateQuery(indicators: ["disputes_mediated"], allowCrossLevelSum: true))
        #expect(groups.map(\.stats.max) == [12])
        #expect(partition.reportCount == 1)
    }

    @Test("a page that is not an annual report is stored by id only: counted nowhere, replacing its earlier version")
    func notAnnualReports() async throws {
        let directory = Self.temporaryDirectory()
        defer { Self.remove(directory) }
        func parsed(_ kind: DocumentKind, hash: String, mediated: Double) -> ReportRecord {
            var report = ParsedReport(
                docID: "d1", contentSHA256: hash, parserVersion: "0.3.2",
                metadata: ReportMetadata(reportYear: 2024),
                facts: [Fact(indicator: "disputes_mediated", value: mediated, unit: "件", text: "\(Int(mediated))件", range: 0..<3, sentenceRange: 0..<9)]
            )
            report.kind = kind
            return ReportRecord(report)
        }
        let query = AggregateQuery(indicators: ["disputes_mediated"], allowCrossLevelSum: true)
        var partition = try FactsPartition(directory: directory)
        #expect(counts(try await partition.add([parsed(.annualReport, hash: "a", mediated: 10)])) == (1, 0))
        #expect(try partition.aggregate(query).map(\.stats.max) == [10])
        // The page now reads as a work plan (a parser upgrade, or new content at the same URL).
        #expect(counts(try await partition.add([parsed(.notAReport, hash: "b", mediated: 99)])) == (1, 0))
        #expect(counts(try await partition.add([parsed(.notAReport, hash: "b", mediated: 99)])) == (0, 1))
        #expect(try partition.aggregate(query).filter { !$0.isGroupMarker }.isEmpty)
        #expect(try partition.compliance(ComplianceQuery()).allSatisfy { $0.reports == 0 })
        #expect(partition.reportCount == 0)
        #expect(partition.similarityProfile("d1") == nil)
        // The same after a replay of the log, and after a snapshot.
        partition = try FactsPartition(directory: directory)
        #expect(partition.reportCount == 0)
        #expect(counts(try await partition.add([parsed(.notAReport, hash: "b", mediated: 99)])) == (0, 1))
        try partition.snapshot()
        partition.close()
        partition = try FactsPartition(directory: directory)
        defer { partition.close() }
        #expect(partition.reportCount == 0)
        #expect(counts(try await partition.add([parsed(.notAReport, hash: "b", mediated: 99)])) == (0, 1))
        // A report again replaces it.
        #expect(counts(try await partition.add([parsed(.annualReport, hash: "c", mediated: 12)])) == (1, 0))
        #expect(try partition.aggregate(query).map(\.stats.max) == [12])
    }

    @Test("crash recovery: reopening without close replays the log")
    func reopenWithoutClose() async throws {
        let directory = Self.temporaryDirectory()
        defer { Self.remove(directory) }
        let records = Self.records(80, seed: 62)
        let partition = try FactsPartition(directory: directory)
        _ = try await partition.add(Array(records.prefix(40)))
        _ = try await partition.add(Array(records.suffix(40)))
        var changed = records[0]
        changed.contentHash = "changed"
        changed.facts = [FactRow(indicator: "disputes_mediated", value: 123_456, unit: "件")]
        _ = try await partition.add([changed])
        let before = try partition.aggregate(Self.query)
        // No close(): the process "crashed".
        let reopened = try FactsPartition(directory: directory)
        defer { reopened.close() }
        #expect(reopened.recovery.logRecords == 81)
        #expect(reopened.reportCount == 80)
        #expect(Self.same(try reopened.aggregate(Self.query), before))
        #expect(try reopened.aggregate(AggregateQuery(indicators: ["disputes_mediated"], allowCrossLevelSum: true)).contains { $0.stats.max == 123_456 })
    }

    @Test("a torn log tail is cut off; everything acknowledged before it survives")
    func tornTail() async throws {
        let directory = Self.temporaryDirectory()
        defer { Self.remove(directory) }
        let records = Self.records(30, seed: 63)
        let partition = try FactsPartition(directory: directory)
        _ = try await partition.add(Array(records.prefix(20)))
        let before = try partition.aggregate(Self.query)
        _ = try await partition.add(Array(records.suffix(10)))
        let log = try #require(try Self.logFiles(directory).last)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: log))
        // Cut the last batch in the middle of its last record, then add garbage.
        var torn = bytes.prefix(bytes.count - 9)
        torn.append(contentsOf: [0x55, 0x00, 0x00, 0x00, 0xDE, 0xAD])
        try torn.write(to: URL(fileURLWithPath: log))

        let reopened = try FactsPartition(directory: directory)
        #expect(reopened.recovery.truncatedBytes > 0)
        #expect(reopened.recovery.logRecords == 29)
        #expect(reopened.reportCount == 29)
        // Re-adding the batch restores exactly what was lost.
        #expect(counts(try await reopened.add(Array(records.suffix(10)))) == (1, 9))
        reopened.close()
        let again = try FactsPartition(directory: directory)
        defer { again.close() }
        #expect(again.reportCount == 30)
        let all = try again.aggregate(Self.query)
        #expect(all.map(\.stats.count).reduce(0, +) >= before.map(\.stats.count).reduce(0, +))
    }

    @Test("snapshots during adds drop the covered log and keep every report")
    func snapshotsDuringAdds() async throws {
        let directory = Self.temporaryDirectory()
        defer { Self.remove(directory) }
        let records = Self.records(200, seed: 64)
        let partition = try FactsPartition(directory: directory, configuration: .init(snapshotLogBytes: 8_000))
        await withTaskGroup(of: Void.self) { group in
            for chunk in 0..<10 {
                group.addTask {
                    _ = try? await partition.add(Array(records[(chunk * 20)..<(chunk * 20 + 20)]))
                }
            }
        }
        #expect(partition.reportCount == 200)
        #expect(partition.lastSnapshotError == nil)
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".fzs") }
        #expect(snapshots.count == 1)
        let before = try partition.aggregate(Self.query)
        // Crash (no close), reopen: snapshot + remaining log.
        let reopened = try FactsPartition(directory: directory)
        defer { reopened.close() }
        #expect(reopened.recovery.snapshotReports > 0)
        #expect(reopened.reportCount == 200)
        #expect(Self.same(try reopened.aggregate(Self.query), before))
    }

    @Test("the log grows to the last snapshot's size before the next one, so rewriting stays proportional")
    func snapshotsGeometric() async throws {
        let directory = Self.temporaryDirectory()
        defer { Self.remove(directory) }
        let records = Self.records(160, seed: 66)
        // A one-byte floor: with a fixed threshold every add would rewrite the whole table.
        let partition = try FactsPartition(directory: directory, configuration: .init(snapshotLogBytes: 1))
        var generations = Set<String>()
        for chunk in 0..<16 {
            _ = try await partition.add(Array(records[(chunk * 10)..<(chunk * 10 + 10)]))
            let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".fzs") }
            #expect(names.count == 1)
            generations.formUnion(names)
        }
        // The table doubles between snapshots: after 1, 2, 4, 8 and 16 chunks (give or take one).
        #expect(generations.count >= 3 && generations.count <= 6, "\(generations.count) snapshots for 16 adds")
        let before = try partition.aggregate(Self.query)
        let reopened = try FactsPartition(directory: directory)  // a crash: snapshot plus the log since
        defer { reopened.close() }
        #expect(reopened.reportCount == 160)
        #expect(Self.same(try reopened.aggregate(Self.query), before))
    }

    @Test("a snapshot larger than its write buffer, with records larger than the buffer, reads back whole")
    func largeSnapshot() async throws {
        let directory = Self.temporaryDirectory()
        defer { Self.remove(directory) }
        var records = Self.records(300, seed: 67)
        // Three records of about 1.5 MB each (the snapshot is written through a 1 MiB buffer).
        for index in [0, 150, 299] {
            records[index].text = String(repeating: records[index].text + "\n", count: 1_500_000 / max(1, records[index].text.utf8.count))
        }
        let partition = try FactsPartition(directory: directory)
        _ = try await partition.add(records)
        let before = try partition.aggregate(Self.query)
        let profile = partition.similarityProfile(records[150].docID)
        partition.close()
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasSuffix(".fzs") })
        let size = try #require(try FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? Int)
        #expect(size > 4_500_000)

        let reopened = try FactsPartition(directory: directory)
        defer { reopened.close() }
        #expect(reopened.recovery.snapshotReports == 300)
        #expect(reopened.recovery.logRecords == 0)
        #expect(Self.same(try reopened.aggregate(Self.query), before))
        #expect(reopened.similarityProfile(records[150].docID) == profile)
    }

    @Test("a damaged snapshot fails the open instead of losing data silently")
    func corruptSnapshot() async throws {
        let directory = Self.temporaryDirectory()
        defer { Self.remove(directory) }
        let partition = try FactsPartition(directory: directory)
        _ = try await partition.add(Self.records(10, seed: 65))
        partition.close()
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasSuffix(".fzs") })
        let url = URL(fileURLWithPath: directory + "/" + name)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 5] ^= 0xFF
        try bytes.write(to: url)
        let error = #expect(throws: AggregationError.self) { try FactsPartition(directory: directory) }
        #expect(error?.code == .corruptData)
    }
}

/// The counts of an add, without the unchanged ids (checked separately where they matter).
private func counts(_ outcome: (added: Int, unchanged: Int, unchangedDocIDs: [String])) -> (Int, Int) {
    #expect(outcome.unchanged == outcome.unchangedDocIDs.count)
    return (outcome.added, outcome.unchanged)
}
