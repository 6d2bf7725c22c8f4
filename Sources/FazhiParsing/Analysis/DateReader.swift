/// Reads the dates reports and pages write: `2025-03-25`, `2025/3/25`, `2025.03.25 10:30`,
/// `2025年1月20日`, `二〇二五年一月二十日`, `20250120`, and the broken `2020112` whose 年/月/日 were
/// lost (kept raw, year only, flagged ambiguous when two readings are valid).
enum DateReader {
    /// One date read from text.
    struct Reading: Hashable {
        /// The date; `raw` is the text as written.
        var date: CalendarDate
        /// Scalar index just past the date.
        var end: Int
        /// The digits admit more than one month/day split (`2020112`: 1-12 or 11-2), or none.
        var isUnreadable: Bool = false
        /// Month or day is a placeholder (`2024年X月X日`, `20XX年`).
        var isMasked: Bool = false
    }

    /// Reads a date at `start` of `normalized` (spaces skipped); `original` gives the raw text.
    static func read(
        _ normalized: ArraySlice<Unicode.Scalar>,
        original: ArraySlice<Unicode.Scalar>? = nil,
        at start: Int? = nil
    ) -> Reading? {
        var index = start ?? normalized.startIndex
        while index < normalized.endIndex, normalized[index] == " " { index += 1 }
        let begin = index
        guard var reading = self.readArabic(normalized, at: index) ?? self.readChinese(normalized, at: index) else {
            return nil
        }
        let source = original ?? normalized
        reading.date.raw = ScalarText.string(source[begin..<min(reading.end, source.endIndex)])
        return reading
    }

    /// Reads a date from a label value string (`2025-03-25`, ` 2023年1月29日 10:00`).
    static func read(_ text: String) -> Reading? {
        let scalars = ScalarText.scalars(text)
        let normalized = scalars.map(ScalarText.normalize)
        return self.read(normalized[...], original: scalars[...])
    }

    /// A date that fills the whole line (trailing spaces allowed), as in a signature block.
    static func wholeLine(_ line: TextLine) -> Reading? {
        guard line.count <= 24, let reading = self.read(line.norm, original: line.scalars[...]) else { return nil }
        var end = reading.end
        // A time of day or 号 may follow; anything else means the line is not just a date.
        while end < line.count, line.normalized[end] == " " || line.normalized[end] == "号" { end += 1 }
        return end == line.count ? reading : nil
    }

    private static func readDigits(_ scalars: ArraySlice<Unicode.Scalar>, at start: Int, max: Int) -> (Int, Int)? {
        var index = start
        var value = 0
        while index < scalars.endIndex, index - start < max, let digit = ScalarText.digit(scalars[index]) {
            value = value * 10 + digit
            index += 1
        }
        return index > start ? (value, index) : nil
    }

    private static func isMask(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "x" || scalar == "×" || scalar == "*" || scalar == "某" || scalar == "□" || scalar == "○"
    }

