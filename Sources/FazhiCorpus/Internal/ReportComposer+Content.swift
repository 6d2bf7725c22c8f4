internal import FazhiParsing

/// The report's prose: sections, fact sentences in every construction the parser must handle,
/// and the planted traps.
extension ReportComposer {
    private static let ordinals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"]

    /// "（一）" or "(一)" for the `index`-th sub-heading, in the document's bracket style.
    func subNumbering(_ index: Int, fullWidth: Bool) -> String {
        let ordinal = Self.ordinals[min(index, Self.ordinals.count - 1)]
        return fullWidth ? "（\(ordinal)）" : "(\(ordinal))"
    }

    static func topNumbering(_ index: Int) -> String {
        ordinals[index] + "、"
    }

    var gangyaoTitle: String {
        self.year >= 2021 ? "《法治政府建设实施纲要（2021－2025年）》" : "《法治政府建设实施纲要（2015－2020年）》"
    }

    // MARK: Opening

    mutating func writeIntro() {
        let unit = self.entity.shortName
        let superior = self.entity.level == .province ? "党中央、国务院" : "上级党委、政府"
        self.beginSentence()
        switch self.rng.below(3) {
        case 0:
            self.put("\(self.year)年，\(unit)在\(superior)的坚强领导下，以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面落实")
            self.plantGangyao()
            self.put("各项任务，扎实推进法治政府建设，各项工作取得新进展")
        case 1:
            self.put("\(self.year)年以来，\(unit)坚持把法治政府建设作为全局性、基础性工作来抓，围绕中心、服务大局，依法行政水平持续提升")
        default:
            self.put("今年来，\(unit)认真贯彻落实上级关于法治建设的决策部署，坚持依法决策、依法行政，法治政府建设取得积极成效")
        }
        // The work plan is the province's (its 法办 issues the number); "《县2024年…》" is no name.
        if self.rng.chance(0.35), let province = self.entity.region.province {
            self.put("。按照《\(province)\(self.year)年法治政府建设工作要点》（")
            self.plant(.documentNumber, "\(self.entity.provinceShort)法办〔\(self.year)〕\(self.rng.int(1...40))号")
            self.put("）要求，逐项抓好落实")
        }
        if self.rng.chance(0.15) {
            self.put("，围绕“")
            self.plant(.strategy, self.rng.pick(["1+N+X", "1+3+N", "1+6+N", "3+N"]))
            self.put("”工作体系和“")
            self.plant(.strategy, String(self.rng.int(1000...9999)))
            self.put("”发展思路持续发力")
        }
        self.endSentence()
        self.put("现将有关情况报告如下：")
        self.endLine()
    }

    mutating func plantGangyao() {
        let title = self.gangyaoTitle
        self.put("《法治政府建设实施纲要（")
        // '!' is fine: both titles contain the span.
        let span = String(title.split(separator: "（")[1].split(separator: "）")[0])
        self.plant(.yearSpan, span)
        self.put("）》")
    }

    // MARK: Part A

    /// Writes the area sub-sections of part A until the body reaches `targetBytes`.
    mutating func writeAchievements(targetBytes: Int, fullWidthBrackets: Bool, inlineHeadings: Bool) {
        var areas = self.rng.sample(Array(AreaVocabulary.all.indices), count: AreaVocabulary.all.count).map { AreaVocabulary.all[$0] }
        // Most reports open part A with study and training, so keep it early when drawn.
        if let study = areas.firstIndex(where: { $0.area == "legal_study_training" }), self.rng.chance(0.6) {
            areas.insert(areas.remove(at: study), at: 0)
        }
        var written = 0
        for area in areas {
            if written >= 3, self.count >= targetBytes { break }
            let headings = self.year <= 2020 && self.rng.chance(0.7) ? area.oldHeadings : area.headings
            self.heading(depth: 2, numbering: self.subNumbering(written, fullWidth: fullWidthBrackets),
                         self.rng.pick(headings), area: area.area, inline: inlineHeadings)
            let paragraphs = self.count >= targetBytes / 2 ? 1 : self.rng.int(1...2)
            for _ in 0..<paragraphs {
                self.writeAreaParagraph(area)
                self.endLine()
            }
            written += 1
        }
    }

