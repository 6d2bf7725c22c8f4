internal import ArgumentParser
internal import FazhiCache
internal import FazhiParserService
internal import FazhiParsing
internal import FazhiProto
internal import Foundation
internal import SwiftProtobuf

/// `fazhi parse FILE...`: parse files in this process and print a summary or the records.
struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse report files (.txt or .html; UTF-8 or GB18030) locally, without a cluster."
    )

    @Argument(help: "Files or folders (folders are read recursively for .txt, .htm and .html files).")
    var paths: [String]

    @Flag(help: "Print each report in protobuf's JSON mapping, one per line.")
    var json = false

    @Option(help: "Use (and fill) the parse cache in this directory.")
    var cacheDir: String?

    @Option(help: "The source URL to attribute a single file to (sets its doc id).")
    var url: String?

    func validate() throws {
        if self.url != nil, self.paths.count != 1 {
            throw ValidationError("--url names the source of exactly one file")
        }
    }

    func run() async throws {
        let files = try InputFiles.expand(self.paths)
        guard !files.isEmpty else { throw ValidationError("no .txt or .html files in \(self.paths.joined(separator: ", "))") }
        let pipeline = try ReportPipeline(
            configuration: .init(cache: self.cacheDir.map { CacheStore.Configuration(directory: $0) })
        )
        var failures = 0
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                printError("\(file): cannot read: \(error.localizedDescription)")
                failures += 1
                continue
            }
            do {
                let outcome = try pipeline.parse(
                    bytes,
                    contentType: file.hasSuffix(".html") || file.hasSuffix(".htm") ? "text/html" : nil,
                    sourceURL: self.url,
                    crawlDate: Optional<String>.none
                )
                if self.json {
                    print(try outcome.report.jsonString())
                } else {
                    print(ReportSummary.render(outcome.report, file: file, cacheHit: outcome.cacheHit))
                }
            } catch {
                printError("\(file): \(error)")
                failures += 1
            }
        }
        if failures > 0 {
            printError("\(failures) of \(files.count) files failed")
            throw ExitCode(1)
        }
    }
}

/// Files named on the command line, folders expanded.
enum InputFiles {
    static let extensions: Set<String> = ["txt", "htm", "html"]

    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path): no such file or folder")
            }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            let enumerator = FileManager.default.enumerator(atPath: path)
            var found: [String] = []
            while let entry = enumerator?.nextObject() as? String {
                if self.extensions.contains((entry as NSString).pathExtension.lowercased()) {
                    found.append((path as NSString).appendingPathComponent(entry))
                }
            }
            files += found.sorted()
        }
        return files
    }
}

/// A report as a few readable lines.
enum ReportSummary {
    static func render(_ report: Fazhi_V1_Report, file: String, cacheHit: Bool) -> String {
        let metadata = report.metadata
        var lines: [String] = []
        lines.append("== \(file)\(cacheHit ? "  (cached)" : "")")
        lines.append("doc id      \(report.docID.prefix(16))…")
        lines.append("kind        \(report.kind)\(report.kindReason.isEmpty ? "" : " — \(report.kindReason)")")
        lines.append("title       \(metadata.title)")
        if !metadata.organizations.isEmpty { lines.append("issued by   \(metadata.organizations.joined(separator: "; "))") }
        let region = [metadata.region.province, metadata.region.city, metadata.region.county, metadata.region.township]
            .filter { !$0.isEmpty }.joined(separator: " / ")
        lines.append("level       \(metadata.level)   region \(region.isEmpty ? "unresolved" : region)")
        if !metadata.region.candidates.isEmpty { lines.append("candidates  \(metadata.region.candidates.joined(separator: ", "))") }
        lines.append("year        \(metadata.reportYear == 0 ? "?" : String(metadata.reportYear))")
        lines.append("published   \(Self.date(metadata.hasPublishedDate ? metadata.publishedDate : nil))   signed \(Self.date(metadata.hasSignedDate ? metadata.signedDate : nil))")
        lines.append("parts       present \(report.partsPresent.map(Self.part).joined(separator: " "))   missing \(report.partsMissing.map(Self.part).joined(separator: " "))")
        for section in report.sections where section.depth == 1 {
            let parts = section.parts.map(Self.part).joined(separator: "+")
            lines.append("  \(section.numbering)\(section.heading.prefix(40))\(parts.isEmpty ? "" : "  [\(parts)]")")
        }
        lines.append("facts       \(report.facts.count) (\(report.facts.filter { !$0.indicator.isEmpty }.count) linked to indicators)")
        for fact in report.facts.prefix(12) where !fact.indicator.isEmpty {
            lines.append("  \(fact.indicator)  \(fact.text)  = \(Self.number(fact.value)) \(fact.unit)\(fact.qualifier == .exact ? "" : " (\(fact.qualifier))")")
        }
        for warning in report.warnings { lines.append("warning     \(warning)") }
        return lines.joined(separator: "\n")
    }

    static func part(_ part: Fazhi_V1_Part) -> String {
        switch part {
        case .a: "A"
        case .b: "B"
        case .b0: "B0"
        case .c: "C"
        case .d: "D"
        case .e: "E"
        case .unspecified, .UNRECOGNIZED: "?"
        }
    }

    static func date(_ date: Fazhi_V1_CalendarDate?) -> String {
        guard let date, date.year != 0 || !date.raw.isEmpty else { return "?" }
        guard date.year != 0 else { return "? (\(date.raw))" }
        let text = CalendarDate(year: Int(date.year), month: Int(date.month), day: Int(date.day)).description
        return date.month == 0 || date.day == 0 ? "\(text) (\(date.raw))" : text
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
