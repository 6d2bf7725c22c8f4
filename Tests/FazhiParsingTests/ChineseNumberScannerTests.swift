import FazhiParsing
import Testing

@Suite("ChineseNumberScanner")
struct ChineseNumberScannerTests {
    /// (notation, value as Double, script, form)
    @Test(
        "Whole-string parsing",
        arguments: [
            ("0", 0, .arabic, .cardinal),
            ("7", 7, .arabic, .cardinal),
            ("130", 130, .arabic, .cardinal),
            ("1,090", 1090, .arabic, .cardinal),
            ("12,345,678", 12_345_678, .arabic, .cardinal),
            ("97.6", 97.6, .arabic, .cardinal),
            ("61.7", 61.7, .arabic, .cardinal),
            ("0.5", 0.5, .arabic, .cardinal),
            ("２０２４", 2024, .arabic, .cardinal),
            ("９７．６", 97.6, .arabic, .cardinal),
            ("2.8万", 28_000, .mixed, .cardinal),
            ("64.71万", 647_100, .mixed, .cardinal),
            ("8.2亿", 820_000_000, .mixed, .cardinal),
            ("10万", 100_000, .mixed, .cardinal),
            ("3千", 3000, .mixed, .cardinal),
            ("1.5万亿", 1_500_000_000_000, .mixed, .cardinal),
            ("一", 1, .chinese, .cardinal),
            ("两", 2, .chinese, .cardinal),
            ("十", 10, .chinese, .cardinal),
            ("十二", 12, .chinese, .cardinal),
            ("二十", 20, .chinese, .cardinal),
            ("二十三", 23, .chinese, .cardinal),
            ("一百", 100, .chinese, .cardinal),
            ("一百二十", 120, .chinese, .cardinal),
            ("一百零八", 108, .chinese, .cardinal),
            ("一千零五", 1005, .chinese, .cardinal),
            ("一千零十", 1010, .chinese, .cardinal),
            ("两千", 2000, .chinese, .cardinal),
            ("两万", 20_000, .chinese, .cardinal),
            ("十万", 100_000, .chinese, .cardinal),
            ("两万三千", 23_000, .chinese, .cardinal),
            ("一万二千三百四十五", 12_345, .chinese, .cardinal),
            ("三亿五千万", 350_000_000, .chinese, .cardinal),
            ("两万五", 25_000, .chinese, .cardinal),
            ("一百二", 120, .chinese, .cardinal),
            ("〇", 0, .chinese, .cardinal),
            ("零", 0, .chinese, .cardinal),
            ("二〇三五", 2035, .chinese, .cardinal),
            ("八五", 85, .chinese, .cardinal),
            ("壹仟贰佰叁拾肆", 1234, .chinese, .cardinal),
            ("百", 100, .chinese, .cardinal),
            ("三点五", 3.5, .chinese, .cardinal),
            ("1/4", 0.25, .arabic, .fraction),
            ("３/４", 0.75, .arabic, .fraction),
            ("三分之一", 1.0 / 3.0, .chinese, .fraction),
            ("三分之二", 2.0 / 3.0, .chinese, .fraction),
            ("千分之五", 0.005, .chinese, .fraction),
            ("百分之三十", 0.3, .chinese, .percent),
            ("百分之九十五点五", 0.955, .chinese, .percent),
            ("8成", 0.8, .arabic, .tenths),
            ("八成", 0.8, .chinese, .tenths),
            ("8.5成", 0.85, .arabic, .tenths),
        ] as [(String, Double, ChineseNumber.Script, ChineseNumber.Form)]
    )
    func parse(notation: String, value: Double, script: ChineseNumber.Script, form: ChineseNumber.Form) throws {
        let number = try #require(ChineseNumberScanner.parse(notation), "\(notation) should parse")
        #expect(abs(number.doubleValue - value) <= abs(value) * 1e-12, "\(notation): \(number.doubleValue)")
        #expect(number.script == script, "\(notation)")
        #expect(number.form == form, "\(notation)")
        #expect(number.span == 0..<notation.utf8.count)
    }

