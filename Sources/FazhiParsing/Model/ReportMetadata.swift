/// Who issued a report, where, about which year, and when.
package struct ReportMetadata: Sendable, Hashable {
    /// The title, joined when split over lines.
    package var title: String
    /// Issuing organizations (two for a joint Party + government report).
    package var organizations: [String]
    /// Level of the (first) issuing organization.
    package var level: AdministrativeLevel?
    /// Where the issuing body sits.
    package var region: Region
    /// The year the report covers.
    package var reportYear: Int?
    /// Page metadata 发布日期 / 发布时间.
    package var publishedDate: CalendarDate?
    /// The date closing the report (signature block).
    package var signedDate: CalendarDate?
    /// 成文日期 from page metadata.
    package var writtenDate: CalendarDate?
    /// When the page was fetched.
    package var crawlDate: CalendarDate?
    /// 索引号.
    package var indexNumber: String?
    /// 来源.
    package var sourceName: String?
    /// Addressees of the report.
    package var addressees: [String]
    /// The encoding the input was decoded from.
    package var encoding: String
    /// Whether the input was HTML.
    package var wasHTML: Bool

    /// Metadata with every field empty or unknown.
    package init(
        title: String = "",
        organizations: [String] = [],
        level: AdministrativeLevel? = nil,
        region: Region = Region(),
        reportYear: Int? = nil,
        publishedDate: CalendarDate? = nil,
        signedDate: CalendarDate? = nil,
        writtenDate: CalendarDate? = nil,
        crawlDate: CalendarDate? = nil,
        indexNumber: String? = nil,
        sourceName: String? = nil,
        addressees: [String] = [],
        encoding: String = "utf-8",
        wasHTML: Bool = false
    ) {
        self.title = title
        self.organizations = organizations
        self.level = level
        self.region = region
        self.reportYear = reportYear
        self.publishedDate = publishedDate
        self.signedDate = signedDate
        self.writtenDate = writtenDate
        self.crawlDate = crawlDate
        self.indexNumber = indexNumber
        self.sourceName = sourceName
        self.addressees = addressees
        self.encoding = encoding
        self.wasHTML = wasHTML
    }
}

/// Administrative level of a reporting body.
package enum AdministrativeLevel: String, Sendable, Hashable, CaseIterable {
    case province, city, county, township, street, department
}

/// A calendar date as far as it is known, with the text it was read from.
package struct CalendarDate: Sendable, Hashable, CustomStringConvertible {
    package var year: Int
    /// 1...12, or 0 when unknown.
    package var month: Int
    /// 1...31, or 0 when unknown.
    package var day: Int
    /// The text as written ("2025年1月20日", "2020112").
    package var raw: String

    /// A date; month and day 0 mean unknown.
    package init(year: Int, month: Int = 0, day: Int = 0, raw: String = "") {
        self.year = year
        self.month = month
        self.day = day
        self.raw = raw
    }

    /// "YYYY-MM-DD", with unknown parts left out ("2020", "2020-01").
    package var description: String {
        var text = padded(self.year, to: 4)
        if self.month > 0 { text += "-" + padded(self.month, to: 2) }
        if self.month > 0, self.day > 0 { text += "-" + padded(self.day, to: 2) }
        return text
    }

    /// Whether year, month and day are all known.
    package var isComplete: Bool { self.month > 0 && self.day > 0 }
}

private func padded(_ value: Int, to width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// Where a body sits; fields stay empty where the name was ambiguous.
package struct Region: Sendable, Hashable {
    package var province: String?
    package var city: String?
    package var county: String?
    package var township: String?
    package var countyCode: String?
    /// Candidate paths ("广东/深圳市/南山区") when the name could not be resolved.
    package var candidates: [String]

    /// A region; all fields empty by default.
    package init(
        province: String? = nil,
        city: String? = nil,
        county: String? = nil,
        township: String? = nil,
        countyCode: String? = nil,
        candidates: [String] = []
    ) {
        self.province = province
        self.city = city
        self.county = county
        self.township = township
        self.countyCode = countyCode
        self.candidates = candidates
    }
}
