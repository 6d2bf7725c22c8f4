/// Turns the decoded text of a page into an ``AnalyzedDocument``: furniture removal, metadata,
/// section tree, mandated parts, problems and plans, and the document kind.
///
/// The stages are small types in this folder: ``PageFurniture`` → ``TitleReader`` and
/// ``SignatureReader`` → ``HeadingScanner`` and ``SectionTree`` → ``PartClassifier`` and
/// ``AreaClassifier`` → ``ItemSplitter`` → ``ReportKindClassifier``, with places resolved by
/// ``Gazetteer``. Analysis never fails: any input, however odd, gives a (possibly empty) result,
/// in time linear in its length.
package enum DocumentAnalyzer {
    /// Analyzes one document.
    ///
    /// - Parameters:
    ///   - text: the decoded text; for HTML, the extracted visible text (``HTMLText/text``).
    ///   - html: the extraction result when the input was HTML, for its `<title>` and `<meta>` tags.
    ///   - sourceURL: where the page came from; its host helps to place the issuing body.
    package static func analyze(text: String, html: HTMLText?, sourceURL: String?) -> AnalyzedDocument {
        Self.analyze(utf8: Array(text.utf8), html: html, sourceURL: sourceURL)
    }

    /// ``analyze(text:html:sourceURL:)`` of text given as well-formed UTF-8 bytes.
    package static func analyze(utf8: [UInt8], html: HTMLText?, sourceURL: String?) -> AnalyzedDocument {
        var analysis = Analysis(utf8: utf8, html: html, sourceURL: sourceURL)
        return analysis.run()
    }
}

/// The working state of one ``DocumentAnalyzer/analyze(text:html:sourceURL:)`` call.
private struct Analysis {
    let html: HTMLText?
    let sourceURL: String?
    let furniture: PageFurniture
    var lines: [TextLine] { self.furniture.lines }
    var warnings: [String] = []

    private static let planCues = ScalarText.keywords([
        "针对", "下一步", "下一年", "下步", "今后", "明年", "新的一年", "为此", "我们将", "我们计划", "在新的一年",
    ])
    private static let planIntroductions = ScalarText.keywords(["如下措施", "计划如下", "思路如下", "打算如下", "措施如下", "安排如下"])

    init(utf8: [UInt8], html: HTMLText?, sourceURL: String?) {
        self.html = html
        self.sourceURL = sourceURL
        self.furniture = PageFurniture(lines: LineReflow.reflow(TextLine.split(utf8: utf8)), html: html)
    }

