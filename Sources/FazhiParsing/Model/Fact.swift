/// One quantity stated in a report, tied to an indicator of the taxonomy when possible.
package struct Fact: Sendable, Hashable {
    /// Indicator id (indicators.json), `nil` when unlinked.
    package var indicator: String?
    /// The value normalised: 万 applied, money in yuan, rates in percent.
    package var value: Double
    /// Upper end of a range ("3-5次"); equal to ``value`` otherwise.
    package var valueMax: Double
    /// The unit as written without multiplier: "件", "人次", "%", "元".
    package var unit: String
    /// How the stated number bounds the value.
    package var qualifier: Qualifier
    /// What the value measures.
    package var valueKind: ValueKind
    /// The time window.
    package var period: Period
    /// Month a YTD or since-date period ends or starts at.
    package var periodMonth: Int?
    /// The sentence states a rule or target, not an achievement.
    package var isRequirement: Bool
    /// Index in ``ParsedReport/facts`` of the total this is a breakdown of (其中 ...).
    package var partOf: Int?
    /// The matched text exactly as written ("200余人次").
    package var text: String
    /// Byte range of ``text`` in the report text.
    package var range: Range<Int>
    /// Byte range of the enclosing sentence.
    package var sentenceRange: Range<Int>
    /// Index of the innermost section holding the fact.
    package var section: Int?
    /// Scope named in the sentence (全市, 全县, 本街道).
    package var scope: String?

    /// A fact; see the properties.
    package init(
        indicator: String? = nil,
        value: Double,
        valueMax: Double? = nil,
        unit: String,
        qualifier: Qualifier = .exact,
        valueKind: ValueKind = .count,
        period: Period = .unspecified,
        periodMonth: Int? = nil,
        isRequirement: Bool = false,
        partOf: Int? = nil,
        text: String,
        range: Range<Int>,
        sentenceRange: Range<Int>,
        section: Int? = nil,
        scope: String? = nil
    ) {
        self.indicator = indicator
        self.value = value
        self.valueMax = valueMax ?? value
        self.unit = unit
        self.qualifier = qualifier
        self.valueKind = valueKind
        self.period = period
        self.periodMonth = periodMonth
        self.isRequirement = isRequirement
        self.partOf = partOf
        self.text = text
        self.range = range
        self.sentenceRange = sentenceRange
        self.section = section
        self.scope = scope
    }
}

/// How a stated number bounds the true value.
package enum Qualifier: String, Sendable, Hashable, CaseIterable {
    /// As stated (达, 共, or no word).
    case exact
    /// 余 / 多 after the number: more than N.
    case approxOver = "approx_over"
    /// 以上 / 不少于 / 不低于 / 至少 / 超 / 超过 / 逾: N or more.
    case atLeast = "at_least"
    /// 以下 / 不超过 / 以内: N or less.
    case atMost = "at_most"
    /// 约 / 左右 / 近 / 将近: about N.
    case approx

    /// Whether the value is only a lower bound.
    package var isLowerBound: Bool { self == .approxOver || self == .atLeast }
}

/// What a value measures.
package enum ValueKind: String, Sendable, Hashable, CaseIterable {
    case count, rate, amount, stock
    case changePercent = "change_percent"
    case changePoints = "change_points"
    /// An absolute change from an earlier period in the fact's own unit (同比增加30件).
    case changeCount = "change_count"
    case duration
}

extension ValueKind {
    /// A change against an earlier period (同比增长12%, 下降3个百分点, 同比增加30件), not a level:
    /// summing it with levels would count it twice.
    package var isChange: Bool { self == .changePercent || self == .changePoints || self == .changeCount }
}

/// The time window a value covers.
package enum Period: String, Sendable, Hashable, CaseIterable {
    case unspecified
    case fullYear = "full_year"
    /// 截至10月.
    case yearToDate = "ytd_to_month"
    /// 自6月起 / 2019年以来.
    case sinceDate = "since_date"
    /// 累计.
    case cumulative
    /// 目前 / 截至目前.
    case stockNow = "stock_now"
    /// 上年同期 / 去年 / 2023年 in a 2024 report: an earlier year's figure, given for comparison.
    case previousYear = "previous_year"
    /// 第二季度 / 下半年: a part of the year that does not start in January (the month is its
    /// last month).
    case partOfYear = "part_of_year"
}
