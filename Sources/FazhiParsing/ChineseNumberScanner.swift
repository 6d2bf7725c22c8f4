/// Finds numbers written in Arabic digits, Chinese numerals or a mix of both in UTF-8 text.
///
/// Recognised forms (all as one ``ChineseNumber``):
/// - Arabic digits, ASCII or full-width, with `.`/`．` decimals and `,` thousands separators
///   (a comma counts only between groups of exactly three digits after a first group of one to
///   three, so `2019,2020` stays two numbers; the full-width `，` is a clause separator and never
///   groups);
/// - Arabic digits with a Chinese multiplier: `2.8万`, `64.71万`, `8.2亿`, `3千`, `1.5万亿`;
/// - Chinese numerals, including the financial forms (壹贰叁…拾佰仟): `两` = 2, `十` = 10,
///   `十二`, `二十三`, `一百二十`, `一千零五`, `两万`, `三亿五千万`; colloquial trailing digits
///   (`两万五` = 25000, `一百二` = 120); positional digits (`二〇三五` = 2035, `八五` = 85, flagged
///   ``ChineseNumber/isPositional``); a Chinese decimal point (`三点五`);
/// - fractions: `1/4` (not next to another `/`, as in dates), `三分之一`, `千分之五`,
///   `百分之三十` (form ``ChineseNumber/Form/percent``);
/// - tenths: `8成` = 0.8, unless `成` starts a word (`成员`, `成立`, `成果`, …).
///
/// Scanning stops where the notation stops being well formed: in `十四五` the scanner reads
/// `十四` and leaves `五`. Ranges (`3-5次`), qualifiers (`余`, `多`) and units are left to the
/// caller. Work is on UTF-8 bytes; ``numbers()`` is linear in the text length.
package struct ChineseNumberScanner: Sendable {
    /// The scanned text as UTF-8; spans are offsets into it.
    package let utf8: [UInt8]

    /// Prepares `text` for scanning (copies its UTF-8 bytes once).
    package init(_ text: String) {
        self.utf8 = Array(text.utf8)
    }

    /// Prepares UTF-8 bytes for scanning.
    package init(utf8: [UInt8]) {
        self.utf8 = utf8
    }

    /// The number that starts exactly at UTF-8 offset `offset`, or `nil` if none does.
    ///
    /// The character before `offset` is not looked at: scanning `2024` at offset 1 returns `024`.
    package func number(at offset: Int) -> ChineseNumber? {
        guard offset >= 0 && offset < self.utf8.count else { return nil }
        return self.utf8.withUnsafeBufferPointer { NumberParser(bytes: $0).number(at: offset) }
    }

    /// Every number in the text, left to right, not overlapping.
    package func numbers() -> [ChineseNumber] {
        self.utf8.withUnsafeBufferPointer { bytes in
            let parser = NumberParser(bytes: bytes)
            var result: [ChineseNumber] = []
            var position = 0
            while position < bytes.count {
                if let number = parser.number(at: position) {
                    result.append(number)
                    position = number.span.upperBound
                } else {
                    position += decodeUTF8Scalar(bytes, at: position).1
                }
            }
            return result
        }
    }

    /// Parses `text` as exactly one number (no leading or trailing characters), else `nil`.
    package static func parse(_ text: String) -> ChineseNumber? {
        let scanner = ChineseNumberScanner(text)
        guard let number = scanner.number(at: 0), number.span.upperBound == scanner.utf8.count else { return nil }
        return number
    }
}

/// The integer or decimal part of a notation, before fractions and tenths are considered.
private struct NumberBase {
    var significand: Int64 = 0
    var exponent = 0
    var isExact = true
    var doubleValue = 0.0
    var end = 0
    var script = ChineseNumber.Script.arabic
    var integerDigitCount = 0
    var fractionDigitCount = 0
    var hasDecimalPoint = false
    var hasGroupingSeparator = false
    var hasFullWidthDigits = false
    var isPositional = false
    var largeUnitExponent = 0
    /// Written as the single character 百 (so `百分之` is a percentage).
    var isBareHundred = false

    var integerValue: Int64? {
        guard self.isExact, self.exponent >= 0, !self.hasDecimalPoint || self.exponent >= 0 else { return nil }
        var value = self.significand
        for _ in 0..<self.exponent {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            value = product
        }
        return value
    }
}

private struct NumberParser {
    let bytes: UnsafeBufferPointer<UInt8>