    mutating func run() -> AnalyzedDocument {
        let lines = self.lines
        let fields = self.furniture.fields
        let headingMatches = lines.map(HeadingScanner.scan)
        let head = TitleReader(
            lines: lines,
            isHeading: { headingMatches[$0] != nil },
            fallbacks: [fields.title, self.html?.title].compactMap { $0 }
        )
        var signature = SignatureReader(lines: lines, isHeading: { headingMatches[$0] != nil })
        let headEnd = max(head.titleLines.max() ?? -1, head.addresseeLine ?? -1)
        if let first = signature.firstLine, first <= headEnd { signature = SignatureReader(lines: [], isHeading: { _ in false }) }

        // The body text and where each line starts in it.
        let (bodyBytes, lineStarts) = TextLine.joinedUTF8(lines)
        let body = String(decoding: bodyBytes, as: UTF8.self)
        let textEnd = signature.firstLine.map { max(0, lineStarts[$0] - 1) } ?? bodyBytes.count

        var headings: [(Int, HeadingScanner.Match)] = []
        for (index, match) in headingMatches.enumerated() {
            guard let match, !head.titleLines.contains(index), index != head.addresseeLine else { continue }
            if let first = signature.firstLine, index >= first { continue }
            headings.append((index, match))
        }
        var tree = SectionTree(headings: headings, lineStarts: lineStarts, lines: lines, textEnd: textEnd)

        // Dates and the report year.
        var metadata = ReportMetadata()
        metadata.title = head.title
        metadata.indexNumber = fields.indexNumber
        metadata.sourceName = fields.source
        metadata.addressees = head.addressees
        // Unlabelled bullet dates: a page lists 成文日期 and 发布日期 in either order, and a
        // document is never published before it is written, so the later one is the publication.
        let unlabeled = fields.unlabeledDates.compactMap { DateReader.read($0)?.date }
        let latest = unlabeled.max { ($0.year, $0.month, $0.day) < ($1.year, $1.month, $1.day) }
        let earliest = unlabeled.min { ($0.year, $0.month, $0.day) < ($1.year, $1.month, $1.day) }
        metadata.publishedDate = fields.published.flatMap(DateReader.read)?.date ?? latest
        metadata.writtenDate = fields.written.flatMap(DateReader.read)?.date ?? (unlabeled.count >= 2 ? earliest : nil)
        if let reading = signature.date {
            metadata.signedDate = reading.date
            if reading.isUnreadable { self.warnings.append("signed date unreadable: \(reading.date.raw)") }
            if reading.isMasked { self.warnings.append("signed date is a placeholder: \(reading.date.raw)") }
        }
        let firstHeadingLine = headings.first?.0 ?? lines.count
        // Parts first without the year (it only adds the "2025年工作重点" reading of D), so that
        // an A or B heading can give the year; then again with it.
        self.classify(&tree, reportYear: nil, areas: true)
        metadata.reportYear = self.reportYear(
            title: head.title,
            tree: tree,
            preamble: (headEnd + 1)..<max(headEnd + 1, min(firstHeadingLine, headEnd + 6)),
            signed: metadata.signedDate,
            published: metadata.publishedDate
        )

        self.classify(&tree, reportYear: metadata.reportYear, areas: false)
        let present = Set(tree.sections.flatMap(\.parts)).sorted()

        // Organizations: the signature names the bodies best; the head and title add the rest.
        var organizations: [String] = []
        for name in signature.organizations + head.headerOrganizations + head.titleOrganizations {
            let key = ScalarText.normalized(name)[...]
            let known = organizations.contains { existing in
                let other = ScalarText.normalized(existing)
                return ScalarText.find(Array(key), in: other[...]) != nil || ScalarText.find(other, in: key) != nil
            }
            if !known { organizations.append(name) }
        }
        metadata.organizations = organizations
        metadata.level = organizations.first.flatMap(OrganizationReader.level)

        // Place.
        var context = Gazetteer.PlaceContext(
            title: head.title.isEmpty ? nil : head.title,
            organizations: organizations + fields.unlabeledNames,
            addressees: head.addressees,
            signatures: signature.lines,
            source: fields.source,
            breadcrumb: fields.breadcrumb ?? fields.siteName,
            host: self.sourceURL.flatMap { $0.contains("://") ? $0 : nil },
            body: nil
        )
        var resolution = Gazetteer.shared.resolve(context)
        // The body only chooses among candidates, and scanning it is the costly part: consult
        // it only when the explicit fields left a choice (and the text is of report size).
        if resolution.place == nil, !resolution.candidates.isEmpty, bodyBytes.count <= 1 << 20 {
            context.body = body
            resolution = Gazetteer.shared.resolve(context)
        }
        if let place = resolution.place {
            metadata.region = Region(
                province: place.province,
                city: place.city,
                county: place.county,
                township: place.township,
                countyCode: place.countyCode
            )
            if metadata.level == nil { metadata.level = Self.level(place.level) }
            // A 县级市 reads as a city by its suffix; the gazetteer knows it is a county.
            if metadata.level == .city, let county = place.county, place.township == nil,
                organizations.first?.contains(county) == true
            {
                metadata.level = .county
            }
        } else if !resolution.candidates.isEmpty {
            metadata.region.candidates = resolution.candidates.map(\.description)
            let names = Set(resolution.candidates.map { $0.township ?? $0.county ?? $0.city ?? $0.province })
            self.warnings.append(
                "ambiguous place: \(names.sorted().joined(separator: "/")) (\(resolution.candidates.count) candidates)"
            )
        }

        let (problems, plans) = self.items(tree: tree, bodyBytes: bodyBytes, reportYear: metadata.reportYear)

        // The body's normalized scalars, from the lines (no second decoding of the text).
        var normalizedBody: [Unicode.Scalar] = []
        normalizedBody.reserveCapacity(bodyBytes.count / 3 + lines.count)
        for line in lines {
            if !normalizedBody.isEmpty { normalizedBody.append("\n") }
            normalizedBody.append(contentsOf: line.normalized)
        }
        let decision = ReportKindClassifier.classify(
            title: ScalarText.normalized(head.title),
            body: normalizedBody[...],
            firstLine: lines.first?.normalized ?? []
        )
        if decision.kind == .annualReport {
            if head.title.isEmpty { self.warnings.append("no title found") }
            if resolution.place == nil, resolution.candidates.isEmpty { self.warnings.append("place not found") }
        }
        return AnalyzedDocument(
            body: body,
            metadata: metadata,
            sections: tree.sections,
            partsPresent: present,
            partsMissing: MandatedPart.required.filter { !present.contains($0) },
            problems: problems,
            plans: plans,
            kind: decision.kind,
            kindReason: decision.reason,
            warnings: self.warnings
        )
    }

