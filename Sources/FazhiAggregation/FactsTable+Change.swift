internal import FazhiParsing

extension FactsTable {
    static let fullYearCode = StoredReport.periodCode(.fullYear)
    static let unspecifiedCode = StoredReport.periodCode(.unspecified)

    /// An organization's yearly values held here (one per report, indicator and unit: the
    /// largest), optionally for one indicator. Reports of unknown year are skipped.
    package func series(organization: String, indicator: String?) -> [IndicatorYearValue] {
        guard let code = self.organizations.code(of: organization), code != 0 else { return [] }
        var values: [IndicatorYearValue] = []
        for ordinal in self.docIDs.indices where self.alive[ordinal] && self.organizationCodes[ordinal] == code {
            let year = Int(self.years[ordinal])
            guard year != 0 else { continue }
            // Per (indicator, unit): measures of the two annual periods are one value's.
            var best: [Int64: (measure: Int32, value: Double, lower: Bool)] = [:]
            for fact in Int(self.factStarts[ordinal])..<self.factEnd(ordinal) {
                // The year's own figures only: a running total (累计) or a part of the year
                // is not that year's value.
                let measure = self.factMeasures[fact]
                let period = self.measurePeriod[Int(measure)]
                guard period == Self.fullYearCode || period == Self.unspecifiedCode else { continue }
                let pair = Int64(self.measureIndicator[Int(measure)]) << 32 | Int64(self.measureUnit[Int(measure)])
                if let indicator, self.indicators[self.measureIndicator[Int(measure)]] != indicator { continue }
                let value = self.factValues[fact]
                let lower = Qualifier.allCases[Int(self.factQualifiers[fact])].isLowerBound
                if let current = best[pair], current.value >= value { continue }
                best[pair] = (measure, value, lower)
            }
            for entry in best.values {
                let measure = entry.measure
                values.append(
                    IndicatorYearValue(
                        indicator: self.indicators[self.measureIndicator[Int(measure)]],
                        unit: self.units[self.measureUnit[Int(measure)]],
                        year: year,
                        value: entry.value,
                        docID: self.docIDs[ordinal],
                        isLowerBound: entry.lower
                    )
                )
            }
        }
        return values
    }

    /// Year-on-year changes of an organization's indicators over the reports held here.
    package func change(organization: String, indicator: String?) -> [YearOnYearChange] {
        YearOnYearChange.changes(from: self.series(organization: organization, indicator: indicator))
    }
}
