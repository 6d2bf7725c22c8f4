import FazhiAggregation
import FazhiCorpus
import FazhiParsing

/// A seeded generator (the corpus generator's SplitMix64) so that every test run sees the same
/// data, with the simple bounded helpers these fixtures were written against.
struct SeededRandom {
    private var generator: SplitMix64

    init(seed: UInt64) { self.generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { self.generator.next() }

    mutating func int(_ range: Range<Int>) -> Int {
        range.lowerBound + Int(self.next() % UInt64(range.count))
    }

    mutating func unit() -> Double { Double(self.next() >> 11) / Double(1 << 53) }

    mutating func pick<T>(_ items: [T]) -> T { items[self.int(0..<items.count)] }
}

/// A fact as the brute-force oracle sees it: already normalised by hand.
struct TruthFact {
    var indicator: String
    var unit: String
    var value: Double
    var lowerBound: Bool
    var approximate: Bool
    var period: Period = .unspecified
}

/// A generated record with the oracle's view of it.
struct Generated {
    var record: ReportRecord
    var truth: [TruthFact]
}

/// Synthetic reports with known truth: the oracle's facts are normalised independently of
/// `UnitNormalization` (the generator knows what it wrote).
enum Fixtures {
    static let provinces = ["甲省", "乙省", "丙省", "丁省", "戊省"]
    static let levels: [AdministrativeLevel] = [.county, .township, .street, .city]
    /// (indicator, written unit, multiplier, normalised unit, integer values?)
    static let measures: [(String, String, Double, String, Bool)] = [
        ("disputes_mediated", "件", 1, "件", true),
        ("disputes_mediated", "起", 1, "件", true),  // 宗 and 起 count cases as 件 does
        ("publicity_audience", "人次", 1, "人次", true),
        ("publicity_audience", "万人次", 10_000, "人次", false),
        ("legal_training_attendance", "名", 1, "人", true),
        ("legal_training_attendance", "人", 1, "人", true),
        ("fines_amount", "万元", 10_000, "元", false),
        ("hotline_completion_rate", "%", 1, "%", false),
        ("legal_consultations", "人次", 1, "人次", true),
    ]

    /// Periods the facts get, in turn (mostly the report year's own figures). Taken by position,
    /// not from the random stream, so that adding them changed no other generated value.
    static let periods: [Period] = [
        .unspecified, .fullYear, .unspecified, .cumulative, .fullYear, .yearToDate, .unspecified, .sinceDate, .stockNow, .unspecified,
        .fullYear, .partOfYear,
    ]

    /// `count` reports over 2021–2024, five provinces, four levels, `organizations` bodies.
    static func reports(count: Int, seed: UInt64, organizations: Int = 40, integerValuesOnly: Bool = false) -> [Generated] {
        var random = SeededRandom(seed: seed)
        var result: [Generated] = []
        for index in 0..<count {
            let org = random.int(0..<organizations)
            let province = Self.provinces[org % Self.provinces.count]
            let level = Self.levels[org % Self.levels.count]
            let year = 2021 + random.int(0..<4)
            var facts: [FactRow] = []
            var truth: [TruthFact] = []
            let factCount = random.int(0..<9)
            for factNumber in 0..<factCount {
                let period = Self.periods[(index &* 7 &+ factNumber) % Self.periods.count]
                let (indicator, unit, multiplier, normalized, integral) = random.pick(Self.measures)
                var value: Double
                if integral || integerValuesOnly {
                    value = Double(random.int(0..<5000))
                } else {
                    value = (random.unit() * 1000).rounded() / 10
                }
                if unit == "%" { value = min(value, 100) }
                let qualifier: Qualifier = random.pick([.exact, .exact, .exact, .approxOver, .atLeast, .approx, .atMost])
                let requirement = random.int(0..<12) == 0
                facts.append(FactRow(indicator: indicator, value: value, unit: unit, qualifier: qualifier, isRequirement: requirement, period: period))
                if !requirement {
                    truth.append(
                        TruthFact(
                            indicator: indicator,
                            unit: normalized,
                            value: value * multiplier,
                            lowerBound: qualifier == .approxOver || qualifier == .atLeast,
                            approximate: qualifier == .approx || qualifier == .atMost,
                            period: period
                        )
                    )
                }
            }
            let record = ReportRecord(
                docID: "doc-\(seed)-\(index)",
                contentHash: "hash-\(index)",
                title: "第\(index)号测试报告",
                organization: "机构\(org)",
                year: year,
                province: province,
                city: "\(province)市\(org % 3)",
                county: "县\(org % 7)",
                level: level.rawValue,
                publishedDate: CalendarDate(year: year + 1, month: 1 + random.int(0..<6), day: 1 + random.int(0..<28)),
                parts: [.a, .b, .c, .d].filter { _ in random.int(0..<5) != 0 },
                facts: facts,
                text: ""
            )
            result.append(Generated(record: record, truth: truth))
        }
        return result
    }

    /// Sentences of random characters from a pool, unrelated across seeds.
    static func sentences(count: Int, seed: UInt64) -> [String] {
        let pool = Array("法治政府建设推进依法行政决策执法监督调解纠纷宣传教育服务保障落实制度机制组织领导学习培训会议审查合同意见案件复议诉讼信访热线工单公开信息人员队伍平台数字化基层社区村镇街道乡县市区省部门单位干部群众企业项目活动专项整治排查隐患风险应急演练")
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            String((0..<(14 + random.int(0..<16))).map { _ in random.pick(pool) })
        }
    }

    /// Joins sentences with 。 into a text.
    static func text(_ sentences: [String]) -> String {
        sentences.map { $0 + "。" }.joined(separator: "\n")
    }
}

/// The oracle: statistics computed by brute force from the generator's truth.
struct BruteForceStats {
    var values: [Double] = []
    var reports = Set<String>()
    var lowerBounds = 0
    var approximates = 0
    /// Facts of the row's indicator and unit for another window than the one counted.
    var others = 0

    var count: Int { self.values.count }
    var sum: Double { self.values.reduce(0, +) }

    /// The exact lower sample quantile the sketch approximates.
    func quantile(_ q: Double) -> Double {
        let sorted = self.values.sorted()
        return sorted[Int((q * Double(sorted.count - 1)).rounded(.down))]
    }
}
