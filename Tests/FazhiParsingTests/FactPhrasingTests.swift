import FazhiParsing
import Testing

/// Linking fixes found by comparing the extractor with the synthetic corpus: a phrasing that
/// was missing, a phrasing shared by two indicators (now owned by one), a lone 一 closing its
/// clause, ties broken by the topic of the report, and bare rate words read as the measure of
/// the subject named before them. Sentences written for these tests.
@Suite("Fact extractor phrasings")
struct FactPhrasingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        /// (fact text, indicator) of every fact, in order.
        var facts: [Pair]
        var testDescription: String { text }

        init(_ text: String, _ facts: [(String, String?)]) {
            self.text = text
            self.facts = facts.map { Pair(text: $0.0, indicator: $0.1) }
        }
    }

    struct Pair: Equatable, Sendable, CustomStringConvertible {
        var text: String
        var indicator: String?
        var description: String { "\(text)→\(indicator ?? "nil")" }
    }

    static let extractor = FactExtractor()

    static let cases: [Case] = [
        // Phrasings that were missing.
        Case("本年度街道法律顾问覆盖率为100%。", [("100%", "legal_adviser_coverage")]),
        Case("社区法律顾问配备率达到100%。", [("100%", "legal_adviser_coverage")]),
        Case("今年在网站公开412条政府信息。", [("412条", "proactive_disclosures")]),
        Case("向上级反馈12件立法建议。", [("12件", "local_legislation_items")]),
        Case("各社区组织37场主题普法活动。", [("37场", "publicity_events")]),
        Case("审查各类合同86份。", [("86份", "contract_reviews")]),
        Case("举办法律知识讲座5期。", [("5期", "legal_training_sessions")]),
        Case("共培训机关干部职工320人。", [("320人", "legal_training_attendance")]),
        Case("先后组织140人次领导干部参加法治培训。", [("140人次", "legal_training_attendance")]),
        Case("街道走访辖区企业52家。", [("52家", "enterprise_visits_services")]),
        Case("法治宣传惠及3600人次群众。", [("3600人次", "publicity_audience")]),
        Case("在主要路口悬挂宣传横幅18条。", [("18条", "publicity_fixtures")]),
        Case("帮助转交9件法律援助申请。", [("9件", "legal_aid_cases")]),
        Case("受理群众诉求860件。", [("860件", "hotline_work_orders")]),
        Case("召开依法治镇委员会会议3次。", [("3次", "rule_of_law_leadership_meetings")]),
        Case("成功调处74起矛盾纠纷。", [("74起", "disputes_mediated")]),
        Case("前置审查19件重大事项。", [("19件", "legality_reviews")]),
        Case("办理群众来信来访45件。", [("45件", "petitions_handled")]),
        Case("解答群众法律咨询260人次。", [("260人次", "legal_consultations")]),
        Case("区委常委会会议专题研究法治工作4次。", [("4次", "rule_of_law_leadership_meetings")]),
        Case("组织执法人员培训12期。", [("12期", "legal_training_sessions")]),
        Case("全年办理减免罚款案件46件。", [("46件", "penalty_exemptions")]),
        Case("开展宪法宣传周系列主题活动18场。", [("18场", "publicity_events")]),
        // Phrasings that were shared, now owned by one indicator.
        Case("经由一网通办平台办结事项930件。", [("930件", "gov_service_items")]),
        Case("完成重大行政执法决定法制审核8件。", [("8件", "major_enforcement_decision_reviews")]),
        Case("开展隐患排查210次。", [("210次", "dispute_screenings")]),
        Case("覆盖群众约900人次。", [("900人次", "publicity_audience")]),
        Case("组织领导干部现场述法12人。", [("12人", "leader_law_reporting")]),
        // 分别: an item naming 行政复议 alone.
        Case("全年办理行政复议、行政诉讼案件分别为3件、6件。", [("3件", "admin_reconsideration_cases"), ("6件", "admin_litigation_cases")]),
        // A lone 一 that closes its clause counts; before a noun it is an article.
        Case("全年废止规范性文件一件。", [("一件", "normative_documents_reviewed")]),
        Case("组织机关干部旁听庭审一次，反响良好。", [("一次", "court_hearing_observation")]),
        Case("把法治建设作为一项重要任务。", []),
        // The topic of earlier sentences breaks a tie between equal phrasings (化解率).
        Case("调处矛盾纠纷42件。化解率达98%。", [("42件", "disputes_mediated"), ("98%", "mediation_success")]),
        Case("受理群众诉求500件。化解率达96%。", [("500件", "hotline_work_orders"), ("96%", "hotline_completion_rate")]),
        // A bare rate word (办结率, 满意率, 合格率) is the measure of the subject named before
        // it: linked when that subject is its indicator's, unlinked when it is another's or,
        // with no earlier sentence on the area, when none is named.
        Case("受理12345热线工单300件，按期办结率98.5%。", [("300件", "hotline_work_orders"), ("98.5%", "hotline_completion_rate")]),
        Case("热线回访率达99%。", [("99%", "hotline_completion_rate")]),
        Case("受理群众诉求500件。群众满意率达97%。", [("500件", "hotline_work_orders"), ("97%", "hotline_completion_rate")]),
        Case("依法处理信访事项80件，及时受理率、按期办结率均达100%。", [("80件", "petitions_handled"), ("100%", "hotline_completion_rate")]),
        Case("群众满意率达97%。", [("97%", nil)]),
        Case("行政复议案件办结率达100%。", [("100%", nil)]),
        Case("办理行政复议案件12件，办结率100%。", [("12件", "admin_reconsideration_cases"), ("100%", nil)]),
        Case("受理群众诉求500件。行政复议案件办结率达100%。", [("500件", "hotline_work_orders"), ("100%", nil)]),
        Case("开展普法宣传活动12场，覆盖群众900人次，群众满意率达98%。", [("12场", "publicity_events"), ("900人次", "publicity_audience"), ("98%", nil)]),
        Case("办理人大代表建议和政协委员提案15件，办复率、满意率均为100%。", [("15件", "npc_cppcc_proposals"), ("100%", "npc_cppcc_proposals")]),
        Case("调处矛盾纠纷42件，成功率达97%。", [("42件", "disputes_mediated"), ("97%", "mediation_success")]),
        Case("食品抽检合格率达98%。", [("98%", nil)]),
        Case("组织全体干部参加学法考试，合格率达100%。", [("100%", "law_exam_pass_rate")]),
        // 及 in 及时/及格 and 与 in 参与 are inside a word, not list separators.
        Case("年度学法考试参考率、及格率均为100%。", [("100%", "law_exam_participation_rate"), ("100%", "law_exam_pass_rate")]),
        Case(
            "组织年度学法考试，参考率为100%，优秀率95%以上。",
            [("100%", "law_exam_participation_rate"), ("95%以上", "law_exam_excellence_rate")]
        ),
    ]

    @Test("Linked as expected", arguments: Self.cases)
    func linked(_ item: Case) {
        let facts = Self.extractor.extract(from: item.text, sections: []).map { Pair(text: $0.text, indicator: $0.indicator) }
        #expect(facts == item.facts, "\(item.text)")
    }
}
