import FazhiParsing
import Testing

/// Sentences written for these tests (not copied from reports), one per form or trap, with every
/// fact the extractor must return for each, in order.
@Suite("Fact extractor sentences")
struct FactSentenceTests {
    struct E: CustomStringConvertible, Sendable {
        var text: String
        var value: Double
        var unit: String
        var qualifier: Qualifier = .exact
        var indicator: String?
        var period: Period = .unspecified
        var month: Int?
        var requirement = false
        var kind: ValueKind?
        var valueMax: Double?

        var description: String { "\(text)=\(value)\(unit) \(qualifier.rawValue) \(indicator ?? "nil") \(period.rawValue)" }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var sentence: String
        var facts: [E]
        var testDescription: String { sentence }
        init(_ sentence: String, _ facts: [E] = []) {
            self.sentence = sentence
            self.facts = facts
        }
    }

    static let extractor = FactExtractor()

    static let cases: [Case] = [
        // Word order, both ways.
        Case("全年共调解矛盾纠纷86件。", [E(text: "86件", value: 86, unit: "件", indicator: "disputes_mediated", period: .fullYear)]),
        Case("街道组织开展了217次隐患排查。", [E(text: "217次", value: 217, unit: "次", indicator: "dispute_screenings")]),
        Case("辖区建成9个公共法律服务工作室。", [E(text: "9个", value: 9, unit: "个", indicator: "public_legal_service_points", kind: .stock)]),
        Case("现有在册社区矫正对象7名。", [E(text: "7名", value: 7, unit: "名", indicator: "community_correction_subjects", period: .stockNow, kind: .stock)]),
        Case("对23名刑释解教人员开展回访。", [E(text: "23名", value: 23, unit: "名", indicator: "released_prisoner_assistance")]),
        // Qualifiers.
        Case("发放法律宣传资料4500余份。", [E(text: "4500余份", value: 4500, unit: "份", qualifier: .approxOver, indicator: "publicity_materials")]),
        Case("接待法律咨询60多人次。", [E(text: "60多人次", value: 60, unit: "人次", qualifier: .approxOver, indicator: "legal_consultations")]),
        Case("调解成功率98%以上。", [E(text: "98%以上", value: 98, unit: "%", qualifier: .atLeast, indicator: "mediation_success")]),
        Case("接受法律咨询超300人次。", [E(text: "300人次", value: 300, unit: "人次", qualifier: .atLeast, indicator: "legal_consultations")]),
        Case("接受法律咨询逾120次。", [E(text: "120次", value: 120, unit: "次", qualifier: .atLeast, indicator: "legal_consultations")]),
        Case("发放宣传资料约2000份。", [E(text: "2000份", value: 2000, unit: "份", qualifier: .approx, indicator: "publicity_materials")]),
        Case("发放宣传资料近千份。", [E(text: "千份", value: 1000, unit: "份", qualifier: .approx, indicator: "publicity_materials")]),
        Case("发放宣传资料800份左右。", [E(text: "800份左右", value: 800, unit: "份", qualifier: .approx, indicator: "publicity_materials")]),
        Case("信访案件办理时间不超过30件。", [E(text: "30件", value: 30, unit: "件", qualifier: .atMost, indicator: "petitions_handled")]),
        Case("服务居民5000人以下。", [E(text: "5000人以下", value: 5000, unit: "人", qualifier: .atMost, indicator: "publicity_audience")]),
        // Chinese numerals and mixed forms.
        Case("组织法治讲座两场。", [E(text: "两场", value: 2, unit: "场", indicator: "publicity_events")]),
        Case("开展法治宣传教育活动十余次。", [E(text: "十余次", value: 10, unit: "次", qualifier: .approxOver, indicator: "publicity_events")]),
        Case("覆盖群众两万余人次。", [E(text: "两万余人次", value: 20000, unit: "人次", qualifier: .approxOver, indicator: "publicity_audience")]),
        Case("培训人员2.8万余人次。", [E(text: "2.8万余人次", value: 28000, unit: "人次", qualifier: .approxOver, indicator: "legal_training_attendance")]),
        Case("举办法治培训二十三期。", [E(text: "二十三期", value: 23, unit: "期", indicator: "legal_training_sessions")]),
        Case("张贴宣传海报一百二十张。", [E(text: "一百二十张", value: 120, unit: "张", indicator: "publicity_materials")]),
        Case("发放宣传资料１２０份。", [E(text: "１２０份", value: 120, unit: "份", indicator: "publicity_materials")]),
        Case("调解成功率９９．５％。", [E(text: "９９．５％", value: 99.5, unit: "%", indicator: "mediation_success")]),
        Case("群众受教育面达8成以上。", [E(text: "8成以上", value: 80, unit: "%", qualifier: .atLeast, indicator: "publicity_audience")]),
        Case("发放宣传资料1,090份。", [E(text: "1,090份", value: 1090, unit: "份", indicator: "publicity_materials")]),
        // Money.
        Case("全年累计罚款38.5万元。", [E(text: "38.5万元", value: 385_000, unit: "元", indicator: "fines_amount", period: .fullYear, kind: .amount)]),
        Case("办理罚没款1200元。", [E(text: "1200元", value: 1200, unit: "元", indicator: "fines_amount", kind: .amount)]),
        Case("累计罚没金额1.2亿元。", [E(text: "1.2亿元", value: 120_000_000, unit: "元", indicator: "fines_amount", period: .cumulative, kind: .amount)]),
        // Ranges.
        Case("每年组织旁听庭审3-5次。", [E(text: "3-5次", value: 3, unit: "次", indicator: "court_hearing_observation", requirement: true, valueMax: 5)]),
        Case("开展法治讲座3至6场。", [E(text: "3至6场", value: 3, unit: "场", indicator: "publicity_events", valueMax: 6)]),
        // 均为 / 均达 and 分别.
        Case("参学率、参考率和通过率均达100%。", [
            E(text: "100%", value: 100, unit: "%", indicator: "law_exam_participation_rate"),
            E(text: "100%", value: 100, unit: "%", indicator: "law_exam_pass_rate"),
        ]),
        Case("考试参考率和优秀率均为100%。", [
            E(text: "100%", value: 100, unit: "%", indicator: "law_exam_participation_rate"),
            E(text: "100%", value: 100, unit: "%", indicator: "law_exam_excellence_rate"),
        ]),
        Case("热线工单按期办结率、回访率均达98%。", [E(text: "98%", value: 98, unit: "%", indicator: "hotline_completion_rate")]),
        // A listed rate the taxonomy does not name still gets its (unlinked) fact, in list order.
        Case("执法人员参训率、考试合格率均为100%。", [
            E(text: "100%", value: 100, unit: "%", indicator: nil),
            E(text: "100%", value: 100, unit: "%", indicator: "law_exam_pass_rate"),
        ]),
        // 群众满意率 names no subject (whose satisfaction?), so neither rate is linked.
        Case("群众满意率和普法知晓率均达95%以上。", [
            E(text: "95%以上", value: 95, unit: "%", qualifier: .atLeast, indicator: nil),
            E(text: "95%以上", value: 95, unit: "%", qualifier: .atLeast, indicator: nil),
        ]),
        // Unnamed items that are not rates do not multiply a count.
        Case("各村、各社区均配备1名。", [E(text: "1名", value: 1, unit: "名")]),
        Case("调解成功率、纠纷受理率分别为96%、100%。", [
            E(text: "96%", value: 96, unit: "%", indicator: "mediation_success"),
            E(text: "100%", value: 100, unit: "%", indicator: "mediation_success"),
        ]),
        Case("法律咨询和法律援助案件分别为40件、12件。", [
            E(text: "40件", value: 40, unit: "件", indicator: "legal_consultations"),
            E(text: "12件", value: 12, unit: "件", indicator: "legal_aid_cases"),
        ]),
        // 其中.
        Case("受理行政复议案件9件(其中维持6件,撤销3件)。", [
            E(text: "9件", value: 9, unit: "件", indicator: "admin_reconsideration_cases"),
            E(text: "6件", value: 6, unit: "件", indicator: "admin_reconsideration_cases"),
            E(text: "3件", value: 3, unit: "件", indicator: "admin_reconsideration_correction_rate"),
        ]),
        // 撤销/变更 are corrections only with the reconsideration named before them.
        Case("全年复议机关撤销、变更、确认违法的行政行为共3件。", [
            E(text: "3件", value: 3, unit: "件", indicator: "admin_reconsideration_correction_rate", period: .fullYear),
        ]),
        Case("全年办理市场主体变更登记126件,注销登记40件。", [
            E(text: "126件", value: 126, unit: "件", indicator: nil, period: .fullYear),
            E(text: "40件", value: 40, unit: "件", indicator: nil, period: .fullYear),
        ]),
        Case("撤销不符合条件的低保户12户。", [E(text: "12户", value: 12, unit: "户", indicator: nil)]),
        // Typed quotes: after a closing one the number is a figure, inside a pair it is a name.
        Case("培育\"法律明白人\"120名,\"法治带头人\"45名。", [
            E(text: "120名", value: 120, unit: "名", indicator: "legal_literate_residents"),
            E(text: "45名", value: 45, unit: "名", indicator: "legal_literate_residents"),
        ]),
        Case("开通\"12345\"热线,开展\"3·15\"宣传。"),
        // An earlier year's figure, given for comparison, is marked as such.
        Case("办理行政处罚案件180件,上年同期为120件。", [
            E(text: "180件", value: 180, unit: "件", indicator: "administrative_penalty_cases"),
            E(text: "120件", value: 120, unit: "件", indicator: "administrative_penalty_cases", period: .previousYear),
        ]),
        Case("去年办理法律援助案件260件,今年办理300件,同比增长15.4%。", [
            E(text: "260件", value: 260, unit: "件", indicator: "legal_aid_cases", period: .previousYear),
            E(text: "300件", value: 300, unit: "件", indicator: "legal_aid_cases", period: .fullYear),
            E(text: "15.4%", value: 15.4, unit: "%", indicator: "legal_aid_cases", period: .fullYear, kind: .changePercent),
        ]),
        // A change against last year is not last year's figure; 上年度报告 names a document.
        Case("法律援助案件较上年增长15.4%。", [
            E(text: "15.4%", value: 15.4, unit: "%", indicator: "legal_aid_cases", kind: .changePercent),
        ]),
        Case("针对上年度报告中查找出的问题整改12项。", [E(text: "12项", value: 12, unit: "项", indicator: "inspection_rectification_items")]),
        Case("60岁以上年龄段群众参与普法活动120人次。", [E(text: "120人次", value: 120, unit: "人次", indicator: nil)]),
        // A change in a count after a comparison is a change, not a second count.
        Case("办理法律援助案件300件,同比增加30件。", [
            E(text: "300件", value: 300, unit: "件", indicator: "legal_aid_cases"),
            E(text: "30件", value: 30, unit: "件", indicator: "legal_aid_cases", kind: .changeCount),
        ]),
        Case("办理法律援助案件300件,较上年减少了12件。", [
            E(text: "300件", value: 300, unit: "件", indicator: "legal_aid_cases"),
            E(text: "12件", value: 12, unit: "件", indicator: "legal_aid_cases", kind: .changeCount),
        ]),
        Case("与上年相比,法律援助案件增加30件。", [
            E(text: "30件", value: 30, unit: "件", indicator: "legal_aid_cases", kind: .changeCount),
        ]),
        Case("提高调解比例,增加调解员30名。", [E(text: "30名", value: 30, unit: "名", indicator: "mediation_organizations", kind: .stock)]),
        // Several years taken together are not one year's figure.
        Case("近三年共办理法律援助案件450件。", [
            E(text: "450件", value: 450, unit: "件", indicator: "legal_aid_cases", period: .cumulative),
        ]),
        Case("全年增加人民调解员5名。", [E(text: "5名", value: 5, unit: "名", indicator: "mediation_organizations", period: .fullYear, kind: .stock)]),
        // Parts of the year from its start.
        Case("1-10月,办理法律援助案件260件。", [
            E(text: "260件", value: 260, unit: "件", indicator: "legal_aid_cases", period: .yearToDate, month: 10),
        ]),
        Case("上半年受理行政复议案件12件,下半年受理15件。", [
            E(text: "12件", value: 12, unit: "件", indicator: "admin_reconsideration_cases", period: .yearToDate, month: 6),
            E(text: "15件", value: 15, unit: "件", indicator: "admin_reconsideration_cases", period: .partOfYear, month: 12),
        ]),
        // Parts of the year that do not start in January: neither the year's figure nor a running one.
        Case("第三季度开展法治宣传活动12场,四季度受理行政复议案件8件。", [
            E(text: "12场", value: 12, unit: "场", indicator: "publicity_events", period: .partOfYear, month: 9),
            E(text: "8件", value: 8, unit: "件", indicator: "admin_reconsideration_cases", period: .partOfYear, month: 12),
        ]),
        Case("前三季度办理法律援助案件260件。", [
            E(text: "260件", value: 260, unit: "件", indicator: "legal_aid_cases", period: .yearToDate, month: 9),
        ]),
        // Measures are quantities with their unit.
        Case("拆除违法建设3500平方米,整治河道1.2万平方米、12公里。", [
            E(text: "3500平方米", value: 3500, unit: "平方米", indicator: nil),
            E(text: "1.2万平方米", value: 12_000, unit: "平方米", indicator: nil),
            E(text: "12公里", value: 12, unit: "公里", indicator: nil),
        ]),
        Case("在册社区矫正对象6人,其中假释2人,缓刑4人。", [
            E(text: "6人", value: 6, unit: "人", indicator: "community_correction_subjects", kind: .stock),
            E(text: "2人", value: 2, unit: "人", indicator: "community_correction_subjects", kind: .stock),
            E(text: "4人", value: 4, unit: "人", indicator: "community_correction_subjects", kind: .stock),
        ]),
        // Periods.
        Case("截至9月,共调解纠纷案件75件。", [E(text: "75件", value: 75, unit: "件", indicator: "disputes_mediated", period: .yearToDate, month: 9)]),
        Case("自7月起,负责人出庭应诉率达100%。", [E(text: "100%", value: 100, unit: "%", indicator: "head_court_appearance_rate", period: .sinceDate, month: 7)]),
        Case("2021年以来累计帮教刑满释放人员40名。", [E(text: "40名", value: 40, unit: "名", indicator: "released_prisoner_assistance", period: .cumulative)]),
        Case("2022年以来,成功调解诉前纠纷11起。", [E(text: "11起", value: 11, unit: "起", indicator: "disputes_mediated", period: .sinceDate)]),
        // 累计 after a named year is that year's total ("in all"), not a running total.
        Case("全年累计调解矛盾纠纷120件。", [E(text: "120件", value: 120, unit: "件", indicator: "disputes_mediated", period: .fullYear)]),
        Case("今年以来,累计办理法律援助案件45件。", [E(text: "45件", value: 45, unit: "件", indicator: "legal_aid_cases", period: .fullYear)]),
        Case("全年工作中,坚持依法行政;累计帮教刑满释放人员40名。", [
            E(text: "40名", value: 40, unit: "名", indicator: "released_prisoner_assistance", period: .cumulative),
        ]),
        Case("截至目前,主动公开政府信息95条。", [E(text: "95条", value: 95, unit: "条", indicator: "proactive_disclosures", period: .stockNow)]),
        Case("目前全镇共有人民调解委员会14个。", [E(text: "14个", value: 14, unit: "个", indicator: "mediation_organizations", period: .stockNow, kind: .stock)]),
        // Changes.
        Case("行政复议案件同比增长35%。", [E(text: "35%", value: 35, unit: "%", indicator: "admin_reconsideration_cases", kind: .changePercent)]),
        Case("纠错率较上年下降2.4个百分点。", [E(text: "2.4个百分点", value: 2.4, unit: "个百分点", indicator: "admin_reconsideration_correction_rate", kind: .changePoints)]),
        Case("审查合同52件次,较上年增长18%。", [
            E(text: "52件次", value: 52, unit: "件次", indicator: "contract_reviews"),
            E(text: "18%", value: 18, unit: "%", indicator: "contract_reviews", kind: .changePercent),
        ]),
        // 人次 is not 人.
        Case("培训社区干部职工150人次,参训人员80人。", [
            E(text: "150人次", value: 150, unit: "人次", indicator: "legal_training_attendance"),
            E(text: "80人", value: 80, unit: "人", indicator: "legal_training_attendance"),
        ]),
        // Elliptical clauses.
        Case("签收热线工单1500单,办结1480单,回访1200单。", [
            E(text: "1500单", value: 1500, unit: "单", indicator: "hotline_work_orders"),
            E(text: "1480单", value: 1480, unit: "单", indicator: "hotline_work_orders"),
            E(text: "1200单", value: 1200, unit: "单", indicator: "hotline_work_orders"),
        ]),
        Case("处置群众诉求服务事项930宗,已化解900宗,化解率达96.8%。", [
            E(text: "930宗", value: 930, unit: "宗", indicator: "hotline_work_orders"),
            E(text: "900宗", value: 900, unit: "宗", indicator: "hotline_work_orders"),
            E(text: "96.8%", value: 96.8, unit: "%", indicator: "hotline_completion_rate"),
        ]),
        // Two numbers back to back; stray spaces.
        Case("培训基层人民调解员3次150余人次。", [
            E(text: "3次", value: 3, unit: "次", indicator: "legal_training_sessions"),
            E(text: "150余人次", value: 150, unit: "人次", qualifier: .approxOver, indicator: "legal_training_attendance"),
        ]),
        Case("共调解案件 88 件 ,调解成功86件。", [
            E(text: "88 件", value: 88, unit: "件", indicator: "disputes_mediated"),
            E(text: "86件", value: 86, unit: "件", indicator: "mediation_success"),
        ]),
        // Explicit zeros.
        Case("不予立案0单。", [E(text: "0单", value: 0, unit: "单", indicator: "hotline_work_orders")]),
        Case("全年无行政败诉案件。", [E(text: "无行政败诉", value: 0, unit: "件", indicator: "admin_litigation_losses", period: .fullYear)]),
        Case("本年度没有发生过行政被诉和行政复议案件。", [
            E(text: "没有发生过行政被诉和行政复议案件", value: 0, unit: "件", indicator: "admin_reconsideration_cases", period: .fullYear),
            E(text: "没有发生过行政被诉", value: 0, unit: "件", indicator: "admin_litigation_cases", period: .fullYear),
        ]),
        // Norms (emitted, flagged).
        Case("党委坚持每季度召开1次法治建设专题会议。", [
            E(text: "1次", value: 1, unit: "次", indicator: "rule_of_law_leadership_meetings", requirement: true)
        ]),
        Case("机关工作人员学法不少于8次。", [
            E(text: "8次", value: 8, unit: "次", qualifier: .atLeast, indicator: "collective_law_study_sessions", requirement: true)
        ]),
        Case("执法人员年度培训不少于40学时。", [
            E(text: "40学时", value: 40, unit: "学时", qualifier: .atLeast, requirement: true, kind: .duration)
        ]),
        Case("每月开展一次矛盾纠纷摸排。", [E(text: "一次", value: 1, unit: "次", indicator: "dispute_screenings", requirement: true)]),
        Case("每个司法所配备2名以上在编人员。", [E(text: "2名以上", value: 2, unit: "名", qualifier: .atLeast, requirement: true)]),
        // Unlinked but real quantities.
        Case("新建党员活动室6间,组建志愿队伍8支。", [E(text: "8支", value: 8, unit: "支")]),
        Case("走访辖区群众3200户。", [E(text: "3200户", value: 3200, unit: "户")]),
        // Traps: dates.
        Case("围绕“3·15”开展宣传。"),
        Case("在6.25、6.26等节点开展宣传。"),
        Case("结合12·4国家宪法日开展活动。"),
        Case("在12.4宪法宣传周期间开展普法。"),
        Case("发布日期:2025-03-25"),
        Case("签发日期 2020112"),
        Case("2024年12月9日"),
        Case("二〇三五年基本建成法治政府。"),
        Case("落实《法治政府建设实施纲要(2021-2025年)》。"),
        // Traps: document, article and decree numbers, identifiers.
        Case("依据铜委法[2019]1号文件要求。"),
        Case("按照市委发〔2021〕33号文件精神。"),
        Case("依照《行政处罚法》第三十三条规定处理。"),
        Case("执行国务院令第711号。"),
        Case("索引号:11500224009351624E/2020-00573"),
        Case("备案号:京ICP备05023036号"),
        Case("咨询电话65877009,邮编325200。"),
        Case("群众可拨打12345热线反映诉求。"),
        Case("畅通8890便民服务平台。"),
        Case("受理12345”热线转办件。"),
        // Traps: programme and strategy names, slogans.
        Case("扎实推进八五普法工作。"),
        Case("深入开展“法律七进”活动。"),
        Case("谋划十四五规划收官。"),
        Case("围绕“1338”发展战略。"),
        Case("健全“1+6+N”基层治理体系。"),
        Case("构建3+N工作机制。"),
        Case("增强“四个意识”,做到“两个维护”。"),
        Case("增强四个意识。"),
        Case("严格执行三项制度。"),
        Case("落实一村一法律顾问制度。"),
        Case("打造一站式服务中心。"),
        Case("作为一项重大政治任务来抓。"),
        Case("组织第九期培训班。"),
        Case("连续四年获评先进。"),
        Case("完成二次录入工作。"),
        Case("每个网格由1名街道干部+1名民警组成。"),
        Case("实行“日听声、周见面”制度。"),
        Case("党的二十大和二十届三中全会精神。"),
        Case("优化五一商圈营商环境。"),
    ]