    private func scalar(at position: Int) -> (value: UInt32, length: Int)? {
        position < self.bytes.count ? decodeUTF8Scalar(self.bytes, at: position) : nil
    }

    func number(at start: Int) -> ChineseNumber? {
        guard let base = self.arabicBase(at: start) ?? self.chineseBase(at: start) else { return nil }

        // "三分之一", "百分之三十", "千分之五".
        if let fen = self.scalar(at: base.end), fen.value == 0x5206, let zhi = self.scalar(at: base.end + fen.length),
            zhi.value == 0x4E4B, let denominator = base.integerValue, denominator > 0, !base.hasDecimalPoint,
            let numerator = self.arabicBase(at: base.end + fen.length + zhi.length)
                ?? self.chineseBase(at: base.end + fen.length + zhi.length)
        {
            let script: ChineseNumber.Script = base.script == numerator.script ? base.script : .mixed
            return self.make(
                numerator,
                start: start,
                end: numerator.end,
                denominator: denominator,
                form: base.isBareHundred ? .percent : .fraction,
                script: script
            )
        }

        // "1/4", but not "2024/3/5" (neither at "2024" nor at "3").
        let afterSlash = start > 0 && self.bytes[start - 1] == UInt8(ascii: "/")
        if base.script == .arabic && !base.hasDecimalPoint && !base.hasGroupingSeparator && !afterSlash,
            let slash = self.scalar(at: base.end), slash.value == 0x2F || slash.value == 0xFF0F,
            let denominator = self.arabicBase(at: base.end + slash.length, allowDecimal: false),
            denominator.script == .arabic, let divisor = denominator.integerValue, divisor > 0,
            !self.continuesDateLike(at: denominator.end)
        {
            return self.make(base, start: start, end: denominator.end, denominator: divisor, form: .fraction)
        }

        // "8成" = 80%.
        if let cheng = self.scalar(at: base.end), cheng.value == 0x6210, !base.isPositional,
            base.doubleValue > 0 && base.doubleValue <= 10
        {
            let following = self.scalar(at: base.end + cheng.length)?.value
            if following.map({ !Self.wordsStartingWithCheng.contains($0) }) ?? true {
                return self.make(base, start: start, end: base.end + cheng.length, denominator: 10, form: .tenths)
            }
        }
        return self.make(base, start: start, end: base.end, denominator: 1, form: .cardinal)
    }

    /// Characters after 成 that make it part of a word (成员, 成立, 成果, 一成不变, …).
    private static let wordsStartingWithCheng: Set<UInt32> = Set(
        "员立为果本功绩效熟长就交品型不年人都分像群全事语批套家色败形份".unicodeScalars.map(\.value)
    )

    private func continuesDateLike(at position: Int) -> Bool {
        guard let next = self.scalar(at: position) else { return false }
        return next.value == 0x2F || next.value == 0xFF0F || Self.arabicDigit(next.value) != nil
    }

    private func make(
        _ base: NumberBase,
        start: Int,
        end: Int,
        denominator: Int64,
        form: ChineseNumber.Form,
        script: ChineseNumber.Script? = nil
    ) -> ChineseNumber {
        ChineseNumber(
            significand: base.significand,
            exponent: base.exponent,
            denominator: denominator,
            span: start..<end,
            script: script ?? base.script,
            form: form,
            integerDigitCount: base.integerDigitCount,
            fractionDigitCount: base.fractionDigitCount,
            hasDecimalPoint: base.hasDecimalPoint,
            hasGroupingSeparator: base.hasGroupingSeparator,
            hasFullWidthDigits: base.hasFullWidthDigits,
            isPositional: base.isPositional,
            largeUnitExponent: base.largeUnitExponent,
            isExact: base.isExact,
            doubleValue: base.isExact ? nil : base.doubleValue / Double(denominator)
        )
    }

    // MARK: Arabic digits

    static func arabicDigit(_ value: UInt32) -> Int64? {
        switch value {
        case 0x30...0x39: Int64(value - 0x30)
        case 0xFF10...0xFF19: Int64(value - 0xFF10)
        default: nil
        }
    }

