internal import FazhiParsing

/// Builds one document: chooses its kind, year, dates, parts pattern and page shape, writes
/// the body with a ``ReportComposer`` and wraps it in page chrome.
enum DocumentAssembler {
    static func assemble(id: String, index: Int, rng: inout SplitMix64, catalog: PlaceCatalog) -> GeneratedDocument {
        let format: DocumentFormat = rng.chance(0.55) ? .html : .text
        let encoding = [DocumentEncoding.utf8, .utf8BOM, .gb18030][rng.weighted([75, 7, 18])]
        let year = rng.int(2018...2025)
        let kindRoll = rng.below(100)
        let entity = EntityFactory.make(catalog, rng: &rng)
        var composer = ReportComposer(rng: SplitMix64(seed: rng.next()), entity: entity, year: year)
        var metadata = ReportMetadata()
        var pattern = GroundTruth.PartsPattern.none
        var partsOrder: [[MandatedPart]] = []
        var signedForm = GroundTruth.SignedDateForm.missing
        let kind: DocumentKind
        var kindReason = ""
        var titleLines: [String]
        var titleLead = ""
        let yearText = rng.chance(0.03) ? NumberText.chineseYear(year) : String(year)

        // Publication date around the 1 April deadline.
        var published: CalendarDate?
        let next = year + 1
        switch rng.weighted([55, 8, 6, 14, 17]) {
        case 0:
            let month = rng.int(1...3)
            published = CalendarDate(year: next, month: month, day: rng.int(1...(month == 3 ? 30 : 28)))
        case 1: published = CalendarDate(year: next, month: 3, day: 31)
        case 2: published = CalendarDate(year: next, month: 4, day: 1)
        case 3:
            let month = rng.int(4...12)
            published = CalendarDate(year: next, month: month, day: rng.int((month == 4 ? 2 : 1)...28))
        default: published = nil
        }
        if var date = published {
            let m = NumberText.padded(date.month, 2)
            let d = NumberText.padded(date.day, 2)
            date.raw = [
                "\(date.year)-\(m)-\(d)", "\(date.year)-\(m)-\(d) \(NumberText.padded(rng.int(8...18), 2)):\(NumberText.padded(rng.int(0...59), 2))",
                "\(date.year)年\(m)月\(d)日", "\(date.year)/\(m)/\(d)",
            ][rng.weighted([55, 20, 15, 10])]
            published = date
        }
        // The page shows the time of day, but the date's raw form is the date as written
        // (the parser's convention: "2025-03-25 10:30" reads as raw "2025-03-25").
        let publishedTruth = published.map { date -> CalendarDate in
            var truthDate = date
            if let space = date.raw.firstIndex(of: " ") { truthDate.raw = String(date.raw[..<space]) }
            return truthDate
        }

        if kindRoll < 5 {
            kind = .notAReport
            kindReason = "template with placeholders"
            titleLines = ["XX县20XX年法治政府建设年度报告（参考模板）"]
            composer.put(titleLines[0] + "\n")
            composer.put("中共XX县委、XX县人民政府：\n")
            composer.put("20XX年，我县（乡、镇）在XX的领导下，深入推进法治政府建设。现将有关情况报告如下：\n")
            composer.put("一、20XX年度推进法治政府建设的主要举措和成效\n")
            composer.put("（一）……。全年共调解矛盾纠纷××件，调解成功率达××%，开展法治宣传活动XX场次。\n")
            composer.put("二、存在的不足和原因\n（填写不少于三条）\n三、党政主要负责人履行推进法治建设第一责任人职责情况\n……\n四、下一年度推进法治政府建设的主要安排\n……\n")
            composer.put("XX县人民政府\n20XX年X月X日\n")
            metadata.title = titleLines[0]
        } else if kindRoll < 10 {
            kind = .informationDisclosureReport
            kindReason = "政府信息公开工作年度报告"
            let org = entity.organizations.last ?? entity.shortName
            titleLines = ["\(org)\(yearText)年政府信息公开工作年度报告"]
            composer.put(titleLines[0] + "\n")
            composer.put("本报告依据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求编制。\n")
            for heading in ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"] {
                composer.put(heading + "\n")
                if heading.hasPrefix("二") {
                    composer.put("第二十条第（一）项 | 规章 | \(rng.int(0...5)) | \(rng.int(0...5)) | \(rng.int(0...30))\n")
                    composer.put("第二十条第（五）项 | 行政许可 | \(rng.int(10...900))\n")
                } else {
                    composer.put("本年度坚持以公开为常态、不公开为例外，依法依规做好政府信息公开工作。\n")
                }
            }
            metadata = ReportMetadata(title: titleLines[0], organizations: [org], level: entity.level, region: entity.region, reportYear: year)
        } else {
            kind = .annualReport
            let orgs = entity.organizations.joined(separator: rng.chance(0.5) ? "　" : " ")
            let lead = [orgs, orgs, entity.organizations[entity.organizations.count - 1], entity.chainPrefix + entity.shortName][rng.weighted([4, 3, 2, 2])]
            let rest = [
                "关于\(yearText)年法治政府建设情况的报告", "\(yearText)年法治政府建设年度报告", "关于\(yearText)年度法治政府建设工作情况的报告",
                "\(yearText)年法治政府建设工作报告", "关于\(yearText)年度法治政府建设完成情况的报告", "\(yearText)年法治建设工作报告",
            ][rng.weighted([5, 5, 3, 4, 3, 1])]
            titleLines = rng.chance(0.12) ? [lead, rest] : [lead + rest]
            // The parser collapses every whitespace run (U+3000 included) to one ASCII space.
            metadata.title = Self.collapsingWhitespace(titleLines.joined())
            titleLead = lead
            metadata.level = entity.level
            metadata.region = entity.region
            metadata.reportYear = year
            for line in titleLines { composer.put(line + "\n") }
            if !entity.addressees.isEmpty {
                composer.put(entity.addressees.joined(separator: "、") + "：\n")
                metadata.addressees = entity.addressees
            }
            composer.writeIntro()
            let target = [rng.int(2500...4500), rng.int(5000...14000), rng.int(18000...35000)][rng.weighted([10, 82, 8])]
            let wide = rng.chance(0.6)
            let inline = rng.chance(0.5)
            pattern = [GroundTruth.PartsPattern.standard, .cFirst, .mergedBD, .missingC, .withB0, .withE, .onlyA][rng.weighted([40, 12, 15, 12, 8, 5, 8])]
            var order: [MandatedPart] = []
            switch pattern {
            case .standard: order = [.a, .b, .c, .d]
            case .cFirst: order = [.c, .a, .b, .d]
            case .mergedBD: order = [.a, .b]  // .b stands for the merged section here
            case .missingC: order = [.a, .b, .d]
            case .withB0: order = rng.chance(0.5) ? [.a, .b0, .b, .c, .d] : [.c, .a, .b0, .b, .d]
            case .withE: order = [.a, .b, .c, .d, .e]
            case .onlyA, .none: order = [.a]
            }
            let nextText = String(year + 1)
            for (position, part) in order.enumerated() {
                let numbering = ReportComposer.topNumbering(position)
                switch part {
                case .a:
                    let heading = rng.pick(["\(year)年法治政府建设的主要举措和成效", "主要举措和成效", "工作开展情况", "\(year)年度推进法治政府建设的主要举措和成效", "主要工作及成效"])
                    composer.heading(depth: 1, numbering: numbering, heading, parts: [.a])
                    composer.writeAchievements(targetBytes: max(target - 2500, 1500), fullWidthBrackets: wide, inlineHeadings: inline)
                    partsOrder.append([.a])
                case .b where pattern == .mergedBD:
                    composer.writeMergedProblemsAndPlans(numbering: numbering)
                    partsOrder.append([.b, .d])
                case .b:
                    composer.writeProblems(numbering: numbering, heading: rng.pick(["存在的不足和原因", "\(year)年推进法治政府建设存在的不足和原因", "存在的问题和不足", "存在的短板和不足"]))
                    partsOrder.append([.b])
                case .b0:
                    composer.writeLastYearFixes(numbering: numbering)
                    partsOrder.append([.b0])
                case .c:
                    composer.writeLeadership(numbering: numbering, heading: rng.pick(["党政主要负责人履行推进法治建设第一责任人职责情况", "\(year)年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况", "强化组织领导，压实第一责任人职责"]), fullWidthBrackets: wide)
                    partsOrder.append([.c])
                case .d:
                    composer.writePlans(numbering: numbering, heading: rng.pick(["\(nextText)年推进法治政府建设的主要安排", "下一步工作打算", "\(nextText)年工作计划", "下一年度推进法治政府建设的工作思路"]), fullWidthBrackets: wide)
                    partsOrder.append([.d])
                case .e:
                    composer.writeOther(numbering: numbering)
                    partsOrder.append([.e])
                }
            }
            if rng.chance(0.8) { composer.writeClosing() }
            composer.leaveSections()
            // Signature block.
            let signs = rng.chance(0.9)
            if signs { composer.put(entity.organizations.joined(separator: "\n") + "\n") }
            // What an annotator lists as issuing bodies: the signature's names, then the names
            // the title starts with that the signature does not already contain (seed 004 lists
            // the bare 黄门镇 of its title when nothing else names the body).
            metadata.organizations = Self.organizations(signature: signs ? entity.organizations : [], titleLead: titleLead)
            let signedRoll = rng.weighted([75, 18, 7])
            let signYear = year + 1
            // A report is signed before (or on) the day it is published, and a page's 成文日期 never
            // follows its 发布日期.
            let latest = published.flatMap { $0.year == signYear ? (month: $0.month, day: $0.day) : nil }
            let signMonth = rng.int(1...min(3, latest?.month ?? 3))
            let signDay = rng.int(1...(latest.map { signMonth == $0.month ? min(28, $0.day) : 28 } ?? 28))
            if signedRoll == 0 {
                signedForm = .complete
                let december = rng.chance(0.08)
                let (y, m, d) = december ? (year, 12, signDay) : (signYear, signMonth, signDay)
                let raw = [
                    "\(y)年\(m)月\(d)日", "\(y)年\(NumberText.padded(m, 2))月\(NumberText.padded(d, 2))日",
                    "\(NumberText.chineseYear(y))年\(NumberText.chinese(m))月\(NumberText.chinese(d))日",
                ][rng.weighted([70, 15, 15])]
                composer.put(raw + "\n")
                metadata.signedDate = CalendarDate(year: y, month: m, day: d, raw: raw)
            } else if signedRoll == 2 {
                signedForm = .broken
                let raw = "\(signYear)\(signMonth)\(signDay)"
                composer.put(raw + "\n")
                // The digits still give the date when only one month/day split is valid
                // ("2021219" is 2021-02-19); otherwise ("2020112") only the year is certain.
                // Two digits that form a month ("202412": 1月2日 or 12月 with the day dropped)
                // are ambiguous too: year only.
                let digits = String(raw.dropFirst(4))
                let splits = Self.monthDaySplits(digits, year: signYear)
                let monthOnly = digits.count == 2 && (Int(digits).map { $0 >= 10 && $0 <= 12 } ?? false)
                metadata.signedDate = splits.count == 1 && !monthOnly
                    ? CalendarDate(year: signYear, month: splits[0].month, day: splits[0].day, raw: raw)
                    : CalendarDate(year: signYear, raw: raw)
            }
            composer.finishSections()
            composer.deduplicateFacts()
        }

