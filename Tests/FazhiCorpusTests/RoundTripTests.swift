import FazhiCorpus
import Foundation
import Testing

@testable import FazhiParsing

/// parse(generate(truth)) == truth: the parser reads back what the generator wrote.
@Suite struct RoundTripTests {
    /// The fields compared, each as a readable value, so a failure says exactly what differed.
    struct Comparison {
        var mismatches: [String: [String]] = [:]

        mutating func check<T: Equatable>(_ field: String, _ parsed: T, _ truth: T, id: String) {
            if parsed != truth {
                self.mismatches[field, default: []].append("\(id): parsed \(parsed) expected \(truth)")
            }
        }
    }

    struct FactKey: Hashable, Comparable, CustomStringConvertible {
        var indicator: String
        var value: Double
        var unit: String
        var qualifier: String
        static func < (a: FactKey, b: FactKey) -> Bool { (a.indicator, a.value, a.unit, a.qualifier) < (b.indicator, b.value, b.unit, b.qualifier) }
        var description: String { "\(indicator)=\(value)\(unit)/\(qualifier)" }
    }

    /// Compares `count` generated documents with their truth. `transform` gives the bytes to
    /// parse instead of the document's own (`nil`: the document is skipped); strings quoted
    /// from the page (title, organizations, units) are compared after `fold`.
    static func compare(
        count: Int,
        seed: UInt64,
        transform: (GeneratedDocument) -> [UInt8]? = { $0.bytes },
        fold: @escaping (String) -> String = { $0 }
    ) -> (Comparison, Int) {
        let generator = CorpusGenerator(seed: seed)
        let parser = ReportParser()
        var comparison = Comparison()
        var failures = 0
        for index in 0..<count {
            let document = generator.generate(index: index)
            guard let bytes = transform(document) else { continue }
            let truth = document.truth
            let id = "\(truth.id)"
            guard let parsed = try? parser.parse(bytes, sourceURL: document.sourceURL) else {
                failures += 1
                comparison.mismatches["parse error", default: []].append(id)
                continue
            }
            comparison.check("kind", parsed.kind, truth.kind, id: id)
            guard truth.kind == .annualReport else { continue }
            let m = parsed.metadata
            let t = truth.metadata
            comparison.check("title", fold(m.title), fold(t.title), id: id)
            comparison.check("organizations", m.organizations.map(fold), t.organizations.map(fold), id: id)
            comparison.check("level", m.level, t.level, id: id)
            comparison.check("region", [m.region.province, m.region.city, m.region.county, m.region.township], [t.region.province, t.region.city, t.region.county, t.region.township], id: id)
            comparison.check("report year", m.reportYear, t.reportYear, id: id)
            comparison.check("published", m.publishedDate.map { "\($0)" }, t.publishedDate.map { "\($0)" }, id: id)
            comparison.check("signed", m.signedDate.map { "\($0)" }, t.signedDate.map { "\($0)" }, id: id)
            comparison.check("parts present", parsed.partsPresent, truth.partsPresent, id: id)
            comparison.check("parts missing", parsed.partsMissing, truth.partsMissing, id: id)
            let parsedFacts = parsed.facts.filter { $0.indicator != nil }.map {
                FactKey(indicator: $0.indicator ?? "", value: ($0.value * 100).rounded() / 100, unit: fold($0.unit), qualifier: $0.qualifier.rawValue)
            }.sorted()
            let truthFacts = truth.facts.filter { $0.indicator != nil }.map {
                FactKey(indicator: $0.indicator ?? "", value: ($0.value * 100).rounded() / 100, unit: fold($0.unit), qualifier: $0.qualifier.rawValue)
            }.sorted()
            let missing = Set(truthFacts).subtracting(parsedFacts)
            let extra = Set(parsedFacts).subtracting(truthFacts)
            if !missing.isEmpty { comparison.mismatches["facts missed", default: []].append("\(id): \(missing.sorted())") }
            if !extra.isEmpty { comparison.mismatches["facts extra", default: []].append("\(id): \(extra.sorted())") }
        }
        return (comparison, failures)
    }

