/// Linking candidates to indicators within one sentence: phrasings left and right of the
/// number, 均为 lists, 分别 pairs, 其中 breakdowns and elliptical clauses.
extension FactExtractor {
    /// Scalars searched left of a number for a phrasing (within its clause).
    static let leftReach = 40
    /// Scalars searched right of the unit for a phrasing in the same clause.
    static let rightReach = 12
    /// A phrasing this close after the unit is the counted noun (463次隐患排查, 4名社区矫正对象).
    static let adjacentRight = 2
    /// Scalars searched right across clause ends when the counted noun is far (4宗…案件，…不予行政处罚).
    static let extendedReach = 40

    /// Links the candidates of one sentence, in place.
    /// `topic` is the area of the last linked fact of earlier sentences; it breaks ties when no
    /// earlier fact of this sentence does.
    func link(_ candidates: inout [FactCandidate], sentence: Range<Int>, text: FactText, topic: String? = nil) {
        var matches: [PhraseIndex.Match] = []
        let respectively = self.respectivePairs(candidates, sentence: sentence, text: text, topic: topic)
        for index in candidates.indices {
            var candidate = candidates[index]
            let clauseStart = Self.clauseStart(in: text, before: candidate.start, limit: Self.leftReach)
            let clauseEnd = Self.clauseEnd(in: text, after: candidate.end)
            let previous = index > 0 ? candidates[index - 1] : nil
            var leftStart = clauseStart
            if let previous {
                var gap = previous.end
                while gap < candidate.start, FactWords.isSpace(text[gap]) { gap += 1 }
                if gap == candidate.start {
                    leftStart = previous.leftWindowStart  // 2次200余人次: both counted by the same phrase
                } else if previous.end > leftStart {
                    leftStart = previous.end  // a phrase before the previous number belongs to it
                }
            }
            candidate.leftWindowStart = leftStart
            let affinity = previous?.indicator.map { self.taxonomy.indicators[$0].area }

            if let marker = candidate.distributiveMarker, marker > leftStart {
                candidate.distributedIndicators = self.distributed(
                    over: leftStart..<marker,
                    candidate: candidate,
                    text: text,
                    sentence: sentence,
                    topic: topic,
                    matches: &matches
                )
                candidate.indicator = candidate.distributedIndicators.lazy.compactMap { $0 }.first
                candidates[index] = candidate
                continue
            }
            if let paired = respectively[index] {
                candidate.indicator = paired
                candidates[index] = candidate
                continue
            }

            // Own phrasings: the counted noun right after the unit, else the nearest phrasing on
            // the left, else a phrasing further right in the clause.
            matches.removeAll(keepingCapacity: true)
            self.phrases.matchesRight(
                in: text,
                starts: candidate.unitRange.lowerBound..<min(clauseEnd, candidate.end + Self.rightReach),
                limit: clauseEnd,
                distanceOrigin: candidate.end,
                leftWindow: leftStart..<candidate.start,
                into: &matches
            )
            matches.removeAll { !$0.isGapped && $0.range.lowerBound < candidate.end }
            // A gapped phrasing whose last part is the unit itself (办结…单) reads leftwards.
            var right = matches.filter { $0.range.upperBound > candidate.end }
            matches.removeAll { $0.range.upperBound > candidate.end }
            self.phrases.matchesLeft(in: text, window: leftStart..<candidate.start, into: &matches)
            var left = matches
            // A measure of another subject (办结率 after 行政复议案件) names what the number is, so
            // the number is neither linked through it nor given the previous clause's subject.
            let namesMeasure = right.contains(where: \.isMeasure) || left.contains(where: \.isMeasure)
            self.dropMeasuresOfOtherSubjects(&right, text: text, sentence: sentence, topic: topic)
            self.dropMeasuresOfOtherSubjects(&left, text: text, sentence: sentence, topic: topic)

            if let best = self.best(right.filter { $0.distance <= Self.adjacentRight }, for: candidate, affinity: affinity, topic: topic)
                ?? self.best(left, for: candidate, affinity: affinity, topic: topic)
                ?? self.best(right, for: candidate, affinity: affinity, topic: topic)
            {
                candidate.indicator = best.indicator
            } else if namesMeasure {
                candidate.indicator = nil
            } else if Self.endsWithGenericNoun(text, clauseEnd: clauseEnd), clauseEnd > candidate.end {
                // 共对4宗符合…规定的案件，依法作出不予行政处罚决定: the noun is in the next clause.
                let nextStart = index + 1 < candidates.count ? candidates[index + 1].start : sentence.upperBound
                let limit = min(sentence.upperBound, nextStart, candidate.end + Self.extendedReach)
                matches.removeAll(keepingCapacity: true)
                if candidate.end < limit {
                    self.phrases.matchesRight(
                        in: text,
                        starts: candidate.end..<limit,
                        limit: limit,
                        distanceOrigin: candidate.end,
                        leftWindow: nil,
                        into: &matches
                    )
                    self.dropMeasuresOfOtherSubjects(&matches, text: text, sentence: sentence, topic: topic)
                }
                candidate.indicator = self.best(matches.filter { !$0.isWeak }, for: candidate, affinity: affinity)?.indicator
            } else if let previous, let inherited = previous.indicator, Self.endsClause(text, at: candidate.end),
                !Self.hasSegmentEnd(text, in: previous.end..<candidate.start),
                candidate.kind == .changePercent || candidate.kind == .changePoints
                    || self.isCompatible(inherited, candidate)
            {
                // 签收…工单2831单，办结2723单: the subject carries over within the sentence.
                candidate.indicator = inherited
                candidate.isInherited = true
            }

            // 其中: a breakdown of the total just before the marker.
            if let total = self.breakdownTotal(for: index, in: candidates, sentence: sentence, text: text) {
                candidate.partOf = total
                if candidate.indicator == nil { candidate.indicator = candidates[total].indicator }
            }
            candidates[index] = candidate
        }
    }