    private static func level(_ level: Gazetteer.Level) -> AdministrativeLevel {
        switch level {
        case .province: .province
        case .city: .city
        case .county: .county
        case .township: .township
        case .street: .street
        }
    }

    /// Title year, else a year in an A/B heading, else a preamble paragraph starting `2024年`,
    /// else the signing (or publication) date: Jan–Apr → the year before, Oct–Dec → that year.
    private func reportYear(
        title: String,
        tree: SectionTree,
        preamble: Range<Int>,
        signed: CalendarDate?,
        published: CalendarDate?
    ) -> Int? {
        if let year = Self.firstYear(in: ScalarText.normalized(title)[...]) { return year }
        for (index, section) in tree.sections.enumerated() where section.depth == 1 {
            guard !section.parts.isEmpty, section.parts.allSatisfy({ $0 == .a || $0 == .b }) else { continue }
            if let year = Self.firstYear(in: tree.matches[index].normalizedHeading[...]) { return year }
        }
        for index in preamble where index < self.lines.count {
            let line = self.lines[index].norm
            if let year = Self.firstYear(in: line.prefix(5)) { return year }
        }
        for date in [signed, published].compactMap({ $0 }) where date.year > 0 {
            if (1...4).contains(date.month) { return date.year - 1 }
            if (10...12).contains(date.month) { return date.year }
        }
        return nil
    }

    /// The first `YYYY年` (2000–2099) in `s`, in Arabic or Chinese digits (`二〇二二年`).
    private static func firstYear(in s: ArraySlice<Unicode.Scalar>) -> Int? {
        var index = s.startIndex
        while index + 4 < s.endIndex {
            if s[index + 4] == "年" {
                if s[index] == "2", s[index + 1] == "0", index == s.startIndex || ScalarText.digit(s[index - 1]) == nil,
                    let c = ScalarText.digit(s[index + 2]), let d = ScalarText.digit(s[index + 3])
                {
                    return 2000 + c * 10 + d
                }
                if s[index] == "二", s[index + 1] == "〇" || s[index + 1] == "零" || s[index + 1] == "○",
                    index == s.startIndex || ScalarText.chineseDigit(s[index - 1]) == nil,
                    let c = ScalarText.chineseDigit(s[index + 2]), let d = ScalarText.chineseDigit(s[index + 3]),
                    s[index + 2] != "两", s[index + 3] != "两"
                {
                    return 2000 + c * 10 + d
                }
            }
            index += 1
        }
        return nil
    }

