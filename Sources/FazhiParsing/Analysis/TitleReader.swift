/// Reads the head of a report: its title (absent, repeated, or split over lines), the issuing
/// bodies named above it, and the addressee line (`中共渠县县委、渠县人民政府:`).
struct TitleReader {
    /// The chosen title, or empty.
    var title: String = ""
    /// Indexes of every line that is (part of) a title.
    var titleLines: Set<Int> = []
    /// Bodies named on their own line in the head (`中共重庆市铜梁区永嘉镇委员会`).
    var headerOrganizations: [String] = []
    /// Bodies named at the start of the title (`长沙市天心区坡子街街道办事处`).
    var titleOrganizations: [String] = []
    /// The addressees, split.
    var addressees: [String] = []
    /// The addressee line's index.
    var addresseeLine: Int?

    private static let reportWords = ScalarText.keywords(["报告", "总结"])
    private static let lawWords = ScalarText.keywords(["法治", "法制", "依法行政", "依法治"])
    private static let aboutWord = ScalarText.normalized("关于")

    /// Reads the head of `lines`; `fallback` titles come from labelled rows and `<meta>`.
    init(lines: [TextLine], isHeading: (Int) -> Bool, fallbacks: [String]) {
        // The head ends at the first heading or the first paragraph-length line.
        var headEnd = 0
        while headEnd < min(lines.count, 15), !isHeading(headEnd), lines[headEnd].count <= 80 { headEnd += 1 }
        var candidates: [(text: String, lines: [Int])] = []
        var index = 0
        while index < headEnd {
            let line = lines[index]
            if Self.isTitleLike(line) {
                var text = line.text
                var used = [index]
                if index > 0, !self.titleLines.contains(index - 1), Self.canPrecedeTitle(lines[index - 1], before: line) {
                    text = lines[index - 1].text + text
                    used.insert(index - 1, at: 0)
                }
                candidates.append((text, used))
                self.titleLines.formUnion(used)
            } else if line.count <= 60, line.normalized.last == ":", self.addresseeLine == nil {
                let names = OrganizationReader.split(ScalarText.string(line.scalars.dropLast()))
                if !names.isEmpty {
                    self.addressees = names
                    self.addresseeLine = index
                }
            }
            index += 1
        }
        for index in 0..<headEnd where !self.titleLines.contains(index) && index != self.addresseeLine {
            let names = OrganizationReader.split(lines[index])
            if !names.isEmpty, names.joined().unicodeScalars.count + 4 >= lines[index].count {
                self.headerOrganizations += names
            }
        }
        let chosen =
            candidates.first { Self.isLawReport(ScalarText.normalized($0.text)[...]) }?.text
            ?? candidates.first?.text
            ?? fallbacks.lazy.map(Self.cleanFallback).first { !$0.isEmpty }
            ?? ""
        self.title = chosen
        // Every title variant can name the body (a repeated page title names the town, the
        // document's own title the Party committee); the chosen one first.
        for text in [chosen] + candidates.map(\.text) {
            for name in Self.organizations(inTitle: text) where !self.titleOrganizations.contains(name) {
                self.titleOrganizations.append(name)
            }
        }
    }

    private static func isTitleLike(_ line: TextLine) -> Bool {
        line.count <= 80 && line.count >= 4 && containsAnyWord(line.norm, reportWords) && line.normalized.last != ":"
            && !line.normalized.contains("。")
    }

    private static func isLawReport(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        ScalarText.containsAny(s, lawWords) && ScalarText.containsAny(s, reportWords)
    }

    private static func containsAnyWord(_ s: ArraySlice<Unicode.Scalar>, _ words: [[Unicode.Scalar]]) -> Bool {
        ScalarText.containsAny(s, words)
    }

    /// A short line just above a title line is its first half when it names the body or
    /// breaks off mid-title (`…2022年法治政府建设` / `年度报告`); a body's name counts when the
    /// title line goes on with the year (`2022年…`, `二〇二二年…`) or `关于`.
    private static func canPrecedeTitle(_ previous: TextLine, before line: TextLine) -> Bool {
        // Joint Party + government names of bodies in long-named prefectures (自治州, 地区) run to
        // 80 characters; the line must still hold only organization names (checked below).
        guard previous.count <= 90, !containsAnyWord(previous.norm, reportWords), previous.normalized.last != ":",
            DateReader.wholeLine(previous) == nil
        else { return false }
        if ScalarText.containsAny(previous.norm, lawWords) { return true }
        return !OrganizationReader.split(previous).isEmpty
            && (ScalarText.digit(line.normalized[0]) != nil || ScalarText.has(aboutWord, in: line.norm, at: 0)
                || Self.chineseYearStart(line.norm) == line.norm.startIndex)
    }

    /// A `<title>` often carries the site name after `_`, `-` or `|`; keep the part naming a report.
    private static func cleanFallback(_ text: String) -> String {
        let parts = text.split(whereSeparator: { $0 == "_" || $0 == "|" || $0 == "-" || $0 == "—" })
            .map { ScalarText.string(ScalarText.trimmed(Array($0.unicodeScalars)[...])) }
            .filter { !$0.isEmpty }
        return parts.first { ScalarText.containsAny(ScalarText.normalized($0)[...], reportWords) } ?? parts.first ?? ""
    }

    /// Where `二〇二二年` (four Chinese digits and 年) starts in `s`, if anywhere.
    private static func chineseYearStart(_ s: ArraySlice<Unicode.Scalar>) -> Int? {
        var index = s.startIndex
        while index + 4 < s.endIndex {
            if s[index + 4] == "年", s[index] == "二" || s[index] == "一",
                (index..<(index + 4)).allSatisfy({ ScalarText.chineseDigit(s[$0]) != nil && s[$0] != "两" })
            {
                return index
            }
            index += 1
        }
        return nil
    }

    /// The bodies before `关于` or the year in a title.
    static func organizations(inTitle title: String) -> [String] {
        let scalars = ScalarText.scalars(title)
        let normalized = scalars.map(ScalarText.normalize)
        var end = normalized.count
        if let about = ScalarText.find(aboutWord, in: normalized[...]) { end = about }
        if let digit = normalized.firstIndex(where: { ScalarText.digit($0) != nil }), digit < end { end = digit }
        // A year in Chinese digits (`二〇二二年`) ends the bodies too.
        if let year = Self.chineseYearStart(normalized[..<end]) { end = year }
        guard end > 0, end < normalized.count else { return [] }
        return OrganizationReader.split(ScalarText.string(scalars[..<end]))
    }
}
