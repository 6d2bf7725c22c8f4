import FazhiCorpus
import FazhiParsing
import Foundation
import Testing

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

    static func compare(count: Int, seed: UInt64) -> (Comparison, Int) {
        let generator = CorpusGenerator(seed: seed)
        let parser = ReportParser()
        var comparison = Comparison()
        var failures = 0
        for index in 0..<count {
            let document = generator.generate(index: index)
            let truth = document.truth
            let id = "\(truth.id)"
            guard let parsed = try? parser.parse(document.bytes, sourceURL: document.sourceURL) else {
                failures += 1
                comparison.mismatches["parse error", default: []].append(id)
                continue
            }
            comparison.check("kind", parsed.kind, truth.kind, id: id)
            guard truth.kind == .annualReport else { continue }
            let m = parsed.metadata
            let t = truth.metadata
            comparison.check("title", m.title, t.title, id: id)
            comparison.check("organizations", m.organizations, t.organizations, id: id)
            comparison.check("level", m.level, t.level, id: id)
            comparison.check("region", [m.region.province, m.region.city, m.region.county, m.region.township], [t.region.province, t.region.city, t.region.county, t.region.township], id: id)
            comparison.check("report year", m.reportYear, t.reportYear, id: id)
            comparison.check("published", m.publishedDate.map { "\($0)" }, t.publishedDate.map { "\($0)" }, id: id)
            comparison.check("signed", m.signedDate.map { "\($0)" }, t.signedDate.map { "\($0)" }, id: id)
            comparison.check("parts present", parsed.partsPresent, truth.partsPresent, id: id)
            comparison.check("parts missing", parsed.partsMissing, truth.partsMissing, id: id)
            let parsedFacts = parsed.facts.filter { $0.indicator != nil }.map {
                FactKey(indicator: $0.indicator ?? "", value: ($0.value * 100).rounded() / 100, unit: $0.unit, qualifier: $0.qualifier.rawValue)
            }.sorted()
            let truthFacts = truth.facts.filter { $0.indicator != nil }.map {
                FactKey(indicator: $0.indicator ?? "", value: ($0.value * 100).rounded() / 100, unit: $0.unit, qualifier: $0.qualifier.rawValue)
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
