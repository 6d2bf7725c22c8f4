/// Separates page furniture from report text, keeping what the furniture says about the page.
///
/// Recognised shapes (DOMAIN.md §3.6 and the seeds):
/// - labelled metadata in every layout sites use: one row of pairs (`发布时间 : 2023-01-29 来源:… 字体大小:`),
///   pipe tables (`发布日期：… | 来源：…`), bracketed rows (`【发布日期】2025-03-25`), bullet lists
///   with labels, and a label alone on its line with the value on the next;
/// - bullet lists without labels (`• 11500224009351624E/2020-00573`, `• 2020-05-07`), read by the
///   shape of each value;
/// - breadcrumbs (`您当前的位置:首页 >…`, `首页 > 政务公开 > …`), kept as a place hint;
/// - widgets: share, print, close, font size, QR code (`扫一扫在手机打开当前页`), view counters,
///   previous/next links, registration numbers;
/// - site chrome: rows of short menu words (`智能问答 政策问答 …`) and short lines after the
///   closing date.
struct PageFurniture {
    /// The report lines, furniture removed, in order.
    var lines: [TextLine]
    /// Metadata the furniture carried.
    var fields: PageFields

    private enum LabelKind { case index, published, written, source, title, ignored }

    private static let labels: [([Unicode.Scalar], LabelKind)] = {
        let table: [(String, LabelKind)] = [
            ("索引号", .index), ("索 引 号", .index), ("发布日期", .published), ("发布时间", .published),
            ("公开日期", .published), ("发文日期", .written), ("成文日期", .written), ("生成日期", .written),
            ("信息来源", .source), ("文章来源", .source), ("来源", .source), ("发布机构", .source),
            ("发文机关", .ignored), ("标题", .title), ("文章标题", .title), ("主题分类", .ignored),
            ("体裁分类", .ignored), ("组配分类", .ignored), ("服务对象分类", .ignored), ("主题词", .ignored),
            ("文号", .ignored), ("发文字号", .ignored), ("有效性", .ignored), ("作者", .ignored),
            ("责任编辑", .ignored), ("编辑", .ignored), ("浏览次数", .ignored), ("点击数", .ignored),
            ("点击量", .ignored), ("访问量", .ignored), ("阅读次数", .ignored), ("阅读量", .ignored),
            ("浏览量", .ignored), ("字体大小", .ignored), ("字体", .ignored), ("字号", .ignored),
            ("分享到", .ignored), ("分享", .ignored), ("公开方式", .ignored), ("公开范围", .ignored),
            ("公开时限", .ignored), ("信息分类", .ignored), ("所属机构", .ignored), ("发布人", .ignored),
            ("审核", .ignored), ("时间", .published), ("日期", .published), ("打印", .ignored),
            ("关闭", .ignored), ("【打印", .ignored),
        ]
        // Longest first, so that 发布日期 wins over 日期.
        return table.map { (ScalarText.normalized($0.0), $0.1) }.sorted { $0.0.count > $1.0.count }
    }()

    /// The first scalars of ``labels``: a position starting with none of them holds no label,
    /// without comparing fifty labels there (``labelAt(_:_:)`` is asked along whole rows).
    private static let labelFirstScalars = Set(labels.compactMap(\.0.first))

    private static let widgetPrefixes = ScalarText.keywords([
        "分享到", "扫一扫", "打印本页", "打印此页", "关闭窗口", "【打印", "【关闭", "【字体", "[打印", "[关闭",
        "返回顶部", "上一篇", "下一篇", "上一条", "下一条", "相关链接", "相关阅读", "相关文章", "相关新闻", "收藏本页",
        "用手机扫", "手机扫码", "微信扫一扫", "【大】", "【大 中 小】", "[大]",
    ])
    private static let widgetPrefixIndex = KeywordIndex(widgetPrefixes)
    private static let widgetWords = ScalarText.keywords([
        "ICP备", "公网安备", "网站标识码", "版权所有", "主办单位:", "承办单位:", "技术支持:", "网站地图", "在手机打开",
        "浏览器访问", "建议使用", "分辨率", "联系我们", "联系电话:", "联系电话 ", "邮编:", "邮政编码:", "传真:",
    ])
    private static let widgetWordIndex = KeywordIndex(widgetWords)
    private static let breadcrumbLabels = ScalarText.keywords([
        "您当前的位置", "您当前位置", "当前位置", "您的位置", "您现在的位置", "所在位置", "当前所在位置",
    ])
    private static let home = ScalarText.normalized("首页")
    private static let bullets: Set<Unicode.Scalar> = ["•", "●", "▪", "■", "◆", "·", "◦", "‣", "▶", "►"]
    /// What separates a metadata label from its value, trimmed from the value.
    private static let labelPunctuation: Set<Unicode.Scalar> = ["|", "：", ":", "】", "【", "[", "]"]