    /// Whether the fact text ending at `end` is followed by a clause end, a list separator or nothing.
    private static func endsClause(_ text: FactText, at end: Int) -> Bool {
        let next = text[end]
        return next == 0 || FactWords.isClauseEnd(next) || next == 0x3001 || next == 0x29 || next == 0xFF09
            || (FactWords.isSpace(next) && (text[end + 1] == 0 || FactWords.isClauseEnd(text[end + 1])))
    }

    /// 共对4宗符合…规定的案件，依法作出不予行政处罚决定: a clause ending in a generic noun
    /// (案件, 事项) leaves the kind of case to the next clause.
    private static func endsWithGenericNoun(_ text: FactText, clauseEnd: Int) -> Bool {
        text.suffixLength(of: Self.genericNouns, endingAt: clauseEnd) != nil
    }

    private static let genericNouns = FactWords.list(["案件", "事项"])

    private static func hasSegmentEnd(_ text: FactText, in range: Range<Int>) -> Bool {
        guard range.lowerBound < range.upperBound else { return false }
        for position in range where FactWords.isSegmentEnd(text[position]) { return true }
        return false
    }

    /// Whether the candidate's unit fits the indicator's units.
    func isCompatible(_ indicator: Int, _ candidate: FactCandidate) -> Bool {
        // A relative change (行政复议案件同比增长35%) qualifies whatever its phrase names.
        if candidate.kind == .changePercent { return true }
        return FactUnit.isCompatible(candidate.unit.base, with: self.unitBases[indicator])
    }

    /// The best compatible match: regular before weak, then nearest, longest, same area as the
    /// previous fact, contiguous before gapped, and taxonomy order.
    func best(
        _ matches: [PhraseIndex.Match],
        for candidate: FactCandidate,
        affinity: String?,
        topic: String? = nil
    ) -> PhraseIndex.Match? {
        var best: PhraseIndex.Match?
        for match in matches where self.isCompatible(match.indicator, candidate) {
            guard let current = best else {
                best = match
                continue
            }
            if self.isBetter(match, than: current, affinity: affinity, topic: topic) { best = match }
        }
        return best
    }