    mutating func writeAreaParagraph(_ area: AreaVocabulary) {
        let sentences = self.rng.int(3...6)
        let enumerate = self.rng.chance(0.5)
        var ordinal = 0
        for index in 0..<sentences {
            if enumerate {
                self.put(Self.ordinals[ordinal] + "是")
                ordinal += 1
            }
            let roll = self.rng.unit()
            if index == 0, self.rng.chance(0.5) {
                self.filler(area)
            } else if roll < 0.45 {
                self.filler(area)
            } else if roll < 0.62, index == 1 || index == 3, self.special(area) {
                // a construction specific to the area was written
            } else if roll < 0.70 {
                self.unlinkedSentence()
            } else if let id = self.rng.pick(area.indicators) as String?, IndicatorPhrasing.named(id) != nil {
                self.factSentence(id)
            } else {
                self.filler(area)
            }
            if self.rng.chance(0.03) {
                self.beginSentence()
                self.put(self.rng.pick(AreaVocabulary.rareFillers))
                self.endSentence()
            }
        }
    }

    mutating func filler(_ area: AreaVocabulary) {
        self.beginSentence()
        if self.rng.chance(0.3) { self.put(self.entity.selfReference) }
        self.put(self.rng.pick(area.fillers))
        self.endSentence()
    }

    // MARK: Fact sentences

    /// One sentence stating `id` in a simple construction, number after or before the noun.
    mutating func factSentence(_ id: String) {
        guard let phrasing = IndicatorPhrasing.named(id) else { return }
        self.beginSentence()
        var period = Period.unspecified
        var month: Int?
        var scope: String?
        let unit = self.rng.pick(phrasing.units)
        switch phrasing.kind {
        case .stock:
            if self.rng.chance(0.4) {
                self.put(self.rng.chance(0.5) ? "目前，" : "截至目前，")
                period = .stockNow
            }
        case .count:
            switch self.rng.weighted([55, 20, 10, 6, 5, 4]) {
            case 1:
                self.put("全年")
                period = .fullYear
            case 2:
                self.put("\(self.year)年")
                period = .fullYear
            case 3:
                let m = self.rng.int(9...11)
                self.put("截至\(m)月，")
                period = .yearToDate
                month = m
            case 4:
                self.put("累计")
                period = .cumulative
            case 5:
                let m = self.rng.int(3...9)
                self.put("自\(m)月起，")
                period = .sinceDate
                month = m
            default:
                break
            }
        case .rate, .money:
            break
        }
        if phrasing.kind != .rate, self.rng.chance(0.12) {
            scope = self.entity.areaReference
            self.put(scope! + "共")  // '!' is fine: just assigned.
        }
        switch phrasing.kind {
        case .rate:
            self.put(self.rng.pick(phrasing.before))
            let tenths = self.rng.chance(0.45) ? 1000 : self.magnitude(phrasing)
            self.fact(id, NumberRenderer.rate(tenths: tenths, rng: &self.rng), kind: .rate)
        case .money:
            self.put(self.rng.pick(phrasing.before))
            let hundreds = self.magnitude(phrasing) * 100 + self.rng.below(100)
            self.fact(id, NumberRenderer.money(hundreds: hundreds, rng: &self.rng), kind: .amount, period: period, periodMonth: month, scope: scope)
        case .count, .stock:
            let kind: ValueKind = phrasing.kind == .stock ? .stock : .count
            let value = self.magnitude(phrasing)
            if !phrasing.around.isEmpty, self.rng.chance(0.3) {
                let pair = self.rng.pick(phrasing.around)
                self.put(pair.verb)
                self.fact(id, self.render(max(value, 1), unit: unit), kind: kind, period: period, periodMonth: month, scope: scope)
                self.put(pair.noun)
            } else {
                self.put(self.rng.pick(phrasing.before))
                self.fact(id, self.render(value, unit: unit), kind: kind, period: period, periodMonth: month, scope: scope)
            }
        }
        self.endSentence()
    }

