import FazhiCorpus
import FazhiParsing
import Foundation
import Testing

/// One generator shared by the tests: building it scans the gazetteer.
let sharedGenerator = CorpusGenerator(seed: 42)
/// 1,000 documents generated once for the rate and consistency tests.
let sample: [GeneratedDocument] = (0..<1000).map { sharedGenerator.generate(index: $0) }

/// The page text as a parser would decode it (GB18030 through iconv via FazhiParsing's decoder).
func decodedText(_ document: GeneratedDocument) -> String {
    switch document.encoding {
    case .utf8: return String(decoding: document.bytes, as: UTF8.self)
    case .utf8BOM: return String(decoding: document.bytes.dropFirst(3), as: UTF8.self)
    case .gb18030: return iconvToUTF8(document.bytes)
    }
}

@Suite("CorpusGenerator")
struct CorpusGeneratorTests {
    @Test("the same seed gives identical bytes and truth; another seed differs")
    func determinism() {
        let again = CorpusGenerator(seed: 42)
        for index in [0, 1, 17, 999] {
            #expect(again.generate(index: index) == sample[index])
        }
        let other = CorpusGenerator(seed: 43)
        #expect(other.generate(index: 0).bytes != sample[0].bytes)
        #expect(other.generate(index: 5).bytes != sample[5].bytes)
    }

    @Test("generate(index:) does not depend on the order of calls")
    func randomAccess() {
        let generator = CorpusGenerator(seed: 42)
        let backwards = [700, 3, 500, 2].map { generator.generate(index: $0) }
        #expect(backwards[0] == sample[700])
        #expect(backwards[1] == sample[3])
        #expect(backwards[3] == sample[2])
        // Neighbouring streams must not be shifted copies of each other.
        #expect(sample[0].sourceURL.suffix(12) != sample[1].sourceURL.suffix(12) || sample[0].sourceURL.suffix(12) != sample[2].sourceURL.suffix(12))
    }

    @Test("every feature appears at a sensible rate in 1,000 documents")
    func featureRates() {
        func share(_ predicate: (GeneratedDocument) -> Bool) -> Double {
            Double(sample.filter(predicate).count) / Double(sample.count)
        }
        func between(_ value: Double, _ low: Double, _ high: Double, _ what: String) {
            #expect(value >= low && value <= high, "\(what): \(value)")
        }
        between(share { $0.format == .html }, 0.45, 0.65, "html")
        between(share { $0.encoding == .gb18030 }, 0.12, 0.25, "gb18030")
        between(share { $0.encoding == .utf8BOM }, 0.03, 0.12, "utf8 BOM")
        between(share { $0.truth.kind == .notAReport }, 0.02, 0.09, "templates")
        between(share { $0.truth.kind == .informationDisclosureReport }, 0.02, 0.09, "disclosure reports")
        for level in AdministrativeLevel.allCases {
            between(share { $0.truth.metadata.level == level }, 0.01, 0.4, "level \(level)")
        }
        let reports = sample.filter { $0.truth.kind == .annualReport }
        func reportShare(_ predicate: (GroundTruth) -> Bool) -> Double {
            Double(reports.filter { predicate($0.truth) }.count) / Double(reports.count)
        }
        for pattern in GroundTruth.PartsPattern.allCases where pattern != .none {
            between(reportShare { $0.partsPattern == pattern }, 0.02, 0.5, "pattern \(pattern)")
        }
        between(reportShare { $0.partsMissing.contains(.c) }, 0.2, 0.5, "missing C")
        between(reportShare { $0.regionStatus == .ambiguous }, 0.02, 0.12, "ambiguous region")
        between(reportShare { $0.signedDateForm == .broken }, 0.03, 0.12, "broken signature date")
        between(reportShare { $0.signedDateForm == .missing }, 0.1, 0.3, "missing signature date")
        between(reportShare { $0.metadata.publishedDate == nil }, 0.1, 0.25, "unknown publication date")
        between(reportShare { $0.publishedOnTime == false }, 0.08, 0.25, "late")
        between(reportShare { $0.metadata.publishedDate.map { $0.month == 4 && $0.day == 1 } ?? false }, 0.02, 0.12, "published 1 April")
        for kind in PlantedTrap.Kind.allCases {
            between(reportShare { $0.traps.contains { $0.kind == kind } }, 0.02, 1, "trap \(kind)")
        }
        for qualifier in Qualifier.allCases where qualifier != .atMost {
            between(reportShare { $0.facts.contains { $0.qualifier == qualifier } }, 0.05, 1, "qualifier \(qualifier)")
        }
        // The generator writes no earlier year's figures (上年同期为…) and no quarters after the
        // first (第三季度…): that would change the seed-42 benchmark corpus; FactSentenceTests
        // cover how they are read.
        for period in Period.allCases where period != .previousYear && period != .partOfYear {
            between(reportShare { $0.facts.contains { $0.period == period } }, 0.05, 1, "period \(period)")
        }
        between(reportShare { $0.facts.contains { $0.partOf != nil } }, 0.05, 1, "breakdowns")
        between(reportShare { $0.facts.contains { $0.isRequirement } }, 0.1, 1, "requirements")
        between(reportShare { $0.facts.contains { $0.value == 0 } }, 0.05, 1, "explicit zeros")
        between(reportShare { $0.facts.contains { $0.valueMax > $0.value } }, 0.05, 1, "ranges")
        between(reportShare { $0.facts.contains { $0.valueKind == .changePercent || $0.valueKind == .changePoints } }, 0.03, 1, "changes")
        between(reportShare { $0.facts.contains { $0.text.unicodeScalars.contains { $0.value >= 0xFF10 && $0.value <= 0xFF19 } } }, 0.05, 1, "full-width digits")
        between(reportShare { $0.facts.contains { $0.text.contains("万") } }, 0.05, 1, "万 amounts")
        let lengths = reports.map { $0.truth.body.utf8.count }.sorted()
        between(Double(lengths[lengths.count / 2]), 5000, 15000, "median body bytes")
    }

