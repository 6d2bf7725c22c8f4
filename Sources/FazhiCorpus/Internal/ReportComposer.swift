internal import FazhiParsing

/// Writes the body of one report line by line and records, as it goes, every fact, trap and
/// heading with its UTF-8 byte range in the body.
struct ReportComposer {
    var rng: SplitMix64
    let entity: Entity
    let year: Int
    /// 0 township/street, 1 county/department, 2 city, 3 province: selects magnitudes.
    let tier: Int
    private(set) var body = ""
    private(set) var count = 0
    var facts: [Fact] = []
    var traps: [PlantedTrap] = []
    var sections: [Section] = []
    var problems: [String] = []
    var plans: [String] = []
    private var currentSection: Int?
    private var currentTop: Int?
    private var sentenceStart = 0
    private var sentenceFirstFact = 0

    init(rng: SplitMix64, entity: Entity, year: Int) {
        self.rng = rng
        self.entity = entity
        self.year = year
        switch entity.level {
        case .township, .street: self.tier = 0
        case .county, .department: self.tier = 1
        case .city: self.tier = 2
        case .province: self.tier = 3
        }
    }

    // MARK: Writing

    mutating func put(_ text: String) {
        self.body += text
        self.count += text.utf8.count
    }

    mutating func endLine() {
        self.put("\n")
    }

    mutating func plant(_ kind: PlantedTrap.Kind, _ text: String) {
        self.put(text)
        self.traps.append(PlantedTrap(kind: kind, text: text))
    }

    mutating func beginSentence() {
        self.sentenceStart = self.count
        self.sentenceFirstFact = self.facts.count
    }

    mutating func endSentence(_ mark: String = "。") {
        self.put(mark)
        for index in self.sentenceFirstFact..<self.facts.count {
            self.facts[index].sentenceRange = self.sentenceStart..<self.count
        }
    }

    /// Writes `rendered` and records it as a fact of `indicator`; returns the fact's index.
    @discardableResult
    mutating func fact(
        _ indicator: String?, _ rendered: RenderedNumber, kind: ValueKind, period: Period = .unspecified,
        periodMonth: Int? = nil, requirement: Bool = false, partOf: Int? = nil, scope: String? = nil
    ) -> Int {
        self.put(rendered.lead)
        let start = self.count
        self.put(rendered.text)
        self.facts.append(Fact(
            indicator: indicator, value: rendered.value, valueMax: rendered.valueMax, unit: rendered.unit,
            qualifier: rendered.qualifier, valueKind: kind, period: period, periodMonth: periodMonth,
            isRequirement: requirement, partOf: partOf, text: rendered.text, range: start..<self.count,
            sentenceRange: start..<self.count, section: self.currentSection, scope: scope))
        return self.facts.count - 1
    }

    /// Records an extra fact over text already written (均为 lists share one number); a list
    /// naming one indicator twice (参学率、参考率) states one fact, so no copy is made then.
    mutating func sharedFact(_ indicator: String, copying index: Int) {
        if self.facts[index...].contains(where: { $0.indicator == indicator && $0.range == self.facts[index].range }) { return }
        var copy = self.facts[index]
        copy.indicator = indicator
        self.facts.append(copy)
    }

    /// Starts a heading line; an inline heading keeps the line open for its paragraph.
    mutating func heading(depth: Int, numbering: String, _ text: String, parts: [MandatedPart] = [], area: String? = nil, inline: Bool = false) {
        let start = self.count
        self.put(numbering + text)
        let parent = depth == 1 ? nil : self.currentTop
        self.sections.append(Section(
            parent: parent, depth: depth, numbering: numbering, heading: text, parts: parts, area: area,
            headingRange: start..<self.count, bodyRange: self.count..<self.count))
        self.currentSection = self.sections.count - 1
        if depth == 1 { self.currentTop = self.sections.count - 1 }
        if inline { self.put("。") } else { self.endLine() }
    }

    /// Closes every section's body at the next heading of the same or a lower depth.
    mutating func finishSections() {
        for index in self.sections.indices {
            var end = self.count
            for next in (index + 1)..<self.sections.count where self.sections[next].depth <= self.sections[index].depth {
                end = self.sections[next].headingRange.lowerBound
                break
            }
            let start = self.sections[index].headingRange.upperBound
            self.sections[index].bodyRange = start..<max(start, end)
        }
    }

    /// Drops a linked fact that repeats an earlier one of another sentence (same indicator,
    /// value and period): a report restating a number states one fact (the parser's
    /// `FactExtractor.deduplicated` convention). Contradictory values are all kept; ``Fact/partOf``
    /// is remapped.
    mutating func deduplicateFacts() {
        struct Key: Hashable {
            var indicator: String
            var value: Double
            var period: Period
        }
        var firstSeen: [Key: (index: Int, sentence: Range<Int>)] = [:]
        var newIndex = [Int](repeating: -1, count: self.facts.count)
        var result: [Fact] = []
        result.reserveCapacity(self.facts.count)
        for (index, fact) in self.facts.enumerated() {
            if let indicator = fact.indicator {
                let key = Key(indicator: indicator, value: fact.value, period: fact.period)
                if let seen = firstSeen[key], seen.sentence != fact.sentenceRange {
                    newIndex[index] = seen.index
                    continue
                }
                if firstSeen[key] == nil { firstSeen[key] = (result.count, fact.sentenceRange) }
            }
            newIndex[index] = result.count
            var kept = fact
            kept.partOf = fact.partOf.map { newIndex[$0] }
            result.append(kept)
        }
        self.facts = result
    }

    /// Leaves the sections: text after this (closing, signature) belongs to no section.
    mutating func leaveSections() {
        self.currentSection = nil
    }

    // MARK: Helpers

    mutating func magnitude(_ phrasing: IndicatorPhrasing) -> Int {
        self.rng.logUniform(phrasing.magnitudes[min(self.tier, phrasing.magnitudes.count - 1)])
    }

    mutating func render(_ value: Int, unit: String) -> RenderedNumber {
        NumberRenderer.count(value, unit: unit, rng: &self.rng)
    }
}
