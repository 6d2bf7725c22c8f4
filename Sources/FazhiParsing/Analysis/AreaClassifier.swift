/// Maps a heading to a 纲要 content area (the `area` ids of indicators.json).
///
/// Keywords cover the 2021–2025 纲要 chapter wording (健全行政决策制度体系 …), the 2015–2020
/// vocabulary mapped to the same ids (依法全面履行政府职能 → government_functions_services,
/// 推进行政决策科学化、民主化、法治化 → administrative_decision_making, 坚持严格规范公正文明执法 →
/// administrative_enforcement, 强化对行政权力的制约和监督 → oversight_transparency, 依法有效化解社会
/// 矛盾纠纷 → dispute_resolution, 全面提高政府工作人员法治思维和依法行政能力 → legal_study_training),
/// and the non-纲要 areas 普法, 公共法律服务 and 社区矫正. The keyword found earliest in the heading
/// wins (the heading's first clause is its topic), the longer one on a tie.
///
/// 纲要 chapter 1 (深入学习贯彻习近平法治思想) is about study, so it maps to legal_study_training.
enum AreaClassifier {
    private static let table: [([Unicode.Scalar], String)] = {
        let rows: [(String, [String])] = [
            (
                "legal_study_training",
                [
                    "习近平法治思想", "学法", "法治思维", "法治意识", "依法行政能力", "法治素养", "法治培训", "理论学习",
                    "法治能力", "法律知识培训", "述法",
                ]
            ),
            (
                "leadership_responsibility",
                [
                    "党的领导", "组织领导", "第一责任人", "主要负责人", "推进机制", "组织保障", "领导责任", "法治建设责任",
                    "党对法治", "统筹谋划", "督导和考核", "督察", "考核",
                ]
            ),
            (
                "government_functions_services",
                [
                    "政府职能", "机构职能", "放管服", "营商环境", "政务服务", "简政放权", "便民服务", "履行职能", "阳光政府",
                    "服务型政府",
                ]
            ),
            (
                "rulemaking_normative_documents",
                ["依法行政制度体系", "制度体系", "规范性文件", "制度建设", "立法", "规章", "合法性审核", "备案审查"]
            ),
            (
                "administrative_decision_making",
                ["行政决策", "重大决策", "依法决策", "决策机制", "决策程序", "科学决策", "民主决策"]
            ),
            (
                "administrative_enforcement",
                ["行政执法", "执法", "综合执法", "执法监督", "执法规范化"]
            ),
            ("emergency_response", ["突发事件", "应急", "安全生产", "防灾减灾", "风险防范", "公共安全"]),
            (
                "dispute_resolution",
                [
                    "矛盾纠纷", "社会矛盾", "纠纷", "调解", "信访", "行政复议", "行政应诉", "行政争议", "行政诉讼", "枫桥经验",
                    "化解", "维护社会稳定", "平安建设",
                ]
            ),
            (
                "oversight_transparency",
                ["制约和监督", "权力制约", "行政权力", "政务公开", "信息公开", "监督体系", "阳光政务", "接受监督", "政务透明"]
            ),
            (
                "digital_government",
                ["科技保障", "数字法治政府", "数字政府", "信息化", "互联网+", "智慧", "数字化", "一网通办"]
            ),
            ("public_legal_education", ["普法", "法治宣传", "法治文化", "法治氛围", "宣传教育", "法律七进", "学法用法"]),
            (
                "public_legal_services",
                ["公共法律服务", "法律服务", "法律援助", "法律顾问", "法律明白人", "律师", "基层治理", "社会治理"]
            ),
            ("special_populations", ["社区矫正", "刑满释放", "安置帮教", "重点人员", "帮教", "矫正"]),
        ]
        return rows.flatMap { row in row.1.map { (ScalarText.normalized($0), row.0) } }
    }()

    private static let index = KeywordIndex(table.map(\.0))

    /// The area of `heading`, if a keyword matches.
    static func area(of heading: [Unicode.Scalar]) -> String? {
        index.firstMatch(in: heading[...]).map { table[$0.keyword].1 }
    }
}