    @Test("the truth is consistent with the page")
    func truthConsistency() throws {
        for document in sample {
            let truth = document.truth
            let page = decodedText(document)
            let body = Array(truth.body.utf8)
            let unescaped = page.replacingOccurrences(of: "&ldquo;", with: "“").replacingOccurrences(of: "&rdquo;", with: "”")
            for fact in truth.facts {
                #expect(String(decoding: body[fact.range], as: UTF8.self) == fact.text, "\(document.id): \(fact.text)")
                #expect(fact.sentenceRange.contains(fact.range.lowerBound), "\(document.id): sentence of \(fact.text)")
                #expect(unescaped.contains(fact.text), "\(document.id): page lacks \(fact.text)")
            }
            for trap in truth.traps {
                #expect(unescaped.contains(trap.text), "\(document.id): page lacks trap \(trap.text)")
            }
            for section in truth.sections {
                let heading = String(decoding: body[section.headingRange], as: UTF8.self)
                #expect(heading == section.numbering + section.heading)
            }
            // Breakdowns add up to their total.
            for (index, fact) in truth.facts.enumerated() {
                let parts = truth.facts.filter { $0.partOf == index }
                if !parts.isEmpty {
                    #expect(parts.map(\.value).reduce(0, +) == fact.value, "\(document.id): breakdown of \(fact.text)")
                }
            }
            if truth.kind == .annualReport {
                // The truth title has the parser's single ASCII spaces; the page may use U+3000.
                let flat = page.replacingOccurrences(of: "<br>", with: "").replacingOccurrences(of: "\n", with: "")
                    .replacingOccurrences(of: "\u{3000}", with: " ")
                #expect(flat.contains(truth.metadata.title), "\(document.id): title")
                if let raw = truth.metadata.signedDate?.raw { #expect(page.contains(raw)) }
                if let raw = truth.metadata.publishedDate?.raw { #expect(page.contains(raw)) }
                if truth.regionStatus == .resolved { #expect(truth.metadata.region.province != nil) }
                if truth.regionStatus == .ambiguous { #expect(truth.metadata.region.candidates.count >= 2) }
            }
        }
    }

    @Test("manifest and truth files are valid JSON lines")
    func writerOutput() throws {
        let directory = NSTemporaryDirectory() + "fazhi-corpus-test-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let summary = try CorpusWriter(generator: sharedGenerator).write(count: 1200, to: directory)
        #expect(summary.documents == 1200)
        let manifest = try String(contentsOfFile: directory + "/manifest.jsonl", encoding: .utf8).split(separator: "\n")
        let truth = try String(contentsOfFile: directory + "/truth.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(manifest.count == 1200)
        #expect(truth.count == 1200)
        for (index, line) in manifest.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let file = try #require(object["file"] as? String)
            #expect(object["id"] as? String == sharedGenerator.documentID(index: index))
            #expect(object["title"] is String)
            #expect(FileManager.default.fileExists(atPath: directory + "/" + file))
        }
        for line in truth {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["facts"] is [Any])
            #expect(object["region"] is [String: Any])
        }
        let onDisk = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + sharedGenerator.documentID(index: 0).prefix(0) + "d0000/" + sample[0].fileName))
        #expect(Array(onDisk) == sample[0].bytes)
    }

    @Test("benchmark query terms occur, and the no-match ones do not")
    func queryTerms() throws {
        let path = "../shared/bench/queries.txt"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            print("skipping: \(path) not found")
            return
        }
        let pages = sample.map(decodedText)
        var section = ""
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") {
                section = line
                continue
            }
            let terms = line.split(separator: " ").map(String.init)
            let hits = pages.filter { page in terms.allSatisfy { page.contains($0) } }.count
            if section.contains("no exact match") {
                #expect(hits == 0, "\(line) should not occur")
            } else if !section.contains("place") {
                #expect(hits > 0, "\(line) never occurs")
            }
        }
    }
}
