internal import FazhiParsing

/// Parts B0, B, C, D and E, the closing paragraph and the signature block.
extension ReportComposer {
    static let problemPool = [
        "法治宣传的方式还比较传统，针对不同群体的精准普法有待加强",
        "个别干部运用法治思维和法治方式解决问题的能力还不够强",
        "基层执法力量相对薄弱，专业法律人才较为缺乏",
        "行政执法规范化水平仍有提升空间，执法案卷质量参差不齐",
        "法治建设经费保障不足，基础设施投入有限",
        "矛盾纠纷源头预防还不够有力，部分纠纷化解周期较长",
        "村(社区)法治建设发展不平衡，部分村居依法治理基础薄弱",
        "合法性审查工作力量不足，审查质量有待提高",
        "政务公开的及时性和规范性还需加强",
        "数字化手段运用不够充分，执法信息共享程度不高",
    ]

    static let planPool = [
        ("持续深化习近平法治思想学习", "把学习贯彻习近平法治思想作为长期任务，健全领导干部学法制度，推动学法用法常态化"),
        ("着力提升依法行政水平", "严格落实重大行政决策程序，加强规范性文件合法性审核，规范行政执法行为"),
        ("推进矛盾纠纷多元化解", "坚持和发展新时代“枫桥经验”，完善调解工作网络，把矛盾纠纷化解在基层"),
        ("创新普法宣传方式", "落实普法责任制，运用新媒体开展精准普法，提升群众法治素养"),
        ("加强法治队伍建设", "通过业务培训、以案促学等方式，打造一支懂法守法的干部队伍"),
        ("强化公共法律服务供给", "完善法律顾问工作机制，推动公共法律服务向村组延伸"),
        ("加大执法监督力度", "开展案卷评查和执法检查，及时纠正不规范执法行为"),
    ]

    // MARK: C

    mutating func writeLeadership(numbering: String, heading: String, fullWidthBrackets: Bool) {
        self.heading(depth: 1, numbering: numbering, heading, parts: [.c])
        let subs = ["压实第一责任人职责", "健全法治建设推进机制", "强化督导考核"]
        let count = self.rng.int(1...3)
        for index in 0..<count {
            if count > 1 {
                self.heading(depth: 2, numbering: self.subNumbering(index, fullWidth: fullWidthBrackets), subs[index],
                             area: "leadership_responsibility", inline: true)
            }
            self.beginSentence()
            self.put("党政主要负责人认真履行推进法治建设第一责任人职责，")
            if self.rng.chance(0.3) {
                self.put("把法治政府建设作为")
                self.plant(.idiom, "一项")
                self.put("重大政治任务，")
            }
            self.put("亲自部署重要工作、亲自过问重大问题、亲自协调关键环节")
            self.endSentence()
            if self.rng.chance(0.6) { self.factSentence("rule_of_law_leadership_meetings") }
            if self.rng.chance(0.4) {
                self.beginSentence()
                self.put("坚持每季度召开")
                self.fact("rule_of_law_leadership_meetings", RenderedNumber(self.rng.chance(0.8) ? "1次" : "一次", 1, unit: "次"), kind: .count, requirement: true)
                self.put("法治建设专题会议，研究解决工作中的具体问题")
                self.endSentence()
            }
            if self.rng.chance(0.3) { self.factSentence("leader_law_reporting") }
            if self.rng.chance(0.2) {
                self.beginSentence()
                self.put("每个网格按")
                self.plant(.formula, "1名包片干部+1名民警+1名调解员")
                self.put("配置力量，形成齐抓共管格局")
                self.endSentence()
            }
            if self.rng.chance(0.2) {
                self.beginSentence()
                self.put(self.rng.chance(0.5) ? "已" : "")
                self.plant(.ordinal, self.rng.pick(["连续四年", "连续3年", "第二批"]))
                self.put("获评法治建设先进单位")
                self.endSentence()
            }
            self.endLine()
        }
    }

    // MARK: B, B0

