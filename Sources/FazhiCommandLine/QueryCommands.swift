internal import ArgumentParser
internal import FazhiMapping
internal import FazhiParsing
internal import FazhiProto
internal import FazhiWire
internal import Foundation

/// `fazhi search QUERY`: ranked reports with highlighted passages.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the reports (query syntax: docs/query-syntax.md).",
        discussion: """
            Terms are ANDed and match as written (every substring a reader can see is found);
            OR between terms; -term excludes; "quoted phrases"; filters year:2023,
            year:2020..2023, province:浙江, level:county, part:B, indicator:disputes_mediated.
            """
    )

    @Argument(help: "The query.") var query: [String]
    @OptionGroup var connection: GatewayOptions
    @Option(help: "Hits to show.") var limit: Int = 10
    @Option(help: "Hits to skip.") var offset: Int = 0
    @Option(help: "Facets to count, comma-separated (year, province, level).") var facets: String = "year,province,level"
    @Flag(help: "Print the response as JSON.") var json = false

    func run() async throws {
        var request = Fazhi_V1_SearchRequest()
        request.query = self.query.joined(separator: " ")
        request.limit = UInt32(max(1, min(self.limit, 1000)))
        request.offset = UInt32(max(0, self.offset))
        request.facets = self.facets.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        request.snippets = 2
        let client = try self.connection.client()
        defer { Task { await client.close() } }
        let response = try await client.call(FazhiMethod.Gateway.search, request, as: Fazhi_V1_SearchResponse.self)
        if self.json {
            try JSONOutput.print(response)
            return
        }
        print(SearchRendering.text(response, offset: self.offset))
    }
}

enum SearchRendering {
    static func text(_ response: Fazhi_V1_SearchResponse, offset: Int) -> String {
        var lines: [String] = []
        let took = response.tookMicros > 0 ? String(format: " (%.1f ms)", Double(response.tookMicros) / 1000) : ""
        lines.append("\(response.totalHits) reports match" + took + Self.partialNote(response))
        for (number, hit) in response.hits.enumerated() {
            let place = [hit.province, hit.reportYear > 0 ? "\(hit.reportYear)" : "", LevelName.of(hit.level)].filter { !$0.isEmpty }.joined(separator: " · ")
            lines.append("")
            lines.append(String(format: "%2d. %@  [%.2f]", offset + number + 1, hit.title.isEmpty ? "(untitled)" : hit.title, hit.score))
            lines.append("    \(place)  id \(hit.docID)")
            for snippet in hit.snippets {
                lines.append("    … " + Self.highlighted(snippet) + " …")
            }
        }
        for facet in response.facets where !facet.counts.isEmpty {
            lines.append("")
            lines.append("by \(facet.field): " + facet.counts.prefix(12).map { "\($0.value.isEmpty ? "?" : $0.value) \($0.count)" }.joined(separator: " · "))
        }
        return lines.joined(separator: "\n")
    }

    static func partialNote(_ response: Fazhi_V1_SearchResponse) -> String {
        guard response.shardsTotal > 0, response.shardsAnswered < response.shardsTotal else { return "" }
        return " (PARTIAL: \(response.shardsAnswered) of \(response.shardsTotal) shards answered: \(response.shardErrors.joined(separator: "; ")))"
    }

    /// The snippet with matches in 【】 (bold on a terminal), cut at the given byte offsets.
    static func highlighted(_ snippet: Fazhi_V1_Snippet) -> String {
        let bytes = Array(snippet.text.utf8)
        let bold = isatty(1) == 1
        var out: [UInt8] = []
        var position = 0
        for highlight in snippet.highlights.sorted(by: { $0.start < $1.start }) {
            let start = min(Int(highlight.start), bytes.count)
            let end = min(max(Int(highlight.end), start), bytes.count)
            guard start >= position else { continue }
            out += bytes[position..<start]
            out += Array((bold ? "\u{1B}[1;31m" : "【").utf8) + bytes[start..<end] + Array((bold ? "\u{1B}[0m" : "】").utf8)
            position = end
        }
        out += bytes[position...]
        return String(decoding: out, as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
    }
}

enum LevelName {
    static func of(_ level: Fazhi_V1_Level) -> String {
        switch level {
        case .province: "province"
        case .city: "city"
        case .county: "county"
        case .township: "township"
        case .street: "street"
        case .department: "department"
        default: ""
        }
    }

    static func parse(_ text: String) -> Fazhi_V1_Level? {
        switch text.lowercased() {
        case "province", "省": .province
        case "city", "市": .city
        case "county", "县", "区": .county
        case "township", "乡", "镇": .township
        case "street", "街道": .street
        case "department", "部门": .department
        default: nil
        }
    }
}

/// `fazhi report ID`: one stored report.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Show one report: metadata, parts, facts.")