    private static func readArabic(_ s: ArraySlice<Unicode.Scalar>, at start: Int) -> Reading? {
        // A digit run: 4 for a year, 7–8 when separators were lost.
        var runEnd = start
        while runEnd < s.endIndex, ScalarText.digit(s[runEnd]) != nil, runEnd - start < 9 { runEnd += 1 }
        let run = runEnd - start
        if run == 2, runEnd + 1 < s.endIndex, s[start] == "2", s[start + 1] == "0", isMask(s[runEnd]),
            isMask(s[runEnd + 1])
        {
            // 20XX年: a template year.
            var end = runEnd + 2
            if end < s.endIndex, s[end] == "年" { end += 1 }
            return Reading(date: CalendarDate(year: 0), end: end, isMasked: true)
        }
        guard run >= 4, let (year, yearEnd) = readDigits(s, at: start, max: 4), (1900...2099).contains(year) else {
            return nil
        }
        if run == 7 || run == 8 || run == 6 {
            return self.readCompact(s, start: start, year: year, runEnd: runEnd)
        }
        guard run == 4 else { return nil }
        var index = yearEnd
        // "2025 年 1 月 20 日": spaces around the units, as some pages justify text.
        var afterSpaces = index
        while afterSpaces < s.endIndex, s[afterSpaces] == " " { afterSpaces += 1 }
        if afterSpaces < s.endIndex, s[afterSpaces] == "年" { index = afterSpaces }
        guard index < s.endIndex else { return nil }
        let separator = s[index]
        if separator == "-" || separator == "/" || separator == "." {
            guard let (month, monthEnd) = readDigits(s, at: index + 1, max: 2), (1...12).contains(month) else {
                return nil
            }
            index = monthEnd
            if index < s.endIndex, s[index] == separator, let (day, dayEnd) = readDigits(s, at: index + 1, max: 2),
                (1...31).contains(day)
            {
                return Reading(date: CalendarDate(year: year, month: month, day: day), end: dayEnd)
            }
            return Reading(date: CalendarDate(year: year, month: month), end: index)
        }
        guard separator == "年" else { return nil }
        index += 1
        while index < s.endIndex, s[index] == " " { index += 1 }
        if index < s.endIndex, isMask(s[index]) {
            var end = index
            while end < s.endIndex, isMask(s[end]) || s[end] == "月" || s[end] == "日" || s[end] == " " { end += 1 }
            return Reading(date: CalendarDate(year: year), end: end, isMasked: true)
        }
        guard let (month, digitsEnd) = readDigits(s, at: index, max: 2), (1...12).contains(month) else {
            return Reading(date: CalendarDate(year: year), end: index)
        }
        var monthEnd = digitsEnd
        while monthEnd < s.endIndex, s[monthEnd] == " " { monthEnd += 1 }
        guard monthEnd < s.endIndex, s[monthEnd] == "月" else {
            return Reading(date: CalendarDate(year: year), end: index)
        }
        index = monthEnd + 1
        while index < s.endIndex, s[index] == " " { index += 1 }
        if index < s.endIndex, isMask(s[index]) {
            var end = index
            while end < s.endIndex, isMask(s[end]) || s[end] == "日" { end += 1 }
            return Reading(date: CalendarDate(year: year, month: month), end: end, isMasked: true)
        }
        if let (day, digitsEnd) = readDigits(s, at: index, max: 2), (1...31).contains(day),
            case let dayEnd = s[digitsEnd...].firstIndex(where: { $0 != " " }) ?? s.endIndex, dayEnd < s.endIndex,
            s[dayEnd] == "日" || s[dayEnd] == "号"
        {
            return Reading(date: CalendarDate(year: year, month: month, day: day), end: dayEnd + 1)
        }
        return Reading(date: CalendarDate(year: year, month: month), end: monthEnd + 1)
    }

    /// `20250120` → 2025-01-20; `2020112` → year only and unreadable (1-12 or 11-2).
    private static func readCompact(_ s: ArraySlice<Unicode.Scalar>, start: Int, year: Int, runEnd: Int) -> Reading? {
        let digits = s[(start + 4)..<runEnd].compactMap(ScalarText.digit)
        var readings: [(Int, Int)] = []
        switch digits.count {
        case 4: readings = [(digits[0] * 10 + digits[1], digits[2] * 10 + digits[3])]
        case 3: readings = [(digits[0], digits[1] * 10 + digits[2]), (digits[0] * 10 + digits[1], digits[2])]
        case 2: readings = [(digits[0], digits[1]), (digits[0] * 10 + digits[1], 0)]
        default: return nil
        }
        let valid = readings.filter { (1...12).contains($0.0) && (0...31).contains($0.1) && ($0.1 > 0 || digits.count == 2) }
        if valid.count == 1, valid[0].1 > 0 {
            return Reading(date: CalendarDate(year: year, month: valid[0].0, day: valid[0].1), end: runEnd)
        }
        return Reading(date: CalendarDate(year: year), end: runEnd, isUnreadable: true)
    }

    private static func readChinese(_ s: ArraySlice<Unicode.Scalar>, at start: Int) -> Reading? {
        var index = start
        var year = 0
        while index < s.endIndex, index - start < 4, let digit = ScalarText.chineseDigit(s[index]), s[index] != "两", s[index] != "零" || index > start {
            year = year * 10 + digit
            index += 1
        }
        guard index - start == 4, (1900...2099).contains(year), index < s.endIndex, s[index] == "年" else {
            return nil
        }
        index += 1
        guard let (month, monthEnd) = ScalarText.chineseNumeral(in: s, at: index), (1...12).contains(month),
            monthEnd < s.endIndex, s[monthEnd] == "月"
        else {
            return Reading(date: CalendarDate(year: year), end: index)
        }
        index = monthEnd + 1
        if let (day, dayEnd) = ScalarText.chineseNumeral(in: s, at: index), (1...31).contains(day), dayEnd < s.endIndex,
            s[dayEnd] == "日"
        {
            return Reading(date: CalendarDate(year: year, month: month, day: day), end: dayEnd + 1)
        }
        return Reading(date: CalendarDate(year: year, month: month), end: index)
    }
}
