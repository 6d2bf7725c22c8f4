/// Decides whether a page holds an annual rule-of-law report (DOMAIN.md §3.6 "A separate
/// document type"):
/// - a 政府信息公开工作年度报告 (title, or two of its fixed section/table phrases) is
///   ``DocumentKind/informationDisclosureReport``;
/// - a template or model essay (placeholders in the title, or at least two in the body:
///   `*区`, `xx市`, `XX县`, `××`, `20XX年`, `2024年X月X日`, `□□`, `某某`) is ``DocumentKind/notAReport``;
/// - a page titled as another document of the same columns (工作要点, 实施方案, 通知, 通报, 意见 …)
///   and not as a report (报告, 总结, 情况) is ``DocumentKind/notAReport``;
/// - a page with none of the report vocabulary (法治, 法制, 依法行政, 报告) is ``DocumentKind/notAReport``.
enum ReportKindClassifier {
    /// The kind and, when it is not a report, why.
    struct Decision: Hashable {
        var kind: DocumentKind
        var reason: String
    }

    private static let disclosureTitles = ScalarText.keywords(["信息公开工作年度报告", "信息公开年度报告", "政务公开工作年度报告"])
    private static let disclosureMarkers = ScalarText.keywords([
        "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
        "政府信息公开行政复议", "第二十条第(一)项", "第二十一条第(三)项", "第二十条第(五)项", "第二十条第(六)项",
        "政府信息公开工作存在的主要问题", "本年新公开数量",
    ])
    private static let vocabulary = ScalarText.keywords(["法治", "法制", "依法行政", "依法治", "报告"])
    private static let ruleOfLawWords = ScalarText.keywords(["法治", "法制", "依法"])
    /// Title words of a report (a township's 工作总结 is its report; 2023年度法治政府建设情况 too).
    private static let reportTitleWords = ScalarText.keywords(["报告", "总结", "情况"])
    /// Title words of the other documents that rule-of-law columns publish beside the reports:
    /// plans, notices, bulletins, rules.
    private static let otherDocumentTitles = ScalarText.keywords([
        "工作要点", "要点", "实施方案", "工作方案", "工作计划", "通知", "通报", "意见", "办法", "规定", "细则", "决定", "清单", "公告",
    ])
    private static let markerIndex = KeywordIndex(disclosureMarkers)
    private static let vocabularyIndex = KeywordIndex(vocabulary)
    private static let masks = ScalarMatcher("x×*□○")

