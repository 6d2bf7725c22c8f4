/// An organization's value of one indicator (in one unit) in one year.
///
/// When a report states the indicator several times, the largest value is taken (a total
/// outranks its breakdowns); when several reports cover the same year, the largest value wins,
/// then the smaller doc id.
package struct IndicatorYearValue: Sendable, Hashable {
    package var indicator: String
    package var unit: String
    package var year: Int
    package var value: Double
    package var docID: String
    /// The value was stated only as a lower bound (余, 以上).
    package var isLowerBound: Bool

    /// A value; see the properties.
    package init(indicator: String, unit: String, year: Int, value: Double, docID: String, isLowerBound: Bool) {
        self.indicator = indicator
        self.unit = unit
        self.year = year
        self.value = value
        self.docID = docID
        self.isLowerBound = isLowerBound
    }

    func isPreferred(over other: IndicatorYearValue) -> Bool {
        self.value != other.value ? self.value > other.value : self.docID < other.docID
    }
}

/// The change of one indicator between two consecutive report years of one organization.
package struct YearOnYearChange: Sendable, Hashable {
    package var indicator: String
    package var unit: String
    package var fromYear: Int
    package var toYear: Int
    package var fromValue: Double
    package var toValue: Double
    /// `toValue - fromValue`.
    package var difference: Double
    /// `difference / fromValue`; `nil` when `fromValue` is 0.
    package var ratio: Double?
    package var fromDocID: String
    package var toDocID: String
    /// The same value both years: a copy-paste signal.
    package var isRepeatedValue: Bool
    /// Either value was only a lower bound, so the change is uncertain.
    package var involvesLowerBound: Bool

    /// Changes between consecutive years (Y−1 → Y) in a set of yearly values, after picking
    /// one value per (indicator, unit, year); sorted by indicator, unit, year.
    package static func changes(from values: [IndicatorYearValue]) -> [YearOnYearChange] {
        var chosen: [String: [Int: IndicatorYearValue]] = [:]
        for value in values {
            let series = value.indicator + "\u{1F}" + value.unit
            if let existing = chosen[series]?[value.year], !value.isPreferred(over: existing) { continue }
            chosen[series, default: [:]][value.year] = value
        }
        var result: [YearOnYearChange] = []
        for (_, byYear) in chosen {
            for (year, to) in byYear {
                guard let from = byYear[year - 1] else { continue }
                let difference = to.value - from.value
                result.append(
                    YearOnYearChange(
                        indicator: to.indicator,
                        unit: to.unit,
                        fromYear: year - 1,
                        toYear: year,
                        fromValue: from.value,
                        toValue: to.value,
                        difference: difference,
                        ratio: from.value == 0 ? nil : difference / from.value,
                        fromDocID: from.docID,
                        toDocID: to.docID,
                        isRepeatedValue: from.value == to.value,
                        involvesLowerBound: from.isLowerBound || to.isLowerBound
                    )
                )
            }
        }
        return result.sorted {
            ($0.indicator, $0.unit, $0.toYear) < ($1.indicator, $1.unit, $1.toYear)
        }
    }
}
