/// From scanned numbers to candidates: unit, qualifier, range, and the traps that are not
/// quantities (dates, names, ordinals, identifiers, formulas).
extension FactExtractor {
    private static let percentUnit = FactUnit("%", kind: .rate)
    private static let yu: UInt32 = 0x4F59  // 余
    private static let duo: UInt32 = 0x591A  // 多
    static let yi: UInt32 = 0x4E00  // 一
    private static let er: UInt32 = 0x4E8C  // 二
    private static let mei: UInt32 = 0x6BCF  // 每
    private static let fractionLeadIns = FactWords.list(["占比", "占", "约", "达", "近", "超"])

    /// A number found by ``numbers(in:)``, with its scalar range.
    struct ScannedNumber {
        var number: ChineseNumber
        var start: Int
        var end: Int
    }

    /// Scalars (folded) at which a number can start: digits, Chinese numerals and their units.
    /// Every scalar the number scanner starts on is in the set, folded or not.
    static let numberStartScalars: ScalarBitmap = {
        var bitmap = ScalarBitmap()
        let raw = "0123456789０１２３４５６７８９〇零一壹二两兩贰貳三叁參四肆五伍六陆陸七柒八捌九玖十拾百佰千仟万萬亿億"
        for scalar in raw.unicodeScalars {
            bitmap.insert(scalar.value)
            let folded = ScalarFolding.fold(scalar.value)
            if folded != ScalarFolding.deleted { bitmap.insert(folded) }
        }
        return bitmap
    }()

    /// Scalars after a lone 一 that may still make it a fact or a longer number: numerals, 点
    /// (decimals), 分 (fractions), 成 (tenths), 余/多, spaces and the first scalar of every unit.
    static let afterLoneYi: ScalarBitmap = {
        var bitmap = Self.numberStartScalars
        for scalar in "点分成余多 \t".unicodeScalars { bitmap.insert(scalar.value) }
        for unit in FactUnit.all { if let first = unit.scalars.first { bitmap.insert(first) } }
        return bitmap
    }()

    /// The numbers of `text`, left to right and not overlapping, as ``ChineseNumberScanner/numbers()``
    /// finds them, except lone 一 that no unit follows (一项重大任务 stays, 一是 goes): the scanner
    /// is asked only where a number can start.
    static func numbers(in text: FactText) -> [ScannedNumber] {
        let scanner = ChineseNumberScanner(utf8: text.utf8)
        var result: [ScannedNumber] = []
        let count = text.count
        let afterLoneYi = Self.afterLoneYi
        text.scalars.withUnsafeBufferPointer { scalars in
            var index = 0
            for start in text.numberStarts {
                let position = Int(start)
                guard position >= index else { continue }
                if scalars[position] == Self.yi, position + 1 < count, !afterLoneYi.contains(scalars[position + 1]) {
                    continue
                }
                guard let number = scanner.number(at: text.offset(of: position)) else { continue }
                var end = position + 1
                while end < count, text.offset(of: end) < number.span.upperBound { end += 1 }
                result.append(ScannedNumber(number: number, start: position, end: end))
                index = end
            }
        }
        return result
    }

    /// The candidates among `numbers`, in text order.
    static func candidates(in text: FactText, numbers: [ScannedNumber]) -> [FactCandidate] {
        var result: [FactCandidate] = []
        var index = 0
        while index < numbers.count {
            let next = index + 1 < numbers.count ? numbers[index + 1] : nil
            if let (candidate, usedNext) = Self.candidate(in: text, scanned: numbers[index], next: next) {
                result.append(candidate)
                index += usedNext ? 2 : 1
            } else {
                index += 1
            }
        }
        return result
    }

    /// The start of the clause holding `index` (after the last clause end), at most `limit` back.
    static func clauseStart(in text: FactText, before index: Int, limit: Int = 40) -> Int {
        var position = index
        let floor = max(0, index - limit)
        while position > floor, !FactWords.isClauseEnd(text[position - 1]) { position -= 1 }
        return position
    }

    /// The end of the clause holding `index` (the next clause end), at most `limit` ahead.
    static func clauseEnd(in text: FactText, after index: Int, limit: Int = 60) -> Int {
        var position = index
        let ceiling = min(text.count, index + limit)
        while position < ceiling, !FactWords.isClauseEnd(text[position]) { position += 1 }
        return position
    }

    /// Whether a clause end, a sentence end or the end of the text comes at `index`.
    private static func closesClause(_ text: FactText, at index: Int) -> Bool {
        let next = text[index]
        return next == 0 || FactWords.isClauseEnd(next)
    }