    mutating func writeProblems(numbering: String, heading: String) {
        self.heading(depth: 1, numbering: numbering, heading, parts: [.b])
        self.problemItems()
        if self.rng.chance(0.5) {
            self.put("究其原因，主要是对法治建设的重要性认识不够到位，工作力量和经费保障与任务要求还不完全匹配。")
        }
        self.endLine()
    }

    private mutating func problemItems() {
        let items = self.rng.sample(Self.problemPool, count: self.rng.int(2...5))
        if self.rng.chance(0.3) { self.put("工作中还存在一些不足，主要表现在：") }
        for (index, item) in items.enumerated() {
            self.put(Self.ordinalWord(index) + "是" + item + (index == items.count - 1 ? "。" : "；"))
            self.problems.append(item)
        }
    }

    static func ordinalWord(_ index: Int) -> String {
        ["一", "二", "三", "四", "五", "六", "七", "八"][index]
    }

    mutating func writeLastYearFixes(numbering: String) {
        self.heading(depth: 1, numbering: numbering, "\(self.year - 1)年度法治政府建设存在问题的整改情况", parts: [.b0])
        self.put("针对上一年度报告中查找出的问题，逐项制定整改措施、明确责任人和完成时限。")
        self.factSentence("inspection_rectification_items")
        self.put("目前各项问题已基本整改到位。")
        self.endLine()
    }

    // MARK: D

    mutating func writePlans(numbering: String, heading: String, fullWidthBrackets: Bool) {
        self.heading(depth: 1, numbering: numbering, heading, parts: [.d])
        self.put("\(self.year + 1)年，\(self.entity.shortName)将重点抓好以下工作：")
        self.endLine()
        self.planItems(asSections: true, fullWidthBrackets: fullWidthBrackets)
    }

    private mutating func planItems(asSections: Bool, fullWidthBrackets: Bool) {
        let items = self.rng.sample(Self.planPool, count: self.rng.int(2...5))
        for (index, item) in items.enumerated() {
            if asSections {
                self.heading(depth: 2, numbering: self.subNumbering(index, fullWidth: fullWidthBrackets), item.0, inline: true)
            } else {
                self.put("\(index + 1).\(item.0)。")
            }
            self.put(item.1 + "。")
            if index == 0, self.rng.chance(0.15) {
                self.beginSentence()
                self.put("计划举办法治专题讲座")
                let low = self.rng.int(2...3)
                self.fact("legal_training_sessions", RenderedNumber("\(low)-\(low + 2)次", Double(low), unit: "次", valueMax: Double(low + 2)), kind: .count, requirement: true)
                self.endSentence()
            }
            if self.year + 1 >= 2025, index == items.count - 1, self.rng.chance(0.3) {
                self.put("谋划好“")
                self.plant(.programme, "十五五")
                self.put("”时期法治政府建设思路。")
            }
            self.plans.append(item.0)
            self.endLine()
        }
    }

    /// B and D in one section (C is then missing): problems, then numbered measures.
    mutating func writeMergedProblemsAndPlans(numbering: String) {
        self.heading(depth: 1, numbering: numbering, self.rng.pick(["存在的问题及下一步工作打算", "存在的不足和下一步工作思路"]), parts: [.b, .d])
        self.problemItems()
        self.endLine()
        self.put("针对以上问题，\(self.year + 1)年将采取以下措施：")
        self.endLine()
        self.planItems(asSections: false, fullWidthBrackets: false)
    }

    mutating func writeOther(numbering: String) {
        self.heading(depth: 1, numbering: numbering, "其他需要报告的情况", parts: [.e])
        self.put("本年度无其他需要报告的事项。")
        self.endLine()
    }

    // MARK: Closing

    mutating func writeClosing() {
        self.leaveSections()
        self.put("下一步，\(self.entity.shortName)将在上级党委、政府的坚强领导下，以更高标准推进法治政府建设，为经济社会高质量发展提供有力法治保障。")
        self.endLine()
    }
}
