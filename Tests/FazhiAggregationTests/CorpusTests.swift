import FazhiAggregation
import FazhiCorpus
import FazhiParsing
import Testing

@Suite struct CorpusTests {
    static let generator = CorpusGenerator(seed: 0xA99)

    /// The parser's view of a generated page, as a perfect parser would produce it.
    static func parsed(_ index: Int) -> ParsedReport {
        let truth = Self.generator.generate(index: index).truth
        return ParsedReport(
            docID: truth.id,
            contentSHA256: "sha-\(truth.id)",
            kind: truth.kind,
            metadata: truth.metadata,
            sections: truth.sections,
            partsPresent: truth.partsPresent,
            partsMissing: truth.partsMissing,
            facts: truth.facts,
            text: truth.body
        )
    }

    @Test("an earlier year's figure (上年同期为120件) and a change in a count (同比增加60件) are not counted as the report year's")
    func previousYearLeftOut() {
        var report = Self.parsed(0)
        report.facts = [
            Fact(indicator: "legal_aid_cases", value: 180, unit: "件", period: .fullYear, text: "180件", range: 0..<5, sentenceRange: 0..<30),
            Fact(indicator: "legal_aid_cases", value: 120, unit: "件", period: .previousYear, text: "120件", range: 9..<14, sentenceRange: 0..<30),
            Fact(indicator: "legal_aid_cases", value: 60, unit: "件", valueKind: .changeCount, text: "60件", range: 20..<24, sentenceRange: 0..<30),
        ]
        #expect(ReportRecord(report).facts.map(\.value) == [180])
    }

    @Test("records built from generated reports aggregate to the brute-force totals of their truth")
    func generatedCorpus() throws {
        let reports = (0..<60).map(Self.parsed).filter { $0.kind == .annualReport }
        #expect(reports.count > 20)
        var table = FactsTable()
        _ = table.add(reports.map(ReportRecord.init))
        let rows = try table.aggregate(AggregateQuery(groupBy: ["year", "level"]))
        var expected: [String: (count: Int, sum: Double)] = [:]
        for report in reports {
            for fact in report.facts {
                // The report year's own figures (the default period): not a running total, a
                // part of the year, a stock or an earlier year.
                guard let indicator = fact.indicator, !fact.isRequirement,
                    !fact.valueKind.isChange, fact.period == .fullYear || fact.period == .unspecified
                else { continue }
                if let parent = fact.partOf, report.facts[parent].indicator == indicator { continue }
                let unit = UnitNormalization.normalize(fact.unit).unit
                let key = [report.metadata.reportYear.map(String.init) ?? "", report.metadata.level?.rawValue ?? "", indicator, unit]
                    .joined(separator: "|")
                expected[key, default: (0, 0)].count += 1
                expected[key, default: (0, 0)].sum += fact.value
            }
        }
        let actual = rows.filter { !$0.isGroupMarker && $0.stats.count > 0 }
        #expect(actual.count == expected.count)
        // The rest hold only figures of other windows, for an exact merge over partitions.
        for row in rows where !row.isGroupMarker && row.stats.count == 0 {
            #expect(row.stats.otherPeriodCount > 0 && expected[(row.key + [row.indicator, row.unit]).joined(separator: "|")] == nil)
        }
        for row in actual {
            let truth = try #require(expected[(row.key + [row.indicator, row.unit]).joined(separator: "|")])
            #expect(row.stats.count == UInt64(truth.count))
            #expect(abs(row.stats.sum - truth.sum) <= 1e-9 * max(1, abs(truth.sum)))
        }
        let compliance = try table.compliance(ComplianceQuery())
        let onTime = reports.filter { report in
            if case .onTime = PublicationDeadline.classify(reportYear: report.metadata.reportYear, published: report.metadata.publishedDate) {
                return true
            }
            return false
        }.count
        let truthOnTime = (0..<60).map { Self.generator.generate(index: $0).truth }
            .filter { $0.kind == .annualReport && $0.publishedOnTime == true && $0.metadata.publishedDate?.isComplete == true }.count
        #expect(compliance.first?.onTime == UInt64(onTime))
        #expect(onTime == truthOnTime)
        #expect(compliance.first?.complete == UInt64(reports.filter { $0.partsMissing.isEmpty }.count))
    }
}
