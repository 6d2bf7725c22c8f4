/// Period and scope markers of a sentence (截至10月, 自6月起, 累计, 目前, 全年, 全县 …).
extension FactExtractor {
    struct PeriodMarker {
        var position: Int
        var period: Period
        var month: Int?
        /// Where a marker that names a year (2023年) ends; `nil` for the others.
        var yearEnd: Int?
    }

    struct ScopeMarker {
        var position: Int
        var text: String
    }

    private static let fullYearWords = FactWords.list(["今年以来", "今年来", "今年", "全年", "年内", "一年来", "本年度", "年初以来"])
    /// 累计, and several years taken together (近三年共办理…, 五年来).
    private static let cumulativeWords = FactWords.list([
        "累计", "近两年", "近三年", "近四年", "近五年", "近十年", "两年来", "三年来", "四年来", "五年来", "十年来", "多年来",
    ])
    private static let stockWords = FactWords.list(["截至目前", "截止目前", "目前", "当前", "现有", "现已"])
    private static let untilWords = FactWords.list(["截至", "截止"])
    private static let sinceWords = FactWords.list(["以来", "起"])
    /// Parts of the year with the month they end in: from its start (上半年: year to June), or
    /// not (下半年, 第三季度: ``Period/partOfYear``).
    private static let partialYearWords: [(word: [UInt32], month: Int, fromJanuary: Bool)] = [
        ("第一季度", 3, true), ("一季度", 3, true), ("上半年", 6, true), ("前三季度", 9, true),
        ("第二季度", 6, false), ("第三季度", 9, false), ("第四季度", 12, false), ("二季度", 6, false), ("三季度", 9, false),
        ("四季度", 12, false), ("下半年", 12, false),
    ].map { (foldedScalars($0.0), $0.1, $0.2) }
    /// An earlier year named without its number (上年同期为120件, 去年办理…).
    private static let previousYearWords = FactWords.list([
        "上年同期", "去年同期", "上一年度", "上年度", "上一年", "上年", "去年", "前一年",
    ])
    /// After a previous-year word, these in the same clause make it name a document
    /// (上年度报告中的问题), not the period of a figure.
    private static let documentWords = FactWords.list(["报告"])
    private static let scopeWords = FactWords.list([
        "全省", "全市", "全县", "全区", "全镇", "全乡", "全街道", "全街", "本街道", "本镇", "本乡", "我街道", "我镇", "我乡",
        "我区", "我县", "我市", "我所", "我局",
    ])
    /// First scalars of every marker word (digits are tested separately).
    private static let markerStarts: ScalarBitmap = {
        var starts = ScalarBitmap([0x81EA])  // 自
        for list in [fullYearWords, cumulativeWords, stockWords, untilWords, previousYearWords, partialYearWords.map(\.word)] {
            for word in list { if let first = word.first { starts.insert(first) } }
        }
        return starts
    }()
    private static let month: UInt32 = 0x6708  // 月
    private static let year: UInt32 = 0x5E74  // 年