    /// A mask scalar or 某: the only scalars where a placeholder can start.
    @inline(__always)
    private static func mayStartPlaceholder(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x78, 0x2A, 0xD7, 0x25A1, 0x25CB, 0x67D0: true
        default: false
        }
    }
    private static let placeSuffixes = ScalarMatcher("省市县区镇乡街州局村委旗")
    private static let someone = ScalarText.normalized("某某")

    /// Classifies a document from its title and (normalized) body.
    ///
    /// `firstLine`: the page's first line, which names the document when no report title was
    /// found (a 工作要点 has no report title to find); it is read only for the other documents'
    /// title words, and only when it reads as a rule-of-law title (short, no 。, 法治/法制/依法).
    static func classify(title: [Unicode.Scalar], body: ArraySlice<Unicode.Scalar>, firstLine: [Unicode.Scalar] = []) -> Decision {
        if body.isEmpty && title.isEmpty { return Decision(kind: .notAReport, reason: "empty text") }
        if ScalarText.containsAny(title[...], disclosureTitles) {
            return Decision(kind: .informationDisclosureReport, reason: "title names a government information disclosure annual report")
        }
        let found = markerIndex.allMatches(in: body)
        let markers = disclosureMarkers.indices.filter { found.contains($0) }.map { disclosureMarkers[$0] }
        if markers.count >= 2 {
            let names = markers.prefix(3).map { ScalarText.string($0) }.joined(separator: ", ")
            return Decision(kind: .informationDisclosureReport, reason: "information disclosure report sections: \(names)")
        }
        let titleMasks = self.placeholders(in: title[...], limit: 3)
        if !titleMasks.isEmpty {
            return Decision(kind: .notAReport, reason: "template: placeholders in the title (\(titleMasks.joined(separator: ", ")))")
        }
        let bodyMasks = self.placeholders(in: body, limit: 3)
        if bodyMasks.count >= 2 {
            return Decision(kind: .notAReport, reason: "template or essay: placeholders \(bodyMasks.joined(separator: ", "))")
        }
        let named =
            !title.isEmpty
            ? title[...]
            : firstLine.count <= 60 && !firstLine.contains("。") && ScalarText.containsAny(firstLine[...], ruleOfLawWords)
                ? firstLine[...] : []
        if !named.isEmpty, !ScalarText.containsAny(named, reportTitleWords),
            let word = otherDocumentTitles.first(where: { ScalarText.find($0, in: named) != nil })
        {
            return Decision(kind: .notAReport, reason: "the title names a \(ScalarText.string(word)), not a report")
        }
        if !vocabularyIndex.containsAny(title[...]), !vocabularyIndex.containsAny(body) {
            return Decision(kind: .notAReport, reason: "no report content")
        }
        return Decision(kind: .annualReport, reason: "")
    }

    /// Placeholder spans (`20XX年`, `xx市`, `*区`, `X月X日`, `□□`, `某某`), at most `limit`.
    static func placeholders(in s: ArraySlice<Unicode.Scalar>, limit: Int) -> [String] {
        var found: [String] = []
        var index = s.startIndex
        while index < s.endIndex, found.count < limit {
            // Skip to the next mask scalar or 某 in a tight loop over the storage: most bodies
            // have none, and this runs over every scalar of every report.
            let next = s.withUnsafeBufferPointer { buffer -> Int? in
                var offset = index - s.startIndex
                while offset < buffer.count {
                    if Self.mayStartPlaceholder(buffer[offset]) { return s.startIndex + offset }
                    offset += 1
                }
                return nil
            }
            guard let next else { break }
            index = next
            let scalar = s[index]
            if masks.contains(scalar) {
                var end = index
                while end < s.endIndex, masks.contains(s[end]), end - index < 8 { end += 1 }
                let run = end - index
                let before = index > s.startIndex ? s[index - 1] : " "
                let after = end < s.endIndex ? s[end] : " "
                // A lone "x" or "*" inside Latin text or arithmetic is not a mask.
                let latinAround = ("a"..."z").contains(before) || ("a"..."z").contains(after)
                var isMask = false
                if !latinAround {
                    if scalar == "□" || scalar == "○" {
                        isMask = run >= 2
                    } else if after == "年" || after == "月" || after == "日" {
                        // 20XX年, X月X日 (a digit or 年/月 must come before a single mask).
                        isMask = run >= 2 || ScalarText.digit(before) != nil || before == "年" || before == "月"
                    } else if placeSuffixes.contains(after) {
                        isMask = run >= 2 || scalar == "*" || before == " " || !ScalarText.isHan(before)
                    } else if scalar == "×" {
                        isMask = run >= 2
                    }
                    if scalar == "*" && run == 1 && !placeSuffixes.contains(after) { isMask = false }
                }
                // "20XX": the mask run follows "20".
                if run >= 2, index - s.startIndex >= 2, s[index - 2] == "2", s[index - 1] == "0" { isMask = true }
                if isMask {
                    let from = max(s.startIndex, index - 2)
                    found.append(ScalarText.string(s[from..<min(s.endIndex, end + 1)]))
                }
                index = end
                continue
            }
            if scalar == "某", ScalarText.has(someone, in: s, at: index) {
                found.append("某某")
                index += 2
                continue
            }
            index += 1
        }
        return found
    }
}
