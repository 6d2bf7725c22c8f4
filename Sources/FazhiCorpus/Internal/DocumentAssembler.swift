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
            metadata.title = titleLines.joined()
            metadata.organizations = entity.organizations
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
            if rng.chance(0.9) { composer.put(entity.organizations.joined(separator: "\n") + "\n") }
            let signedRoll = rng.weighted([75, 18, 7])
            let signYear = year + 1
            let signMonth = rng.int(1...3)
            let signDay = rng.int(1...28)
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
                metadata.signedDate = CalendarDate(year: signYear, raw: raw)
            }
            composer.finishSections()
        }

        let siteName = entity.organizations.last ?? entity.shortName
        let writtenRaw = metadata.signedDate.flatMap { $0.isComplete ? "\($0.year)-\(NumberText.padded($0.month, 2))-\(NumberText.padded($0.day, 2))" : nil }
        let chrome = PageChrome.make(title: metadata.title, source: siteName, published: published?.raw, written: kind == .annualReport ? writtenRaw : nil,
                                     code: entity.code, provinceShort: entity.provinceShort, siteName: siteName, rng: &rng)
        if kind != .notAReport {
            metadata.publishedDate = published
            metadata.indexNumber = chrome.indexNumber
            metadata.sourceName = chrome.sourceName
            if let writtenRaw, chrome.metaLines.joined().contains("成文日期"), let signed = metadata.signedDate {
                metadata.writtenDate = CalendarDate(year: signed.year, month: signed.month, day: signed.day, raw: writtenRaw)
            }
        } else {
            metadata.publishedDate = published
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
}
