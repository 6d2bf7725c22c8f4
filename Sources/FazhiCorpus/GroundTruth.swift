package import FazhiParsing

/// What a perfect parser must find in one generated page.
///
/// Expressed with FazhiParsing's model types (``ReportMetadata``, ``Section``, ``Fact``) so
/// that tests can compare parser output with the truth field by field. Every range
/// (``Fact/range``, ``Section/headingRange``…) is a half-open range of UTF-8 byte offsets into
/// ``body``: the report's cleaned text, one block per line, without page chrome or indentation.
/// For pages that are not annual reports, ``facts``, ``sections``, ``problems`` and ``plans``
/// are empty: they are not graded.
package struct GroundTruth: Sendable, Hashable {
    /// How the region of the issuing body can be resolved.
    package enum RegionStatus: String, Sendable, Hashable, CaseIterable {
        /// The page names the place so that exactly one division fits.
        case resolved
        /// The name fits several divisions and the page gives no chain: expected unresolved.
        case ambiguous
        /// No region applies (template pages).
        case none
    }

    /// How the signature block dates the report.
    package enum SignedDateForm: String, Sendable, Hashable, CaseIterable {
        /// A full date (2025年1月20日, 二〇二五年一月二十日).
        case complete
        /// No date under the signature.
        case missing
        /// Digits with 年/月/日 lost ("2025120"); only the year is certain.
        case broken
    }

    /// Which mandated parts a report has, and in what arrangement.
    package enum PartsPattern: String, Sendable, Hashable, CaseIterable {
        /// A, B, C, D in canonical order.
        case standard
        /// C, A, B, D: the 第一责任人 part comes first.
        case cFirst = "c_first"
        /// A, then one section holding both B and D; C missing.
        case mergedBD = "merged_bd"
        /// A, B, D; no C.
        case missingC = "missing_c"
        /// A B0 B C D or C A B0 B D: last year's problems and their fixes.
        case withB0 = "with_b0"
        /// A, B, C, D, E.
        case withE = "with_e"
        /// Only A (a short summary).
        case onlyA = "only_a"
        /// Not an annual report.
        case none
    }

    /// Stable identity (`syn-<seed>-<index>`).
    package var id: String
    /// Position in the corpus.
    package var index: Int
    /// Annual report, information-disclosure report, or not a report.
    package var kind: DocumentKind
    /// Why the page is not an annual report (empty for reports).
    package var kindReason: String
    /// Title, organizations, level, region, year, dates, index number, source, addressees,
    /// encoding and HTML flag as a perfect parser reports them.
    package var metadata: ReportMetadata
    /// Whether ``ReportMetadata/region`` can be resolved.
    package var regionStatus: RegionStatus
    /// How the signature is dated.
    package var signedDateForm: SignedDateForm
    /// Mandated parts per top-level section in document order (`[["A"], ["B", "D"]]`).
    package var partsOrder: [[MandatedPart]]
    /// Mandated parts present, canonical order.
    package var partsPresent: [MandatedPart]
    /// Required parts (A–D) absent.
    package var partsMissing: [MandatedPart]
    /// The arrangement of the parts.
    package var partsPattern: PartsPattern
    /// Headings of depth 1 and 2 in document order.
    package var sections: [Section]
    /// Items of the problems part (B), in order.
    package var problems: [String]
    /// Items of the plans part (D), in order.
    package var plans: [String]
    /// Every quantity a perfect parser reports, in document order.
    package var facts: [Fact]
    /// Number-like strings planted in the page that are not facts.
    package var traps: [PlantedTrap]
    /// The cleaned body text the ranges index.
    package var body: String
    /// Plain text or HTML.
    package var format: DocumentFormat
    /// Byte encoding of the page.
    package var encoding: DocumentEncoding
    /// The page's pretended address.
    package var sourceURL: String

    /// A truth record; see the properties.
    package init(
        id: String,
        index: Int,
        kind: DocumentKind,
        kindReason: String,
        metadata: ReportMetadata,
        regionStatus: RegionStatus,
        signedDateForm: SignedDateForm,
        partsOrder: [[MandatedPart]],
        partsPattern: PartsPattern,
        sections: [Section],
        problems: [String],
        plans: [String],
        facts: [Fact],
        traps: [PlantedTrap],
        body: String,
        format: DocumentFormat,
        encoding: DocumentEncoding,
        sourceURL: String
    ) {
        self.id = id
        self.index = index
        self.kind = kind
        self.kindReason = kindReason
        self.metadata = metadata
        self.regionStatus = regionStatus
        self.signedDateForm = signedDateForm
        self.partsOrder = partsOrder
        let present = Set(partsOrder.joined())
        self.partsPresent = MandatedPart.allCases.filter { present.contains($0) }
        self.partsMissing = kind == .annualReport ? MandatedPart.required.filter { !present.contains($0) } : []
        self.partsPattern = partsPattern
        self.sections = sections
        self.problems = problems
        self.plans = plans
        self.facts = facts
        self.traps = traps
        self.body = body
        self.format = format
        self.encoding = encoding
        self.sourceURL = sourceURL
    }

    /// Whether the page was published by 1 April of the year after the report year; `nil`
    /// when the publication date or the year is unknown.
    package var publishedOnTime: Bool? {
        guard let date = self.metadata.publishedDate, let year = self.metadata.reportYear else { return nil }
        if date.year != year + 1 { return date.year <= year }
        return date.month < 4 || (date.month == 4 && date.day <= 1)
    }
}