    private func arabicBase(at start: Int, allowDecimal: Bool = true) -> NumberBase? {
        guard let first = self.scalar(at: start), Self.arabicDigit(first.value) != nil else { return nil }
        var base = NumberBase()
        var position = start
        var groupLength = 0
        var groups = 0
        while let current = self.scalar(at: position) {
            if let digit = Self.arabicDigit(current.value) {
                base.accumulate(digit)
                base.integerDigitCount += 1
                base.hasFullWidthDigits = base.hasFullWidthDigits || current.value > 0x7F
                groupLength += 1
                position += current.length
            } else if current.value == 0x2C && allowDecimal && (groups == 0 ? groupLength <= 3 : groupLength == 3)
                && self.isThreeDigitGroup(at: position + 1)
            {
                base.hasGroupingSeparator = true
                groups += 1
                groupLength = 0
                position += 1
            } else {
                break
            }
        }
        if groups > 0 && groupLength != 3 { return nil }  // Unreachable by construction; kept as a guard.
        if allowDecimal, let point = self.scalar(at: position), point.value == 0x2E || point.value == 0xFF0E,
            let next = self.scalar(at: position + point.length), Self.arabicDigit(next.value) != nil
        {
            base.hasDecimalPoint = true
            position += point.length
            while let current = self.scalar(at: position), let digit = Self.arabicDigit(current.value) {
                base.accumulate(digit)
                base.exponent -= 1
                base.fractionDigitCount += 1
                position += current.length
            }
        }
        base.end = position
        if allowDecimal { self.applyMultiplier(&base) }
        base.recomputeDouble()
        return base
    }

    private func isThreeDigitGroup(at position: Int) -> Bool {
        var position = position
        for _ in 0..<3 {
            guard let current = self.scalar(at: position), Self.arabicDigit(current.value) != nil else { return false }
            position += current.length
        }
        guard let after = self.scalar(at: position) else { return true }
        return Self.arabicDigit(after.value) == nil
    }

    /// Applies a trailing 十/百/千 and up to two 万/亿 to an Arabic or decimal Chinese number.
    private func applyMultiplier(_ base: inout NumberBase) {
        var position = base.end
        var applied = false
        if let unit = self.scalar(at: position), let power = Self.smallUnitPower(unit.value) {
            base.exponent += power
            position += unit.length
            applied = true
        }
        var large = 0
        while large < 2, let unit = self.scalar(at: position), let power = Self.largeUnitPower(unit.value) {
            base.exponent += power
            base.largeUnitExponent += power
            position += unit.length
            applied = true
            large += 1
        }
        if applied {
            base.end = position
            if base.script == .arabic { base.script = .mixed }
            base.recomputeDouble()
        }
    }

    // MARK: Chinese numerals

    static func chineseDigit(_ value: UInt32) -> Int64? {
        switch value {
        case 0x3007, 0x96F6: 0
        case 0x4E00, 0x58F9: 1
        case 0x4E8C, 0x4E24, 0x8D30, 0x5169: 2
        case 0x4E09, 0x53C1: 3
        case 0x56DB, 0x8086: 4
        case 0x4E94, 0x4F0D: 5
        case 0x516D, 0x9646: 6
        case 0x4E03, 0x67D2: 7
        case 0x516B, 0x634C: 8
        case 0x4E5D, 0x7396: 9
        default: nil
        }
    }

    static func smallUnitPower(_ value: UInt32) -> Int? {
        switch value {
        case 0x5341, 0x62FE: 1
        case 0x767E, 0x4F70: 2
        case 0x5343, 0x4EDF: 3
        default: nil
        }
    }

    static func largeUnitPower(_ value: UInt32) -> Int? {
        switch value {
        case 0x4E07, 0x842C: 4
        case 0x4EBF, 0x5104: 8
        default: nil
        }
    }

