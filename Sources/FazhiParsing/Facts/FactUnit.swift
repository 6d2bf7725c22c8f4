/// A unit word (量词) that can follow a number in a report, and what it implies.
///
/// A class, so that candidates holding one copy a reference, not five.
final class FactUnit: Sendable {
    /// The unit as written (`人次`, `条(次)`, `个百分点`).
    let written: String
    /// The unit stored in ``Fact/unit`` (`万元` → `元`, `百分点` → `个百分点`).
    let stored: String
    /// The unit used to test compatibility with an indicator's units.
    let base: String
    /// Multiplier applied to the value (`万元` → 10⁴).
    let multiplier: Double
    /// The value kind the unit implies, before context (同比, 累计, …) is considered.
    let kind: ValueKind
    /// Scalars that, right after the unit, make it part of a word instead (`人民`, `处罚`).
    let blockedNext: Set<UInt32>
    /// Folded scalars of ``written``.
    let scalars: [UInt32]

    init(
        _ written: String,
        stored: String? = nil,
        base: String? = nil,
        multiplier: Double = 1,
        kind: ValueKind = .count,
        blockedNext: String = ""
    ) {
        self.written = written
        self.stored = stored ?? written
        self.base = base ?? stored ?? written
        self.multiplier = multiplier
        self.kind = kind
        self.blockedNext = Set(blockedNext.unicodeScalars.map(\.value))
        self.scalars = foldedScalars(written)
    }

    /// Every unit, longest first within each first scalar (the lookup takes the first match).
    static let all: [FactUnit] = [
        FactUnit("个百分点", kind: .changePoints),
        FactUnit("百分点", stored: "个百分点", kind: .changePoints),
        FactUnit("%", kind: .rate),
        FactUnit("万元", stored: "元", multiplier: 10_000, kind: .amount),
        FactUnit("亿元", stored: "元", multiplier: 100_000_000, kind: .amount),
        FactUnit("元", kind: .amount, blockedNext: "旦素"),
        FactUnit("人次"), FactUnit("件次"), FactUnit("户次"), FactUnit("场次"),
        FactUnit("条(次)", base: "条"), FactUnit("条次", base: "条"),
        FactUnit("学时", kind: .duration), FactUnit("课时", kind: .duration), FactUnit("小时", kind: .duration),
        FactUnit("件"),
        FactUnit("宗", blockedNext: "教旨"),
        FactUnit("起", blockedNext: "诉草来步点到始"),
        FactUnit("单", blockedNext: "位独一"),
        FactUnit("次", blockedNext: "日年月要"),
        FactUnit("场", blockedNext: "所地景馆合面"),
        FactUnit("期", blockedNext: "间限末初满望待"),
        FactUnit("人", blockedNext: "民大才"),
        FactUnit("名", blockedNext: "单义称录额"),
        FactUnit("户", blockedNext: "籍口"),
        FactUnit("家", blockedNext: "庭长属访园乡里中门"),
        FactUnit("份", blockedNext: "额"),
        FactUnit("张", blockedNext: "贴"),
        FactUnit("本", blockedNext: "地年级街镇单部身次届科辖村社区市县乡人"),
        FactUnit("册"),
        FactUnit("条", blockedNext: "例件款理线"),
        FactUnit("块"),
        FactUnit("个", blockedNext: "人体性别"),
        FactUnit("处", blockedNext: "罚理置室长分于"),
        FactUnit("项", blockedNext: "目"),
        FactUnit("篇"),
        FactUnit("批", blockedNext: "准复示"),
        FactUnit("卷", blockedNext: "宗"),
        FactUnit("所", blockedNext: "有属得在以"),
        FactUnit("支", blockedNext: "持部出付"),
        FactUnit("位", blockedNext: "置于"),
        FactUnit("座", blockedNext: "谈"),
        FactUnit("台", blockedNext: "账"),
        FactUnit("套"), FactUnit("幅"), FactUnit("例"),
        FactUnit("部", blockedNext: "门署分长"),
        FactUnit("轮"),
        // Measures (拆除违法建设3500平方米, 整治河道12公里): quantities too, though no indicator counts them yet.
        FactUnit("平方公里"), FactUnit("平方米"), FactUnit("公顷"), FactUnit("公里"),
        FactUnit("亩"), FactUnit("吨", blockedNext: "位"),
    ]

    /// Units by their first folded scalar.
    static let byFirstScalar: [UInt32: [FactUnit]] = {
        var table: [UInt32: [FactUnit]] = [:]
        for unit in all {
            if let first = unit.scalars.first { table[first, default: []].append(unit) }
        }
        for key in table.keys { table[key]?.sort { $0.scalars.count > $1.scalars.count } }
        return table
    }()

    /// The unit written at `index`, if any, and not swallowed by the following word.
    static func unit(in text: FactText, at index: Int) -> FactUnit? {
        guard let candidates = Self.byFirstScalar[text[index]] else { return nil }
        for unit in candidates where text.matches(unit.scalars, at: index) {
            if unit.blockedNext.contains(text[index + unit.scalars.count]) { return nil }
            return unit
        }
        return nil
    }

    /// The compatibility unit of an indicator's listed unit (`万件` → `件`, `万余人次` → `人次`,
    /// `亿` → `元`, `条(次)` → `条`).
    static func base(ofIndicatorUnit unit: String) -> String {
        var scalars = Array(unit.unicodeScalars)
        if scalars.count > 1, scalars[0] == "万" || scalars[0] == "亿" { scalars.removeFirst() }
        if scalars.count > 1, scalars[0] == "余" { scalars.removeFirst() }
        let text = String(String.UnicodeScalarView(scalars))
        switch text {
        case "亿", "万": return "元"
        case "条(次)", "条次": return "条"
        default: return text
        }
    }

    /// Whether a fact unit (base) fits a set of indicator unit bases, treating 人/名 and 场/场次
    /// as the same measure.
    static func isCompatible(_ base: String, with bases: Set<String>) -> Bool {
        if bases.contains(base) { return true }
        switch base {
        case "人": return bases.contains("名")
        case "名": return bases.contains("人")
        case "场": return bases.contains("场次")
        case "场次": return bases.contains("场")
        case "个百分点": return bases.contains("%")
        default: return false
        }
    }
}
