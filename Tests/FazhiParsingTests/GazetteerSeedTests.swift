internal import Foundation
internal import Testing

@testable internal import FazhiParsing

/// Resolves the places of the real seed reports in `../shared/corpus/seeds/` (relative to the
/// package root). The reports are read at test time, never copied into the project; the
/// suite skips when the directory is absent.
@Suite("Gazetteer on the seed reports")
struct GazetteerSeedTests {
    /// Seed file prefix → expected place (DOMAIN.md §3.1).
    static let expected: [(String, String, Gazetteer.Level)] = [
        ("000_", "四川省/达州市/渠县/渠南街道", .street),
        ("001_", "重庆市/重庆市/铜梁区/永嘉镇", .township),
        ("002_", "广东省/深圳市/南山区/桃源街道", .street),
        ("003_", "湖南省/长沙市/天心区/坡子街街道", .street),
        ("004_", "甘肃省/天水市/清水县/黄门镇", .township),
    ]

    static var seedsDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // FazhiParsingTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
            .deletingLastPathComponent()
            .appendingPathComponent("shared/corpus/seeds")
    }

    static var seedsAvailable: Bool {
        FileManager.default.fileExists(atPath: Self.seedsDirectory.path)
    }

    @Test(
        "each seed resolves to its documented place",
        .enabled(if: Self.seedsAvailable, "../shared/corpus/seeds is not present; skipping the seed reports"),
        arguments: Self.expected.map(\.0)
    )
    func seed(prefix: String) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.seedsDirectory.path)
        let name = try #require(files.first { $0.hasPrefix(prefix) }, "no seed file starting with \(prefix)")
        let text = try String(contentsOf: Self.seedsDirectory.appendingPathComponent(name), encoding: .utf8)
        let context = Self.context(from: text)
        let resolution = Gazetteer.shared.resolve(context)
        let (_, place, level) = try #require(Self.expected.first { $0.0 == prefix })
        #expect(resolution.place?.description == place, "context: \(context), candidates: \(resolution.candidates)")
        #expect(resolution.level == level)
        #expect(resolution.evidence.kind == .explicitNames)
    }

    @Test(
        "no seed resolves from its body alone to a wrong place",
        .enabled(if: Self.seedsAvailable, "../shared/corpus/seeds is not present; skipping the seed reports"),
        arguments: Self.expected.map(\.0)
    )
    func bodyOnly(prefix: String) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.seedsDirectory.path)
        let name = try #require(files.first { $0.hasPrefix(prefix) })
        let text = try String(contentsOf: Self.seedsDirectory.appendingPathComponent(name), encoding: .utf8)
        let resolution = Gazetteer.shared.resolve(Gazetteer.PlaceContext(body: text))
        #expect(resolution.place == nil)
    }

    /// A crude stand-in for the report parser: picks the fields by their usual shapes.
    static func context(from text: String) -> Gazetteer.PlaceContext {
        let lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        var context = Gazetteer.PlaceContext(body: text)
        context.title = lines.first { $0.contains("报告") && $0.count <= 80 && !$0.contains(">") }
        context.breadcrumb = lines.first { $0.contains(">") }
        context.source = lines.first { $0.contains("来源:") || $0.contains("来源：") }
        context.addressees = lines.filter { ($0.hasSuffix(":") || $0.hasSuffix("：")) && $0.count <= 40 }
        let signatureEndings = ["办事处", "委员会", "人民政府", "街道"]
        context.signatures = lines.suffix(12).filter { line in
            line.count <= 60 && signatureEndings.contains { line.hasSuffix($0) }
        }
        context.organizations = lines.prefix(12).filter { line in
            line.count <= 30 && !line.contains("报告") && signatureEndings.contains { line.hasSuffix($0) }
        }
        // Page metadata lists such as "• 铜梁区永嘉镇".
        context.organizations += lines.prefix(12).filter { $0.hasPrefix("•") && $0.count <= 12 }
            .map { String($0.dropFirst()).trimmingCharacters(in: .whitespaces) }
        return context
    }
}
