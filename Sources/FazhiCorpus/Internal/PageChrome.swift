/// Everything around the report on a page: the metadata rows and the footer, as plain lines or
/// HTML, plus the traps they carry (索引号, ICP numbers, phone numbers, counters).
struct PageChrome: Sendable {
    var breadcrumb: String?
    /// Metadata rows ("发布日期：2025-03-25") in the chosen shape, as text lines.
    var metaLines: [String]
    /// The same rows as an HTML fragment.
    var metaHTML: String
    var footerLines: [String]
    var traps: [PlantedTrap]
    var indexNumber: String?
    var sourceName: String?

    /// Builds the chrome; `published` is the raw 发布日期 text or nil.
    static func make(title: String, source: String, published: String?, written: String?, code: String, provinceShort: String, siteName: String, rng: inout SplitMix64) -> PageChrome {
        var traps: [PlantedTrap] = []
        var lines: [String] = []
        var html = ""
        let showIndex = rng.chance(0.5)
        let index = "\(NumberText.padded(rng.int(11...65), 2))\(code)\(NumberText.padded(rng.int(0...999_999_999), 9))\(rng.pick(["E", "K", "Y", "X"]))/\(published.map { String($0.prefix(4)) } ?? "2024")-\(NumberText.padded(rng.int(1...9999), 5))"
        if showIndex { traps.append(PlantedTrap(kind: .indexNumber, text: index)) }
        let showSource = rng.chance(0.8)
        var rows: [(String, String)] = []
        if showIndex { rows.append(("索引号", index)) }
        if showSource { rows.append((rng.chance(0.5) ? "来源" : "发布机构", source)) }
        if let published { rows.append((rng.chance(0.6) ? "发布日期" : "发布时间", published)) }
        if let written, rng.chance(0.5) { rows.append(("成文日期", written)) }
        let shape = rng.below(5)
        var counter: String?
        // Only the label:value shape shows a counter, so only it records the trap.
        if shape == 0, rng.chance(0.5) {
            let value = String(rng.int(12...9876))
            counter = value
            traps.append(PlantedTrap(kind: .counter, text: value))
        }
        switch shape {
        case 0:  // label:value lines
            for row in rows { lines.append("\(row.0)：\(row.1)") }
            if let counter { lines.append("点击数：\(counter)") }
            html = "<div class=\"info\">" + rows.map { "<span>\($0.0)：\($0.1)</span>" }.joined(separator: " ") + (counter.map { "<span>点击数：\($0)</span>" } ?? "") + "</div>"
        case 1:  // bullets
            // Labelled: two bare dates (发布 and 成文) would be ambiguous to any reader.
            for row in rows { lines.append("  • \(row.0)：\(row.1)") }
            // The label keeps its colon: "<b>发布机构</b>X" would extract as one word, 发布机构X.
            html = "<ul class=\"xxgk\">" + rows.map { "<li><b>\($0.0)：</b>\($0.1)</li>" }.joined() + "</ul>"
        case 2:  // bracketed rows
            lines.append(rows.map { "【\($0.0)】\($0.1)" }.joined(separator: "　"))
            html = "<p class=\"meta\">" + rows.map { "【\($0.0)】\($0.1)" }.joined(separator: "&nbsp;&nbsp;") + "</p>"
        case 3:  // pipe table
            lines.append("| " + rows.map { "\($0.0) | \($0.1)" }.joined(separator: " | ") + " |")
            html = "<table class=\"xxgk-table\"><tr>" + rows.map { "<th>\($0.0)</th><td>\($0.1)</td>" }.joined() + "</tr></table>"
        default:  // label line, value line
            for row in rows {
                lines.append(row.0)
                lines.append(row.1)
            }
            html = "<dl>" + rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined() + "</dl>"
        }
        var footer: [String] = []
        if rng.chance(0.6) { footer.append("扫一扫在手机打开当前页") }
        if rng.chance(0.5) { footer.append("分享到：") }
        if rng.chance(0.4) { footer.append("【打印本页】【关闭窗口】") }
        if rng.chance(0.5) {
            let icp = "\(provinceShort)ICP备\(NumberText.padded(rng.int(1_000_000...99_999_999), 8))号"
            traps.append(PlantedTrap(kind: .registration, text: icp))
            footer.append("主办单位：\(siteName)　\(icp)")
        }
        if rng.chance(0.4) {
            let phone = "0\(rng.int(100...999))-\(rng.int(2_000_000...8_999_999))"
            traps.append(PlantedTrap(kind: .phone, text: phone))
            footer.append("联系电话：\(phone)　邮编：\(rng.int(100_000...860_000))")
        }
        return PageChrome(
            breadcrumb: rng.chance(0.6) ? "您当前的位置：首页 > 政务公开 > \(rng.pick(["法定主动公开内容", "法治政府建设", "规划计划", "工作报告"])) > 法治政府建设年度报告" : nil,
            metaLines: lines, metaHTML: html, footerLines: footer, traps: traps,
            indexNumber: showIndex ? index : nil, sourceName: showSource ? source : nil)
    }
}
