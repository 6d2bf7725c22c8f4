/// The phrasings of the taxonomy compiled for matching around a number.
///
/// A phrasing is one or more parts separated by `…` in `indicators.json` (`处罚…案件`,
/// `办结…单`). The last part is indexed by its first and by its last scalar, so that a search
/// looks up only the phrasings that can end (left of a number) or start (right of it) at each
/// position of a bounded window, instead of scanning the text once per phrasing.
struct PhraseIndex: Sendable {
    struct Phrase: Sendable {
        /// Position of the indicator in the taxonomy.
        var indicator: Int
        /// Folded scalars of each part, in order.
        var parts: [[UInt32]]
        /// A weak phrasing links only when no regular one does.
        var isWeak: Bool
        /// A measure phrasing (办结率) names no subject; see ``Indicator/measurePhrasings``.
        var isMeasure: Bool
        /// Total scalars of all parts (longer phrasings win ties).
        var length: Int
    }

    /// A phrasing found around a number.
    struct Match {
        var phrase: Int
        var indicator: Int
        /// Scalars between the phrasing and the number (0 when adjacent).
        var distance: Int
        var length: Int
        var isWeak: Bool
        var isMeasure: Bool
        var isGapped: Bool
        /// Scalar range from the first part's start to the last part's end.
        var range: Range<Int>
    }

    private(set) var phrases: [Phrase] = []
    /// Phrasings by the last scalar of their last part: `byLastScalar[lastBucket[scalar] - 1]`
    /// (bucket 0: none). A table over the BMP, so a lookup is two loads and no hashing.
    private var byLastScalar: [[Int]] = []
    private var lastBucket = [UInt16](repeating: 0, count: 65536)
    /// Phrasings by the first scalar of their last part, the same way.
    private var byFirstScalar: [[Int]] = []
    private var firstBucket = [UInt16](repeating: 0, count: 65536)
    /// Longest last part, to bound searches.
    private(set) var maxPartLength = 0
    /// Per phrasing, the second scalar from the end and from the start of its last part
    /// (``noScalar`` when the part has one): checked before the phrasing is read, since most
    /// phrasings sharing a last scalar (件, 人) differ in the one before it.
    private var secondFromEnd: [UInt32] = []
    private var secondFromStart: [UInt32] = []
    private static let noScalar = UInt32.max

    init(phrasings: [(indicator: Int, text: String, isWeak: Bool, isMeasure: Bool)]) {
        var seen = Set<String>()
        for entry in phrasings {
            let key = "\(entry.indicator)|\(entry.text)"
            guard seen.insert(key).inserted else { continue }
            let parts = entry.text.split(separator: "…").map { foldedScalars(String($0)) }.filter { !$0.isEmpty }
            guard let last = parts.last, let first = last.first, let end = last.last else { continue }
            let id = self.phrases.count
            self.phrases.append(
                Phrase(
                    indicator: entry.indicator,
                    parts: parts,
                    isWeak: entry.isWeak,
                    isMeasure: entry.isMeasure,
                    length: parts.reduce(0) { $0 + $1.count }
                )
            )
            self.secondFromEnd.append(last.count >= 2 ? last[last.count - 2] : Self.noScalar)
            self.secondFromStart.append(last.count >= 2 ? last[1] : Self.noScalar)
            Self.add(id, at: end, to: &self.byLastScalar, buckets: &self.lastBucket)
            Self.add(id, at: first, to: &self.byFirstScalar, buckets: &self.firstBucket)
            self.maxPartLength = max(self.maxPartLength, last.count)
        }
    }

    private static func add(_ id: Int, at scalar: UInt32, to lists: inout [[Int]], buckets: inout [UInt16]) {
        guard scalar < 65536 else { return }  // every phrasing is written in BMP scalars
        if buckets[Int(scalar)] == 0 {
            lists.append([])
            buckets[Int(scalar)] = UInt16(lists.count)
        }
        lists[Int(buckets[Int(scalar)]) - 1].append(id)
    }

    /// Phrasings whose last part ends inside `window` (left of a number at `window.upperBound`),
    /// with every earlier part found in order further left inside `window`.
    func matchesLeft(in text: FactText, window: Range<Int>, into result: inout [Match]) {
        var end = window.upperBound
        while end > window.lowerBound {
            let scalar = text[end - 1]
            let bucket = scalar < 65536 ? Int(self.lastBucket[Int(scalar)]) : 0
            if bucket > 0 {
                let ids = self.byLastScalar[bucket - 1]
                for id in ids {
                    let second = self.secondFromEnd[id]
                    if second != Self.noScalar, end - 2 < window.lowerBound || text[end - 2] != second { continue }
                    let phrase = self.phrases[id]
                    guard let last = phrase.parts.last, end - last.count >= window.lowerBound,
                        text.matches(last, endingAt: end),
                        let start = self.earlierParts(of: phrase, in: text, before: end - last.count, from: window.lowerBound)
                    else { continue }
                    result.append(
                        Match(
                            phrase: id,
                            indicator: phrase.indicator,
                            distance: window.upperBound - end,
                            length: phrase.length,
                            isWeak: phrase.isWeak,
                            isMeasure: phrase.isMeasure,
                            isGapped: phrase.parts.count > 1,
                            range: start..<end
                        )
                    )
                }
            }
            end -= 1
        }
    }

    /// Phrasings whose last part starts inside `starts` (right of a number). Single-part
    /// phrasings must end by `limit`; for several parts, the earlier ones must be found in
    /// `leftWindow` (`深入…重点企业` around `深入60家重点企业`).
    func matchesRight(
        in text: FactText,
        starts: Range<Int>,
        limit: Int,
        distanceOrigin: Int,
        leftWindow: Range<Int>?,
        into result: inout [Match]
    ) {
        var start = starts.lowerBound
        while start < starts.upperBound {
            let scalar = text[start]
            let bucket = scalar < 65536 ? Int(self.firstBucket[Int(scalar)]) : 0
            if bucket > 0 {
                let ids = self.byFirstScalar[bucket - 1]
                for id in ids {
                    let second = self.secondFromStart[id]
                    if second != Self.noScalar, start + 2 > min(limit, text.count) || text[start + 1] != second { continue }
                    let phrase = self.phrases[id]
                    guard let last = phrase.parts.last, start + last.count <= limit, text.matches(last, at: start)
                    else { continue }
                    var first = start
                    if phrase.parts.count > 1 {
                        guard let leftWindow,
                            let found = self.earlierParts(
                                of: phrase,
                                in: text,
                                before: leftWindow.upperBound,
                                from: leftWindow.lowerBound
                            )
                        else { continue }
                        first = found
                    }
                    result.append(
                        Match(
                            phrase: id,
                            indicator: phrase.indicator,
                            distance: max(0, start - distanceOrigin),
                            length: phrase.length,
                            isWeak: phrase.isWeak,
                            isMeasure: phrase.isMeasure,
                            isGapped: phrase.parts.count > 1,
                            range: first..<(start + last.count)
                        )
                    )
                }
            }
            start += 1
        }
    }

    /// The start of the first part when all parts but the last occur in order inside
    /// `lower..<upper`, rightmost first; `upper` (the last part's start) when there is only one.
    private func earlierParts(of phrase: Phrase, in text: FactText, before upper: Int, from lower: Int) -> Int? {
        var boundary = upper
        var index = phrase.parts.count - 2
        while index >= 0 {
            guard let found = text.lastOccurrence(of: phrase.parts[index], in: lower..<boundary) else { return nil }
            boundary = found
            index -= 1
        }
        return boundary
    }
}
