internal import ArgumentParser
internal import FazhiProto
internal import FazhiWire
internal import Foundation
internal import SwiftProtobuf

/// `fazhi export`: every stored report, or every fact, as CSV or JSON lines.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export every report (one row each) or every fact (one row each) as CSV or JSON lines.",
        discussion: """
            CSV is UTF-8 with a byte-order mark so that Excel reads the Chinese text, and one
            header row (pandas: pd.read_csv(path)). JSON lines (--format jsonl) of reports are
            the whole records in protobuf's JSON mapping; of facts, one object per fact.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, jsonl }
    enum Rows: String, ExpressibleByArgument, CaseIterable { case reports, facts }

    @Option(help: "csv or jsonl.") var format: Format = .csv
    @Option(help: "reports or facts.") var rows: Rows = .reports
    @Option(help: "Write here instead of standard output.") var out: String?
    @OptionGroup var connection: GatewayOptions

    func run() async throws {
        do {
            try await self.export()
        } catch let error as NSError where error.isBrokenPipe {
            // The reader went away (`fazhi export | head`): stop quietly, as other tools do.
            throw ExitCode.success
        }
    }

    private func export() async throws {
        let client = try self.connection.client()
        defer { Task { await client.close() } }
        var sink = try OutputSink(path: self.out)
        if self.format == .csv {
            try sink.write("\u{FEFF}")
            try sink.write(CSV.line(self.rows == .reports ? ReportRow.header : FactRow.header))
        }
        var cursor = ""
        var reports = 0
        var facts = 0
        repeat {
            var request = Fazhi_V1_ListRequest()
            request.cursor = cursor
            request.limit = 200
            let page = try await client.call(FazhiMethod.Gateway.list, request, as: Fazhi_V1_ListResponse.self)
            for report in page.reports {
                reports += 1
                switch (self.rows, self.format) {
                case (.reports, .csv):
                    try sink.write(CSV.line(ReportRow.values(report)))
                case (.reports, .jsonl):
                    var options = JSONEncodingOptions()
                    options.preserveProtoFieldNames = true
                    try sink.write(try report.jsonString(options: options) + "\n")
                case (.facts, _):
                    for (index, fact) in report.facts.enumerated() where !fact.indicator.isEmpty {
                        facts += 1
                        let values = FactRow.values(report, fact, index: index)
                        if self.format == .csv {
                            try sink.write(CSV.line(values))
                        } else {
                            let object = Dictionary(uniqueKeysWithValues: zip(FactRow.header, values))
                            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                            try sink.write(String(decoding: data, as: UTF8.self) + "\n")
                        }
                    }
                }
            }
            cursor = page.nextCursor
        } while !cursor.isEmpty
        try sink.close()
        let what = self.rows == .reports ? "\(reports) reports" : "\(facts) facts from \(reports) reports"
        FileHandle.standardError.write(Data("exported \(what)\(self.out.map { " to \($0)" } ?? "")\n".utf8))
    }
}

/// One report as a flat row.
enum ReportRow {
    static let header = [
        "doc_id", "title", "organization", "level", "province", "city", "county", "report_year", "published_date",
        "signed_date", "kind", "parts_present", "parts_missing", "facts", "source_url",
    ]

    static func values(_ report: Fazhi_V1_Report) -> [String] {
        let metadata = report.metadata
        return [
            report.docID, metadata.title, metadata.organizations.joined(separator: "、"), LevelName.of(metadata.level),
            metadata.region.province, metadata.region.city, metadata.region.county,
            metadata.reportYear == 0 ? "" : "\(metadata.reportYear)", DateText.of(metadata.publishedDate),
            DateText.of(metadata.signedDate), "\(report.kind)", report.partsPresent.map(PartName.of).joined(separator: " "),
            report.partsMissing.map(PartName.of).joined(separator: " "), "\(report.facts.filter { !$0.indicator.isEmpty }.count)",
            report.sourceURL,
        ]
    }
}

/// One fact as a flat row, with its report's metadata.
///
/// What a sum across reports needs besides the value: `period` (a `cumulative` or `stockNow`
/// figure is not a year's flow), `part_of` (a breakdown of another fact of the same report —
/// 其中口头调解82件 within 130件 — which a sum must not count twice) and the sentence it was read
/// from. `fact_index` and `part_of` number the report's facts as `fazhi report ID --json` does.
enum FactRow {
    static let header = [
        "doc_id", "report_year", "province", "level", "organization", "indicator", "value", "value_max", "unit",
        "qualifier", "value_kind", "is_requirement", "text", "fact_index", "period", "period_month", "part_of",
        "scope", "sentence",
    ]

    static func values(_ report: Fazhi_V1_Report, _ fact: Fazhi_V1_Fact, index: Int) -> [String] {
        let metadata = report.metadata
        return [
            report.docID, metadata.reportYear == 0 ? "" : "\(metadata.reportYear)", metadata.region.province,
            LevelName.of(metadata.level), metadata.organizations.first ?? "", fact.indicator, Self.number(fact.value),
            fact.valueMax == fact.value ? "" : Self.number(fact.valueMax), fact.unit, "\(fact.qualifier)", "\(fact.valueKind)",
            fact.isRequirement ? "true" : "false", fact.text, "\(index)", "\(fact.period)",
            fact.periodMonth == 0 ? "" : "\(fact.periodMonth)", fact.partOf < 0 ? "" : "\(fact.partOf)", fact.scope,
            Self.sentence(of: fact, in: report.text),
        ]
    }

    /// The fact's sentence: `text`'s UTF-8 bytes `sentence_start..<sentence_end`, or "" when
    /// the offsets do not fall on that text's scalar boundaries.
    static func sentence(of fact: Fazhi_V1_Fact, in text: String) -> String {
        let utf8 = text.utf8
        let start = Int(fact.sentenceStart)
        let end = Int(fact.sentenceEnd)
        guard start < end, end <= utf8.count else { return "" }
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        let upper = utf8.index(utf8.startIndex, offsetBy: end)
        guard let sentence = String(utf8[lower..<upper]) else { return "" }
        return sentence.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

enum DateText {
    static func of(_ date: Fazhi_V1_CalendarDate) -> String {
        guard date.year != 0 else { return "" }
        if date.month == 0 { return "\(date.year)" }
        if date.day == 0 { return String(format: "%04d-%02d", date.year, date.month) }
        return String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
    }
}

/// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled.
enum CSV {
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}

/// Standard output or a file, buffered.
struct OutputSink {
    private let handle: FileHandle
    private let ownsHandle: Bool
    private var buffer = Data()

    init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw CommandFailure("cannot write \(path)")
            }
            self.handle = handle
            self.ownsHandle = true
        } else {
            self.handle = FileHandle.standardOutput
            self.ownsHandle = false
        }
    }

    mutating func write(_ text: String) throws {
        self.buffer.append(contentsOf: text.utf8)
        if self.buffer.count >= 1 << 16 {
            try self.handle.write(contentsOf: self.buffer)
            self.buffer.removeAll(keepingCapacity: true)
        }
    }

    mutating func close() throws {
        try self.handle.write(contentsOf: self.buffer)
        self.buffer.removeAll()
        if self.ownsHandle { try self.handle.close() }
    }
}

extension NSError {
    /// EPIPE, directly or as the underlying error of a Cocoa file error.
    fileprivate var isBrokenPipe: Bool {
        if self.domain == NSPOSIXErrorDomain && self.code == Int(EPIPE) { return true }
        return (self.userInfo[NSUnderlyingErrorKey] as? NSError)?.isBrokenPipe ?? false
    }
}
