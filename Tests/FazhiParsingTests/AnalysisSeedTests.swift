internal import Foundation
internal import Testing

@testable internal import FazhiParsing

/// Runs the analyzer on the five real seed reports in `../shared/corpus/seeds/` and compares the
/// result with the hand-checked expectations in `Fixtures/analysis/seed-00N.json`. The reports
/// are read at test time, never copied into the project; the suite is disabled when the
/// directory is absent.
@Suite("Document analysis on the seed reports")
struct AnalysisSeedTests {
    /// What a seed expectation file records.
    struct Snapshot: Codable, Equatable {
        struct Heading: Codable, Equatable {
            var numbering: String
            var heading: String
            var parts: [String]
        }

        var title: String
        var organizations: [String]
        var level: String?
        var province: String?
        var city: String?
        var county: String?
        var township: String?
        var reportYear: Int?
        var publishedDate: String?
        var signedDate: String?
        var signedDateRaw: String?
        var indexNumber: String?
        var addressees: [String]
        var topLevelSections: [Heading]
        var partsPresent: [String]
        var partsMissing: [String]
        var problemsCount: Int
        var plansCount: Int
        var kind: String

        init(_ document: AnalyzedDocument) {
            let metadata = document.metadata
            self.title = metadata.title
            self.organizations = metadata.organizations
            self.level = metadata.level?.rawValue
            self.province = metadata.region.province
            self.city = metadata.region.city
            self.county = metadata.region.county
            self.township = metadata.region.township
            self.reportYear = metadata.reportYear
            self.publishedDate = metadata.publishedDate?.description
            self.signedDate = metadata.signedDate?.description
            self.signedDateRaw = metadata.signedDate?.raw
            self.indexNumber = metadata.indexNumber
            self.addressees = metadata.addressees
            self.topLevelSections = document.sections.filter { $0.depth == 1 }.map {
                Heading(numbering: $0.numbering, heading: $0.heading, parts: $0.parts.map(\.rawValue))
            }
            self.partsPresent = document.partsPresent.map(\.rawValue)
            self.partsMissing = document.partsMissing.map(\.rawValue)
            self.problemsCount = document.problems.count
            self.plansCount = document.plans.count
            self.kind = document.kind.rawValue
        }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // FazhiParsingTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root

    static let seedsDirectory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/seeds")
    static let fixturesDirectory = packageRoot.appendingPathComponent("Tests/FazhiParsingTests/Fixtures/analysis")
    static var seedsAvailable: Bool { FileManager.default.fileExists(atPath: seedsDirectory.path) }

    static func seedText(_ number: String) throws -> String {
        let files = try FileManager.default.contentsOfDirectory(atPath: seedsDirectory.path)
        let name = try #require(files.first { $0.hasPrefix(number + "_") }, "no seed file starting with \(number)_")
        return try String(contentsOf: seedsDirectory.appendingPathComponent(name), encoding: .utf8)
    }

    static func analyze(_ number: String) throws -> AnalyzedDocument {
        DocumentAnalyzer.analyze(text: try seedText(number), html: nil, sourceURL: nil)
    }

    @Test(
        "each seed matches its hand-checked expectation",
        .enabled(if: Self.seedsAvailable, "../shared/corpus/seeds is not present; skipping the seed reports"),
        arguments: ["000", "001", "002", "003", "004"]
    )
    func seed(number: String) throws {
        let document = try Self.analyze(number)
        let actual = Snapshot(document)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if ProcessInfo.processInfo.environment["FAZHI_ANALYSIS_DUMP"] == "1" {
            // Written for review only; the committed expectations are edited by hand.
            let dump = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("seed-\(number).actual.json")
            try encoder.encode(actual).write(to: dump)
            print("problems:", document.problems)
            print("plans:", document.plans)
            print("warnings:", document.warnings)
            print("sections:", document.sections.map { "\($0.depth) \($0.numbering)\($0.heading) \($0.parts.map(\.rawValue)) \($0.area ?? "-")" })
        }
        let file = Self.fixturesDirectory.appendingPathComponent("seed-\(number).json")
        let expected = try JSONDecoder().decode(Snapshot.self, from: try Data(contentsOf: file))
        let actualJSON = String(decoding: try encoder.encode(actual), as: UTF8.self)
        #expect(actual == expected, "actual: \(actualJSON)")
    }
}
