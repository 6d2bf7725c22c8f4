import FazhiParsing
import Testing

@testable import FazhiAggregation

/// The one-permutation MinHash: an unbiased estimate of shingle-set Jaccard similarity,
/// dense even for short texts, and old records' signatures recomputed on read.
@Suite struct SignatureTests {
    /// The true Jaccard similarity of two texts' shingle sets, as the signature defines them.
    static func jaccard(_ a: String, _ b: String) -> Double {
        func shingles(_ text: String) -> Set<[UInt32]> {
            let folded = text.unicodeScalars.compactMap(TextFingerprint.fold)
            guard folded.count >= TextFingerprint.shingleLength else { return [] }
            return Set((0...(folded.count - TextFingerprint.shingleLength)).map { Array(folded[$0..<($0 + TextFingerprint.shingleLength)]) })
        }
        let (x, y) = (shingles(a), shingles(b))
        return Double(x.intersection(y).count) / Double(x.union(y).count)
    }

    @Test("estimates track the true Jaccard similarity over many pairs, from disjoint to identical")
    func unbiased() {
        var errors: [Double] = []
        var signedSum = 0.0
        for pair in 0..<60 {
            let shared = Fixtures.sentences(count: pair % 40, seed: 1000 + UInt64(pair))
            let a = Fixtures.text(shared + Fixtures.sentences(count: 40 - pair % 40, seed: 2000 + UInt64(pair)))
            let b = Fixtures.text(shared + Fixtures.sentences(count: 40 - pair % 40, seed: 3000 + UInt64(pair)))
            let truth = Self.jaccard(a, b)
            let estimate = TextFingerprint.estimatedJaccard(TextFingerprint.signature(of: a), TextFingerprint.signature(of: b))
            errors.append(abs(estimate - truth))
            signedSum += estimate - truth
        }
        let meanError = errors.reduce(0, +) / Double(errors.count)
        // One estimate's standard error is at most 0.044; the mean absolute error of 60 is well
        // below that, and the signed mean (bias) near zero.
        #expect(meanError < 0.05, "mean absolute error \(meanError)")
        #expect(abs(signedSum / Double(errors.count)) < 0.02, "bias \(signedSum / Double(errors.count))")
        #expect(errors.max() ?? 1 < 0.16)
    }

    @Test("short texts get a full signature; equal texts equal ones; too short none")
    func denseAndDeterministic() {
        let short = "依法行政工作取得新成效"  // 11 scalars: 8 shingles for 128 bins
        let signature = TextFingerprint.signature(of: short)
        #expect(signature.count == TextFingerprint.signatureLength)
        #expect(Set(signature).count <= 8)  // every bin holds one of the 8 shingles' values
        #expect(TextFingerprint.signature(of: short) == signature)
        #expect(TextFingerprint.signature(of: " 依法行政，工作取得新成效。") == signature)  // punctuation and spaces fold away
        #expect(TextFingerprint.signature(of: "依法行") == [])
        #expect(TextFingerprint.estimatedJaccard(signature, TextFingerprint.signature(of: "完全无关的另外一段文字内容")) < 0.2)
    }

    @Test("a version 1 record is read with its signature recomputed in today's scheme")
    func versionOneRecord() throws {
        let text = Fixtures.text(Fixtures.sentences(count: 20, seed: 77))
        let record = ReportRecord(docID: "d", contentHash: "h", title: "t", organization: "o", year: 2023, level: "county", text: text)
        var old = StoredReport(record: record, sequence: 9, signature: [UInt32](repeating: 7, count: TextFingerprint.signatureLength))
        var bytes = old.encoded()
        #expect(bytes[0] == StoredReport.formatVersion)
        // Versions 1 and 2 end after the signature (version 3 adds the annual-report byte).
        bytes.removeLast()
        bytes[0] = 1
        let decoded = try StoredReport(decoding: bytes, context: "test")
        #expect(decoded.signature == TextFingerprint.signature(of: text))
        #expect(decoded.record == record && decoded.sequence == 9)
        // A version 2 record keeps what it stored (replay never recomputes), and is a report.
        bytes[0] = 2
        let second = try StoredReport(decoding: bytes, context: "test")
        #expect(second.signature == [UInt32](repeating: 7, count: TextFingerprint.signatureLength))
        #expect(second.record.isAnnualReport)
        old.signature = [UInt32](repeating: 7, count: TextFingerprint.signatureLength)
        #expect(try StoredReport(decoding: old.encoded(), context: "test").signature == old.signature)
        // Version 3 carries whether it is an annual report.
        old.record.isAnnualReport = false
        #expect(try StoredReport(decoding: old.encoded(), context: "test").record.isAnnualReport == false)
        bytes[0] = StoredReport.formatVersion + 1
        #expect(throws: AggregationError.self) { try StoredReport(decoding: bytes, context: "test") }
    }

    @Test("facts keep their period from format 4 on; a version 3 record's facts have none")
    func factPeriods() throws {
        func stored(_ period: Period) -> StoredReport {
            let fact = FactRow(indicator: "disputes_mediated", value: 120, unit: "件", qualifier: .approxOver, period: period)
            return StoredReport(record: ReportRecord(docID: "d", contentHash: "h", year: 2024, facts: [fact], text: "正文"), sequence: 3, signature: [])
        }
        for period in Period.allCases {
            #expect(try StoredReport(decoding: stored(period).encoded(), context: "test").record.facts.map(\.period) == [period])
        }
        // The one byte where two periods differ is the period; without it, as version 3 wrote.
        let cumulative = stored(.cumulative).encoded()
        let fullYear = stored(.fullYear).encoded()
        let differing = cumulative.indices.filter { cumulative[$0] != fullYear[$0] }
        #expect(differing.count == 1)
        var version3 = cumulative
        version3.remove(at: differing[0])
        version3[0] = 3
        let decoded = try StoredReport(decoding: version3, context: "test")
        #expect(decoded.record.facts.map(\.period) == [.unspecified])
        #expect(decoded.record.facts.map(\.qualifier) == [.approxOver] && decoded.record.text == "正文")
        // An unknown period code is corrupt data, not a guess.
        var unknown = cumulative
        unknown[differing[0]] = 200
        #expect(throws: AggregationError.self) { try StoredReport(decoding: unknown, context: "test") }
    }
}