    @Argument(help: "The report's doc id (from search results or ingest).") var docID: String
    @OptionGroup var connection: GatewayOptions
    @Flag(help: "Print the whole report as JSON.") var json = false
    @Flag(help: "Include the full text.") var text = false

    func run() async throws {
        var request = Fazhi_V1_GetRequest()
        request.docID = self.docID
        let client = try self.connection.client()
        defer { Task { await client.close() } }
        let response = try await client.call(FazhiMethod.Gateway.get, request, as: Fazhi_V1_GetResponse.self)
        guard response.hasReport else { throw CommandFailure("no report with id \(self.docID)") }
        if self.json {
            try JSONOutput.print(response.report)
            return
        }
        let report = response.report
        let metadata = report.metadata
        func date(_ value: Fazhi_V1_CalendarDate) -> String {
            value.year == 0 ? "unknown" : String(format: "%04d-%02d-%02d", value.year, value.month, value.day)
        }
        var lines = [
            metadata.title.isEmpty ? "(untitled)" : metadata.title,
            "id:           \(report.docID)",
            "organization: \(metadata.organizations.joined(separator: "、"))",
            "level:        \(LevelName.of(metadata.level))",
            "region:       \([metadata.region.province, metadata.region.city, metadata.region.county, metadata.region.township].filter { !$0.isEmpty }.joined(separator: " "))",
            "report year:  \(metadata.reportYear == 0 ? "unknown" : "\(metadata.reportYear)")",
            "published:    \(date(metadata.publishedDate))",
            "parts:        present \(report.partsPresent.map(PartName.of).joined(separator: ",")); missing \(report.partsMissing.map(PartName.of).joined(separator: ","))",
        ]
        if !report.sourceURL.isEmpty { lines.append("source:       \(report.sourceURL)") }
        lines.append("sections:     \(report.sections.count)")
        var table = TextTable(["indicator", "value", "unit", "qualifier", "period", "text"], rightAligned: [1])
        let linked = report.facts.filter { !$0.indicator.isEmpty }
        for fact in linked {
            table.add([
                fact.indicator, Self.number(fact.value), fact.unit, "\(fact.qualifier)", Self.period(fact), String(fact.text.prefix(24)),
            ])
        }
        lines.append("")
        // The table lists the facts linked to an indicator (what `fazhi export` and the
        // aggregates count); the count says how many figures were read without one.
        let unlinked = report.facts.count - linked.count
        lines.append("facts (\(linked.count)\(unlinked > 0 ? "; \(unlinked) more figures without an indicator, in --json" : "")):")
        lines.append(table.render())
        if self.text {
            lines.append("")
            lines.append(report.text)
        }
        print(lines.joined(separator: "\n"))
    }

    /// The window of a fact as `fazhi stats --period` names it (ytd_to_month 10 with its month);
    /// empty when no period was stated.
    static func period(_ fact: Fazhi_V1_Fact) -> String {
        let period = Period(fact.period)
        guard period != .unspecified else { return "" }
        return fact.periodMonth > 0 ? "\(period.rawValue) \(fact.periodMonth)" : period.rawValue
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
    }
}

enum PartName {
    static func of(_ part: Fazhi_V1_Part) -> String {
        switch part {
        case .a: "A"
        case .b: "B"
        case .c: "C"
        case .d: "D"
        case .e: "E"
        case .b0: "B0"
        default: "?"
        }
    }
}

/// Filters shared by stats and compliance.
struct ReportFilterOptions: ParsableArguments {
    @Option(help: "Years, e.g. 2023 or 2020..2023.") var year: String?
    @Option(help: "Provinces, comma-separated.") var province: String?
    @Option(help: "Levels, comma-separated (province, city, county, township, street, department).") var level: String?
    @Option(help: "Organizations, comma-separated.") var organization: String?

    func filter() throws -> Fazhi_V1_ReportFilter {
        var filter = Fazhi_V1_ReportFilter()
        if let year = self.year {
            let parts = year.split(separator: ".", omittingEmptySubsequences: true)
            guard let low = parts.first.flatMap({ Int32($0) }) else { throw ValidationError("--year: '\(year)' is not YEAR or YEAR..YEAR") }
            filter.yearMin = low
            filter.yearMax = parts.count > 1 ? (Int32(parts[1]) ?? low) : low
        }
        func list(_ text: String?) -> [String] {
            (text ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        filter.provinces = list(self.province)
        filter.organizations = list(self.organization)
        filter.levels = try list(self.level).map { name in
            guard let level = LevelName.parse(name) else { throw ValidationError("--level: unknown level '\(name)'") }
            return level
        }
        return filter
    }
}

/// `fazhi stats`: indicator figures grouped across reports.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Aggregate indicator figures (count, coverage, sum, mean, median, p90) by year, province, level…"
    )

