/// One report as the parser understands it: metadata, section tree, mandated parts and facts.
///
/// Pure Swift mirror of `fazhi.v1.Report` (the service maps between the two). Every range is a
/// half-open range of UTF-8 byte offsets into ``text``, the cleaned body text.
package struct ParsedReport: Sendable, Hashable {
    /// Stable identity: hex SHA-256 of the source URL when given, else of the content.
    package var docID: String
    /// Hex SHA-256 of the raw bytes.
    package var contentSHA256: String
    /// The parser version that produced this record.
    package var parserVersion: String
    /// Where the page came from, if known.
    package var sourceURL: String?
    /// What kind of document it is.
    package var kind: DocumentKind
    /// Why it is not an annual report (empty for reports).
    package var kindReason: String
    /// Title, organizations, place, dates.
    package var metadata: ReportMetadata
    /// Headings in document order; a tree through ``Section/parent``.
    package var sections: [Section]
    /// Mandated parts found, in canonical order.
    package var partsPresent: [MandatedPart]
    /// Mandated parts A–D not found.
    package var partsMissing: [MandatedPart]
    /// Every quantity found, in document order.
    package var facts: [Fact]
    /// Items of the problems part (B).
    package var problems: [String]
    /// Items of the next-year plans part (D).
    package var plans: [String]
    /// The cleaned body text: page furniture removed, one block per line.
    package var text: String
    /// What the parser noticed but could not resolve.
    package var warnings: [String]

    /// What the index shards and facts partitions compare to tell a re-sent report from a new
    /// version of it: the raw bytes' hash and the parser version, since the same page parsed by
    /// a newer parser is a new report (its facts may differ).
    package static func storedVersion(contentSHA256: String, parserVersion: String) -> String {
        contentSHA256 + "/" + parserVersion
    }

    /// An empty report (every field empty or unknown).
    package init(
        docID: String = "",
        contentSHA256: String = "",
        parserVersion: String = "",
        sourceURL: String? = nil,
        kind: DocumentKind = .annualReport,
        kindReason: String = "",
        metadata: ReportMetadata = ReportMetadata(),
        sections: [Section] = [],
        partsPresent: [MandatedPart] = [],
        partsMissing: [MandatedPart] = [],
        facts: [Fact] = [],
        problems: [String] = [],
        plans: [String] = [],
        text: String = "",
        warnings: [String] = []
    ) {
        self.docID = docID
        self.contentSHA256 = contentSHA256
        self.parserVersion = parserVersion
        self.sourceURL = sourceURL
        self.kind = kind
        self.kindReason = kindReason
        self.metadata = metadata
        self.sections = sections
        self.partsPresent = partsPresent
        self.partsMissing = partsMissing
        self.facts = facts
        self.problems = problems
        self.plans = plans
        self.text = text
        self.warnings = warnings
    }
}

/// What kind of document a page holds.
package enum DocumentKind: String, Sendable, Hashable, CaseIterable {
    /// An annual rule-of-law government report (or a 法治建设工作报告 with the same purpose).
    case annualReport = "annual_report"
    /// A template, essay or other page that is not a report.
    case notAReport = "not_a_report"
    /// A 政府信息公开工作年度报告: another document type with the same vocabulary.
    case informationDisclosureReport = "information_disclosure_report"
}

/// The mandated parts of a report (DOMAIN.md §1.3), in canonical order.
package enum MandatedPart: String, Sendable, Hashable, CaseIterable, Comparable {
    /// 主要举措和成效.
    case a = "A"
    /// Optional: 上一年度存在问题的改进情况.
    case b0 = "B0"
    /// 存在的不足和原因.
    case b = "B"
    /// 党政主要负责人履行第一责任人职责.
    case c = "C"
    /// 下一年度主要安排.
    case d = "D"
    /// 其他需要报告的情况.
    case e = "E"

    /// The parts whose absence is reported (E and B0 are optional).
    package static let required: [MandatedPart] = [.a, .b, .c, .d]

    package static func < (lhs: MandatedPart, rhs: MandatedPart) -> Bool {
        // '!' is fine: every case is in allCases.
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