    /// Whether the scalar at `index` is a typed " or ' that closes a quotation (`closing`: an odd
    /// number of the same quote comes before it on its line) or opens one (an even number). The
    /// look back stops at the line's start or after ``asciiQuoteLookBack`` scalars, where it
    /// answers `false` (the quote is taken as the one that makes the number a name), so the scan
    /// stays linear on any text.
    private static func isASCIIQuote(_ text: FactText, at index: Int, closing: Bool) -> Bool {
        let quote = text[index]
        guard quote == 0x22 || quote == 0x27 else { return false }
        var count = 0
        var position = index - 1
        while position >= 0, text[position] != 0x0A {
            guard index - position <= Self.asciiQuoteLookBack else { return false }
            if text[position] == quote { count += 1 }
            position -= 1
        }
        return count % 2 == (closing ? 1 : 0)
    }

    /// How far ``isASCIIQuote(_:at:closing:)`` looks back for the quotes before one.
    static let asciiQuoteLookBack = 256

    private static func candidate(
        in text: FactText,
        scanned: ScannedNumber,
        next scannedNext: ScannedNumber?
    ) -> (FactCandidate, Bool)? {
        let number = scanned.number
        let next = scannedNext?.number
        let start = scanned.start
        let end = scanned.end
        guard end > start, !number.isPositional, number.doubleValue.isFinite else { return nil }
        let isChinese = number.script == .chinese
        let before = text[start - 1]
        let after = text[end]

        // Ordinals (第三十三条), slogans and days in quotes (“1338”, “3·15”, 12345”热线),
        // identifiers (ICP备05023036号, 〔2021〕33号, E/2020-00573), a number that runs on into
        // another (十四五), and streaks (连续四年).
        // A typed " or ' is both quotes: after one that closes a quotation ("法律明白人"120名) or
        // before one that opens one, the number is an ordinary figure.
        if before == FactWords.ordinal
            || (FactWords.openingQuotes.contains(before) && !Self.isASCIIQuote(text, at: start - 1, closing: true))
            || (FactWords.closingQuotes.contains(after) && !Self.isASCIIQuote(text, at: end, closing: false))
        {
            return nil
        }
        if FactWords.identifierNeighbours.contains(before) || FactWords.isASCIILetter(before)
            || FactWords.isArabicDigit(before) || FactWords.isASCIILetter(after) || FactWords.isArabicDigit(after)
        {
            return nil
        }
        if FactWords.chineseNumerals.contains(after) || (isChinese && FactWords.chineseNumerals.contains(before)) {
            return nil
        }
        if text.matches(FactWords.streak, endingAt: start) { return nil }

        // A range: 3-5次, 3至5次.
        var cursor = end
        var valueMax: Double?
        var usedNext = false
        if FactWords.rangeSeparators.contains(after), let next,
            let scannedNext, scannedNext.start == end + 1, next.form == .cardinal,
            next.doubleValue > number.doubleValue
        {
            valueMax = next.doubleValue
            cursor = scannedNext.end
            usedNext = true
        }

        var qualifier = Qualifier.exact
        var unit: FactUnit
        var unitRange: Range<Int>
        var value = number.doubleValue
        switch number.form {
        case .percent, .tenths:
            unit = Self.percentUnit
            unitRange = cursor..<cursor
            value *= 100
            valueMax = valueMax.map { $0 * 100 }
        case .fraction:
            guard text.suffixLength(of: Self.fractionLeadIns, endingAt: start) != nil else { return nil }
            unit = Self.percentUnit
            unitRange = cursor..<cursor
            value *= 100
        case .cardinal:
            while FactWords.isSpace(text[cursor]) && cursor - end < 3 { cursor += 1 }
            if text[cursor] == Self.yu || text[cursor] == Self.duo {
                qualifier = .approxOver
                cursor += 1
                while FactWords.isSpace(text[cursor]) && cursor - end < 5 { cursor += 1 }
            }
            guard let found = FactUnit.unit(in: text, at: cursor) else { return nil }
            unit = found
            unitRange = cursor..<(cursor + found.scalars.count)
            value *= found.multiplier
            valueMax = valueMax.map { $0 * found.multiplier }
        }
        if usedNext, valueMax == nil { return nil }

        let clauseStart = Self.clauseStart(in: text, before: start)
        let clauseEnd = Self.clauseEnd(in: text, after: unitRange.upperBound)

        // A formula (1名街道干部+1名民警+…, 1+6+N) describes a rule, not a result.
        var position = clauseStart
        var frequencyRule = false
        while position < clauseEnd {
            let scalar = text[position]
            if scalar == 0x2B { return nil }  // +
            // 每 + a period before the number: a frequency rule (每季度召开1次).
            if scalar == Self.mei, position < start, !frequencyRule,
                let length = text.prefixLength(of: FactWords.frequencyRule, at: position), position + length <= start
            {
                frequencyRule = true
            }
            position += 1
        }

        // Chinese numerals: a lone 一 is an article (一项重大政治任务, 一场座谈会) unless a frequency
        // rule counts it (每季度开展一次); a lone 二 before a classifier is "second" (二次录入),
        // since counts say 两; 四个意识 and 三项制度 are slogans.
        var isRequirement = false
        if isChinese && end - start == 1 {
            if text[start] == Self.er { return nil }
            // 一 closing its clause after the noun counts (清理规范性文件一件。): no noun follows it.
            if number.doubleValue == 1 && !frequencyRule && !Self.closesClause(text, at: unitRange.upperBound) {
                return nil
            }
        }
        if isChinese && (unit.written == "个" || unit.written == "项")
            && text.prefixLength(of: FactWords.sloganAfterClassifier, at: unitRange.upperBound) != nil
        {
            return nil
        }

        // Qualifiers after the unit.
        var textEnd = max(unitRange.upperBound, cursor)
        if let length = text.prefixLength(of: FactWords.atLeastAfter, at: textEnd) {
            if qualifier == .exact { qualifier = .atLeast }
            textEnd += length
        } else if let length = text.prefixLength(of: FactWords.atMostAfter, at: textEnd) {
            if qualifier == .exact { qualifier = .atMost }
            textEnd += length
        } else if let length = text.prefixLength(of: FactWords.approxAfter, at: textEnd) {
            if qualifier == .exact { qualifier = .approx }
            textEnd += length
        }
        // Qualifiers before the number.
        if text.suffixLength(of: FactWords.requirementBefore, endingAt: start) != nil {
            isRequirement = true
        }
        if qualifier == .exact {
            // The longer word decides: 不超过 (at most) contains 超过, 不少于 (at least) contains 少于.
            let atMost = text.suffixLength(of: FactWords.atMostBefore, endingAt: start) ?? 0
            let atLeast = text.suffixLength(of: FactWords.atLeastBefore, endingAt: start) ?? 0
            if atMost > atLeast {
                qualifier = .atMost
            } else if atLeast > 0 {
                qualifier = .atLeast
            } else if let length = text.suffixLength(of: FactWords.approxBefore, endingAt: start) {
                let previous = text[start - length - 1]
                if !(length == 1 && (previous == 0x6700 || previous == 0x9644)) {  // 最近, 附近
                    qualifier = .approx
                }
            }
        }
        if frequencyRule { isRequirement = true }
        if qualifier == .atLeast, FactWords.staffingRule.contains(where: { text.contains($0, in: clauseStart..<start) }) {
            isRequirement = true
        }

        var kind = unit.kind
        // 同比增加30件, 比去年多40件: a change in the count, not a count (a sum would take it twice).
        if kind == .count || kind == .amount, text.suffixLength(of: FactWords.countChangeVerbs, endingAt: start) != nil,
            FactWords.comparisons.contains(where: { text.contains($0, in: clauseStart..<start) })
                || FactWords.sentenceComparisons.contains(where: { text.contains($0, in: max(0, start - 80)..<start) })
        {
            kind = .changeCount
        }
        if kind == .rate {
            let window = max(clauseStart, start - 6)..<start
            let reachesLevel = text.suffixLength(of: FactWords.reachLevel, endingAt: start) != nil
            if !reachesLevel, FactWords.change.contains(where: { text.contains($0, in: window) }) {
                kind = .changePercent
            }
        }
        let distributiveLength = text.suffixLength(of: FactWords.distributive, endingAt: start)

        var candidate = FactCandidate(
            start: start,
            numberEnd: usedNext ? cursor : end,
            unitRange: unitRange,
            end: textEnd,
            value: value,
            valueMax: valueMax ?? value,
            unit: unit,
            qualifier: qualifier,
            kind: kind,
            isRequirement: isRequirement,
            isChinese: isChinese,
            distributiveMarker: distributiveLength.map { start - $0 }
        )
        candidate.leftWindowStart = clauseStart
        return (candidate, usedNext)
    }
}