    /// An area-specific construction (均为, 分别, 其中, ellipsis, zeros, norms, changes,
    /// traps); returns false when the area has none or the draw skipped it.
    mutating func special(_ area: AreaVocabulary) -> Bool {
        switch area.area {
        case "legal_study_training":
            return self.rng.chance(0.5) ? self.distributedRates() : self.studyNorm()
        case "dispute_resolution":
            switch self.rng.below(4) {
            case 0: return self.disputeBreakdown()
            case 1: return self.explicitZero()
            case 2: return self.respectively(("行政复议案件", "admin_reconsideration_cases", "件"), ("行政诉讼案件", "admin_litigation_cases", "件"), lead: "办理", tail: "")
            default: return self.change()
            }
        case "government_functions_services":
            return self.rng.chance(0.5) ? self.hotlineEllipsis() : self.hotlineTrap()
        case "administrative_decision_making":
            return self.respectively(("审查合同", "contract_reviews", "份"), ("出具法律意见书", "legal_opinions_issued", "份"), lead: "", tail: "")
        case "public_legal_education":
            switch self.rng.below(3) {
            case 0: return self.respectively(("开展普法宣传活动", "publicity_events", "场"), ("发放宣传资料", "publicity_materials", "份"), lead: "", tail: "")
            case 1: return self.dottedDates()
            default: return self.programme()
            }
        case "administrative_enforcement":
            return self.rng.chance(0.5) ? self.articleTrap() : self.rangeNorm()
        case "public_legal_services":
            return self.phoneTrap()
        default:
            return false
        }
    }

    mutating func distributedRates() -> Bool {
        let pairs: [[(String, String)]] = [
            [("参考率", "law_exam_participation_rate"), ("合格率", "law_exam_pass_rate")],
            [("参考率", "law_exam_participation_rate"), ("优秀率", "law_exam_excellence_rate")],
            [("参学率", "law_exam_participation_rate"), ("参考率", "law_exam_participation_rate"), ("通过率", "law_exam_pass_rate")],
        ]
        let items = self.rng.pick(pairs)
        self.beginSentence()
        self.put("\(self.year)年\(self.entity.selfReference)干部职工参加年度学法考试，")
        let names = items.map(\.0)
        self.put(names.count == 3 ? "\(names[0])、\(names[1])和\(names[2])" : names.joined(separator: self.rng.chance(0.5) ? "、" : "和"))
        self.put(self.rng.chance(0.5) ? "均达" : "均为")
        let tenths = self.rng.chance(0.8) ? 1000 : self.rng.int(985...999)
        let first = self.fact(items[0].1, RenderedNumber(NumberText.decimal(tenths, scale: 1) + "%", Double(NumberText.decimal(tenths, scale: 1))!, unit: "%"), kind: .rate)  // '!' is fine: decimal literal.
        for item in items.dropFirst() { self.sharedFact(item.1, copying: first) }
        self.endSentence()
        return true
    }

    mutating func studyNorm() -> Bool {
        self.beginSentence()
        let n = self.rng.int(4...12)
        self.put("严格落实领导班子集体学法制度，每年集体学法")
        self.fact("collective_law_study_sessions", RenderedNumber("\(n)次", Double(n), unit: "次", qualifier: .atLeast, lead: "不少于"), kind: .count, requirement: true)
        self.endSentence()
        return true
    }

    mutating func disputeBreakdown() -> Bool {
        guard let phrasing = IndicatorPhrasing.named("disputes_mediated") else { return false }
        let total = max(self.magnitude(phrasing), 4)
        let first = self.rng.int(1...(total - 1))
        self.beginSentence()
        self.put(self.rng.chance(0.5) ? "全年共化解矛盾纠纷" : "调解各类矛盾纠纷")
        let totalIndex = self.fact("disputes_mediated", RenderedNumber("\(total)件", Double(total), unit: "件"), kind: .count)
        self.put("（其中口头调解")
        self.fact("disputes_mediated", RenderedNumber("\(first)件", Double(first), unit: "件"), kind: .count, partOf: totalIndex)
        self.put("，协议调解")
        self.fact("disputes_mediated", RenderedNumber("\(total - first)件", Double(total - first), unit: "件"), kind: .count, partOf: totalIndex)
        self.put("），调解成功率达")
        self.fact("mediation_success", RenderedNumber("100%", 100, unit: "%"), kind: .rate)
        self.endSentence()
        return true
    }

