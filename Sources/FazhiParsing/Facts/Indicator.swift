/// One quantitative indicator of the taxonomy (`Resources/indicators.json`).
///
/// The JSON schema is `{id, name_en, area, phrasings[], units[], typical_range, notes}` plus the
/// optional extensions read by ``FactExtractor``: `weak_phrasings` (a subset of `phrasings` that
/// links only when no other indicator's phrasing fits, because the words are shared with a more
/// specific indicator), `zero_phrasings` (phrases that state an explicit zero, such as 无行政败诉),
/// `value_kind` (`"stock"` for indicators that count a standing population or facility), and
/// three that say whose measure a bare rate word is: `measure_phrasings` (a subset of
/// `phrasings` that names a measure but not what is measured: 办结率, 满意率),
/// `subject_phrasings` (words that name the indicator's subject without linking a number
/// themselves: 热线, 信访) and `subject_indicators` (ids of indicators whose phrasings also
/// name that subject: a hotline rate's subject is what `hotline_work_orders` counts).
package struct Indicator: Sendable, Hashable {
    /// Stable id, e.g. `disputes_mediated`.
    package var id: String
    /// English name (`name_en`).
    package var name: String
    /// Area id (≈ 纲要 chapter), e.g. `dispute_resolution`.
    package var area: String
    /// Units as listed, e.g. `["件", "起", "宗", "万件"]`.
    package var units: [String]
    /// Words that signal the indicator; `…` marks a gap (`办结…单`).
    package var phrasings: [String]
    /// Phrasings that link only when no other indicator's phrasing matches.
    package var weakPhrasings: [String]
    /// Phrases that state an explicit zero for this indicator (`无行政败诉`).
    package var zeroPhrasings: [String]
    /// Phrasings that name a measure without its subject (办结率): they link only when the
    /// nearest subject named before them in the sentence is this indicator's (see
    /// ``subjectPhrasings`` and ``subjectIndicators``), or, when the sentence names none, when
    /// the report's earlier sentences were on this indicator's area.
    package var measurePhrasings: [String]
    /// Words naming this indicator's subject that do not link a number by themselves (热线).
    package var subjectPhrasings: [String]
    /// Ids of indicators whose phrasings name this indicator's subject too.
    package var subjectIndicators: [String]
    /// `"stock"` when the indicator counts a standing population or facility; otherwise `nil`.
    package var valueKind: String?
    /// Typical magnitudes, free text.
    package var typicalRange: String
    /// Notes for humans.
    package var notes: String

    /// An indicator; see the properties.
    package init(
        id: String,
        name: String,
        area: String,
        units: [String],
        phrasings: [String],
        weakPhrasings: [String] = [],
        zeroPhrasings: [String] = [],
        measurePhrasings: [String] = [],
        subjectPhrasings: [String] = [],
        subjectIndicators: [String] = [],
        valueKind: String? = nil,
        typicalRange: String = "",
        notes: String = ""
    ) {
        self.id = id
        self.name = name
        self.area = area
        self.units = units
        self.phrasings = phrasings
        self.weakPhrasings = weakPhrasings
        self.zeroPhrasings = zeroPhrasings
        self.measurePhrasings = measurePhrasings
        self.subjectPhrasings = subjectPhrasings
        self.subjectIndicators = subjectIndicators
        self.valueKind = valueKind
        self.typicalRange = typicalRange
        self.notes = notes
    }

    /// Whether the indicator is marked optional in its English name.
    package var isOptional: Bool { self.name.contains("(optional") }
}