    @Option(help: "Indicator ids, comma-separated (empty: all). See indicators.json.") var indicator: String = ""
    @Option(help: "Group by, comma-separated: year, province, city, county, level, organization.") var by: String = "year,level"
    @OptionGroup var filter: ReportFilterOptions
    @Flag(help: "Allow sums across administrative levels (a county's totals already include its townships).")
    var allowCrossLevelSum = false
    @Option(help: ArgumentHelp(
        "The window of the figures counted: full_year (the report year's own figures, the default), ytd_to_month, since_date, cumulative, stock_now or part_of_year (or as fazhi export spells them: fullYear, ytdToMonth …).",
        discussion: "One window at a time, so that a running total (累计) or a part of the year (截至10月) is never added to a year's figures."
    ))
    var period: String = "full_year"
    @OptionGroup var connection: GatewayOptions
    @Flag(help: "Print the response as JSON.") var json = false

    /// The periods `--period` accepts (an earlier year's figures are not stored).
    static let periods: [Period] = [.fullYear, .yearToDate, .sinceDate, .cumulative, .stockNow, .partOfYear]

    func validate() throws {
        guard Self.period(named: self.period) != nil else {
            throw ValidationError("--period must be one of \(Self.periods.map(\.rawValue).joined(separator: ", ")), not '\(self.period)'")
        }
    }

    /// A period by its name here (full_year) or as `fazhi export` writes it (fullYear).
    static func period(named name: String) -> Period? {
        Self.periods.first { $0.rawValue == name || "\(Fazhi_V1_Period($0))" == name }
    }

    func run() async throws {
        var request = Fazhi_V1_AggregateRequest()
        // '!' is fine: validate() checked it.
        let period = Self.period(named: self.period)!
        request.period = Fazhi_V1_Period(period)
        request.indicators = self.indicator.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        request.groupBy = self.by.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        request.filter = try self.filter.filter()
        request.allowCrossLevelSum = self.allowCrossLevelSum
        let client = try self.connection.client()
        defer { Task { await client.close() } }
        let response = try await client.call(FazhiMethod.Gateway.aggregate, request, as: Fazhi_V1_AggregateResponse.self)
        if self.json {
            try JSONOutput.print(response)
            return
        }
        print(StatsRendering.text(response, groupBy: request.groupBy, period: period.rawValue))
    }
}

enum StatsRendering {
    static func text(_ response: Fazhi_V1_AggregateResponse, groupBy: [String], period: String = "full_year") -> String {
        let others = response.groups.contains { $0.stats.otherPeriodCount > 0 }
        var table = TextTable(
            groupBy + ["indicator", "unit", "reports", "coverage", "facts", "sum", "mean", "median", "p90", "min", "max"]
                + (others ? ["other periods"] : []),
            rightAligned: Set((groupBy.count + 2)..<(groupBy.count + (others ? 12 : 11)))
        )
        for group in response.groups {
            let stats = group.stats
            let coverage = stats.reportsInGroup == 0 ? "" : String(format: "%.0f%%", 100 * Double(stats.reports) / Double(stats.reportsInGroup))
            let lowerBound = stats.lowerBoundCount > 0 ? "≥" : ""
            table.add(
                group.key.map { $0.isEmpty ? "?" : $0 } + [
                    group.indicator, group.unit, "\(stats.reports)", coverage, "\(stats.count)",
                    // A sum of rates means nothing: rates are compared by mean and quantiles.
                    Self.isRate(group.unit) ? "" : lowerBound + Self.format(stats.sum),
                    lowerBound + Self.format(stats.mean), Self.format(stats.median),
                    Self.format(stats.p90), Self.format(stats.min), Self.format(stats.max),
                ] + (others ? [stats.otherPeriodCount > 0 ? "\(stats.otherPeriodCount)" : ""] : []))
        }
        var text = table.render()
        if response.partitionsAnswered < response.partitionsTotal {
            text += "\nPARTIAL: \(response.partitionsAnswered) of \(response.partitionsTotal) partitions answered: \(response.partitionErrors.joined(separator: "; "))"
        }
        if others {
            let window = period == "full_year" ? "the report year's own figures" : "only the figures marked \(period)"
            text += "\nother periods: figures of the same indicator and group for another window (累计, 截至…月, 自…起, 目前, 下半年), "
                + "left out: this table counts \(window) (--period \(period)); --period chooses the window."
        }
        if response.groups.contains(where: { $0.stats.lowerBoundCount > 0 }) {
            text += "\n≥: some values were stated as lower bounds (余, 以上, 不少于), so the sum and mean are lower bounds too."
        }
        return text
    }