    /// Splits `lines` into report text and furniture; `html` adds its `<meta>` tags.
    init(lines input: [TextLine], html: HTMLText?) {
        var kept: [TextLine] = []
        var fields = PageFields()
        var pendingLabel: LabelKind?
        for line in input {
            if let label = pendingLabel {
                pendingLabel = nil
                if line.count <= 60, Self.labelAt(line.norm, line.normalized.startIndex) == nil {
                    Self.store(line.text, as: label, in: &fields)
                    continue
                }
            }
            var scalars = line.norm
            var bulleted = false
            if let first = scalars.first, Self.bullets.contains(first) {
                bulleted = true
                scalars = scalars.dropFirst()
                while scalars.first == " " { scalars = scalars.dropFirst() }
            } else if scalars.first == "|" {
                // A pipe table row (`| 来源 | … | 发布日期 | … |`): the leading bar is not text.
                var rest = scalars.dropFirst()
                while rest.first == " " { rest = rest.dropFirst() }
                if Self.labelAt(rest, rest.startIndex) != nil { scalars = rest }
            }
            // `2024-03-28 来源：司法局 浏览次数：120`: a row led by its (unlabelled) date.
            if line.count <= 300, let (date, rest) = Self.leadingDate(scalars, original: line.scalars[scalars.startIndex...]),
                let pairs = Self.metadataPairs(rest, original: line.scalars[rest.startIndex...])
            {
                fields.unlabeledDates.append(date)
                for (kind, value) in pairs where !value.isEmpty { Self.store(value, as: kind, in: &fields) }
                continue
            }
            if line.count <= 300, let pairs = Self.metadataPairs(scalars, original: line.scalars[scalars.startIndex...]) {
                for (kind, value) in pairs {
                    if value.isEmpty, pairs.count == 1 {
                        pendingLabel = kind
                    } else if !value.isEmpty {
                        Self.store(value, as: kind, in: &fields)
                    }
                }
                continue
            }
            if Self.isBreadcrumb(scalars) {
                if fields.breadcrumb == nil { fields.breadcrumb = Self.breadcrumbText(line) }
                continue
            }
            if Self.isWidget(scalars) || Self.isChromeRow(scalars) { continue }
            if bulleted {
                if scalars.count <= 40 {
                    Self.storeUnlabeled(scalars, original: line.scalars[(line.count - scalars.count)...], in: &fields)
                    continue
                }
                kept.append(TextLine(scalars: Array(line.scalars[(line.count - scalars.count)...])))
                continue
            }
            kept.append(line)
        }
        Self.dropTrailingChrome(&kept)
        if let html { Self.readMeta(html, into: &fields) }
        self.lines = kept
        self.fields = fields
    }

    /// A label at `index` (optionally bracketed): its kind and where its value starts; the value
    /// start is `nil` for a label alone at the end of the line.
    /// Whether `line` starts with a page-field label (发布时间 :, 【来源】, 索引号 alone): a row
    /// of page metadata, which ``LineReflow`` never joins to the line before.
    static func startsWithFieldLabel(_ line: TextLine) -> Bool {
        labelAt(line.norm, 0) != nil
    }

    private static func labelAt(_ s: ArraySlice<Unicode.Scalar>, _ index: Int) -> (LabelKind, Int?)? {
        var position = index
        var bracketed = false
        if position < s.endIndex, s[position] == "【" || s[position] == "[" {
            bracketed = true
            position += 1
        }
        guard position >= s.startIndex, position < s.endIndex, labelFirstScalars.contains(s[position]),
            let (label, kind) = labels.first(where: { ScalarText.has($0.0, in: s, at: position) })
        else {
            return nil
        }
        position += label.count
        while position < s.endIndex, s[position] == " " { position += 1 }
        if bracketed {
            // 【发布时间：2024-03-28】: label and value inside the brackets (the value's closing
            // bracket is trimmed with it).
            if position < s.endIndex, s[position] == ":" || s[position] == "︰" { return (kind, position + 1) }
            guard position < s.endIndex, s[position] == "】" || s[position] == "]" else { return nil }
            position += 1
            while position < s.endIndex, s[position] == " " || s[position] == ":" { position += 1 }
            return (kind, position)
        }
        if position == s.endIndex { return (kind, nil) }
        guard s[position] == ":" || s[position] == "︰" || s[position] == "|" else { return nil }
        return (kind, position + 1)
    }