        let siteName = entity.organizations.last ?? entity.shortName
        let writtenRaw = metadata.signedDate.flatMap { $0.isComplete ? "\($0.year)-\(NumberText.padded($0.month, 2))-\(NumberText.padded($0.day, 2))" : nil }
        let chrome = PageChrome.make(title: metadata.title, source: siteName, published: published?.raw, written: kind == .annualReport ? writtenRaw : nil,
                                     code: entity.code, provinceShort: entity.provinceShort, siteName: siteName, rng: &rng)
        if kind != .notAReport {
            metadata.publishedDate = publishedTruth
            metadata.indexNumber = chrome.indexNumber
            metadata.sourceName = chrome.sourceName
            if let writtenRaw, chrome.metaLines.joined().contains("成文日期"), let signed = metadata.signedDate {
                metadata.writtenDate = CalendarDate(year: signed.year, month: signed.month, day: signed.day, raw: writtenRaw)
            }
        } else {
            metadata.publishedDate = publishedTruth
        }
        metadata.encoding = encoding == .gb18030 ? "gb18030" : "utf-8"
        metadata.wasHTML = format == .html
        let host = "www.\(entity.code).gov.cn"
        let stamp = published.map { "\($0.year)\(NumberText.padded($0.month, 2))\(NumberText.padded($0.day, 2))" } ?? (rng.chance(0.5) ? "19700101" : "\(next)0101")
        let sourceURL = "https://\(host)/zwgk/fzzfjs/\(stamp.prefix(6))/t\(stamp)_\(rng.int(1_000_000...9_999_999)).\(format == .html ? "html" : "shtml")"

