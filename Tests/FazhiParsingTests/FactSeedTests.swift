import FazhiParsing
import Foundation
import Testing

/// The extractor against hand-checked expectations for the five seed reports.
@Suite("Fact extractor on the seeds")
struct FactSeedTests {
    struct Expected {
        var text: String
        var value: Double
        var unit: String
        var qualifier: String
        var indicator: String?
        var period: String
        var periodMonth: Int?
        var isRequirement: Bool
    }

    static func fixtureDirectory(filePath: String = #filePath) -> String {
        var components = filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast()
        return components.joined(separator: "/") + "/Fixtures/facts"
    }

    static func expectations(seed: String) throws -> [Expected] {
        let url = URL(fileURLWithPath: Self.fixtureDirectory() + "/seed-\(seed).json")
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        return try objects.map { object in
            Expected(
                text: try #require(object["text"] as? String),
                value: try #require((object["value"] as? NSNumber)?.doubleValue),
                unit: try #require(object["unit"] as? String),
                qualifier: try #require(object["qualifier"] as? String),
                indicator: object["indicator"] as? String,
                period: try #require(object["period"] as? String),
                periodMonth: (object["periodMonth"] as? NSNumber)?.intValue,
                isRequirement: try #require(object["isRequirement"] as? Bool)
            )
        }
    }

    static func matches(_ fact: Fact, _ expected: Expected) -> Bool {
        fact.text == expected.text && abs(fact.value - expected.value) < 1e-6 && fact.unit == expected.unit
            && fact.qualifier.rawValue == expected.qualifier && fact.indicator == expected.indicator
            && fact.period.rawValue == expected.period && fact.isRequirement == expected.isRequirement
            && (expected.periodMonth == nil || fact.periodMonth == expected.periodMonth)
    }

    @Test("Every expected fact is found and no unexpected fact is linked", arguments: ["000", "001", "002", "003", "004"])
    func seed(_ seed: String) throws {
        guard let directory = TestSupport.seedDirectory() else {
            print("skipping seed fact checks: ../shared/corpus/seeds not found beside the package")
            return
        }
        let file = try #require(TestSupport.textFiles(in: directory).first { $0.split(separator: "/").last?.hasPrefix(seed + "_") == true })
        let text = String(decoding: try #require(TestSupport.readFile(file)), as: UTF8.self)
        let facts = FactExtractor().extract(from: text, sections: [])
        let expected = try Self.expectations(seed: seed)
        var used = [Bool](repeating: false, count: facts.count)
        var found = 0
        for item in expected {
            if let index = facts.indices.first(where: { !used[$0] && Self.matches(facts[$0], item) }) {
                used[index] = true
                found += 1
            } else {
                Issue.record("seed \(seed): expected fact not found: \(item)")
            }
        }
        var unexpectedLinked = 0
        for (index, fact) in facts.enumerated() where !used[index] && fact.indicator != nil {
            unexpectedLinked += 1
            Issue.record("seed \(seed): unexpected linked fact \(fact.text) = \(fact.value) → \(fact.indicator ?? "")")
        }
        let linkedExtracted = facts.filter { $0.indicator != nil }.count
        let linkedExpected = expected.filter { $0.indicator != nil }.count
        print(
            "seed \(seed): expected \(expected.count) (\(linkedExpected) linked), extracted \(facts.count) (\(linkedExtracted) linked), found \(found), unexpected linked \(unexpectedLinked), unexpected unlinked \(used.indices.filter { !used[$0] && facts[$0].indicator == nil }.count)"
        )
    }

    @Test("Seed 004: the 其中 breakdown points at its total, and the repeated stock is kept once")
    func breakdown() throws {
        guard let directory = TestSupport.seedDirectory() else { return }
        let file = try #require(TestSupport.textFiles(in: directory).first { $0.contains("/004_") })
        let facts = FactExtractor().extract(from: String(decoding: try #require(TestSupport.readFile(file)), as: UTF8.self), sections: [])
        let parts = facts.filter { $0.partOf != nil }
        #expect(parts.count == 4)  // 缓刑3人, 管制1人, 口头调解82件, 协议调解38件
        for part in parts {
            let total = facts[try #require(part.partOf)]
            #expect(total.indicator == part.indicator)
            #expect(total.value > part.value)
        }
        #expect(facts.filter { $0.indicator == "community_correction_subjects" && $0.value == 4 }.count == 1)
    }
}
