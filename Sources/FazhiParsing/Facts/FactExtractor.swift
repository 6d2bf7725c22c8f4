/// Finds the quantities a report states and links them to the indicator taxonomy.
///
/// The extractor scans the text once for numbers (``ChineseNumberScanner``), keeps those
/// followed by a unit (件, 人次, %, 万元 …) that are not traps, and looks left and right of each
/// in a bounded window for a phrasing of `indicators.json`. Per sentence it handles 均为/均达
/// lists, 分别 pairs, 其中 breakdowns, elliptical clauses (办结2723单 after 签收…工单2831单),
/// period markers (截至10月, 自6月起, 累计, 目前) and norms (每季度召开1次, 不少于6次). Explicit
/// zeros are read from each indicator's `zero_phrasings` (无行政败诉).
///
/// What counts as a fact: a number directly followed (spaces allowed) by a unit, or a
/// percentage, that is not an ordinal (第…), not next to a quotation mark (“1338”, “3·15”,
/// 12345”热线), not part of an identifier or document number, not a year, date or hotline
/// (those have no unit), not in a formula with `+`, not a streak (连续四年), not a lone 一 or 二
/// used as an article or ordinal, and not a slogan (四个意识, 三项制度). Norms are kept with
/// ``Fact/isRequirement``.
///
/// Linking rule: an indicator is linked only when one of its phrasings is found in the
/// number's clause (or, for an elliptical clause, the previous fact's indicator carries over),
/// and the fact's unit is one of the indicator's units. Everything else that passes the trap
/// checks is emitted with `indicator == nil`; precision of linked facts matters more than recall.
///
/// Create one extractor and reuse it: `init` compiles the phrasings.
package struct FactExtractor: Sendable {
    let taxonomy: IndicatorTaxonomy
    let phrases: PhraseIndex
    /// Explicit-zero phrasings (`zero_phrasings`).
    let zeroPhrases: PhraseIndex
    /// Subject words (`subject_phrasings`), each under the indicator that lists it.
    let subjectWords: PhraseIndex
    /// For each indicator, the indicators whose phrasings or subject words name its subject:
    /// itself and its `subject_indicators`.
    let subjectOwners: [Set<Int>]
    /// Units of each indicator, as compatibility bases.
    let unitBases: [Set<String>]

    /// An extractor for `taxonomy`.
    package init(taxonomy: IndicatorTaxonomy = .shared) {
        self.taxonomy = taxonomy
        var phrasings: [(indicator: Int, text: String, isWeak: Bool, isMeasure: Bool)] = []
        var zeros: [(indicator: Int, text: String, isWeak: Bool, isMeasure: Bool)] = []
        var subjects: [(indicator: Int, text: String, isWeak: Bool, isMeasure: Bool)] = []
        var owners: [Set<Int>] = []
        for (index, indicator) in taxonomy.indicators.enumerated() {
            let weak = Set(indicator.weakPhrasings)
            let measure = Set(indicator.measurePhrasings)
            for phrasing in indicator.phrasings {
                phrasings.append((index, phrasing, weak.contains(phrasing), measure.contains(phrasing)))
            }
            for phrasing in indicator.weakPhrasings where !indicator.phrasings.contains(phrasing) {
                phrasings.append((index, phrasing, true, measure.contains(phrasing)))
            }
            for phrasing in indicator.zeroPhrasings {
                zeros.append((index, phrasing, false, false))
            }
            for phrasing in indicator.subjectPhrasings {
                subjects.append((index, phrasing, false, false))
            }
            owners.append(Set([index] + indicator.subjectIndicators.compactMap { taxonomy.index(of: $0) }))
        }
        self.phrases = PhraseIndex(phrasings: phrasings)
        self.zeroPhrases = PhraseIndex(phrasings: zeros)
        self.subjectWords = PhraseIndex(phrasings: subjects)
        self.subjectOwners = owners
        self.unitBases = taxonomy.indicators.map { Set($0.units.map(FactUnit.base(ofIndicatorUnit:))) }
    }

    /// The facts of `text`, in text order.
    ///
    /// `text` is the cleaned body text; `sections` (may be empty) sets ``Fact/section`` to the
    /// innermost section whose body holds the fact. All ranges are UTF-8 byte offsets into
    /// `text`. ``Fact/partOf`` indexes the returned array.
    ///
    /// `reportYear`, when known, tells an earlier year's figure (2023年办理…120件 in a 2024
    /// report: ``Period/previousYear``) from the report year's.
    package func extract(from text: String, sections: [Section], reportYear: Int? = nil) -> [Fact] {
        let utf8 = Array(text.utf8)
        var facts: [Fact] = []
        var topic: String?
        // Only sentences that may hold a fact (a digit, a numeral, a negation) are folded and
        // searched, each in a view of its own bytes (with its end mark).
        for sentenceBytes in Self.sentencesToSearch(in: utf8) {
            let view = FactText(utf8: Array(utf8[sentenceBytes]), base: sentenceBytes.lowerBound)
            let candidates = Self.candidates(in: view, numbers: Self.numbers(in: view))
            let zeros = self.zeroMatches(in: view)
            guard !candidates.isEmpty || !zeros.isEmpty else { continue }
            var sentenceEnd = view.count
            if sentenceEnd > 0, FactWords.isSentenceEnd(view[sentenceEnd - 1]) { sentenceEnd -= 1 }
            let emittedFrom = facts.count
            self.emit(
                candidates,
                zeros: zeros,
                sentence: 0..<sentenceEnd,
                text: view,
                sections: sections,
                topic: topic,
                reportYear: reportYear,
                into: &facts
            )
            // The area of the last linked fact: a tie between phrasings shared by two areas
            // (化解率: hotline or disputes) goes to the topic the report is on.
            if let last = facts[emittedFrom...].last(where: { $0.indicator != nil })?.indicator,
                let index = self.taxonomy.index(of: last)
            {
                topic = self.taxonomy.indicators[index].area
            }
        }
        return Self.deduplicated(facts)
    }

    /// Scalars that may follow a run of digits and numerals in a fact: a unit, 余/多, %, 成, 分之,
    /// 点, a fraction's slash, a range separator or a space (anything else after a number, as in
    /// 2024年 or 二是, makes no candidate).
    static let afterNumber: ScalarBitmap = {
        var bitmap = Self.afterLoneYi
        for scalar in "%/-~—–至到".unicodeScalars { bitmap.insert(scalar.value) }
        return bitmap
    }()

    /// The byte ranges of the sentences (each with its end mark) that hold a negation or a run of
    /// digits and numerals followed by a scalar of ``afterNumber``, in one pass.
    static func sentencesToSearch(in utf8: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        let flagTable = Self.searchFlags
        flagTable.withUnsafeBufferPointer { flags in
            utf8.withUnsafeBufferPointer { bytes in
                var position = 0
                var sentenceStart = 0
                var interesting = false
                var inNumber = false
                while position < bytes.count {
                    let (value, length) = ValidUTF8.decodeScalar(bytes, at: position)
                    position += length
                    let flag = value < 65536 ? flags[Int(value)] : Self.searchFlag(of: value)
                    if flag & Self.endsSentence != 0 {
                        if interesting { result.append(sentenceStart..<position) }
                        sentenceStart = position
                        interesting = false
                        inNumber = false
                        continue
                    }
                    if interesting { continue }
                    if inNumber {
                        if flag & Self.continuesNumber != 0 { continue }
                        inNumber = false
                        if flag & Self.followsNumber != 0 {
                            interesting = true
                            continue
                        }
                    }
                    if flag & Self.isNegation != 0 {
                        interesting = true
                    } else if flag & Self.startsNumber != 0 {
                        inNumber = true
                    }
                }
                if interesting, sentenceStart < bytes.count { result.append(sentenceStart..<bytes.count) }
            }
        }
        return result
    }

    private static let startsNumber: UInt8 = 1
    private static let isNegation: UInt8 = 2
    private static let endsSentence: UInt8 = 4
    private static let followsNumber: UInt8 = 8
    private static let continuesNumber: UInt8 = 16

    /// ``searchFlag(of:)`` of every BMP scalar, so the pass over the text is one load per scalar.
    private static let searchFlags: [UInt8] = (0..<UInt32(65536)).map { Self.searchFlag(of: $0) }

    /// What the scalar (before folding) means to ``sentencesToSearch(in:)``.
    private static func searchFlag(of value: UInt32) -> UInt8 {
        let folded = FactText.folded(value)
        var flag: UInt8 = 0
        if FactWords.isSentenceEnd(folded) { flag |= Self.endsSentence }
        if folded < 65536 {
            let scalarClass = FactText.classes[Int(folded)]
            if scalarClass & FactText.numberStartClass != 0 { flag |= Self.startsNumber | Self.continuesNumber }
            if scalarClass & FactText.negationClass != 0 { flag |= Self.isNegation }
        }
        if folded == 0x2E || folded == 0x2C { flag |= Self.continuesNumber }  // . ,
        if Self.afterNumber.contains(folded) { flag |= Self.followsNumber }
        return flag
    }

    /// Links one sentence's candidates and appends its facts.
    private func emit(
        _ candidates: [FactCandidate],
        zeros: [PhraseIndex.Match],
        sentence: Range<Int>,
        text: FactText,
        sections: [Section],
        topic: String?,
        reportYear: Int?,
        into facts: inout [Fact]
    ) {
        var candidates = candidates
        self.link(&candidates, sentence: sentence, text: text, topic: topic)
        let periods = Self.periodMarkers(in: text, sentence: sentence, reportYear: reportYear)
        let scopes = Self.scopeMarkers(in: text, sentence: sentence)
        var trimmed = sentence.lowerBound
        while trimmed < sentence.upperBound, FactWords.isSpace(text[trimmed]) { trimmed += 1 }
        let sentenceBytes = text.byteRange(trimmed..<sentence.upperBound)

        // 2022年、2023年、2024年分别…120件、150件、180件: the k-th value after 分别 is the k-th year's.
        let yearList = Self.yearList(periods, in: text, sentence: sentence)
        var listedYearPeriod: [Int: (Period, Int?)] = [:]
        if let yearList {
            let after = candidates.filter { $0.start > yearList.respectively }.map(\.start)
            for (k, start) in after.prefix(yearList.years.count).enumerated() {
                listedYearPeriod[start] = (yearList.years[k].period, nil)
            }
        }
        // A change (较上年增长12%) compares with the earlier year; it is not that year's figure.
        func period(at position: Int, isChange: Bool = false) -> (Period, Int?) {
            if !isChange, let listed = listedYearPeriod[position] { return listed }
            guard
                let marker = periods.last(where: {
                    $0.position < position && !(isChange && $0.period == .previousYear)
                })
            else { return (.unspecified, nil) }
            return (marker.period, marker.month)
        }
        func scope(at position: Int) -> String? {
            scopes.last(where: { $0.position < position })?.text
        }

        // Facts of this sentence in text order: numbers and explicit zeros.
        var firstFactOfCandidate: [Int] = []
        var zeroCursor = 0
        for candidate in candidates {
            while zeroCursor < zeros.count, zeros[zeroCursor].range.lowerBound < candidate.start {
                self.appendZero(zeros[zeroCursor], text: text, sentenceBytes: sentenceBytes, sections: sections, period: { period(at: $0) }, scope: scope, into: &facts)
                zeroCursor += 1
            }
            firstFactOfCandidate.append(facts.count)
            let (periodValue, month) = period(
                at: candidate.start,
                isChange: candidate.kind.isChange
            )
            let indicators: [Int?] =
                candidate.distributedIndicators.isEmpty ? [candidate.indicator] : candidate.distributedIndicators
            let range = text.byteRange(candidate.start..<candidate.end)
            for indicator in indicators {
                var kind = candidate.kind
                if kind == .count, periodValue != .cumulative, periodValue != .sinceDate,
                    indicator.map({ self.taxonomy.indicators[$0].valueKind == "stock" }) == true
                {
                    kind = .stock
                }
                facts.append(
                    Fact(
                        indicator: indicator.map { self.taxonomy.indicators[$0].id },
                        value: candidate.value,
                        valueMax: candidate.valueMax,
                        unit: candidate.unit.stored,
                        qualifier: candidate.qualifier,
                        valueKind: kind,
                        period: periodValue,
                        periodMonth: month,
                        isRequirement: candidate.isRequirement,
                        partOf: candidate.partOf.map { firstFactOfCandidate[$0] },
                        text: text.string(candidate.start..<candidate.end),
                        range: range,
                        sentenceRange: sentenceBytes,
                        section: Self.section(containing: range.lowerBound, in: sections),
                        scope: scope(at: candidate.start)
                    )
                )
            }
        }
        while zeroCursor < zeros.count {
            self.appendZero(zeros[zeroCursor], text: text, sentenceBytes: sentenceBytes, sections: sections, period: { period(at: $0) }, scope: scope, into: &facts)
            zeroCursor += 1
        }
    }

    private func appendZero(
        _ match: PhraseIndex.Match,
        text: FactText,
        sentenceBytes: Range<Int>,
        sections: [Section],
        period: (Int) -> (Period, Int?),
        scope: (Int) -> String?,
        into facts: inout [Fact]
    ) {
        let indicator = self.taxonomy.indicators[match.indicator]
        let range = text.byteRange(match.range)
        let (periodValue, month) = period(match.range.lowerBound)
        facts.append(
            Fact(
                indicator: indicator.id,
                value: 0,
                unit: indicator.units.first.map(FactUnit.base(ofIndicatorUnit:)) ?? "件",
                valueKind: .count,
                period: periodValue,
                periodMonth: month,
                text: text.string(match.range),
                range: range,
                sentenceRange: sentenceBytes,
                section: Self.section(containing: range.lowerBound, in: sections),
                scope: scope(match.range.lowerBound)
            )
        )
    }

    /// Explicit zeros (无行政败诉, 没有发生过行政被诉…), in text order; a gapped zero phrasing
    /// must sit within one clause.
    private func zeroMatches(in text: FactText) -> [PhraseIndex.Match] {
        var result: [PhraseIndex.Match] = []
        var matches: [PhraseIndex.Match] = []
        // Every zero phrasing contains a negation; only clauses with one are searched.
        var lastClauseSearched = -1
        for negation in text.negations {
            let position = Int(negation)
            let clauseFloor = Self.clauseStart(in: text, before: position, limit: 30)
            if clauseFloor > lastClauseSearched {
                let start = clauseFloor
                let end = Self.clauseEnd(in: text, after: position, limit: 40)
                lastClauseSearched = start
                matches.removeAll(keepingCapacity: true)
                self.zeroPhrases.matchesLeft(in: text, window: start..<end, into: &matches)
                // One zero per indicator per clause, the earliest.
                var seen = Set<Int>()
                for match in matches.sorted(by: { $0.range.lowerBound < $1.range.lowerBound })
                where match.range.lowerBound >= start && seen.insert(match.indicator).inserted {
                    result.append(match)
                }
            }
        }
        return result.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The innermost section whose body holds `offset`.
    static func section(containing offset: Int, in sections: [Section]) -> Int? {
        var best: Int?
        for (index, section) in sections.enumerated() where section.bodyRange.contains(offset) {
            if let current = best, sections[current].depth >= section.depth { continue }
            best = index
        }
        return best
    }

    /// Drops a linked fact that repeats an earlier one in another sentence (same indicator,
    /// value and period); contradictory values are all kept. ``Fact/partOf`` is remapped.
    static func deduplicated(_ facts: [Fact]) -> [Fact] {
        struct Key: Hashable {
            var indicator: String
            var value: Double
            var period: Period
        }
        var firstSeen: [Key: (index: Int, sentence: Range<Int>)] = [:]
        firstSeen.reserveCapacity(facts.count)
        var newIndex = [Int](repeating: -1, count: facts.count)
        var result: [Fact] = []
        result.reserveCapacity(facts.count)
        for (index, fact) in facts.enumerated() {
            if let indicator = fact.indicator {
                let key = Key(indicator: indicator, value: fact.value, period: fact.period)
                if let seen = firstSeen[key] {
                    if seen.sentence != fact.sentenceRange {
                        newIndex[index] = seen.index
                        continue
                    }
                } else {
                    firstSeen[key] = (result.count, fact.sentenceRange)
                }
            }
            newIndex[index] = result.count
            var kept = fact
            kept.partOf = fact.partOf.map { newIndex[$0] }
            result.append(kept)
        }
        return result
    }
}