    /// The markers of `sentence`, in text order; with `reportYear`, an earlier year named
    /// (2023年 in a 2024 report) marks ``Period/previousYear``.
    static func periodMarkers(in text: FactText, sentence: Range<Int>, reportYear: Int? = nil) -> [PeriodMarker] {
        var markers: [PeriodMarker] = []
        var index = sentence.lowerBound
        let markerStarts = Self.markerStarts
        while index < sentence.upperBound {
            let scalar = text[index]
            // Most scalars start no marker; one set test skips the word lists for them.
            guard markerStarts.contains(scalar) || FactWords.isArabicDigit(scalar) else {
                index += 1
                continue
            }
            if let length = text.prefixLength(of: Self.untilWords, at: index) {
                // 截至10月 / 截至2024年11月底 → year to date; 截至目前 → stock.
                if let month = Self.month(in: text, from: index + length, limit: min(sentence.upperBound, index + 12)) {
                    markers.append(PeriodMarker(position: index, period: .yearToDate, month: month))
                } else {
                    markers.append(PeriodMarker(position: index, period: .stockNow))
                }
                index += length + 2
                continue
            }
            if scalar == 0x81EA,  // 自
                FactWords.isArabicDigit(text[index + 1]) || FactWords.chineseNumerals.contains(text[index + 1])
            {
                let month = Self.month(in: text, from: index + 1, limit: min(sentence.upperBound, index + 12))
                markers.append(PeriodMarker(position: index, period: .sinceDate, month: month))
                index += 2
                continue
            }
            if FactWords.isArabicDigit(scalar) && !FactWords.isArabicDigit(text[index - 1]) {
                var end = index
                var value = 0
                while end < sentence.upperBound, FactWords.isArabicDigit(text[end]), end - index < 5 {
                    value = value * 10 + Int(text[end] - 0x30)
                    end += 1
                }
                if end - index == 4, value >= 1990, value <= 2099, text[end] == Self.year {
                    // 2024年 (report year), 2019年以来 (since), 2024年5月 (a date: no marker by itself).
                    let after = end + 1
                    if text.prefixLength(of: Self.sinceWords, at: after) != nil {
                        // 2024年以来 in a 2024 report: since the report year began, its own figure.
                        markers.append(PeriodMarker(position: index, period: value == reportYear ? .fullYear : .sinceDate))
                    } else if Self.month(in: text, from: after, limit: after + 3) != nil {
                        if let since = Self.sinceAfterMonth(in: text, from: after, limit: sentence.upperBound) {
                            markers.append(PeriodMarker(position: index, period: .sinceDate, month: since))
                        }
                    } else if let reportYear, value < reportYear {
                        markers.append(PeriodMarker(position: index, period: .previousYear, yearEnd: after))
                    } else {
                        markers.append(PeriodMarker(position: index, period: .fullYear, yearEnd: after))
                    }
                    index = after
                    continue
                }
                if end - index <= 2, value >= 1, value <= 12, text[end] == Self.month,
                    text.prefixLength(of: Self.sinceWords, at: end + 1) != nil
                {
                    markers.append(PeriodMarker(position: index, period: .sinceDate, month: value))
                }
                // 1-10月, 1至10月: the year to the end of October.
                if end - index == 1, value == 1, Self.rangeSeparators.contains(text[end]),
                    let month = Self.monthNumber(in: text, at: end + 1)
                {
                    markers.append(PeriodMarker(position: index, period: .yearToDate, month: month))
                    index = end + 1
                    continue
                }
                index = end
                continue
            }
            if let length = text.prefixLength(of: Self.previousYearWords, at: index),
                text[index - 1] != 0x4EE5, text[index - 1] != 0x9A6C  // not 以上年…, 马上年…
            {
                if !Self.clause(in: text, from: index + length, limit: sentence.upperBound, contains: Self.documentWords) {
                    markers.append(PeriodMarker(position: index, period: .previousYear))
                }
                index += length
                continue
            }
            if let (length, month, fromJanuary) = Self.partialYear(in: text, at: index) {
                markers.append(PeriodMarker(position: index, period: fromJanuary ? .yearToDate : .partOfYear, month: month))
                index += length
                continue
            }
            if let length = text.prefixLength(of: Self.cumulativeWords, at: index) {
                // 全年累计, 今年以来,累计…, 2024年累计 (the report year): 累计 means "in all" of a year
                // already named, and the full-year marker stands.
                if !Self.followsFullYear(markers, at: index, in: text) {
                    markers.append(PeriodMarker(position: index, period: .cumulative))
                }
                index += length
                continue
            }
            if let length = text.prefixLength(of: Self.stockWords, at: index) {
                markers.append(PeriodMarker(position: index, period: .stockNow))
                index += length
                continue
            }
            if let length = text.prefixLength(of: Self.fullYearWords, at: index) {
                markers.append(PeriodMarker(position: index, period: .fullYear))
                index += length
                continue
            }
            index += 1
        }
        return markers
    }

    /// Whether the last marker is a full year's that ends at most a few scalars before `index`,
    /// with at most a comma between (今年以来,累计…).
    private static func followsFullYear(_ markers: [PeriodMarker], at index: Int, in text: FactText) -> Bool {
        guard let last = markers.last, last.period == .fullYear, index - last.position <= 10 else { return false }
        for position in (last.position + 1)..<index where FactWords.isClauseEnd(text[position]) && text[position] != 0x2C {
            return false
        }
        return true
    }

    /// What joins the years of a year list: 、 和 及 与 and the comma. Stored: a set literal in
    /// the function was built anew on every sentence with a year.
    static let yearJoiners: Set<UInt32> = [0x3001, 0x548C, 0x53CA, 0x4E0E, 0x2C]