    mutating func explicitZero() -> Bool {
        self.beginSentence()
        switch self.rng.below(3) {
        case 0:
            self.put("全年\(self.entity.selfReference)")
            self.fact("admin_litigation_losses", RenderedNumber("未发生行政败诉", 0, unit: "件"), kind: .count, period: .fullYear)
            self.put("案件")
        case 1:
            self.put("行政诉讼败诉")
            self.fact("admin_litigation_losses", RenderedNumber("0件", 0, unit: "件"), kind: .count)
        default:
            self.put("依法履行行政应诉职责，")
            self.fact("admin_litigation_losses", RenderedNumber("无行政败诉", 0, unit: "件"), kind: .count)
            self.put("案件")
        }
        self.endSentence()
        return true
    }

    mutating func respectively(_ a: (String, String, String), _ b: (String, String, String), lead: String, tail: String) -> Bool {
        guard let pa = IndicatorPhrasing.named(a.1), let pb = IndicatorPhrasing.named(b.1) else { return false }
        self.beginSentence()
        self.put("全年\(lead)\(a.0)、\(b.0)\(tail)分别为")
        self.fact(a.1, RenderedNumber("\(self.magnitude(pa))\(a.2)", 0, unit: a.2), kind: .count, period: .fullYear)
        self.fixLastValue()
        self.put("、")
        self.fact(b.1, RenderedNumber("\(self.magnitude(pb))\(b.2)", 0, unit: b.2), kind: .count, period: .fullYear)
        self.fixLastValue()
        self.endSentence()
        return true
    }

    /// Sets the last fact's value from its Arabic text (used where the text is built first).
    private mutating func fixLastValue() {
        let index = self.facts.count - 1
        let digits = self.facts[index].text.prefix { $0.isASCII && $0.isNumber }
        // '!' is fine: the text was built from an Int.
        self.facts[index].value = Double(String(digits))!
        self.facts[index].valueMax = self.facts[index].value
    }

    mutating func change() -> Bool {
        self.beginSentence()
        if self.rng.chance(0.5) {
            self.put("受理行政复议案件数同比")
            self.put(self.rng.chance(0.7) ? "增长" : "下降")
            let tenths = self.rng.int(15...995)
            self.fact("admin_reconsideration_cases", RenderedNumber(NumberText.decimal(tenths, scale: 1) + "%", Double(NumberText.decimal(tenths, scale: 1))!, unit: "%"), kind: .changePercent)  // '!' is fine: decimal literal.
        } else {
            self.put("矛盾纠纷调解成功率较上年提升")
            let tenths = self.rng.int(2...60)
            self.fact("mediation_success", RenderedNumber(NumberText.decimal(tenths, scale: 1) + "个百分点", Double(NumberText.decimal(tenths, scale: 1))!, unit: "个百分点"), kind: .changePoints)  // '!' is fine: decimal literal.
        }
        self.endSentence()
        return true
    }

    mutating func hotlineEllipsis() -> Bool {
        guard let phrasing = IndicatorPhrasing.named("hotline_work_orders") else { return false }
        let received = self.magnitude(phrasing)
        let done = received - self.rng.below(max(received / 20, 1))
        let visited = done - self.rng.below(max(done / 20, 1))
        self.beginSentence()
        self.put("全年签收“")
        self.plant(.hotline, "12345")
        self.put("”热线工单")
        self.fact("hotline_work_orders", RenderedNumber("\(received)单", Double(received), unit: "单"), kind: .count, period: .fullYear)
        self.put("，办结")
        self.fact("hotline_work_orders", RenderedNumber("\(done)单", Double(done), unit: "单"), kind: .count, period: .fullYear)
        self.put("，回访")
        self.fact("hotline_work_orders", RenderedNumber("\(visited)单", Double(visited), unit: "单"), kind: .count, period: .fullYear)
        self.put("，不予立案")
        self.fact("hotline_work_orders", RenderedNumber("0单", 0, unit: "单"), kind: .count, period: .fullYear)
        self.put("，办结率")
        let tenths = done * 1000 / received
        self.fact("hotline_completion_rate", RenderedNumber(NumberText.decimal(tenths, scale: 1) + "%", Double(NumberText.decimal(tenths, scale: 1))!, unit: "%"), kind: .rate)  // '!' is fine: decimal literal.
        self.endSentence()
        return true
    }

