package import FazhiParsing
package import FazhiProto

// The one place where the parser's pure-Swift model meets the generated wire types. Both
// directions are kept lossless for everything the wire carries, so a report survives the
// cache and the services unchanged (tests check the round trip).

extension Fazhi_V1_Report {
    /// The wire form of a parsed report.
    package init(_ report: ParsedReport) {
        self.init()
        self.docID = report.docID
        self.contentSha256 = report.contentSHA256
        self.parserVersion = report.parserVersion
        self.sourceURL = report.sourceURL ?? ""
        self.kind = Fazhi_V1_DocumentKind(report.kind)
        self.kindReason = report.kindReason
        self.metadata = Fazhi_V1_ReportMetadata(report.metadata)
        self.sections = report.sections.map(Fazhi_V1_Section.init)
        self.partsPresent = report.partsPresent.map(Fazhi_V1_Part.init)
        self.partsMissing = report.partsMissing.map(Fazhi_V1_Part.init)
        self.facts = report.facts.map(Fazhi_V1_Fact.init)
        self.problems = report.problems
        self.plans = report.plans
        self.text = report.text
        self.warnings = report.warnings
    }
}

extension ParsedReport {
    /// The model form of a wire report; unknown enum values become the nearest "unknown".
    package init(_ report: Fazhi_V1_Report) {
        self.init(
            docID: report.docID,
            contentSHA256: report.contentSha256,
            parserVersion: report.parserVersion,
            sourceURL: report.sourceURL.isEmpty ? nil : report.sourceURL,
            kind: DocumentKind(report.kind),
            kindReason: report.kindReason,
            metadata: ReportMetadata(report.metadata),
            sections: report.sections.map(Section.init),
            partsPresent: report.partsPresent.compactMap(MandatedPart.init),
            partsMissing: report.partsMissing.compactMap(MandatedPart.init),
            facts: report.facts.map(Fact.init),
            problems: report.problems,
            plans: report.plans,
            text: report.text,
            warnings: report.warnings
        )
    }
}

extension Fazhi_V1_DocumentKind {
    package init(_ kind: DocumentKind) {
        switch kind {
        case .annualReport: self = .annualReport
        case .notAReport: self = .notAReport
        case .informationDisclosureReport: self = .informationDisclosureReport
        }
    }
}

extension DocumentKind {
    package init(_ kind: Fazhi_V1_DocumentKind) {
        switch kind {
        case .notAReport: self = .notAReport
        case .informationDisclosureReport: self = .informationDisclosureReport
        case .annualReport, .unspecified, .UNRECOGNIZED: self = .annualReport
        }
    }
}

extension Fazhi_V1_Part {
    package init(_ part: MandatedPart) {
        switch part {
        case .a: self = .a
        case .b0: self = .b0
        case .b: self = .b
        case .c: self = .c
        case .d: self = .d
        case .e: self = .e
        }
    }
}