    private func chineseBase(at start: Int) -> NumberBase? {
        var yi: Int64 = 0
        var wan: Int64 = 0
        var section: Int64 = 0
        var pending: Int64 = 0
        var hasPending = false
        var lastSmallPower = Int.max
        var lastUnitPower = 0
        var sawUnit = false
        var zeroSinceUnit = false
        var positional = false
        var positionalValue: Int64 = 0
        var digitCount = 0
        var position = start
        var end = start
        var first = true
        var bareHundred = false

        scan: while let current = self.scalar(at: position) {
            if let digit = Self.chineseDigit(current.value) {
                if positional || (hasPending && !sawUnit) {
                    // "二〇三五", "八五": one digit per position.
                    guard digitCount < 18 else { break scan }
                    positional = true
                    positionalValue = positionalValue * 10 + digit
                    digitCount += 1
                    end = position + current.length
                } else if digit == 0 {
                    if first {
                        hasPending = true
                        pending = 0
                        digitCount = 1
                        end = position + current.length
                    } else if sawUnit {
                        // "一千零五": the zero is kept only if a digit follows.
                        zeroSinceUnit = true
                    } else {
                        break scan
                    }
                } else if hasPending && pending != 0 {
                    break scan  // "十四五": a second digit after a unit ends the number.
                } else {
                    pending = digit
                    hasPending = true
                    positionalValue = digit
                    digitCount += 1
                    end = position + current.length
                }
            } else if let power = Self.smallUnitPower(current.value) {
                if positional || power >= lastSmallPower { break scan }
                let unit: Int64 = power == 1 ? 10 : power == 2 ? 100 : 1000
                if hasPending && pending != 0 {
                    section += pending * unit
                } else if first || (power == 1 && (section == 0 || zeroSinceUnit)) {
                    section += unit  // "十二", "百余", "两万十", "一千零十".
                    bareHundred = first && power == 2
                } else {
                    break scan
                }
                pending = 0
                hasPending = false
                lastSmallPower = power
                lastUnitPower = power
                sawUnit = true
                zeroSinceUnit = false
                end = position + current.length
            } else if let power = Self.largeUnitPower(current.value) {
                if positional { break scan }
                let sectionValue = section + pending
                if power == 4 {
                    if sectionValue == 0 || wan != 0 { break scan }
                    guard case (let product, false) = sectionValue.multipliedReportingOverflow(by: 10_000) else {
                        break scan
                    }
                    wan = product
                } else {
                    let total = yi + wan + sectionValue
                    if total == 0 { break scan }
                    guard case (let product, false) = total.multipliedReportingOverflow(by: 100_000_000) else {
                        break scan
                    }
                    yi = product
                    wan = 0
                }
                section = 0
                pending = 0
                hasPending = false
                lastSmallPower = Int.max
                lastUnitPower = power
                sawUnit = true
                zeroSinceUnit = false
                bareHundred = false
                end = position + current.length
            } else {
                break scan
            }
            first = false
            position += current.length
            if end < position && !zeroSinceUnit { break scan }
        }
        guard end > start else { return nil }

        var base = NumberBase()
        base.script = .chinese
        base.integerDigitCount = digitCount
        base.isPositional = positional
        base.isBareHundred = bareHundred && end - start == 3
        if positional {
            base.significand = positionalValue
        } else {
            var tail = pending
            if hasPending && pending != 0 && !zeroSinceUnit && lastUnitPower >= 2 {
                // Colloquial "两万五" = 25000, "一百二" = 120: the digit counts one unit down.
                var scale: Int64 = 1
                for _ in 0..<(lastUnitPower - 1) { scale *= 10 }
                tail = pending * scale
            }
            base.significand = yi + wan + section + tail
        }
        base.doubleValue = Double(base.significand)
        base.end = end

        // "三点五", "三点五万".
        if let point = self.scalar(at: end), point.value == 0x70B9, !positional,
            let next = self.scalar(at: end + point.length), Self.chineseDigit(next.value) != nil
        {
            var position = end + point.length
            while let current = self.scalar(at: position), let digit = Self.chineseDigit(current.value),
                base.fractionDigitCount < 12
            {
                base.accumulate(digit)
                base.exponent -= 1
                base.fractionDigitCount += 1
                position += current.length
            }
            base.hasDecimalPoint = true
            base.end = position
            var large = 0
            while large < 2, let unit = self.scalar(at: base.end), let power = Self.largeUnitPower(unit.value) {
                base.exponent += power
                base.largeUnitExponent += power
                base.end += unit.length
                large += 1
            }
            base.recomputeDouble()
        } else if lastUnitPower >= 4 && !hasPending && section == 0 {
            base.largeUnitExponent = lastUnitPower
        }
        return base
    }
}

extension NumberBase {
    /// Appends a decimal digit to the significand, switching to approximate on overflow.
    fileprivate mutating func accumulate(_ digit: Int64) {
        if self.isExact {
            let (shifted, overflowA) = self.significand.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(digit)
            if overflowA || overflowB {
                self.isExact = false
                self.doubleValue = Double(self.significand) * 10 + Double(digit)
                self.significand = .max
            } else {
                self.significand = sum
                self.doubleValue = Double(sum)
            }
        } else {
            self.doubleValue = self.doubleValue * 10 + Double(digit)
        }
    }

    fileprivate mutating func recomputeDouble() {
        if self.isExact {
            self.doubleValue = ChineseNumber.double(self.significand, self.exponent, 1)
        } else {
            self.doubleValue = ChineseNumber.double(1, self.exponent, 1) * self.doubleValue
        }
    }
}
