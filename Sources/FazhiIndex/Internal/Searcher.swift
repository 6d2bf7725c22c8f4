internal import FazhiParsing

/// A segment with the deletions visible to one reader.
struct SegmentView: Sendable {
    let segment: Segment
    let deletions: DeletionSet
}

/// Evaluates queries over a consistent set of segment views: exact matching, BM25 scoring with
/// local or global statistics, facets and snippets.
enum Searcher {
    /// A clause with its text folded once.
    private indirect enum Compiled {
        case text(String)
        case anyOf([Compiled])
        case exclude(Compiled)
        case filter(FieldFilter)
    }

    private static func compile(_ clause: Query.Clause) -> Compiled {
        switch clause {
        case .text(let text): .text(FoldedText.fold(text))
        case .anyOf(let clauses): .anyOf(clauses.map(Self.compile))
        case .exclude(let clause): .exclude(Self.compile(clause))
        case .filter(let filter): .filter(filter)
        }
    }

    private static func texts(_ clause: Compiled, into set: inout Set<String>) {
        switch clause {
        case .text(let text): set.insert(text)
        case .anyOf(let clauses): for clause in clauses { Self.texts(clause, into: &set) }
        case .exclude(let clause): Self.texts(clause, into: &set)
        case .filter: break
        }
    }

    /// One segment's matched documents and the term matches that scored them.
    private struct SegmentResult {
        var candidates: [Int32]
        var matches: [String: TermMatch]
    }

    private static func evaluate(_ clauses: [Compiled], view: SegmentView) throws(IndexError) -> SegmentResult {
        let segment = view.segment
        var terms: Set<String> = []
        for clause in clauses { Self.texts(clause, into: &terms) }
        var matches: [String: TermMatch] = [:]
        var scalars: [UInt32] = []
        for term in terms {
            scalars.removeAll(keepingCapacity: true)
            ScalarDecoder.append(term, to: &scalars)
            matches[term] = try TermMatcher.match(scalars, in: segment, deletions: view.deletions)
        }
        var memberships: [String: DeletionSet] = [:]
        func membership(_ term: String) -> DeletionSet {
            if let existing = memberships[term] { return existing }
            var set = DeletionSet(documentCount: segment.documentCount)
            for doc in matches[term]?.docs ?? [] { set.insert(Int(doc)) }
            memberships[term] = set
            return set
        }
        // Generators: required text clauses (or ORs of texts) give sorted candidate lists.
        var generated: [Int32]?
        var checks: [Compiled] = []
        for clause in clauses {
            var list: [Int32]?
            switch clause {
            case .text(let text):
                list = matches[text]?.docs ?? []
            case .anyOf(let alternatives):
                var texts: [String] = []
                for alternative in alternatives {
                    if case .text(let text) = alternative { texts.append(text) }
                }
                if texts.count == alternatives.count {
                    list = Self.union(texts.map { matches[$0]?.docs ?? [] })
                }
            default:
                break
            }
            if let list {
                generated = generated.map { Self.intersect($0, list) } ?? list
            } else {
                checks.append(clause)
            }
        }
        var candidates: [Int32]
        if let generated {
            candidates = generated
        } else {
            candidates = []
            candidates.reserveCapacity(segment.documentCount - view.deletions.count)
            for doc in 0..<segment.documentCount where !view.deletions.contains(doc) { candidates.append(Int32(doc)) }
        }
        if !checks.isEmpty {
            var predicates: [(Int) -> Bool] = []
            for clause in checks { predicates.append(Self.predicate(clause, segment: segment, membership: membership)) }
            candidates = candidates.filter { doc in predicates.allSatisfy { $0(Int(doc)) } }
        }
        return SegmentResult(candidates: candidates, matches: matches)
    }

    private static func predicate(
        _ clause: Compiled,
        segment: Segment,
        membership: (String) -> DeletionSet
    ) -> (Int) -> Bool {
        switch clause {
        case .text(let text):
            let set = membership(text)
            return { set.contains($0) }
        case .anyOf(let clauses):
            let parts = clauses.map { Self.predicate($0, segment: segment, membership: membership) }
            return { doc in parts.contains { $0(doc) } }
        case .exclude(let clause):
            let inner = Self.predicate(clause, segment: segment, membership: membership)
            return { !inner($0) }
        case .filter(let filter):
            return Self.filterPredicate(filter, segment: segment)
        }
    }

