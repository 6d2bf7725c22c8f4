/// How units are made comparable before values are aggregated.
///
/// - A leading 万 (×10⁴) or 亿 (×10⁸) is applied to the value and dropped: `万元` → `元`,
///   `万件` → `件`, `亿元` → `元`; `万` or `亿` alone are money (`元`), as in the taxonomy.
/// - A 余 after the multiplier (`万余人次`) makes the value a lower bound (qualifier
///   `approxOver` unless the row already says more).
/// - Synonyms of one measure are folded: 名 → 人, 宗 / 起 → 件 (the classifiers of a case or
///   an incident: 调解纠纷120宗 and 120件 count the same), 条(次) / 条次 → 条, 百分点 → 个百分点,
///   full-width ％ → %.
/// - Everything else stays as written: 人次 ≠ 人, 场次 ≠ 场, % stays %.
package enum UnitNormalization {
    /// The normalised unit, the multiplier to apply to values, and whether the unit itself
    /// said "more than" (余).
    package static func normalize(_ unit: String) -> (unit: String, multiplier: Double, impliesLowerBound: Bool) {
        var scalars = Array(unit.unicodeScalars.filter { !$0.properties.isWhitespace })
        var multiplier = 1.0
        var lowerBound = false
        if let first = scalars.first, first == "万" || first == "亿" {
            multiplier = first == "万" ? 1e4 : 1e8
            scalars.removeFirst()
            if scalars.first == "余" {
                lowerBound = true
                scalars.removeFirst()
            }
            if scalars.isEmpty { scalars = ["元"] }
        }
        var text = String(String.UnicodeScalarView(scalars))
        switch text {
        case "名": text = "人"
        case "宗", "起": text = "件"
        case "条(次)", "条（次）", "条次": text = "条"
        case "百分点": text = "个百分点"
        case "％": text = "%"
        default: break
        }
        return (text, multiplier, lowerBound)
    }

    /// Units whose values are rates or rate changes: averaged, never meaningfully summed, so
    /// sums across levels are not refused for them.
    package static let rateUnits: Set<String> = ["%", "个百分点"]
}
