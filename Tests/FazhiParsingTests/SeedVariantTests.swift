internal import Foundation
internal import Testing

@testable internal import FazhiParsing

/// The same real report, delivered the ways real sites deliver it, must give the same record:
/// each seed in `../shared/corpus/seeds/` is parsed as it is and as GB18030 bytes, with a BOM
/// and CRLF line ends, as an HTML page with scripts, navigation and share widgets around it,
/// with full-width digits and percent signs, in traditional characters (as mirror sites serve
/// it), and hard-wrapped at a page width (as a PDF's text layer gives it). The variants are made at test time from the
/// seed (never stored); the suite is disabled when the seeds are absent.
@Suite("The seed reports read the same in every delivery form", .enabled(if: TestSupport.seedDirectory() != nil))
struct SeedVariantTests {
    static let parser = ReportParser()

    /// Everything a user reads off a report, with strings folded as the parser matches them
    /// (NFKC, traditional → simplified): a full-width digit or a traditional character in the
    /// title leaves the same title.
    struct Record: Equatable, CustomStringConvertible {
        var lines: [String]
        var description: String { self.lines.joined(separator: "\n") }

        init(_ report: ParsedReport) {
            func fold(_ text: String) -> String { SeedVariantTests.fold(text) }
            let metadata = report.metadata
            let region = metadata.region
            var lines = [
                "kind \(report.kind)",
                "title \(fold(metadata.title))",
                "organizations \(metadata.organizations.map(fold))",
                "level \(metadata.level.map { "\($0)" } ?? "-")",
                "region \(region.province ?? "-") \(region.city ?? "-") \(region.county ?? "-") \(region.township ?? "-")",
                "year \(metadata.reportYear.map(String.init) ?? "-")",
                "published \(metadata.publishedDate?.description ?? "-")",
                "signed \(metadata.signedDate?.description ?? "-")",
                "index \(fold(metadata.indexNumber ?? "-"))",
                "addressees \(metadata.addressees.map(fold))",
                "parts \(report.partsPresent.map(\.rawValue)) missing \(report.partsMissing.map(\.rawValue))",
                "problems \(report.problems.count) plans \(report.plans.count)",
            ]
            for section in report.sections {
                lines.append(
                    "section \(section.depth) \(fold(section.numbering)) \(fold(section.heading)) \(section.parts.map(\.rawValue))"
                )
            }
            for fact in report.facts {
                lines.append(
                    "fact \(fact.value) \(fact.valueMax) \(fold(fact.unit)) \(fact.qualifier) \(fact.indicator ?? "-") "
                        + "\(fact.period) \(fact.periodMonth ?? 0) \(fact.isRequirement) \(fact.partOf ?? -1) \(fact.scope ?? "-")"
                )
            }
            self.lines = lines
        }
    }