    /// Regular before weak, nearest, longest, the area of the sentence's previous fact,
    /// contiguous before gapped, the area of the last fact of earlier sentences (化解率达98%
    /// after dispute figures is a mediation rate), and taxonomy order.
    private func isBetter(_ a: PhraseIndex.Match, than b: PhraseIndex.Match, affinity: String?, topic: String?) -> Bool {
        if a.isWeak != b.isWeak { return !a.isWeak }
        if a.distance != b.distance { return a.distance < b.distance }
        if a.length != b.length { return a.length > b.length }
        if let affinity {
            let aSame = self.taxonomy.indicators[a.indicator].area == affinity
            let bSame = self.taxonomy.indicators[b.indicator].area == affinity
            if aSame != bSame { return aSame }
        }
        if a.isGapped != b.isGapped { return !a.isGapped }
        if affinity == nil, let topic {
            let aSame = self.taxonomy.indicators[a.indicator].area == topic
            let bSame = self.taxonomy.indicators[b.indicator].area == topic
            if aSame != bSame { return aSame }
        }
        return a.indicator < b.indicator
    }

    /// 参学率、参考率和通过率均达100%: one indicator per listed item (items naming the same
    /// indicator count once), in list order. For a rate, a listed item that names no indicator
    /// but is itself a rate (ends in 率: 参训率、考试合格率均为100%) is kept as `nil`, so that
    /// it still gets its fact; other unnamed items (各村、各社区均为1名) do not multiply the value.
    private func distributed(
        over range: Range<Int>,
        candidate: FactCandidate,
        text: FactText,
        sentence: Range<Int>,
        topic: String?,
        matches: inout [PhraseIndex.Match]
    ) -> [Int?] {
        var items: [Range<Int>] = []
        var itemStart = range.lowerBound
        var position = range.lowerBound
        while position < range.upperBound {
            if let length = Self.listSeparatorLength(in: text, at: position) {
                if position > itemStart { items.append(itemStart..<position) }
                position += length
                itemStart = position
            } else {
                position += 1
            }
        }
        if range.upperBound > itemStart { items.append(itemStart..<range.upperBound) }
        var result: [Int?] = []
        for item in items {
            matches.removeAll(keepingCapacity: true)
            self.phrases.matchesLeft(in: text, window: item, into: &matches)
            self.dropMeasuresOfOtherSubjects(&matches, text: text, sentence: sentence, topic: topic)
            if let best = self.best(matches, for: candidate, affinity: nil) {
                if !result.contains(best.indicator) { result.append(best.indicator) }
            } else if candidate.kind == .rate, items.count > 1, text.matches(FactWords.rateSuffix, endingAt: item.upperBound) {
                result.append(nil)
            }
        }
        return result
    }

    /// 甲、乙分别为3件、5件: pairs values after 分别 with the items before it, by position.
    private func respectivePairs(
        _ candidates: [FactCandidate],
        sentence: Range<Int>,
        text: FactText,
        topic: String?
    ) -> [Int: Int] {
        var result: [Int: Int] = [:]
        var position = sentence.lowerBound
        var matches: [PhraseIndex.Match] = []
        while let marker = self.firstOccurrence(FactWords.respectively, in: position..<sentence.upperBound, text) {
            position = marker + FactWords.respectively.count
            let clauseStart = Self.clauseStart(in: text, before: marker)
            let clauseEnd = Self.clauseEnd(in: text, after: position)
            let values = candidates.indices.filter { candidates[$0].start >= position && candidates[$0].start < clauseEnd }
            let itemsStart = candidates.last(where: { $0.end <= marker && $0.end > clauseStart })?.end ?? clauseStart
            var items: [Range<Int>] = []
            var itemStart = itemsStart
            var scan = itemsStart
            while scan < marker {
                if let length = Self.listSeparatorLength(in: text, at: scan) {
                    if scan > itemStart { items.append(itemStart..<scan) }
                    scan += length
                    itemStart = scan
                } else {
                    scan += 1
                }
            }
            if marker > itemStart { items.append(itemStart..<marker) }
            guard items.count >= 2, items.count == values.count else { continue }
            for (item, value) in zip(items, values) {
                matches.removeAll(keepingCapacity: true)
                self.phrases.matchesLeft(in: text, window: item, into: &matches)
                self.dropMeasuresOfOtherSubjects(&matches, text: text, sentence: sentence, topic: topic)
                if let best = self.best(matches, for: candidates[value], affinity: nil) {
                    result[value] = best.indicator
                }
            }
        }
        return result
    }