        let page = PageRenderer.render(body: composer.body, titleLineCount: titleLines.count, title: metadata.title, chrome: chrome, format: format,
                                       encoding: encoding, siteName: siteName, published: published, rng: &rng)
        let bytes: [UInt8]
        switch encoding {
        case .utf8: bytes = Array(page.utf8)
        case .utf8BOM: bytes = [0xEF, 0xBB, 0xBF] + Array(page.utf8)
        case .gb18030: bytes = GB18030Encoder.encode(page)
        }
        let graded = kind == .annualReport
        let truth = GroundTruth(
            id: id, index: index, kind: kind, kindReason: kindReason, metadata: metadata,
            regionStatus: kind == .notAReport ? .none : (entity.isAmbiguous ? .ambiguous : .resolved),
            signedDateForm: signedForm, partsOrder: partsOrder, partsPattern: pattern,
            sections: graded ? composer.sections : [], problems: graded ? composer.problems : [], plans: graded ? composer.plans : [],
            facts: graded ? composer.facts : [], traps: (graded ? composer.traps : []) + chrome.traps,
            body: composer.body, format: format, encoding: encoding, sourceURL: sourceURL)
        return GeneratedDocument(id: id, index: index, bytes: bytes, fileName: "\(id).\(format.fileExtension)", format: format,
                                 encoding: encoding, sourceURL: sourceURL, truth: truth)
    }

    /// `text` with every run of whitespace (ASCII, U+3000, NBSP) replaced by one ASCII space.
    static func collapsingWhitespace(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.unicodeScalars.append(" ") }
            pendingSpace = false
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// Issuing bodies as listed by an annotator: signature names first, then each name of the
    /// title's lead (split at whitespace) unless it contains or is contained in one already listed.
    static func organizations(signature: [String], titleLead: String) -> [String] {
        var names = signature
        let leadNames = titleLead.unicodeScalars.split { $0.properties.isWhitespace }.map { String(String.UnicodeScalarView($0)) }
        for name in leadNames where !name.isEmpty {
            if !names.contains(where: { $0.contains(name) || name.contains($0) }) { names.append(name) }
        }
        return names
    }

    /// The valid (month, day) readings of digits written without 月/日 ("112" → 1-12, 11-2).
    static func monthDaySplits(_ digits: String, year: Int) -> [(month: Int, day: Int)] {
        let characters = Array(digits)
        var result: [(month: Int, day: Int)] = []
        for monthLength in 1...2 where characters.count > monthLength && characters.count - monthLength <= 2 {
            guard characters[monthLength] != "0", let month = Int(String(characters[..<monthLength])),
                  let day = Int(String(characters[monthLength...])) else { continue }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            if month >= 1, month <= 12, day >= 1, day <= days[month - 1] { result.append((month, day)) }
        }
        return result
    }
}