    static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCompatibilityMapping.unicodeScalars {
            scalars.append(HanFolding.fold(scalar.value).flatMap(Unicode.Scalar.init) ?? scalar)
        }
        return String(scalars)
    }

    /// Simplified → traditional, for the characters that have exactly one traditional form in
    /// the parser's folding table (发 has two, 發 and 髮, and is left as it is).
    static let toTraditional: [UInt32: UInt32] = {
        var forms: [UInt32: [UInt32]] = [:]
        var index = 0
        while index < hanFoldingPairs.count {
            let (traditional, simplified) = (hanFoldingPairs[index], hanFoldingPairs[index + 1])
            if (0x4E00...0x9FFF).contains(traditional), traditional != simplified {
                forms[simplified, default: []].append(traditional)
            }
            index += 2
        }
        return forms.compactMapValues { $0.count == 1 ? $0[0] : nil }
    }()

    static func seeds() -> [String] {
        TestSupport.seedDirectory().map(TestSupport.textFiles(in:)) ?? []
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Reports where the two records first differ.
    static func expectSame(
        _ variant: Record,
        _ original: Record,
        _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard variant != original else { return }
        let index =
            zip(variant.lines, original.lines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(variant.lines.count, original.lines.count)
        let got = index < variant.lines.count ? variant.lines[index] : "(end)"
        let want = index < original.lines.count ? original.lines[index] : "(end)"
        Issue.record(
            "\(label): line \(index) is «\(got)», the plain seed gives «\(want)»",
            sourceLocation: sourceLocation
        )
    }

    @Test("GB18030 bytes, and UTF-8 with a BOM and CRLF line ends", arguments: Self.seeds())
    func encodings(_ path: String) throws {
        let text = try Self.read(path)
        let original = Record(try Self.parser.parse(Array(text.utf8)))
        let gb = try #require(TestSupport.encode(text, as: "GB18030"))
        #expect(gb != Array(text.utf8))
        let fromGB = try Self.parser.parse(gb)
        #expect(fromGB.metadata.encoding.uppercased().hasPrefix("GB"))
        Self.expectSame(Record(fromGB), original, "GB18030")
        let windows = [0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        Self.expectSame(Record(try Self.parser.parse(windows)), original, "BOM + CRLF")
    }

    @Test(
        "An HTML page around the report: head, scripts, styles, navigation, share widgets, footer",
        arguments: Self.seeds()
    )
    func html(_ path: String) throws {
        let text = try Self.read(path)
        let original = Record(try Self.parser.parse(Array(text.utf8)))
        func escape(_ line: String) -> String {
            line.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        var page = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8">
            <style>.article p { line-height: 2; } .nav a { color: #333; }</style>
            <script>var hotline = "12345"; var plan = "1+6+N"; document.write("<p>3·15</p>");</script>
            </head><body>
            <div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/fzzf/">法治政府建设</a></div>
            <div class="share">分享到：<a>微信</a> <a>微博</a> <span>【字体：大 中 小】</span></div>
            <div class="article">

            """
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            page += trimmed.isEmpty ? "\n" : "<p>\(escape(trimmed))</p>\n"
        }
        page += """
            </div>
            <div class="footer"><p>主办单位：本站编辑部</p><p>京ICP备00000000号</p></div>
            </body></html>
            """
        let fromHTML = try Self.parser.parse(Array(page.utf8), contentType: "text/html; charset=utf-8")
        #expect(fromHTML.metadata.wasHTML)
        Self.expectSame(Record(fromHTML), original, "HTML")
    }

    @Test("Full-width digits, percent signs and decimal points", arguments: Self.seeds())
    func fullWidth(_ path: String) throws {
        let text = try Self.read(path)
        let original = Record(try Self.parser.parse(Array(text.utf8)))
        var scalars = String.UnicodeScalarView()
        var previousIsDigit = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if (0x30...0x39).contains(value) || value == 0x25 || (value == 0x2E && previousIsDigit) {
                scalars.append(Unicode.Scalar(value + 0xFEE0)!)  // '!' is fine: the full-width forms exist.
            } else {
                scalars.append(scalar)
            }
            previousIsDigit = (0x30...0x39).contains(value)
        }
        let wide = String(scalars)
        #expect(wide != text)
        Self.expectSame(Record(try Self.parser.parse(Array(wide.utf8))), original, "full-width")
    }

    @Test("Hard-wrapped at a page width, as a PDF's text layer gives it", arguments: Self.seeds())
    func hardWrapped(_ path: String) throws {
        let text = try Self.read(path)
        let original = Record(try Self.parser.parse(Array(text.utf8)))
        // Paragraphs indented with two ideographic spaces and no blank lines between them, or
        // separated by blank lines without an indent; every line cut at `width` scalars.
        for (width, indented) in [(30, true), (38, true), (34, false)] {
            var wrapped = ""
            for line in text.split(separator: "\n") {
                var scalars = Array(line.split(whereSeparator: \.isWhitespace).joined(separator: " ").unicodeScalars)
                wrapped += indented ? "\u{3000}\u{3000}" : ""
                while scalars.count > width {
                    wrapped += String(String.UnicodeScalarView(scalars[..<width])) + "\n"
                    scalars.removeFirst(width)
                }
                wrapped += String(String.UnicodeScalarView(scalars)) + (indented ? "\n" : "\n\n")
            }
            Self.expectSame(Record(try Self.parser.parse(Array(wrapped.utf8))), original, "wrapped at \(width)")
        }
    }

    @Test("Traditional characters, as a mirror site serves the report", arguments: Self.seeds())
    func traditional(_ path: String) throws {
        let text = try Self.read(path)
        let original = Record(try Self.parser.parse(Array(text.utf8)))
        var scalars = String.UnicodeScalarView()
        var changed = 0
        for scalar in text.unicodeScalars {
            if let traditional = Self.toTraditional[scalar.value].flatMap(Unicode.Scalar.init) {
                scalars.append(traditional)
                changed += 1
            } else {
                scalars.append(scalar)
            }
        }
        #expect(changed > 100, "法治 reports have many characters with a traditional form")
        Self.expectSame(Record(try Self.parser.parse(Array(String(scalars).utf8))), original, "traditional")
    }
}
