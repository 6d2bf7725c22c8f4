/// A number followed by a unit that passed the trap checks: a fact before it is linked.
struct FactCandidate {
    /// Scalar index where the number starts.
    var start: Int
    /// Scalar index just after the number (or after the range's second number).
    var numberEnd: Int
    /// Scalar range of the unit as written (empty for `百分之三十` and `8成`).
    var unitRange: Range<Int>
    /// Scalar index just after the fact text (unit plus 以上/左右/…).
    var end: Int
    var value: Double
    var valueMax: Double
    var unit: FactUnit
    var qualifier: Qualifier
    var kind: ValueKind
    var isRequirement: Bool
    /// Whether the number was written as Chinese numerals.
    var isChinese: Bool
    /// A 均为/均达 marker (its start) just before the number: the value applies to a list.
    var distributiveMarker: Int?

    /// Linking results, filled in per sentence.
    var indicator: Int?
    var leftWindowStart = 0
    var partOf: Int?
    var isInherited = false
    /// For a value after 均为/均达: one entry per listed item, in list order; `nil` for a rate
    /// the taxonomy does not name (参训率、考试合格率均为100%: the first).
    var distributedIndicators: [Int?] = []
}
