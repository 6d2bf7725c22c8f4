/// Maps headings to the mandated parts of DOMAIN.md §1.3.
///
/// A heading is cut into clauses at `、 , ; 及 和 与 以及`, and each clause takes at most one
/// part, checked in the order E, B0, C, B, D, A; the heading holds the union. So
/// `存在问题及下一步工作打算` is [B, D] and `存在问题的改进情况、存在的不足和原因` is [B0, B].
///
/// **C rule.** C is present only where a heading names the leadership responsibility itself:
/// 第一责任人, 党政主要负责人, 主要负责人履行, 履行推进法治建设, or (top level only) the Party's
/// leadership over the work (加强党的领导, 党对法治…的领导). A heading about 组织领导 alone
/// (`强化组织领导,提升法治意识`, `加强组织领导 构建依法治镇工作新格局`) is a measure reported under A
/// (area `leadership_responsibility`), not part C, even when its body mentions the first
/// responsible person: DOMAIN.md counts C as "only implied" in seeds 001 and 003, and a rule
/// that reads bodies would make C depend on wording anywhere in the report.
///
/// **A by position.** Reports often list their achievements as several top-level measure
/// headings (`一、强化组织领导…`, `二、依法履行职能…`) with no A wording. Unclassified top-level
/// sections before the first B0/B/D/E section are therefore A.
enum PartClassifier {
    private static let clauseBreaks = ScalarMatcher("、,;，；及和与 ")

    private static let eWords = ScalarText.keywords(["其他需要报告", "其他需报告", "其他事项", "其它需要报告"])
    private static let b0Words = ScalarText.keywords([
        "改进情况", "整改情况", "整改落实情况", "问题的改进", "问题改进", "问题整改", "整改落实",
    ])
    private static let cStrongWords = ScalarText.keywords([
        "第一责任人", "党政主要负责人", "主要负责人履行", "履行推进法治建设", "主要负责同志履行",
    ])
    private static let cPartyWords = ScalarText.keywords([
        "加强党的领导", "坚持党的领导", "党对法治", "党委领导法治", "党的全面领导",
    ])
    private static let bWords = ScalarText.keywords([
        "不足", "存在问题", "存在的问题", "短板", "差距", "问题和原因", "困难和问题", "薄弱环节", "问题与原因", "主要问题",
    ])
    private static let dWords = ScalarText.keywords([
        "下一年度", "下一年", "下一步", "下步", "明年", "工作计划", "工作打算", "打算", "主要思路", "工作思路",
        "主要安排", "工作安排", "努力方向", "工作展望", "今后", "下阶段", "下一阶段",
    ])
    private static let aWords = ScalarText.keywords([
        "主要举措", "举措和成效", "成效", "工作开展情况", "开展情况", "主要做法", "主要工作", "基本情况", "工作情况",
        "推进情况", "主要成绩", "取得的成绩", "工作成绩", "工作成效", "主要措施", "工作举措", "进展情况",
    ])
    private static let nextYearWords = ScalarText.keywords(["工作", "计划", "重点", "思路", "任务"])

    /// The parts a heading names; `topLevel` allows the Party-leadership wording of C, and
    /// `reportYear` recognises `2025年工作重点` as D.
    static func parts(of heading: [Unicode.Scalar], topLevel: Bool, reportYear: Int?) -> [MandatedPart] {
        var parts: [MandatedPart] = []
        var start = 0
        for index in 0...heading.count where index == heading.count || clauseBreaks.contains(heading[index]) {
            if index > start, let part = self.part(ofClause: heading[start..<index], topLevel: topLevel, reportYear: reportYear),
                !parts.contains(part)
            {
                parts.append(part)
            }
            start = index + 1
        }
        // "以及" and "和" cut "存在的不足和原因" into clauses; a clause-free reading catches wording
        // that spans a cut ("上一年度…存在问题的整改…").
        if parts.isEmpty, let part = self.part(ofClause: heading[...], topLevel: topLevel, reportYear: reportYear) {
            parts.append(part)
        }
        return parts.sorted()
    }

    /// Every keyword list in one index; `categories[k]` is the bit of keyword `k`'s list.
    private enum Category: Int { case e, b0, cStrong, cParty, b, d, a, nextYear }
    private static let lists: [(Category, [[Unicode.Scalar]])] = [
        (.e, eWords), (.b0, b0Words), (.cStrong, cStrongWords), (.cParty, cPartyWords), (.b, bWords), (.d, dWords),
        (.a, aWords), (.nextYear, nextYearWords),
    ]
    private static let index = KeywordIndex(lists.flatMap(\.1))
    private static let categories: [UInt8] = lists.flatMap { list in list.1.map { _ in UInt8(1) << list.0.rawValue } }

    /// The categories whose keywords occur in `clause`, as bits.
    private static func categories(in clause: ArraySlice<Unicode.Scalar>) -> UInt8 {
        var found: UInt8 = 0
        var position = clause.startIndex
        while position < clause.endIndex {
            if index.mayStart(clause[position]) {
                index.matches(in: clause, at: position) { keyword in
                    found |= categories[keyword]
                    return true
                }
            }
            position += 1
        }
        return found
    }

    private static func part(ofClause clause: ArraySlice<Unicode.Scalar>, topLevel: Bool, reportYear: Int?) -> MandatedPart? {
        let found = self.categories(in: clause)
        func has(_ category: Category) -> Bool { found & (1 << category.rawValue) != 0 }
        if has(.e) { return .e }
        if has(.b0) { return .b0 }
        if has(.cStrong) { return .c }
        if topLevel, has(.cParty) { return .c }
        if has(.b) { return .b }
        if has(.d) { return .d }
        if let reportYear, has(.nextYear), self.namesYear(reportYear + 1, in: clause) { return .d }
        if has(.a) { return .a }
        return nil
    }

    /// Whether `clause` contains `year` followed by 年.
    static func namesYear(_ year: Int, in clause: ArraySlice<Unicode.Scalar>) -> Bool {
        guard year >= 1000, year <= 9999 else { return ScalarText.find(ScalarText.normalized("\(year)年"), in: clause) != nil }
        var index = clause.startIndex
        while index + 4 < clause.endIndex {
            if clause[index + 4] == "年", ScalarText.digit(clause[index]) == year / 1000,
                ScalarText.digit(clause[index + 1]) == year / 100 % 10, ScalarText.digit(clause[index + 2]) == year / 10 % 10,
                ScalarText.digit(clause[index + 3]) == year % 10
            {
                return true
            }
            index += 1
        }
        return false
    }

    /// Whether a heading names the leadership responsibility strongly enough to count as C
    /// below top level (under an A section).
    static func isStrongC(_ heading: [Unicode.Scalar]) -> Bool {
        ScalarText.containsAny(heading[...], cStrongWords)
    }
}