    private static func filterPredicate(_ filter: FieldFilter, segment: Segment) -> (Int) -> Bool {
        switch filter.condition {
        case .range(let range):
            let years = segment.years
            return { doc in years[doc] != 0 && range.contains(Int(years[doc])) }
        case .value(let value):
            if filter.field == .year {
                guard let year = Int(value) else { return { _ in false } }
                let years = segment.years
                return { years[$0] == Int32(clamping: year) }
            }
            let needle = FoldedText.fold(value)
            switch filter.field {
            case .province, .city, .county, .org:
                let column = Self.column(filter.field, segment)
                let accepted = column.values.map { FoldedText.fold($0).contains(needle) }
                return { doc in
                    let id = column.ids[doc]
                    return id >= 0 && accepted[Int(id)]
                }
            case .level:
                let accepted = segment.level.values.map { FoldedText.fold($0) == needle }
                let ids = segment.level.ids
                return { doc in ids[doc] >= 0 && accepted[Int(ids[doc])] }
            case .part, .indicator:
                let list = filter.field == .part ? segment.parts : segment.indicators
                let accepted = list.values.map { FoldedText.fold($0) == needle }
                return { doc in list.ids(doc).contains { accepted[Int($0)] } }
            case .year:
                return { _ in false }
            }
        }
    }

    private static func column(_ field: FieldFilter.Field, _ segment: Segment) -> StringColumn {
        switch field {
        case .province: segment.province
        case .city: segment.city
        case .county: segment.county
        case .org: segment.organization
        default: segment.level
        }
    }

    static func union(_ lists: [[Int32]]) -> [Int32] {
        var all: [Int32] = []
        for list in lists { all.append(contentsOf: list) }
        all.sort()
        var result: [Int32] = []
        result.reserveCapacity(all.count)
        for doc in all where result.last != doc { result.append(doc) }
        return result
    }