    /// Sets parts and areas on the tree's sections.
    private func classify(_ tree: inout SectionTree, reportYear: Int?, areas: Bool) {
        var sawLaterPart = false
        for index in tree.sections.indices {
            let heading = tree.matches[index].normalizedHeading
            if areas { tree.sections[index].area = AreaClassifier.area(of: heading) }
            guard tree.sections[index].depth == 1 else { continue }
            var parts = PartClassifier.parts(of: heading, topLevel: true, reportYear: reportYear)
            if parts.contains(where: { $0 == .b0 || $0 == .b || $0 == .d || $0 == .e }) { sawLaterPart = true }
            if parts.isEmpty, !sawLaterPart { parts = [.a] }
            tree.sections[index].parts = parts
        }
        // Children: a merged parent's children take the parts they name (among the parent's);
        // under A (or nothing) a sub-heading may still name B0/B/D/E, or C explicitly.
        for index in tree.sections.indices where tree.sections[index].depth == 2 {
            guard let parent = tree.sections[index].parent else { continue }
            let parentParts = tree.sections[parent].parts
            let heading = tree.matches[index].normalizedHeading
            let named = PartClassifier.parts(of: heading, topLevel: false, reportYear: reportYear)
            if parentParts.count > 1 {
                tree.sections[index].parts = named.filter { parentParts.contains($0) }
            } else if parentParts.isEmpty || parentParts == [.a] {
                if PartClassifier.isStrongC(heading) {
                    tree.sections[index].parts = [.c]
                } else {
                    tree.sections[index].parts = named.filter { $0 == .b0 || $0 == .b || $0 == .d || $0 == .e }
                }
            }
        }
    }

    /// Problems (B) and plans (D).
    private func items(tree: SectionTree, bodyBytes: [UInt8], reportYear: Int?) -> ([String], [String]) {
        func scalars(_ range: Range<Int>) -> ([Unicode.Scalar], [Unicode.Scalar]) {
            let clamped = range.clamped(to: 0..<bodyBytes.count)
            let original = ScalarText.scalars(String(decoding: bodyBytes[clamped], as: UTF8.self))
            return (original, original.map(ScalarText.normalize))
        }
        var problems: [String] = []
        var plans: [String] = []
        for (index, section) in tree.sections.enumerated() {
            let children = tree.children[index]
            for part in [MandatedPart.b, .d] where section.parts.contains(part) {
                // Only the deepest section holding the part reads items.
                if children.contains(where: { tree.sections[$0].parts.contains(part) }) { continue }
                var items: [String]
                if section.parts.count == 1 || (part == .b && !section.parts.contains(.d))
                    || (part == .d && !section.parts.contains(.b))
                {
                    if !children.isEmpty {
                        items = children.map { tree.sections[$0].heading }
                    } else {
                        let (original, normalized) = scalars(section.bodyRange)
                        items = ItemSplitter.items(original: original, normalized: normalized)
                    }
                } else {
                    // B and D merged: the lead text before the first sub-heading holds the
                    // problems, then a plan cue ("针对以上问题", "2023年，…将") starts the plans.
                    let leadEnd = children.first.map { tree.sections[$0].headingRange.lowerBound } ?? section.bodyRange.upperBound
                    let (original, normalized) = scalars(section.bodyRange.lowerBound..<max(section.bodyRange.lowerBound, leadEnd))
                    let cut = self.planCut(normalized, reportYear: reportYear) ?? normalized.count
                    if part == .b {
                        items = ItemSplitter.items(original: Array(original[..<cut]), normalized: Array(normalized[..<cut]))
                    } else if !children.isEmpty {
                        items = children.map { tree.sections[$0].heading }
                    } else {
                        items = ItemSplitter.items(original: Array(original[cut...]), normalized: Array(normalized[cut...]))
                    }
                }
                if part == .b { problems += items } else { plans += items }
            }
        }
        return (problems, plans)
    }

    /// The scalar offset of the first paragraph that starts the plans in a merged B+D text.
    private func planCut(_ s: [Unicode.Scalar], reportYear: Int?) -> Int? {
        var start = 0
        for index in 0...s.count where index == s.count || s[index] == "\n" {
            let paragraph = s[start..<index]
            if start > 0 || index < s.count {
                if Self.planCues.contains(where: { ScalarText.has($0, in: paragraph, at: start) })
                    || ScalarText.containsAny(paragraph, Self.planIntroductions)
                {
                    return start
                }
                if let reportYear, let year = Self.firstYear(in: paragraph.prefix(5)), year > reportYear { return start }
            }
            start = index + 1
        }
        return nil
    }
}
