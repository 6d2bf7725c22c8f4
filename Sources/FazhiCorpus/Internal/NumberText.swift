/// Renders integers the ways reports write them: Chinese numerals (两, 十余) and full-width digits.
enum NumberText {
    private static let digits: [Character] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    /// Chinese numerals for 0...99_999_999; `liang` writes a leading 2 as 两 (两场, 两万).
    static func chinese(_ value: Int, liang: Bool = false) -> String {
        precondition(value >= 0 && value < 100_000_000, "value out of range")
        if value == 0 { return "零" }
        if value >= 10_000 {
            let high = value / 10_000
            let low = value % 10_000
            var text = chinese(high, liang: liang) + "万"
            if low > 0 {
                text += (low < 1000 ? "零" : "") + below10000(low, leadingTen: false)
            }
            return text
        }
        var text = below10000(value, leadingTen: true)
        if liang, value == 2 { text = "两" }
        if liang, value >= 200, value < 300 || (value >= 2000 && value < 3000) {
            text = "两" + text.dropFirst()
        }
        return text
    }

    private static func below10000(_ value: Int, leadingTen: Bool) -> String {
        let units: [String] = ["千", "百", "十", ""]
        let parts = [value / 1000, value / 100 % 10, value / 10 % 10, value % 10]
        var text = ""
        var pendingZero = false
        var started = false
        for (index, digit) in parts.enumerated() {
            if digit == 0 {
                if started { pendingZero = true }
                continue
            }
            if pendingZero { text += "零" }
            pendingZero = false
            // 十二, not 一十二, when ten is the leading digit of a number below 100.
            if !(leadingTen && !started && index == 2 && digit == 1) {
                text.append(digits[digit])
            }
            text += units[index]
            started = true
        }
        return text
    }

    /// A year written with 〇 (二〇二四).
    static func chineseYear(_ year: Int) -> String {
        let map: [Character] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        return String(String(year).map { map[Int(String($0))!] })  // '!' is fine: decimal digits.
    }

    /// ASCII digits, dot and percent replaced by their full-width forms (１２０, ％).
    static func fullWidth(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9", "%", ".":
                result.unicodeScalars.append(Unicode.Scalar(scalar.value + 0xFEE0)!)  // '!' is fine: valid range.
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `value / 10^scale` as a decimal without trailing zeros ("61.7", "100").
    static func decimal(_ value: Int, scale: Int) -> String {
        var divisor = 1
        for _ in 0..<scale { divisor *= 10 }
        let whole = value / divisor
        var fraction = value % divisor
        if fraction == 0 { return String(whole) }
        var width = scale
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        let digits = String(fraction)
        return String(whole) + "." + String(repeating: "0", count: width - digits.count) + digits
    }

    /// Zero-padded decimal digits.
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
