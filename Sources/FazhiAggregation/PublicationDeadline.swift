package import FazhiParsing

/// The publication rule of the 2019 规定 (第二十四条): a report on year Y is published by
/// 1 April of Y + 1. 31 March and 1 April are on time; 2 April is late.
package enum PublicationDeadline {
    /// Whether a report was published on time.
    package enum Timeliness: Sendable, Hashable {
        /// On or before the deadline; `lagDays` as in ``lagDays(reportYear:published:)``.
        case onTime(lagDays: Int)
        case late(lagDays: Int)
        /// The year, the month or the day is unknown, or the date is not a real date.
        case unknown
    }

    /// Classifies a publication date against the deadline for `reportYear`.
    package static func classify(reportYear: Int?, published: CalendarDate?) -> Timeliness {
        guard let year = reportYear, let date = published, let day = Self.dayNumber(date) else { return .unknown }
        let deadline = Self.daysFromCivil(year: year + 1, month: 4, day: 1)
        let lag = Swift.max(0, day - Self.daysFromCivil(year: year, month: 12, day: 31))
        return day <= deadline ? .onTime(lagDays: lag) : .late(lagDays: lag)
    }

    /// Days from 31 December of the report year to the publication date (1 January → 1;
    /// 1 April → 91, or 92 when Y + 1 is a leap year); 0 for dates within the report year or
    /// earlier; `nil` when the date is incomplete or invalid.
    package static func lagDays(reportYear: Int, published: CalendarDate) -> Int? {
        guard let day = Self.dayNumber(published) else { return nil }
        return Swift.max(0, day - Self.daysFromCivil(year: reportYear, month: 12, day: 31))
    }

    /// The day number of a complete, valid date.
    static func dayNumber(_ date: CalendarDate) -> Int? {
        guard date.isComplete, (1...12).contains(date.month), date.day <= Self.daysInMonth(year: date.year, month: date.month)
        else { return nil }
        return Self.daysFromCivil(year: date.year, month: date.month, day: date.day)
    }

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: Self.isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