    /// The length of the list separator at `position` (、, 和, 及, 以及 …), if any; 及 in
    /// 及时受理率 or 与 in 参与率 is part of a word, not a separator.
    static func listSeparatorLength(in text: FactText, at position: Int) -> Int? {
        guard let length = text.prefixLength(of: FactWords.listSeparators, at: position) else { return nil }
        if length == 1,
            text.prefixLength(of: FactWords.wordsStartingWithSeparator, at: position) != nil
                || text.suffixLength(of: FactWords.wordsEndingWithSeparator, endingAt: position + 1) != nil
        {
            return nil
        }
        return length
    }

    /// Drops the matches of measure phrasings (办结率, 满意率) whose subject is not their
    /// indicator's, so that 行政复议案件办结率 or a 普法 群众满意率 is not read as a hotline rate.
    ///
    /// The subject is the nearest thing named before the phrasing in the sentence: a phrasing
    /// of any indicator that is not itself a measure, or a subject word (`subject_phrasings`).
    /// It must belong to the indicator or to one of its `subject_indicators`. When the sentence
    /// names nothing before the phrasing, the topic of the earlier sentences must be the
    /// indicator's area; with no topic either, the measure stays unlinked rather than guessed.
    func dropMeasuresOfOtherSubjects(
        _ matches: inout [PhraseIndex.Match],
        text: FactText,
        sentence: Range<Int>,
        topic: String?
    ) {
        guard matches.contains(where: \.isMeasure) else { return }
        var named: [PhraseIndex.Match] = []
        matches.removeAll { match in
            guard match.isMeasure else { return false }
            let window = sentence.lowerBound..<max(sentence.lowerBound, match.range.lowerBound)
            named.removeAll(keepingCapacity: true)
            self.phrases.matchesLeft(in: text, window: window, into: &named)
            named.removeAll { $0.isMeasure }
            self.subjectWords.matchesLeft(in: text, window: window, into: &named)
            guard let nearest = named.lazy.map(\.range.upperBound).max() else {
                return topic != self.taxonomy.indicators[match.indicator].area
            }
            let owners = self.subjectOwners[match.indicator]
            return !named.contains { $0.range.upperBound == nearest && owners.contains($0.indicator) }
        }
    }

    private func firstOccurrence(_ word: [UInt32], in range: Range<Int>, _ text: FactText) -> Int? {
        var start = range.lowerBound
        while start + word.count <= range.upperBound {
            if text.matches(word, at: start) { return start }
            start += 1
        }
        return nil
    }

    /// For a value after 其中 (120件(其中口头调解82件…)), the index of the total right before it.
    private func breakdownTotal(
        for index: Int,
        in candidates: [FactCandidate],
        sentence: Range<Int>,
        text: FactText
    ) -> Int? {
        let candidate = candidates[index]
        guard
            let marker = text.lastOccurrence(
                of: FactWords.among,
                in: max(sentence.lowerBound, candidate.start - 60)..<candidate.start
            )
        else { return nil }
        guard let total = candidates[..<index].lastIndex(where: { $0.end <= marker }) else { return nil }
        let totalCandidate = candidates[total]
        guard marker - totalCandidate.end <= 3, !Self.hasSegmentEnd(text, in: totalCandidate.end..<candidate.start)
        else { return nil }
        let a = candidate.unit.base
        let b = totalCandidate.unit.base
        let sameMeasure = a == b || (Set([a, b]) == Set(["人", "名"]))
        return sameMeasure ? total : nil
    }
}