    static func intersect(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var result: [Int32] = []
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] {
                i += 1
            } else if a[i] > b[j] {
                j += 1
            } else {
                result.append(a[i])
                i += 1
                j += 1
            }
        }
        return result
    }

    // MARK: Statistics

    static func statistics(_ query: Query, views: [SegmentView]) throws(IndexError) -> TermStatistics {
        let terms = query.scoringTerms
        var statistics = Self.collection(views)
        for term in terms { statistics.documentFrequency[term] = 0 }
        var scalars: [UInt32] = []
        for term in terms {
            scalars.removeAll(keepingCapacity: true)
            ScalarDecoder.append(term, to: &scalars)
            var total: UInt64 = 0
            for view in views {
                total += UInt64(try TermMatcher.match(scalars, in: view.segment, deletions: view.deletions).docs.count)
            }
            statistics.documentFrequency[term] = total
        }
        return statistics
    }

    private static func collection(_ views: [SegmentView]) -> TermStatistics {
        var statistics = TermStatistics()
        for view in views {
            statistics.documentCount += UInt64(view.segment.documentCount - view.deletions.count)
            var length = view.segment.totalLength
            for doc in view.deletions.members { length -= UInt64(view.segment.lengths[doc]) }
            statistics.totalLength += length
        }
        return statistics
    }

    // MARK: Search

    private struct Ranked {
        var score: Double
        var view: Int32
        var doc: Int32
    }

    static func search(_ query: Query, options: SearchOptions, views: [SegmentView], scorer: BM25) throws(IndexError) -> SearchResult {
        guard (0...SearchOptions.maximumLimit).contains(options.limit), options.offset >= 0, options.snippets >= 0 else {
            throw IndexError(.invalidArgument, "limit must be within 0...\(SearchOptions.maximumLimit); offset and snippets non-negative")
        }
        for field in options.facets where FieldFilter.Field(rawValue: field) == nil {
            throw IndexError(.invalidArgument, "unknown facet field '\(field)'")
        }
        let clauses = query.clauses.map(Self.compile)
        let terms = query.scoringTerms
        var results: [SegmentResult] = []
        for view in views { results.append(try Self.evaluate(clauses, view: view)) }

        var statistics: TermStatistics
        if let global = options.globalStatistics {
            statistics = global
        } else {
            statistics = Self.collection(views)
            for term in terms {
                statistics.documentFrequency[term] = results.reduce(0) { $0 + UInt64($1.matches[term]?.docs.count ?? 0) }
            }
        }
        let collection = statistics.collection
        let frequencies = terms.map { statistics.documentFrequency[$0] ?? 0 }

        // Top offset+limit by score, then doc id, in a bounded min-heap (worst on top).
        let wanted = options.offset + options.limit
        var heap: [Ranked] = []
        heap.reserveCapacity(wanted + 1)
        func worse(_ a: Ranked, _ b: Ranked) -> Bool {
            if a.score != b.score { return a.score < b.score }
            return views[Int(a.view)].segment.docIDs[Int(a.doc)] > views[Int(b.view)].segment.docIDs[Int(b.doc)]
        }
        var totalHits = 0
        for (viewIndex, result) in results.enumerated() {
            totalHits += result.candidates.count
            guard wanted > 0 else { continue }
            let segment = views[viewIndex].segment
            let termMatches = terms.map { result.matches[$0] ?? TermMatch() }
            var cursors = Array(repeating: 0, count: terms.count)
            for doc in result.candidates {
                var score = 0.0
                for index in 0..<terms.count {
                    let docs = termMatches[index].docs
                    var cursor = cursors[index]
                    while cursor < docs.count && docs[cursor] < doc { cursor += 1 }
                    cursors[index] = cursor
                    if cursor < docs.count && docs[cursor] == doc {
                        score += scorer.termScore(
                            termFrequency: Int(termMatches[index].frequencies[cursor]),
                            documentLength: Int(segment.lengths[Int(doc)]),
                            documentFrequency: frequencies[index],
                            statistics: collection
                        )
                    }
                }
                let entry = Ranked(score: score, view: Int32(viewIndex), doc: doc)
                if heap.count < wanted {
                    heap.append(entry)
                    Self.siftUp(&heap, heap.count - 1, worse)
                } else if worse(heap[0], entry) {
                    heap[0] = entry
                    Self.siftDown(&heap, 0, worse)
                }
            }
        }
        heap.sort { worse($1, $0) }
        let page = heap.count > options.offset ? Array(heap[options.offset...]) : []
        var hits: [SearchHit] = []
        for entry in page {
            let segment = views[Int(entry.view)].segment
            let doc = Int(entry.doc)
            var snippets: [Snippet] = []
            if options.snippets > 0 && !terms.isEmpty {
                let stored = try segment.stored(doc, text: true, blob: false)
                snippets = Snippeter.snippets(text: stored.text ?? "", terms: terms, count: options.snippets)
            }
            let year = segment.years[doc]
            hits.append(
                SearchHit(
                    docID: segment.docIDs[doc],
                    score: entry.score,
                    title: segment.titles[doc],
                    year: year == 0 ? nil : Int(year),
                    province: segment.province.value(doc),
                    level: segment.level.value(doc),
                    organization: segment.organization.value(doc),
                    snippets: snippets
                )
            )
        }
        let facets = options.facets.map { field in
            Self.facet(field, views: views, results: results)
        }
        return SearchResult(totalHits: totalHits, hits: hits, facets: facets)
    }

    private static func facet(_ name: String, views: [SegmentView], results: [SegmentResult]) -> FacetResult {
        // '!' is fine: facet names were validated by the caller.
        let field = FieldFilter.Field(rawValue: name)!
        var totals: [String: Int] = [:]
        for (index, result) in results.enumerated() {
            let segment = views[index].segment
            switch field {
            case .year:
                var counts: [Int32: Int] = [:]
                for doc in result.candidates where segment.years[Int(doc)] != 0 { counts[segment.years[Int(doc)], default: 0] += 1 }
                for (year, count) in counts { totals[String(year), default: 0] += count }
            case .part, .indicator:
                let list = field == .part ? segment.parts : segment.indicators
                var counts = Array(repeating: 0, count: list.values.count)
                for doc in result.candidates { for id in list.ids(Int(doc)) { counts[Int(id)] += 1 } }
                for (id, count) in counts.enumerated() where count > 0 { totals[list.values[id], default: 0] += count }
            default:
                let column = Self.column(field, segment)
                var counts = Array(repeating: 0, count: column.values.count)
                for doc in result.candidates {
                    let id = column.ids[Int(doc)]
                    if id >= 0 { counts[Int(id)] += 1 }
                }
                for (id, count) in counts.enumerated() where count > 0 { totals[column.values[id], default: 0] += count }
            }
        }
        let counts = totals.map { (value: $0.key, count: $0.value) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value
        }
        return FacetResult(field: name, counts: counts)
    }

    private static func siftUp(_ heap: inout [Ranked], _ index: Int, _ worse: (Ranked, Ranked) -> Bool) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            if worse(heap[child], heap[parent]) {
                heap.swapAt(child, parent)
                child = parent
            } else {
                return
            }
        }
    }

    private static func siftDown(_ heap: inout [Ranked], _ index: Int, _ worse: (Ranked, Ranked) -> Bool) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && worse(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && worse(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