    /// A date that opens a row and is followed by a space and a label (`2024-03-28 来源：…`): the
    /// date as written and the rest of the row from the label.
    private static func leadingDate(
        _ s: ArraySlice<Unicode.Scalar>,
        original: ArraySlice<Unicode.Scalar>
    ) -> (String, ArraySlice<Unicode.Scalar>)? {
        guard let first = s.first, ("0"..."9").contains(first), let reading = DateReader.read(s, original: original),
            reading.end < s.endIndex, s[reading.end] == " "
        else { return nil }
        var start = reading.end
        while start < s.endIndex, s[start] == " " { start += 1 }
        guard start < s.endIndex, labelAt(s, start) != nil else { return nil }
        return (reading.date.raw, s[start...])
    }

    /// The label/value pairs of a metadata row, or `nil` when the row does not start with a label.
    private static func metadataPairs(
        _ s: ArraySlice<Unicode.Scalar>,
        original: ArraySlice<Unicode.Scalar>
    ) -> [(LabelKind, String)]? {
        guard let (firstKind, firstValue) = labelAt(s, s.startIndex) else {
            return Self.gluedPair(s, original: original).map { [$0] }
        }
        guard var valueStart = firstValue else { return [(firstKind, "")] }
        var kind = firstKind
        var pairs: [(LabelKind, String)] = []
        var index = valueStart
        while index <= s.endIndex {
            var next: (LabelKind, Int)?
            var labelStart = index
            while labelStart < s.endIndex {
                let previous = labelStart > s.startIndex ? s[labelStart - 1] : " "
                if previous == " " || previous == "|" || previous == "】" || previous == "]" || s[labelStart] == "【"
                    || s[labelStart] == "[",
                    let (k, v) = labelAt(s, labelStart), let v
                {
                    next = (k, v)
                    break
                }
                labelStart += 1
            }
            let valueEnd = next == nil ? s.endIndex : labelStart
            let offset = original.startIndex - s.startIndex
            let value = ScalarText.trimmed(
                original[(valueStart + offset)..<(max(valueStart, valueEnd) + offset)],
                punctuation: Self.labelPunctuation
            )
            pairs.append((kind, ScalarText.string(value)))
            guard let (nextKind, nextValue) = next else { break }
            kind = nextKind
            valueStart = nextValue
            index = nextValue
        }
        return pairs
    }

    /// Labels that pages glue to their value with no separator (`<b>来源</b>理塘县司法局` becomes
    /// `来源理塘县司法局`); such a row is read only when the value has the label's shape.
    private static let gluedLabels: [([Unicode.Scalar], LabelKind)] = labels.filter { label, kind in
        label.count >= 2 && label.allSatisfy(ScalarText.isHan) && kind != .ignored && kind != .title
            && label != ScalarText.normalized("时间") && label != ScalarText.normalized("日期")
    }

    /// A short line made of a label and its value without a separator, when the value reads as
    /// what the label announces: a date, an identifier or a body's name.
    private static func gluedPair(
        _ s: ArraySlice<Unicode.Scalar>,
        original: ArraySlice<Unicode.Scalar>
    ) -> (LabelKind, String)? {
        guard s.count <= 60, let first = s.first, ScalarText.isHan(first) else { return nil }
        for (label, kind) in gluedLabels where ScalarText.has(label, in: s, at: s.startIndex) {
            let value = s[(s.startIndex + label.count)...]
            let offset = original.startIndex - s.startIndex
            let raw = ScalarText.string(ScalarText.trimmed(original[(value.startIndex + offset)...]))
            switch kind {
            case .published, .written:
                guard let reading = DateReader.read(value) else { return nil }
                let rest = value[reading.end...]
                guard rest.isEmpty || rest.first == " " else { return nil }
                return (kind, raw)
            case .index:
                return isIdentifier(ScalarText.trimmed(value)) ? (kind, raw) : nil
            case .source:
                return OrganizationReader.isOrganization(ScalarText.trimmed(value)) ? (kind, raw) : nil
            case .title, .ignored:
                return nil
            }
        }
        return nil
    }

    private static func store(_ value: String, as kind: LabelKind, in fields: inout PageFields) {
        switch kind {
        case .index: if fields.indexNumber == nil { fields.indexNumber = value }
        case .published: if fields.published == nil, DateReader.read(value) != nil { fields.published = value }
        case .written: if fields.written == nil { fields.written = value }
        case .source: if fields.source == nil { fields.source = value }
        case .title: if fields.title == nil { fields.title = value }
        case .ignored: break
        }
    }

