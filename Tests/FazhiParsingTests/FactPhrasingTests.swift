import FazhiParsing
import Testing

/// Linking fixes found by comparing the extractor with the synthetic corpus: a phrasing that
/// was missing, a phrasing shared by two indicators (now owned by one), a lone 一 closing its
/// clause, and ties broken by the topic of the report. Sentences written for these tests.
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
        Case("群众满意率达97%。", [("97%", "hotline_completion_rate")]),
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
    ]

    @Test("Linked as expected", arguments: Self.cases)
    func linked(_ item: Case) {
        let facts = Self.extractor.extract(from: item.text, sections: []).map { Pair(text: $0.text, indicator: $0.indicator) }
        #expect(facts == item.facts, "\(item.text)")
    }
}
