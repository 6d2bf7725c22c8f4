import FazhiCorpus
import FazhiParsing
import Foundation
import Testing

/// The truth follows the conventions of the hand-checked seed expectations
/// (Tests/FazhiParsingTests/Fixtures), so that it is what a careful annotator would write.
@Suite("Truth conventions")
struct TruthConventionTests {
    /// Whether `text` contains `phrasing` (parts separated by `…` in order), brackets folded.
    static func contains(_ text: String, phrasing: String) -> Bool {
        func fold(_ s: String) -> String {
            s.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")")
        }
        let folded = fold(text)
        var from = folded.startIndex
        for part in phrasing.split(separator: "…") {
            guard let found = folded.range(of: fold(String(part)), range: from..<folded.endIndex) else { return false }
            from = found.upperBound
        }
        return true
    }

    @Test("titles have single ASCII spaces, as the parser normalises them")
    func titles() {
        for document in sample where document.truth.kind == .annualReport {
            let title = document.truth.metadata.title
            #expect(!title.contains("\u{3000}") && !title.contains("  "), "\(document.id): \(title)")
        }
    }

    @Test("every linked fact's sentence states a phrasing of its indicator")
    func linkedFactsHaveACue() throws {
        let taxonomy = IndicatorTaxonomy.shared
        for document in sample where document.truth.kind == .annualReport {
            let body = Array(document.truth.body.utf8)
            for fact in document.truth.facts {
                guard let id = fact.indicator else { continue }
                let indicator = try #require(taxonomy.indicator(id: id))
                let sentence = String(decoding: body[fact.sentenceRange], as: UTF8.self)
                let cued = (indicator.phrasings + indicator.zeroPhrasings).contains { Self.contains(sentence, phrasing: $0) }
                #expect(cued, "\(document.id): \(id) in \(sentence)")
            }
        }
    }

    @Test("a linked fact restated in another sentence is listed once")
    func noRepeatedFacts() {
        struct Key: Hashable {
            var indicator: String
            var value: Double
            var period: Period
        }
        for document in sample {
            var seen: [Key: Range<Int>] = [:]
            for fact in document.truth.facts {
                guard let indicator = fact.indicator else { continue }
                let key = Key(indicator: indicator, value: fact.value, period: fact.period)
                if let sentence = seen[key] {
                    #expect(sentence == fact.sentenceRange, "\(document.id): \(indicator) \(fact.text) repeated")
                } else {
                    seen[key] = fact.sentenceRange
                }
            }
        }
    }

    @Test("one number states one fact per indicator (参学率、参考率均为100% is one fact)")
    func oneFactPerIndicatorAndSpan() {
        for document in sample {
            var seen = Set<String>()
            for fact in document.truth.facts {
                let key = "\(fact.indicator ?? "-")|\(fact.range)"
                #expect(seen.insert(key).inserted, "\(document.id): \(fact.text)")
            }
        }
    }

    @Test("fact text starts at the number: qualifiers before it (约, 超过, 不少于) are outside")
    func factTextStartsAtTheNumber() {
        for document in sample {
            for fact in document.truth.facts where fact.value != 0 {
                let first = fact.text.unicodeScalars.first.map { String($0) } ?? ""
                #expect(!["约", "近", "将", "超", "逾", "不"].contains(first), "\(document.id): \(fact.text)")
            }
        }
    }

    @Test("fact density is close to real reports (seeds: 15–45 facts, about two thirds linked)")
    func factDensity() {
        let reports = sample.filter { $0.truth.kind == .annualReport }
        let counts = reports.map(\.truth.facts.count).sorted()
        let median = counts[counts.count / 2]
        #expect(median >= 15 && median <= 45, "median facts \(median)")
        let all = reports.flatMap(\.truth.facts)
        let linked = Double(all.filter { $0.indicator != nil }.count) / Double(all.count)
        #expect(linked >= 0.5 && linked <= 0.8, "linked share \(linked)")
    }

    @Test("organizations: signature names first, then title names not already covered")
    func organizations() {
        for document in sample where document.truth.kind == .annualReport {
            let names = document.truth.metadata.organizations
            #expect(!names.isEmpty, "\(document.id)")
            for (i, a) in names.enumerated() {
                for b in names[(i + 1)...] {
                    #expect(!a.contains(b) && !b.contains(a), "\(document.id): \(a) / \(b)")
                }
            }
        }
    }
}

@Suite("Truth dates")
struct TruthDateTests {
    @Test("a report is signed no later than it is published")
    func signedBeforePublished() {
        for document in sample where document.truth.kind == .annualReport {
            guard let signed = document.truth.metadata.signedDate, signed.month > 0, signed.day > 0,
                  let published = document.truth.metadata.publishedDate else { continue }
            let a = signed.year * 10_000 + signed.month * 100 + signed.day
            let b = published.year * 10_000 + published.month * 100 + published.day
            #expect(a <= b, "\(document.id): signed \(signed) after published \(published)")
        }
    }
}