    static func isRate(_ unit: String) -> Bool { unit == "%" || unit == "‰" || unit.hasSuffix("百分点") }

    static func format(_ value: Double) -> String {
        if !value.isFinite { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.2f", value)
    }
}

/// `fazhi compliance`: on-time publication and five-part completeness.
struct ComplianceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compliance",
        abstract: "On-time publication (by 1 April of the following year) and five-part completeness."
    )

    @Option(help: "Group by, comma-separated: year, province, city, county, level, organization.") var by: String = "year"
    @OptionGroup var filter: ReportFilterOptions
    @OptionGroup var connection: GatewayOptions
    @Flag(help: "Print the response as JSON.") var json = false

    func run() async throws {
        var request = Fazhi_V1_ComplianceRequest()
        request.groupBy = self.by.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        request.filter = try self.filter.filter()
        let client = try self.connection.client()
        defer { Task { await client.close() } }
        let response = try await client.call(FazhiMethod.Gateway.compliance, request, as: Fazhi_V1_ComplianceResponse.self)
        if self.json {
            try JSONOutput.print(response)
            return
        }
        print(ComplianceRendering.text(response, groupBy: request.groupBy))
    }
}

enum ComplianceRendering {
    static func text(_ response: Fazhi_V1_ComplianceResponse, groupBy: [String]) -> String {
        var table = TextTable(
            groupBy + ["reports", "on time", "late", "date unknown", "on-time rate", "mean lag (days)", "A", "B", "C", "D", "E", "complete A–D"],
            rightAligned: Set(groupBy.count..<(groupBy.count + 12))
        )
        for row in response.rows {
            let known = row.onTime + row.late
            let rate = known == 0 ? "" : String(format: "%.0f%%", 100 * Double(row.onTime) / Double(known))
            let lag = known == 0 ? "" : String(format: "%.0f", Double(row.lagDaysSum) / Double(known))
            table.add(
                row.key.map { $0.isEmpty ? "?" : $0 } + [
                    "\(row.reports)", "\(row.onTime)", "\(row.late)", "\(row.unknownDate)", rate, lag,
                    "\(row.withPartA)", "\(row.withPartB)", "\(row.withPartC)", "\(row.withPartD)", "\(row.withPartE)", "\(row.complete)",
                ])
        }
        var text = table.render()
        if response.partitionsAnswered < response.partitionsTotal {
            text += "\nPARTIAL: \(response.partitionsAnswered) of \(response.partitionsTotal) partitions answered: \(response.partitionErrors.joined(separator: "; "))"
        }
        return text
    }
}

/// `fazhi similar ID`: how much a report repeats its predecessor, and its nearest peers.
struct SimilarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "How much a report repeats the same organization's previous report, and its most similar peers."
    )

    @Argument(help: "The report's doc id.") var docID: String
    @Option(help: "Peers to show.") var limit: Int = 5
    @OptionGroup var connection: GatewayOptions
    @Flag(help: "Print the response as JSON.") var json = false

    func run() async throws {
        var request = Fazhi_V1_SimilarityRequest()
        request.docID = self.docID
        request.limit = UInt32(max(1, min(self.limit, 100)))
        let client = try self.connection.client()
        defer { Task { await client.close() } }
        let response = try await client.call(FazhiMethod.Gateway.similarity, request, as: Fazhi_V1_SimilarityResponse.self)
        if self.json {
            try JSONOutput.print(response)
            return
        }
        var lines: [String] = []
        if response.previousDocID.isEmpty {
            lines.append("no previous-year report of the same organization is stored")
        } else {
            lines.append(String(format: "previous report %@: %.0f%% of this report's sentences repeat it", response.previousDocID, 100 * response.copyRatio))
            for passage in response.repeatedPassages.prefix(10) { lines.append("  ↺ \(passage)") }
        }
        var table = TextTable(["similarity", "year", "organization", "title", "id"], rightAligned: [0])
        for peer in response.peers {
            table.add([String(format: "%.2f", peer.similarity), peer.reportYear > 0 ? "\(peer.reportYear)" : "", peer.organization, peer.title, peer.docID])
        }
        lines.append("")
        lines.append(table.render())
        print(lines.joined(separator: "\n"))
    }
}