    @Test("Expected facts, in order", arguments: Self.cases)
    func sentence(_ item: Case) {
        let facts = Self.extractor.extract(from: item.sentence, sections: [])
        #expect(facts.count == item.facts.count, "\(item.sentence): got \(facts.map { "\($0.text)→\($0.indicator ?? "nil")" })")
        for (fact, expected) in zip(facts, item.facts) {
            #expect(fact.text == expected.text, "\(item.sentence)")
            #expect(fact.value == expected.value, "\(item.sentence) \(expected)")
            #expect(fact.valueMax == (expected.valueMax ?? expected.value), "\(item.sentence) \(expected)")
            #expect(fact.unit == expected.unit, "\(item.sentence) \(expected)")
            #expect(fact.qualifier == expected.qualifier, "\(item.sentence) \(expected)")
            #expect(fact.indicator == expected.indicator, "\(item.sentence) \(expected)")
            #expect(fact.period == expected.period, "\(item.sentence) \(expected)")
            if let month = expected.month { #expect(fact.periodMonth == month, "\(item.sentence)") }
            #expect(fact.isRequirement == expected.requirement, "\(item.sentence) \(expected)")
            if let kind = expected.kind { #expect(fact.valueKind == kind, "\(item.sentence) \(expected)") }
        }
    }

    @Test("with the report year known, an earlier year named is the previous year's figure")
    func earlierYearNamed() {
        let sentence = "2023年办理行政处罚案件120件,2024年办理180件;2019年以来累计办理900件。"
        let facts = Self.extractor.extract(from: sentence, sections: [], reportYear: 2024)
        #expect(facts.map(\.text) == ["120件", "180件", "900件"])
        #expect(facts.map(\.period) == [.previousYear, .fullYear, .cumulative])
        // Without the year, a named year is a full year as before.
        let unknown = Self.extractor.extract(from: sentence, sections: [], reportYear: nil)
        #expect(unknown.map(\.period) == [.fullYear, .fullYear, .cumulative])
        // Since the report year began: the report year's own figure, 累计 or not.
        let since = Self.extractor.extract(from: "2024年以来累计办理行政处罚案件900件;2024年起,调解纠纷11起。", sections: [], reportYear: 2024)
        #expect(since.map(\.text) == ["900件", "11起"])
        #expect(since.map(\.period) == [.fullYear, .fullYear])
        // Years listed before 分别: each value is its own year's.
        let series = Self.extractor.extract(
            from: "2022年、2023年、2024年分别办理法律援助案件120件、150件、180件,同比增长20%。",
            sections: [],
            reportYear: 2024
        )
        #expect(series.map(\.text) == ["120件", "150件", "180件", "20%"])
        #expect(series.map(\.period) == [.previousYear, .previousYear, .fullYear, .fullYear])
    }

    @Test("There are at least 80 sentences")
    func size() {
        #expect(Self.cases.count >= 80)
    }
}