    mutating func hotlineTrap() -> Bool {
        self.beginSentence()
        self.put("畅通“")
        self.plant(.hotline, self.rng.chance(0.8) ? "12345" : "8890")
        self.put("”政务服务便民热线，对群众反映的诉求做到件件有回应")
        self.endSentence()
        return true
    }

    mutating func dottedDates() -> Bool {
        self.beginSentence()
        self.put("抓住“")
        self.plant(.dottedDate, self.rng.pick(["3·15", "3.15"]))
        self.put("”消费者权益日、“")
        self.plant(.dottedDate, self.rng.pick(["6.26", "6·26"]))
        self.put("”国际禁毒日、“")
        self.plant(.dottedDate, self.rng.pick(["12·4", "12.4"]))
        self.put("”国家宪法日和宪法宣传周等节点，集中开展主题宣传")
        self.endSentence()
        return true
    }

    mutating func programme() -> Bool {
        self.beginSentence()
        self.put("对照“")
        if self.year >= 2021 {
            self.plant(.programme, "八五")
            self.put("”普法规划中期评估要求，查漏补缺，推动各项任务落地")
        } else {
            self.plant(.programme, "七五")
            self.put("”普法规划总结验收要求，逐项梳理完成情况")
        }
        self.endSentence()
        return true
    }

    mutating func articleTrap() -> Bool {
        self.beginSentence()
        self.put("严格按照《中华人民共和国行政处罚法》")
        self.plant(.articleNumber, self.rng.pick(["第三十三条", "第五十八条", "第二十八条"]))
        self.put("规定，对符合条件的首次轻微违法行为依法不予处罚")
        self.endSentence()
        return true
    }

    mutating func rangeNorm() -> Bool {
        self.beginSentence()
        let low = self.rng.int(2...4)
        let high = low + self.rng.int(1...3)
        let dash = self.rng.pick(["-", "至", "~", "—"])
        self.put("明确执法人员每年参加业务培训")
        self.fact("legal_training_sessions", RenderedNumber("\(low)\(dash)\(high)次", Double(low), unit: "次", valueMax: Double(high)), kind: .count, requirement: true)
        self.endSentence()
        return true
    }

    mutating func phoneTrap() -> Bool {
        self.beginSentence()
        self.put("公布法律援助咨询电话")
        self.plant(.phone, "0\(self.rng.int(100...999))-\(self.rng.int(2_000_000...8_999_999))")
        self.put("，开通“")
        self.plant(.hotline, "12348")
        self.put("”公共法律服务热线转接服务")
        self.endSentence()
        return true
    }

    /// Quantities no indicator covers (demolitions, grid cells, volunteer teams): real reports
    /// state about a third of their numbers this way (DOMAIN.md §3.6). The phrases contain no
    /// phrasing of any indicator.
    static let unlinkedPool: [(before: String, unit: String, range: ClosedRange<Int>)] = [
        ("依法拆除违法建筑", "处", 3...60),
        ("清理整治占道经营", "处", 5...200),
        ("组建志愿服务队伍", "支", 2...20),
        ("划分基础网格", "个", 10...300),
        ("新增市场主体", "户", 50...3000),
        ("查获违法人员", "名", 3...60),
        ("清理电动自行车违规充电点位", "处", 5...120),
        ("走访慰问困难群众", "户", 10...400),
        ("新建改建村级活动阵地", "个", 2...30),
        ("开展志愿服务活动", "场", 5...120),
    ]

    /// One sentence stating a quantity that belongs to no indicator (`indicator == nil`).
    mutating func unlinkedSentence() {
        let entry = self.rng.pick(Self.unlinkedPool)
        self.beginSentence()
        self.put(entry.before)
        self.fact(nil, self.render(self.rng.logUniform(entry.range), unit: entry.unit), kind: .count)
        self.endSentence()
    }
}
