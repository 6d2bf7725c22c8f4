package import FazhiParsing

extension ReportRecord {
    /// The record of a parsed report.
    ///
    /// Keeps the facts that are achievements of one indicator: facts without an indicator,
    /// rules or targets (`isRequirement`), changes (同比 …, `changePercent` / `changePoints` /
    /// `changeCount`: not levels), an earlier year's figures (上年同期为120件: `previousYear`, not the report
    /// year's) and breakdowns of a total of the same indicator (其中 …: they would be counted
    /// twice) are left out. The organization is the first issuing organization; the content hash
    /// is the SHA-256 of the raw bytes.
    ///
    /// A document that is not an annual report (``DocumentKind``) gives a record with its id and
    /// content hash only (``isAnnualReport`` false): stored so that it replaces an earlier
    /// version, and in no aggregate, compliance or similarity answer.
    package init(_ report: ParsedReport) {
        guard report.kind == .annualReport else {
            self.init(
                docID: report.docID,
                contentHash: ParsedReport.storedVersion(contentSHA256: report.contentSHA256, parserVersion: report.parserVersion),
                isAnnualReport: false
            )
            return
        }
        let facts = report.facts
        var rows: [FactRow] = []
        rows.reserveCapacity(facts.count)
        for fact in facts {
            guard let indicator = fact.indicator, !fact.isRequirement else { continue }
            if fact.valueKind.isChange || fact.period == .previousYear { continue }
            if let parent = fact.partOf, facts.indices.contains(parent), facts[parent].indicator == indicator { continue }
            rows.append(
                FactRow(
                    indicator: indicator,
                    value: fact.value,
                    valueMax: fact.valueMax,
                    unit: fact.unit,
                    qualifier: fact.qualifier,
                    period: fact.period
                )
            )
        }
        let metadata = report.metadata
        self.init(
            docID: report.docID,
            contentHash: ParsedReport.storedVersion(contentSHA256: report.contentSHA256, parserVersion: report.parserVersion),
            title: metadata.title,
            organization: metadata.organizations.first,
            year: metadata.reportYear,
            province: metadata.region.province,
            city: metadata.region.city,
            county: metadata.region.county,
            level: metadata.level?.rawValue,
            publishedDate: metadata.publishedDate,
            parts: report.partsPresent,
            facts: rows,
            text: report.text
        )
    }
}