extension MandatedPart {
    /// `nil` for an unspecified or unknown wire value.
    package init?(_ part: Fazhi_V1_Part) {
        switch part {
        case .a: self = .a
        case .b0: self = .b0
        case .b: self = .b
        case .c: self = .c
        case .d: self = .d
        case .e: self = .e
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension Fazhi_V1_Level {
    package init(_ level: AdministrativeLevel?) {
        switch level {
        case .province: self = .province
        case .city: self = .city
        case .county: self = .county
        case .township: self = .township
        case .street: self = .street
        case .department: self = .department
        case nil: self = .unspecified
        }
    }
}

extension AdministrativeLevel {
    /// `nil` for an unspecified or unknown wire value.
    package init?(_ level: Fazhi_V1_Level) {
        switch level {
        case .province: self = .province
        case .city: self = .city
        case .county: self = .county
        case .township: self = .township
        case .street: self = .street
        case .department: self = .department
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension Fazhi_V1_CalendarDate {
    package init(_ date: CalendarDate) {
        self.init()
        self.year = Int32(clamping: date.year)
        self.month = Int32(clamping: date.month)
        self.day = Int32(clamping: date.day)
        self.raw = date.raw
    }
}

extension CalendarDate {
    /// `nil` when the wire date is empty (no year and no raw text).
    package init?(_ date: Fazhi_V1_CalendarDate) {
        guard date.year != 0 || !date.raw.isEmpty else { return nil }
        self.init(year: Int(date.year), month: Int(date.month), day: Int(date.day), raw: date.raw)
    }
}

extension Fazhi_V1_Region {
    package init(_ region: Region) {
        self.init()
        self.province = region.province ?? ""
        self.city = region.city ?? ""
        self.county = region.county ?? ""
        self.township = region.township ?? ""
        self.countyCode = region.countyCode ?? ""
        self.candidates = region.candidates
    }
}

extension Region {
    package init(_ region: Fazhi_V1_Region) {
        self.init(
            province: region.province.nilIfEmpty,
            city: region.city.nilIfEmpty,
            county: region.county.nilIfEmpty,
            township: region.township.nilIfEmpty,
            countyCode: region.countyCode.nilIfEmpty,
            candidates: region.candidates
        )
    }
}

extension Fazhi_V1_ReportMetadata {
    package init(_ metadata: ReportMetadata) {
        self.init()
        self.title = metadata.title
        self.organizations = metadata.organizations
        self.level = Fazhi_V1_Level(metadata.level)
        self.region = Fazhi_V1_Region(metadata.region)
        self.reportYear = Int32(clamping: metadata.reportYear ?? 0)
        if let date = metadata.publishedDate { self.publishedDate = Fazhi_V1_CalendarDate(date) }
        if let date = metadata.signedDate { self.signedDate = Fazhi_V1_CalendarDate(date) }
        if let date = metadata.writtenDate { self.writtenDate = Fazhi_V1_CalendarDate(date) }
        if let date = metadata.crawlDate { self.crawlDate = Fazhi_V1_CalendarDate(date) }
        self.indexNumber = metadata.indexNumber ?? ""
        self.sourceName = metadata.sourceName ?? ""
        self.addressees = metadata.addressees
        self.encoding = metadata.encoding
        self.wasHtml = metadata.wasHTML
    }
}

extension ReportMetadata {
    package init(_ metadata: Fazhi_V1_ReportMetadata) {
        self.init(
            title: metadata.title,
            organizations: metadata.organizations,
            level: AdministrativeLevel(metadata.level),
            region: Region(metadata.region),
            reportYear: metadata.reportYear == 0 ? nil : Int(metadata.reportYear),
            publishedDate: metadata.hasPublishedDate ? CalendarDate(metadata.publishedDate) : nil,
            signedDate: metadata.hasSignedDate ? CalendarDate(metadata.signedDate) : nil,
            writtenDate: metadata.hasWrittenDate ? CalendarDate(metadata.writtenDate) : nil,
            crawlDate: metadata.hasCrawlDate ? CalendarDate(metadata.crawlDate) : nil,
            indexNumber: metadata.indexNumber.nilIfEmpty,
            sourceName: metadata.sourceName.nilIfEmpty,
            addressees: metadata.addressees,
            encoding: metadata.encoding,
            wasHTML: metadata.wasHtml
        )
    }
}

extension Fazhi_V1_Section {
    package init(_ section: Section) {
        self.init()
        self.parent = Int32(clamping: section.parent ?? -1)
        self.depth = Int32(clamping: section.depth)
        self.numbering = section.numbering
        self.heading = section.heading
        self.parts = section.parts.map(Fazhi_V1_Part.init)
        self.area = section.area ?? ""
        self.headingStart = UInt32(clamping: section.headingRange.lowerBound)
        self.headingEnd = UInt32(clamping: section.headingRange.upperBound)
        self.bodyStart = UInt32(clamping: section.bodyRange.lowerBound)
        self.bodyEnd = UInt32(clamping: section.bodyRange.upperBound)
    }
}

extension Section {
    package init(_ section: Fazhi_V1_Section) {
        self.init(
            parent: section.parent < 0 ? nil : Int(section.parent),
            depth: Int(section.depth),
            numbering: section.numbering,
            heading: section.heading,
            parts: section.parts.compactMap(MandatedPart.init),
            area: section.area.nilIfEmpty,
            headingRange: Int(section.headingStart)..<max(Int(section.headingStart), Int(section.headingEnd)),
            bodyRange: Int(section.bodyStart)..<max(Int(section.bodyStart), Int(section.bodyEnd))
        )
    }
}

extension Fazhi_V1_Fact {
    package init(_ fact: Fact) {
        self.init()
        self.indicator = fact.indicator ?? ""
        self.value = fact.value
        self.valueMax = fact.valueMax
        self.unit = fact.unit
        self.qualifier = Fazhi_V1_Qualifier(fact.qualifier)
        self.valueKind = Fazhi_V1_ValueKind(fact.valueKind)
        self.period = Fazhi_V1_Period(fact.period)
        self.periodMonth = Int32(clamping: fact.periodMonth ?? 0)
        self.isRequirement = fact.isRequirement
        self.partOf = Int32(clamping: fact.partOf ?? -1)
        self.text = fact.text
        self.start = UInt32(clamping: fact.range.lowerBound)
        self.end = UInt32(clamping: fact.range.upperBound)
        self.sentenceStart = UInt32(clamping: fact.sentenceRange.lowerBound)
        self.sentenceEnd = UInt32(clamping: fact.sentenceRange.upperBound)
        self.section = Int32(clamping: fact.section ?? -1)
        self.scope = fact.scope ?? ""
    }
}

extension Fact {
    package init(_ fact: Fazhi_V1_Fact) {
        self.init(
            indicator: fact.indicator.nilIfEmpty,
            value: fact.value,
            valueMax: fact.valueMax,
            unit: fact.unit,
            qualifier: Qualifier(fact.qualifier),
            valueKind: ValueKind(fact.valueKind),
            period: Period(fact.period),
            periodMonth: fact.periodMonth == 0 ? nil : Int(fact.periodMonth),
            isRequirement: fact.isRequirement,
            partOf: fact.partOf < 0 ? nil : Int(fact.partOf),
            text: fact.text,
            range: Int(fact.start)..<max(Int(fact.start), Int(fact.end)),
            sentenceRange: Int(fact.sentenceStart)..<max(Int(fact.sentenceStart), Int(fact.sentenceEnd)),
            section: fact.section < 0 ? nil : Int(fact.section),
            scope: fact.scope.nilIfEmpty
        )
    }
}

extension Fazhi_V1_Qualifier {
    package init(_ qualifier: Qualifier) {
        switch qualifier {
        case .exact: self = .exact
        case .approxOver: self = .approxOver
        case .atLeast: self = .atLeast
        case .atMost: self = .atMost
        case .approx: self = .approx
        }
    }
}

extension Qualifier {
    package init(_ qualifier: Fazhi_V1_Qualifier) {
        switch qualifier {
        case .approxOver: self = .approxOver
        case .atLeast: self = .atLeast
        case .atMost: self = .atMost
        case .approx: self = .approx
        case .exact, .UNRECOGNIZED: self = .exact
        }
    }
}

extension Fazhi_V1_ValueKind {
    package init(_ kind: ValueKind) {
        switch kind {
        case .count: self = .count
        case .rate: self = .rate
        case .amount: self = .amount
        case .stock: self = .stock
        case .changePercent: self = .changePercent
        case .changePoints: self = .changePoints
        case .changeCount: self = .changeCount
        case .duration: self = .duration
        }
    }
}

extension ValueKind {
    package init(_ kind: Fazhi_V1_ValueKind) {
        switch kind {
        case .rate: self = .rate
        case .amount: self = .amount
        case .stock: self = .stock
        case .changePercent: self = .changePercent
        case .changePoints: self = .changePoints
        case .changeCount: self = .changeCount
        case .duration: self = .duration
        case .count, .unspecified, .UNRECOGNIZED: self = .count
        }
    }
}

extension Fazhi_V1_Period {
    package init(_ period: Period) {
        switch period {
        case .unspecified: self = .unspecified
        case .fullYear: self = .fullYear
        case .yearToDate: self = .ytdToMonth
        case .sinceDate: self = .sinceDate
        case .cumulative: self = .cumulative
        case .stockNow: self = .stockNow
        case .previousYear: self = .previousYear
        case .partOfYear: self = .partOfYear
        }
    }
}

extension Period {
    package init(_ period: Fazhi_V1_Period) {
        switch period {
        case .fullYear: self = .fullYear
        case .ytdToMonth: self = .yearToDate
        case .sinceDate: self = .sinceDate
        case .cumulative: self = .cumulative
        case .stockNow: self = .stockNow
        case .previousYear: self = .previousYear
        case .partOfYear: self = .partOfYear
        case .unspecified, .UNRECOGNIZED: self = .unspecified
        }
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { self.isEmpty ? nil : self }
}
