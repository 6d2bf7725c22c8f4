/// Everything the parser learns from the text apart from facts.
///
/// Every range (in ``sections``) is a half-open range of UTF-8 byte offsets into ``body``.
package struct AnalyzedDocument: Sendable, Hashable {
    /// The cleaned body text: page furniture removed, one block per line, whitespace runs
    /// collapsed to one space. Title, addressee and signature lines stay: they are the report's own.
    package var body: String
    /// Title, organizations, level, region, report year, dates, index number, source and
    /// addressees. `encoding`, `wasHTML` and `crawlDate` are left for the caller.
    package var metadata: ReportMetadata
    /// Headings in document order, a tree through ``Section/parent``; parts and areas set where
    /// the heading names them.
    package var sections: [Section]
    /// Mandated parts found, in canonical order.
    package var partsPresent: [MandatedPart]
    /// Parts of ``MandatedPart/required`` that were not found.
    package var partsMissing: [MandatedPart]
    /// Items of part B (problems), trimmed of their markers.
    package var problems: [String]
    /// Items of part D (next year's plans): sub-headings, or inline items.
    package var plans: [String]
    /// What kind of document this is.
    package var kind: DocumentKind
    /// Why it is not an annual report; empty for reports.
    package var kindReason: String
    /// What the analysis noticed but could not resolve (`ambiguous place: 南山区 (2 candidates)`).
    package var warnings: [String]

    /// Creates a result; every field defaults to empty.
    package init(
        body: String = "",
        metadata: ReportMetadata = ReportMetadata(),
        sections: [Section] = [],
        partsPresent: [MandatedPart] = [],
        partsMissing: [MandatedPart] = [],
        problems: [String] = [],
        plans: [String] = [],
        kind: DocumentKind = .annualReport,
        kindReason: String = "",
        warnings: [String] = []
    ) {
        self.body = body
        self.metadata = metadata
        self.sections = sections
        self.partsPresent = partsPresent
        self.partsMissing = partsMissing
        self.problems = problems
        self.plans = plans
        self.kind = kind
        self.kindReason = kindReason
        self.warnings = warnings
    }
}
