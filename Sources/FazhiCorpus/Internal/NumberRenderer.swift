internal import FazhiParsing

/// A quantity as written, with the normalised value a parser must derive from it.
struct RenderedNumber: Sendable {
    /// Words written before the number that qualify it (约, 近, 超过, 不少于); they are not part of
    /// the fact's text, which starts at the number (the parser's ``Fact/text`` convention).
    var lead: String = ""
    var text: String
    var value: Double
    var valueMax: Double
    /// Unit without multiplier (件, 人次, %, 元).
    var unit: String
    var qualifier: Qualifier

    init(_ text: String, _ value: Double, unit: String, qualifier: Qualifier = .exact, valueMax: Double? = nil, lead: String = "") {
        self.lead = lead
        self.text = text
        self.value = value
        self.valueMax = valueMax ?? value
        self.unit = unit
        self.qualifier = qualifier
    }
}

/// Chooses how a number is written (DOMAIN.md §3.4–3.5): Arabic, full-width, Chinese numerals,
/// 万 decimals, qualifiers before or after, stray spaces.
enum NumberRenderer {
    /// Rounds down to one or two significant digits, as 余/多 amounts are written.
    static func roundDown(_ value: Int, digits: Int) -> Int {
        var scale = 1
        while value / scale >= pow10(digits) { scale *= 10 }
        return value / scale * scale
    }

    static func pow10(_ n: Int) -> Int {
        var result = 1
        for _ in 0..<n { result *= 10 }
        return result
    }

    /// A count or stock of `value` in `unit`.
    static func count(_ value: Int, unit: String, rng: inout SplitMix64) -> RenderedNumber {
        let form = rng.weighted([60, 9, 4, 7, 5, 4, 4, 3, 2, 2])
        switch form {
        case 1 where value >= 20:
            let word = rng.chance(0.7) ? "余" : "多"
            // 多 follows a round number (20多名, 1200多件), never 25多名.
            let rounded = roundDown(value, digits: rng.chance(0.5) || (word == "多" && value < 1000) ? 1 : 2)
            return RenderedNumber("\(rounded)\(word)\(unit)", Double(rounded), unit: unit, qualifier: .approxOver)
        case 2 where value >= 10 && value < 100:
            let tens = value / 10 * 10
            return RenderedNumber(NumberText.chinese(tens) + "余" + unit, Double(tens), unit: unit, qualifier: .approxOver)
        case 2 where value >= 10_000 && value < 100_000:
            let rounded = value / 10_000 * 10_000
            return RenderedNumber(NumberText.chinese(rounded, liang: true) + "余" + unit, Double(rounded), unit: unit, qualifier: .approxOver)
        // Not 一 or 二 alone: 一件 reads like the idiomatic classifier (一项重大政治任务).
        case 3 where value >= 3 && value <= 10:
            return RenderedNumber(NumberText.chinese(value, liang: true) + unit, Double(value), unit: unit)
        case 4:
            return RenderedNumber(NumberText.fullWidth(String(value)) + unit, Double(value), unit: unit)
        case 5 where value >= 10_000:
            // 2.8万余人次 / 6.47万件: the value is applied to the stated digits only.
            if rng.chance(0.5) {
                let thousands = value / 1000
                let text = NumberText.decimal(thousands, scale: 1) + "万余" + unit
                return RenderedNumber(text, Double(thousands * 1000), unit: unit, qualifier: .approxOver)
            }
            let hundreds = value / 100
            return RenderedNumber(NumberText.decimal(hundreds, scale: 2) + "万" + unit, Double(hundreds * 100), unit: unit)
        case 6 where value >= 20:
            let rounded = roundDown(value, digits: 1)
            return RenderedNumber("\(rounded)\(unit)以上", Double(rounded), unit: unit, qualifier: .atLeast)
        case 7 where value >= 20:
            let rounded = roundDown(value, digits: 2)
            let word = rng.pick(["约", "近", "将近"])
            return RenderedNumber("\(rounded)\(unit)", Double(rounded), unit: unit, qualifier: .approx, lead: word)
        case 8 where value >= 20:
            let rounded = roundDown(value, digits: 1)
            let word = rng.pick(["超过", "超", "逾"])
            return RenderedNumber("\(rounded)\(unit)", Double(rounded), unit: unit, qualifier: .atLeast, lead: word)
        case 9:
            // A stray space from PDF or HTML extraction.
            return RenderedNumber("\(value) \(unit)", Double(value), unit: unit)
        default:
            return RenderedNumber("\(value)\(unit)", Double(value), unit: unit)
        }
    }

    /// A rate in tenths of a percent (985 = 98.5%).
    static func rate(tenths: Int, rng: inout SplitMix64) -> RenderedNumber {
        let digits = NumberText.decimal(tenths, scale: 1)
        // '!' is fine: `decimal` returns a plain decimal literal.
        let value = Double(digits)!
        switch rng.weighted([80, 8, 7, 5]) {
        case 1 where tenths < 1000:
            let floor = tenths / 50 * 5
            return RenderedNumber("\(floor)%以上", Double(floor), unit: "%", qualifier: .atLeast)
        case 2:
            return RenderedNumber(NumberText.fullWidth(digits + "%"), value, unit: "%")
        case 3 where tenths == 1000:
            return RenderedNumber("百分之百", 100, unit: "%")
        default:
            return RenderedNumber(digits + "%", value, unit: "%")
        }
    }

    /// Money given in units of 100 yuan (617 = 6.17万元), written in 万元 or 亿元.
    static func money(hundreds: Int, rng: inout SplitMix64) -> RenderedNumber {
        if hundreds >= 1_000_000, rng.chance(0.6) {
            // 1.23亿元: hundred-million yuan with two decimals.
            let hundredths = hundreds / 10_000
            return RenderedNumber(NumberText.decimal(hundredths, scale: 2) + "亿元", Double(hundredths) * 1_000_000, unit: "元")
        }
        if hundreds >= 2000, rng.chance(0.15) {
            let tenThousands = roundDown(hundreds / 100, digits: 1)
            return RenderedNumber("\(tenThousands)余万元", Double(tenThousands) * 10_000, unit: "元", qualifier: .approxOver)
        }
        let scale = rng.chance(0.5) ? 2 : 1
        let stated = scale == 2 ? hundreds : hundreds / 10 * 10
        return RenderedNumber(NumberText.decimal(stated, scale: 2) + "万元", Double(stated) * 100, unit: "元")
    }
}
