/// Headings and filler sentences for one content area of a report, in the project's own words.
///
/// `{u}` stands for the reporting unit's self-reference (本镇, 全县, 我局) and `{Y}` for the
/// report year; the composer substitutes both.
struct AreaVocabulary: Sendable {
    /// indicators.json `area` id.
    var area: String
    /// Sub-headings in the wording of the 2021–2025 纲要.
    var headings: [String]
    /// Sub-headings in the wording of the 2015–2020 纲要 (reports for 2018–2020).
    var oldHeadings: [String]
    /// Sentences without quantities.
    var fillers: [String]
    /// Indicators whose fact sentences fit under this heading.
    var indicators: [String]

    /// Every area a report body can draw from, in canonical order.
    static let all: [AreaVocabulary] = [
        AreaVocabulary(
            area: "legal_study_training",
            headings: ["深入学习贯彻习近平法治思想，筑牢法治建设思想根基", "抓实领导干部学法用法，提升依法行政本领", "强化法治学习培训，推动尊法学法守法用法"],
            oldHeadings: ["加强学法用法，提高依法行政能力", "依法行政能力普遍提高"],
            fillers: [
                "把习近平法治思想列为党委理论学习中心组的常设内容，推动学习成果转化为依法办事的实际行动",
                "建立领导干部应知应会法律法规清单，将宪法、民法典和行政法律规范纳入干部日常学习",
                "依托网上学法平台组织干部职工开展线上学法和年度考试，考学情况与年度考核挂钩",
                "组织干部职工深入学习民法典，围绕合同、物权、婚姻家庭等内容开展专题辅导",
                "坚持把法治教育纳入干部教育培训总体规划，新提任干部开展任前法律知识考试",
                "采取以案释法、案例研讨等方式，引导干部在工作中自觉运用法治思维和法治方式",
            ],
            indicators: ["collective_law_study_sessions", "legal_training_sessions", "legal_training_attendance", "court_hearing_observation", "law_exam_participation_rate"]
        ),
        AreaVocabulary(
            area: "government_functions_services",
            headings: ["健全政府机构职能体系，推动更好发挥政府作用", "持续优化营商环境，提升政务服务效能", "深化“放管服”改革，推进政务服务标准化"],
            oldHeadings: ["依法全面履行政府职能", "深化行政审批制度改革，转变政府职能"],
            fillers: [
                "对照上级下放事项动态调整权责清单，做到清单之外无权力",
                "持续推进“一网通办”，推动高频事项就近办、掌上办，群众办事少跑腿",
                "落实《优化营商环境条例》，开展涉企政策梳理，帮助市场主体解决用工、融资等实际困难",
                "设立企业服务专员，对重点项目实行全程帮办代办，营商环境持续改善",
                "推进“互联网+政务服务”向村(社区)延伸，便民服务站实现常用事项全覆盖",
                "对政务服务便民热线转办诉求实行限时办理、跟踪回访，做到事事有回音",
            ],
            indicators: ["hotline_work_orders", "hotline_completion_rate", "gov_service_items", "enterprise_visits_services"]
        ),
        AreaVocabulary(
            area: "rulemaking_normative_documents",
            headings: ["健全依法行政制度体系，推进政府治理规范化程序化法治化", "加强行政规范性文件管理，维护法制统一"],
            oldHeadings: ["完善依法行政制度体系", "提高制度建设质量"],
            fillers: [
                "严格执行行政规范性文件制定程序，做到未经合法性审核的不得提交审议",
                "按要求开展规范性文件清理，对与上位法不一致的及时修改或者废止",
                "依托基层立法联系点收集群众对法律法规草案的意见建议，畅通基层立法民意直通车",
                "落实规范性文件备案审查制度，做到有件必备、有备必审、有错必纠",
            ],
            indicators: ["normative_documents_reviewed", "local_legislation_items"]
        ),
        AreaVocabulary(
            area: "administrative_decision_making",
            headings: ["健全行政决策制度体系，不断提升行政决策公信力和执行力", "严格落实重大行政决策程序，推进科学民主依法决策"],
            oldHeadings: ["推进行政决策科学化、民主化、法治化", "坚持科学民主依法决策"],
            fillers: [
                "严格执行“三重一大”集体决策制度，重大事项一律提交班子会议集体讨论决定",
                "把公众参与、专家论证、风险评估、合法性审查和集体讨论决定作为重大决策的必经程序",
                "充分发挥法律顾问作用，法律顾问列席重要会议，为决策事项提供专业意见",
                "对涉及群众切身利益的决策事项，通过座谈会、公示等方式广泛听取意见",
                "重大合同签订前一律经过合法性审查，防范合同履约风险",
            ],
            indicators: ["legality_reviews", "contract_reviews", "legal_opinions_issued", "major_administrative_decisions"]
        ),
        AreaVocabulary(
            area: "administrative_enforcement",
            headings: ["健全行政执法工作体系，全面推进严格规范公正文明执法", "深化综合行政执法改革，提升执法规范化水平"],
            oldHeadings: ["坚持严格规范公正文明执法", "深化行政执法体制改革"],
            fillers: [
                "全面落实行政执法公示、执法全过程记录、重大执法决定法制审核三项制度",
                "推行包容审慎监管，对首次轻微违法行为以教育提醒为主，落实轻微违法行为依法免予处罚清单",
                "开展安全生产、燃气安全、自建房安全等领域专项整治，消除一批风险隐患",
                "组织执法人员参加业务培训和岗位练兵，执法证件实行动态管理",
                "加强对食品药品、生态环境、野生动物保护等重点领域的执法检查",
                "联合公安、交警等部门开展“一盔一戴”安全守护行动，规范电动自行车通行秩序",
            ],
            indicators: ["administrative_penalty_cases", "fines_amount", "major_enforcement_decision_reviews", "penalty_exemptions", "enforcement_inspections", "enforcement_staff_certified", "case_file_reviews"]
        ),
        AreaVocabulary(
            area: "emergency_response",
            headings: ["健全突发事件应对体系，依法预防处置重大突发事件", "强化应急管理法治保障，守牢安全发展底线"],
            oldHeadings: ["依法做好突发事件应对工作"],
            fillers: [
                "修订完善防汛抗旱、地质灾害、森林防火等应急预案，明确各环节责任",
                "落实安全生产责任制，组织开展应急演练和隐患排查整治",
                "建立应急物资储备清单，基层应急队伍实行常态化值守",
            ],
            indicators: ["emergency_drills_safety_events"]
        ),
        AreaVocabulary(
            area: "dispute_resolution",
            headings: ["健全社会矛盾纠纷行政预防调处化解体系，不断促进社会公平正义", "坚持和发展新时代“枫桥经验”，推进矛盾纠纷多元化解", "依法化解社会矛盾，维护社会和谐稳定"],
            oldHeadings: ["依法有效化解社会矛盾纠纷", "健全依法化解纠纷机制"],
            fillers: [
                "坚持和发展新时代“枫桥经验”，构建人民调解、行政调解、司法调解衔接联动的矛盾纠纷多元化解机制",
                "发挥网格员熟悉情况的优势，对邻里、婚姻家庭、土地权属等纠纷做到早发现、早介入",
                "落实领导干部接访下访制度，对信访积案逐案明确包案领导和化解时限",
                "推动行政复议、行政诉讼与调解工作衔接，行政机关负责人出庭应诉实现常态化",
                "健全府院联动机制，与法院定期会商行政争议化解工作",
                "配合开展常态化扫黑除恶斗争，对涉黑涉恶线索坚持应查尽查",
                "组织调解员参加业务轮训，提高运用法律政策化解纠纷的能力",
            ],
            indicators: ["disputes_mediated", "mediation_success", "dispute_screenings", "petitions_handled", "admin_reconsideration_cases", "admin_litigation_cases", "admin_litigation_losses", "head_court_appearance_rate", "mediation_organizations", "admin_reconsideration_correction_rate"]
        ),
        AreaVocabulary(
            area: "oversight_transparency",
            headings: ["健全行政权力制约和监督体系，促进行政权力规范透明运行", "深入推进政务公开，自觉接受各方监督"],
            oldHeadings: ["强化对行政权力的制约和监督", "全面推进政务公开"],
            fillers: [
                "坚持以公开为常态、不公开为例外，及时公开财政预决算、重大项目和民生事项信息",
                "认真办理人大代表建议和政协委员提案，主动接受人大法律监督和政协民主监督",
                "对巡察和审计发现的问题建立整改台账，逐项销号管理",
                "规范政府信息公开申请办理流程，依法按时答复申请人",
                "在政务公开专栏和公开栏同步公开办事指南，方便群众查询监督",
            ],
            indicators: ["proactive_disclosures", "disclosure_requests", "npc_cppcc_proposals", "inspection_rectification_items"]
        ),
        AreaVocabulary(
            area: "digital_government",
            headings: ["健全法治政府建设科技保障体系，全面建设数字法治政府", "推进数字赋能，提升依法行政信息化水平"],
            oldHeadings: ["推进政务信息化建设"],
            fillers: [
                "推进执法数据互联互通，行政执法案件实行网上办理、全程留痕",
                "探索运用人工智能辅助审查合同文本，提高审查效率",
                "利用LED显示屏、微信公众号等载体滚动推送法治信息",
            ],
            indicators: ["digital_platform_usage"]
        ),
        AreaVocabulary(
            area: "public_legal_education",
            headings: ["深入开展普法宣传，营造浓厚法治氛围", "落实“谁执法谁普法”普法责任制，提升全民法治素养"],
            oldHeadings: ["深入开展法治宣传教育", "深入推进普法规划实施"],
            fillers: [
                "落实“谁执法谁普法”普法责任制，各部门结合职能开展行业普法",
                "以宪法宣传周、民法典宣传月为契机，开展进机关、进乡村、进社区、进学校、进企业宣传活动",
                "围绕防范电信诈骗、养老诈骗等群众关心的问题开展以案说法",
                "在公园、广场打造法治文化阵地，让群众在休闲中接受法治熏陶",
                "联合学校开展青少年法治教育，组织禁毒知识进校园活动",
                "组织普法志愿者走村入户，把法律知识送到群众家门口",
            ],
            indicators: ["publicity_events", "publicity_materials", "publicity_fixtures", "publicity_audience"]
        ),
        AreaVocabulary(
            area: "public_legal_services",
            headings: ["完善公共法律服务体系，满足群众法律需求", "推进基层依法治理，夯实法治建设基础"],
            oldHeadings: ["加强公共法律服务体系建设"],
            fillers: [
                "深化一村一法律顾问制度，法律顾问定期到村(社区)坐班，为群众提供面对面服务",
                "做好法律援助申请受理和转交工作，困难群众维权渠道更加畅通",
                "开展“法律明白人”培养工程，发挥其在宣传法律、化解纠纷中的作用",
                "推进民主法治示范村(社区)创建，完善村规民约和居民公约",
                "引导律师参与涉企纠纷化解和知识产权保护咨询，为企业提供法治体检",
            ],
            indicators: ["legal_consultations", "public_legal_service_points", "legal_adviser_coverage", "legal_aid_cases", "legal_literate_residents"]
        ),
        AreaVocabulary(
            area: "special_populations",
            headings: ["加强特殊人群服务管理，筑牢平安建设防线", "抓实社区矫正和安置帮教工作"],
            oldHeadings: ["做好社区矫正和安置帮教工作"],
            fillers: [
                "对社区矫正对象落实分类管理、个别化矫正，定期开展走访谈话",
                "为刑满释放人员落实衔接帮扶措施，协调解决就业和生活困难",
                "联合派出所、村(社区)组成帮教小组，做到人员底数清、情况明",
            ],
            indicators: ["community_correction_subjects", "released_prisoner_assistance"]
        ),
    ]

    /// Sentences used rarely, so that rare search terms occur in a few percent of reports.
    static let rareFillers: [String] = [
        "开展生态环境损害赔偿磋商，督促责任主体修复受损生态",
        "针对跨境电商企业开展合规指导，帮助企业防范经营风险",
        "结合“雏鹰计划”加强年轻干部法治能力培养",
        "开展打击野生动物非法交易专项行动，守护生物多样性",
        "组织开展知识产权保护宣传，提升企业维权意识",
        "运用人工智能和大数据技术开展非现场监管",
        "在村(社区)LED屏滚动播放防范养老诈骗宣传标语",
    ]
}