    @Test("parse(generate(truth)) == truth on 1,000 generated documents")
    func roundTrip() {
        let (comparison, failures) = Self.compare(count: 1000, seed: 7)
        #expect(failures == 0, "the parser refused generated documents")
        for (field, list) in comparison.mismatches.sorted(by: { $0.key < $1.key }) {
            Issue.record("\(field): \(list.count) of 1000 differ, e.g. \(list.prefix(3).joined(separator: " | "))")
        }
    }

    /// The text of a plain-text UTF-8 document; `nil` for HTML or GB18030 pages.
    static func plainText(_ document: GeneratedDocument) -> String? {
        guard document.format == .text, document.encoding != .gb18030 else { return nil }
        return String(decoding: document.bytes, as: UTF8.self)
    }

    /// Simplified → traditional for the characters with exactly one traditional form in the
    /// parser's folding table.
    static let toTraditional: [UInt32: Unicode.Scalar] = {
        var forms: [UInt32: [UInt32]] = [:]
        var index = 0
        while index < hanFoldingPairs.count {
            let (traditional, simplified) = (hanFoldingPairs[index], hanFoldingPairs[index + 1])
            if (0x4E00...0x9FFF).contains(traditional), traditional != simplified {
                forms[simplified, default: []].append(traditional)
            }
            index += 2
        }
        return forms.compactMapValues { $0.count == 1 ? Unicode.Scalar($0[0]) : nil }
    }()

    static func simplified(_ text: String) -> String {
        HanFolding.simplified(text) ?? text
    }

    static func mismatchesRecorded(_ comparison: Comparison, of label: String) {
        for (field, list) in comparison.mismatches.sorted(by: { $0.key < $1.key }) {
            Issue.record("\(label) \(field): \(list.count) differ, e.g. \(list.prefix(3).joined(separator: " | "))")
        }
    }

    @Test("the same round trip for text pages served in traditional characters (mirror sites)")
    func traditional() {
        var converted = 0
        let (comparison, failures) = Self.compare(
            count: 400,
            seed: 11,
            transform: { document in
                guard let text = Self.plainText(document) else { return nil }
                converted += 1
                var scalars = String.UnicodeScalarView()
                for scalar in text.unicodeScalars { scalars.append(Self.toTraditional[scalar.value] ?? scalar) }
                return Array(String(scalars).utf8)
            },
            fold: Self.simplified
        )
        #expect(converted >= 100, "enough plain-text pages among the generated documents")
        #expect(failures == 0)
        Self.mismatchesRecorded(comparison, of: "traditional:")
    }

    @Test("the same round trip for text pages hard-wrapped at a page width (PDF text layers)")
    func hardWrapped() {
        var converted = 0
        let (comparison, failures) = Self.compare(
            count: 400,
            seed: 13,
            transform: { document in
                guard let text = Self.plainText(document) else { return nil }
                converted += 1
                let width = 30 + converted % 12
                var wrapped = ""
                for line in text.split(whereSeparator: \.isNewline) {
                    var scalars = Array(line.split(whereSeparator: \.isWhitespace).joined(separator: " ").unicodeScalars)
                    guard !scalars.isEmpty else { continue }
                    wrapped += "\u{3000}\u{3000}"
                    while scalars.count > width {
                        wrapped += String(String.UnicodeScalarView(scalars[..<width])) + "\n"
                        scalars.removeFirst(width)
                    }
                    wrapped += String(String.UnicodeScalarView(scalars)) + "\n"
                }
                return Array(wrapped.utf8)
            }
        )
        #expect(converted >= 100, "enough plain-text pages among the generated documents")
        #expect(failures == 0)
        Self.mismatchesRecorded(comparison, of: "wrapped:")
    }

    @Test(
        "diagnostic: agreement per field on generated documents",
        .enabled(if: ProcessInfo.processInfo.environment["FAZHI_ROUNDTRIP_REPORT"] != nil)
    )
    func diagnostic() {
        let count = Int(ProcessInfo.processInfo.environment["FAZHI_ROUNDTRIP_REPORT"] ?? "") ?? 200
        let (comparison, _) = Self.compare(count: count, seed: 7)
        for (field, list) in comparison.mismatches.sorted(by: { $0.value.count > $1.value.count }) {
            print("\(field): \(list.count) of \(count)")
            for line in list.prefix(4) { print("    \(line.prefix(300))") }
        }
    }
}