    private static func storeUnlabeled(
        _ s: ArraySlice<Unicode.Scalar>,
        original: ArraySlice<Unicode.Scalar>,
        in fields: inout PageFields
    ) {
        let text = ScalarText.string(original)
        if let reading = DateReader.read(s), reading.end == s.endIndex || s[reading.end] == " " {
            fields.unlabeledDates.append(text)
        } else if isIdentifier(s) {
            if fields.indexNumber == nil { fields.indexNumber = text }
        } else if s.contains(where: ScalarText.isHan) {
            fields.unlabeledNames.append(text)
        }
    }

    /// An index number: ASCII letters, digits and `/ - _ .`, at least 6 digits.
    private static func isIdentifier(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard s.count >= 8, s.count <= 48 else { return false }
        var digits = 0
        for scalar in s {
            if ScalarText.digit(scalar) != nil {
                digits += 1
            } else if !(("a"..."z").contains(scalar) || scalar == "/" || scalar == "-" || scalar == "_" || scalar == ".") {
                return false
            }
        }
        return digits >= 6
    }

    private static func isBreadcrumb(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard s.count <= 200 else { return false }
        if breadcrumbLabels.contains(where: { ScalarText.has($0, in: s, at: s.startIndex) }) { return true }
        return ScalarText.has(home, in: s, at: s.startIndex)
            && s.contains { $0 == ">" || $0 == "›" || $0 == "»" || $0 == "→" }
    }

    private static func breadcrumbText(_ line: TextLine) -> String {
        var scalars = line.scalars[...]
        let normalized = line.norm
        if let colon = normalized.firstIndex(of: ":"),
            breadcrumbLabels.contains(where: { ScalarText.has($0, in: normalized, at: normalized.startIndex) })
        {
            scalars = scalars[(colon + 1)...]
        }
        return ScalarText.string(ScalarText.trimmed(scalars))
    }

    private static func isWidget(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard s.count <= 80, !s.isEmpty else { return false }
        // Keyword indexes, not a scan per word: this runs on every short line of every page.
        var prefixed = false
        widgetPrefixIndex.matches(in: s, at: s.startIndex) { _ in
            prefixed = true
            return false
        }
        // A footer word inside a sentence of the report (…工单1520件,联系电话:12345。) does not
        // make its line a footer: footers and contact rows end no sentence.
        return prefixed || (widgetWordIndex.firstMatch(in: s) != nil && !s.contains("。"))
    }

    /// A menu row: three or more space-separated words of at most 8 scalars, no sentence punctuation.
    private static func isChromeRow(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard s.count <= 120 else { return false }
        var words = 0
        var length = 0
        for scalar in s {
            if scalar == " " {
                if length > 0 { words += 1 }
                length = 0
                continue
            }
            if scalar == "。" || scalar == "," || scalar == "，" || scalar == ";" || scalar == ":" { return false }
            length += 1
            if length > 8 { return false }
        }
        if length > 0 { words += 1 }
        return words >= 3
    }

    /// Short unpunctuated lines after the last closing date are site chrome (`小龙人形象`).
    private static func dropTrailingChrome(_ lines: inout [TextLine]) {
        let window = max(0, lines.count - 20)..<lines.count
        guard let dateLine = window.last(where: { DateReader.wholeLine(lines[$0]) != nil }) else { return }
        let tail = lines[(dateLine + 1)...]
        let isChrome = tail.allSatisfy { line in
            line.count <= 30 && !line.normalized.contains { $0 == "。" || $0 == "," || $0 == "，" || $0 == ":" }
        }
        if isChrome { lines.removeSubrange((dateLine + 1)...) }
    }

    private static func readMeta(_ html: HTMLText, into fields: inout PageFields) {
        if fields.title == nil {
            fields.title = html.meta("ArticleTitle") ?? html.meta("title") ?? html.meta("og:title")
        }
        if fields.published == nil {
            fields.published = ["PubDate", "publishdate", "firstpublishedtime", "article:published_time", "pubtime"]
                .lazy.compactMap { html.meta($0) }.first { DateReader.read($0) != nil }
        }
        if fields.source == nil { fields.source = html.meta("ContentSource") ?? html.meta("source") }
        if fields.siteName == nil { fields.siteName = html.meta("SiteName") }
    }
}
