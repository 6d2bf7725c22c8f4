/// A number as written in a report, with its exact value and how it was written.
///
/// The value is `significand × 10^exponent / denominator`, kept exact so that `64.71万` is
/// exactly 647100. This type does not decide whether a number is a quantity, a date part, an
/// ordinal or an identifier; it records what a later stage needs to decide that (the span, the
/// digit counts, whether a decimal point or grouping separator was used, whether Chinese digits
/// were written positionally like `二〇三五` or `八五`).
package struct ChineseNumber: Hashable, Sendable {
    /// Which digits were used.
    package enum Script: Hashable, Sendable {
        /// Arabic digits only (ASCII or full-width): `1,090`, `97.6`, `２０２４`.
        case arabic
        /// Chinese numerals only: `两`, `二十三`, `一千零五`, `二〇三五`.
        case chinese
        /// Arabic digits with a Chinese multiplier: `2.8万`, `3千`, `8.2亿`.
        case mixed
    }

    /// What kind of value the notation expresses.
    package enum Form: Hashable, Sendable {
        /// A plain number.
        case cardinal
        /// A fraction: `1/4`, `三分之一`, `千分之五`.
        case fraction
        /// A percentage written `百分之…`; the value is the ratio (`百分之三十` = 0.3).
        case percent
        /// Tenths written with `成`: `8成` = 0.8 (80%).
        case tenths
    }

    /// The decimal significand of the numerator (saturated at `Int64.max` when ``isExact`` is false).
    package var significand: Int64
    /// The power of ten applied to ``significand``.
    package var exponent: Int
    /// The denominator: 1 for cardinals, 100 for percent, 10 for tenths.
    package var denominator: Int64
    /// The UTF-8 byte range of the whole notation in the scanned text.
    package var span: Range<Int>
    /// Which digits were used.
    package var script: Script
    /// What kind of value it is.
    package var form: Form
    /// Digits before the decimal point as written: Arabic digits, or Chinese digit characters
    /// (units such as 十 and 万 are not digits). For a fraction, those of the numerator.
    package var integerDigitCount: Int
    /// Digits after the decimal point (`.`, `．` or `点`).
    package var fractionDigitCount: Int
    /// Whether a decimal point was written.
    package var hasDecimalPoint: Bool
    /// Whether thousands separators were written (`1,090`).
    package var hasGroupingSeparator: Bool
    /// Whether full-width digits were used.
    package var hasFullWidthDigits: Bool
    /// Whether Chinese digits were written one per position without units (`二〇三五`, `八五`).
    package var isPositional: Bool
    /// The power of ten of a trailing 万/亿 multiplier (4, 8 or 12), else 0.
    package var largeUnitExponent: Int
    /// False when the digits did not fit in 64 bits; ``doubleValue`` is then approximate.
    package var isExact: Bool
    /// The value as a `Double` (a ratio for fractions, percent and tenths).
    package var doubleValue: Double

    /// Creates a number; normally only ``ChineseNumberScanner`` does this.
    package init(
        significand: Int64,
        exponent: Int,
        denominator: Int64,
        span: Range<Int>,
        script: Script,
        form: Form,
        integerDigitCount: Int,
        fractionDigitCount: Int = 0,
        hasDecimalPoint: Bool = false,
        hasGroupingSeparator: Bool = false,
        hasFullWidthDigits: Bool = false,
        isPositional: Bool = false,
        largeUnitExponent: Int = 0,
        isExact: Bool = true,
        doubleValue: Double? = nil
    ) {
        self.significand = significand
        self.exponent = exponent
        self.denominator = denominator
        self.span = span
        self.script = script
        self.form = form
        self.integerDigitCount = integerDigitCount
        self.fractionDigitCount = fractionDigitCount
        self.hasDecimalPoint = hasDecimalPoint
        self.hasGroupingSeparator = hasGroupingSeparator
        self.hasFullWidthDigits = hasFullWidthDigits
        self.isPositional = isPositional
        self.largeUnitExponent = largeUnitExponent
        self.isExact = isExact
        self.doubleValue = doubleValue ?? Self.double(significand, exponent, denominator)
    }

    /// The exact integer value, or `nil` when the value is not an integer or does not fit.
    package var integerValue: Int64? {
        guard self.isExact else { return nil }
        var numerator = self.significand
        var exponent = self.exponent
        while exponent > 0 {
            let (product, overflow) = numerator.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            numerator = product
            exponent -= 1
        }
        var divisor = self.denominator
        while exponent < 0 {
            let (product, overflow) = divisor.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            divisor = product
            exponent += 1
        }
        guard divisor != 0, numerator % divisor == 0 else { return nil }
        return numerator / divisor
    }

    /// The value as a percentage (`8成` → 80, `百分之三十` → 30, `1/4` → 25).
    package var percentValue: Double { self.doubleValue * 100 }

    static func double(_ significand: Int64, _ exponent: Int, _ denominator: Int64) -> Double {
        var value = Double(significand)
        if exponent >= 0 {
            for _ in 0..<exponent { value *= 10 }
        } else {
            var divisor = 1.0
            for _ in 0..<(-exponent) { divisor *= 10 }
            value /= divisor
        }
        return denominator == 0 ? .nan : value / Double(denominator)
    }
}