    /// For `2022年、2023年、2024年分别办理120件、150件、180件`: the markers of two or more years
    /// named as a list (joined by 、, 和, 及, 与 or a comma) and the position of the 分别 that
    /// follows the list in the same clause; the k-th value after it is the k-th year's.
    static func yearList(_ markers: [PeriodMarker], in text: FactText, sentence: Range<Int>) -> (years: [PeriodMarker], respectively: Int)? {
        let joiners = Self.yearJoiners
        var best: [PeriodMarker] = []
        var run: [PeriodMarker] = []
        for marker in markers {
            guard marker.yearEnd != nil else {
                run = []
                continue
            }
            if let last = run.last, let lastEnd = last.yearEnd, lastEnd < marker.position,
                marker.position - lastEnd <= 1, joiners.contains(text[lastEnd])
            {
                run.append(marker)
            } else {
                run = [marker]
            }
            if run.count >= 2 { best = run }
        }
        guard best.count >= 2, let listEnd = best.last?.yearEnd else { return nil }
        var index = listEnd
        // Up to 24 scalars on, across a comma (2024年,全县分别…) but not past the clause.
        while index < sentence.upperBound, index < listEnd + 24, text[index] == 0x2C || !FactWords.isClauseEnd(text[index]) {
            if text.matches(FactWords.respectively, at: index) { return (best, index) }
            index += 1
        }
        return nil
    }

    /// The scope words of `sentence` (全县, 本街道, 我镇 …), in text order.
    static func scopeMarkers(in text: FactText, sentence: Range<Int>) -> [ScopeMarker] {
        var markers: [ScopeMarker] = []
        var index = sentence.lowerBound
        while index < sentence.upperBound {
            let scalar = text[index]
            if scalar == 0x5168 || scalar == 0x672C || scalar == 0x6211,  // 全 本 我
                let length = text.prefixLength(of: Self.scopeWords, at: index)
            {
                markers.append(ScopeMarker(position: index, text: text.string(index..<(index + length))))
                index += length
            } else {
                index += 1
            }
        }
        return markers
    }

    /// - ~ — – 至 between the months of 1-10月.
    private static let rangeSeparators: Set<UInt32> = [0x2D, 0x7E, 0x2014, 0x2013, 0x81F3]

    /// `N月` (N of 2…12 in digits) at `index`: N.
    private static func monthNumber(in text: FactText, at index: Int) -> Int? {
        var end = index
        var value = 0
        while FactWords.isArabicDigit(text[end]), end - index < 2 {
            value = value * 10 + Int(text[end] - 0x30)
            end += 1
        }
        guard end > index, !FactWords.isArabicDigit(text[end]), text[end] == Self.month, (2...12).contains(value) else { return nil }
        return value
    }

    /// A part of the year (上半年, 前三季度, 第三季度) at `index`: its length, its last month,
    /// and whether it starts in January.
    private static func partialYear(in text: FactText, at index: Int) -> (Int, Int, Bool)? {
        guard text[index - 1] != 0x6BCF else { return nil }  // 每一季度: a norm's rhythm
        for entry in Self.partialYearWords where text.matches(entry.word, at: index) {
            return (entry.word.count, entry.month, entry.fromJanuary)
        }
        return nil
    }

    /// Whether one of `words` starts within 12 scalars of `start`, before the clause ends.
    private static func clause(in text: FactText, from start: Int, limit: Int, contains words: [[UInt32]]) -> Bool {
        var index = start
        while index < limit, index < start + 12, !FactWords.isClauseEnd(text[index]) {
            if text.prefixLength(of: words, at: index) != nil { return true }
            index += 1
        }
        return false
    }

    /// The month number of the first `N月` between `start` and `limit` (1…12).
    private static func month(in text: FactText, from start: Int, limit: Int) -> Int? {
        var index = start
        while index < limit {
            if text[index] == Self.month {
                var digits = index - 1
                var value = 0
                var scale = 1
                while digits >= start, FactWords.isArabicDigit(text[digits]) {
                    value += Int(text[digits] - 0x30) * scale
                    scale *= 10
                    digits -= 1
                }
                if scale > 1 { return (1...12).contains(value) ? value : nil }
                return Self.chineseMonth(text, before: index, from: start)
            }
            if FactWords.isClauseEnd(text[index]) { return nil }
            index += 1
        }
        return nil
    }

    private static func chineseMonth(_ text: FactText, before end: Int, from start: Int) -> Int? {
        let digits = "一二三四五六七八九".unicodeScalars.map(\.value)
        let last = text[end - 1]
        guard end - 1 >= start else { return nil }
        if let position = digits.firstIndex(of: last) {
            if text[end - 2] == 0x5341 { return 11 + position }  // 十一, 十二
            return position + 1
        }
        return last == 0x5341 ? 10 : nil
    }

    /// For `2024年5月…以来` / `2024年5月起`: the month when a since-word follows in the clause.
    private static func sinceAfterMonth(in text: FactText, from start: Int, limit: Int) -> Int? {
        guard let month = Self.month(in: text, from: start, limit: start + 3) else { return nil }
        var index = start
        while index < limit, index < start + 16 {
            if FactWords.isClauseEnd(text[index]) { return nil }
            if text.prefixLength(of: Self.sinceWords, at: index) != nil { return month }
            index += 1
        }
        return nil
    }
}
