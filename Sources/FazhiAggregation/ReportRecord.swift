package import FazhiParsing

/// One report as the facts table stores it: who, where, when, which mandated parts, which
/// quantities, and the text (for copy detection).
///
/// Build it from the parser's model with ``init(_:)``, or field by field. Values are stored
/// after unit normalisation (``UnitNormalization``).
package struct ReportRecord: Sendable, Hashable {
    /// Stable identity; adding a record with a known id replaces the earlier one.
    package var docID: String
    /// Hash of the content (from a parsed report: its content hash and parser version);
    /// re-adding the same id with the same hash is "unchanged".
    package var contentHash: String
    /// The report's title.
    package var title: String
    /// The (first) issuing organization.
    package var organization: String?
    /// The year the report covers.
    package var year: Int?
    package var province: String?
    package var city: String?
    package var county: String?
    /// ``AdministrativeLevel`` raw value; anything else is stored as unknown.
    package var level: String?
    /// Publication date; month and day 0 mean unknown (then compliance counts it as unknown).
    package var publishedDate: CalendarDate?
    /// Mandated parts present.
    package var parts: [MandatedPart]
    /// Quantities tied to indicators.
    package var facts: [FactRow]
    /// The cleaned body text.
    package var text: String
    /// Whether the document is an annual report. Templates, information disclosure reports and
    /// the plans and notices beside the reports are stored by id and content hash only (so a
    /// later version replaces them and a re-ingest is unchanged) and counted nowhere.
    package var isAnnualReport: Bool

    /// A record; see the properties.
    package init(
        docID: String,
        contentHash: String,
        title: String = "",
        organization: String? = nil,
        year: Int? = nil,
        province: String? = nil,
        city: String? = nil,
        county: String? = nil,
        level: String? = nil,
        publishedDate: CalendarDate? = nil,
        parts: [MandatedPart] = [],
        facts: [FactRow] = [],
        text: String = "",
        isAnnualReport: Bool = true
    ) {
        self.docID = docID
        self.contentHash = contentHash
        self.title = title
        self.organization = organization
        self.year = year
        self.province = province
        self.city = city
        self.county = county
        self.level = level
        self.publishedDate = publishedDate
        self.parts = parts
        self.facts = facts
        self.text = text
        self.isAnnualReport = isAnnualReport
    }
}

/// One quantity of a report, tied to an indicator.
package struct FactRow: Sendable, Hashable {
    /// Indicator id (indicators.json).
    package var indicator: String
    /// The value (lower end of a range).
    package var value: Double
    /// Upper end of a range; equal to ``value`` otherwise.
    package var valueMax: Double
    /// The unit ("件", "人次", "%", "元", or with a multiplier such as "万元").
    package var unit: String
    /// How the stated number bounds the value.
    package var qualifier: Qualifier
    /// A rule or target rather than an achievement; such rows are not aggregated.
    package var isRequirement: Bool
    /// The window the value covers (full year, year to a month, cumulative …). Aggregates count
    /// one window at a time (``AggregateQuery/period``); an earlier year's figures are never
    /// stored.
    package var period: Period

    /// A fact row; `valueMax` defaults to `value`.
    package init(
        indicator: String,
        value: Double,
        valueMax: Double? = nil,
        unit: String,
        qualifier: Qualifier = .exact,
        isRequirement: Bool = false,
        period: Period = .unspecified
    ) {
        self.indicator = indicator
        self.value = value
        self.valueMax = valueMax ?? value
        self.unit = unit
        self.qualifier = qualifier
        self.isRequirement = isRequirement
        self.period = period
    }
}