    @Test("Exact values survive decimal multipliers")
    func exactness() throws {
        let number = try #require(ChineseNumberScanner.parse("64.71万"))
        #expect(number.integerValue == 647_100)
        #expect(number.significand == 6471 && number.exponent == 2)
        #expect(number.largeUnitExponent == 4)
        #expect(try #require(ChineseNumberScanner.parse("97.6")).integerValue == nil)
        #expect(try #require(ChineseNumberScanner.parse("8成")).percentValue == 80)
        #expect(try #require(ChineseNumberScanner.parse("1/4")).percentValue == 25)
        let huge = try #require(ChineseNumberScanner.parse("123456789012345678901234"))
        #expect(huge.isExact == false && huge.integerValue == nil && huge.integerDigitCount == 24)
        #expect(huge.doubleValue > 1.2e23)
    }

    @Test("What a later stage needs to tell dates and IDs from quantities")
    func notationDetails() throws {
        let date = try #require(ChineseNumberScanner.parse("6.25"))
        #expect(date.hasDecimalPoint && date.fractionDigitCount == 2 && date.integerDigitCount == 1)
        let grouped = try #require(ChineseNumberScanner.parse("1,090"))
        #expect(grouped.hasGroupingSeparator && grouped.integerDigitCount == 4)
        let fullWidth = try #require(ChineseNumberScanner.parse("２０２４"))
        #expect(fullWidth.hasFullWidthDigits && fullWidth.integerDigitCount == 4)
        let programme = try #require(ChineseNumberScanner.parse("八五"))
        #expect(programme.isPositional && programme.integerDigitCount == 2)
        let year = try #require(ChineseNumberScanner.parse("二〇三五"))
        #expect(year.isPositional && year.integerDigitCount == 4)
        #expect(try #require(ChineseNumberScanner.parse("两万")).largeUnitExponent == 4)
    }

    /// (text, expected numbers as (matched text, value))
    @Test(
        "Scanning running text",
        arguments: [
            ("调解矛盾纠纷130件，成功率97.6%", [("130", 130.0), ("97.6", 97.6)]),
            ("“十四五”规划", [("十四", 14), ("五", 5)]),
            ("2024年3月25日", [("2024", 2024), ("3", 3), ("25", 25)]),
            ("2024/3/25发布", [("2024", 2024), ("3", 3), ("25", 25)]),
            ("2019,2020年", [("2019", 2019), ("2020", 2020)]),
            ("共1,090人次", [("1,090", 1090)]),
            ("3,5个", [("3", 3), ("5", 5)]),
            ("两万余人次", [("两万", 20_000)]),
            ("8成以上", [("8成", 0.8)]),
            ("8成员单位", [("8", 8)]),
            ("一成不变", [("一", 1)]),
            ("3·15", [("3", 3), ("15", 15)]),
            ("12345热线工单2831单", [("12345", 12345), ("2831", 2831)]),
            ("提升1倍", [("1", 1)]),
            ("一千零", [("一千", 1000), ("零", 0)]),
            ("三五成群", [("三五", 35)]),
            ("万一", [("一", 1)]),
        ] as [(String, [(String, Double)])]
    )
    func scan(text: String, expected: [(String, Double)]) {
        let scanner = ChineseNumberScanner(text)
        let numbers = scanner.numbers()
        let found = numbers.map { number in
            (String(decoding: scanner.utf8[number.span], as: UTF8.self), number.doubleValue)
        }
        #expect(found.count == expected.count, "\(text): \(found)")
        for (actual, wanted) in zip(found, expected) {
            #expect(actual.0 == wanted.0, "\(text)")
            #expect(abs(actual.1 - wanted.1) < 1e-9, "\(text): \(actual.1)")
        }
    }

    @Test("number(at:) scans from an exact offset only")
    func numberAtOffset() throws {
        let scanner = ChineseNumberScanner("共计300余份")
        #expect(scanner.number(at: 0) == nil)
        let number = try #require(scanner.number(at: 6))
        #expect(number.span == 6..<9 && number.integerValue == 300)
        #expect(scanner.number(at: -1) == nil && scanner.number(at: 100) == nil)
        #expect(ChineseNumberScanner.parse("12件") == nil)
    }
}
