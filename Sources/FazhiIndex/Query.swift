internal import FazhiParsing

/// A parsed search: clauses that must all hold. Build one with ``QueryParser/parse(_:)`` or
/// directly from clauses.
package struct Query: Sendable, Hashable {
    /// One condition on a document.
    package indirect enum Clause: Sendable, Hashable {
        /// The folded text contains this string contiguously (a term or a quoted phrase; the
        /// string is folded like the documents before matching).
        case text(String)
        /// At least one of the clauses holds (`a OR b`).
        case anyOf([Clause])
        /// The clause does not hold (`-a`).
        case exclude(Clause)
        /// A metadata condition (`year:2023`, `province:浙江`).
        case filter(FieldFilter)
    }

    /// The clauses, all required.
    package var clauses: [Clause]

    /// A query of `clauses`.
    package init(_ clauses: [Clause]) {
        self.clauses = clauses
    }

    /// A query requiring every whitespace-separated term of `terms` (no operators).
    package static func allTerms(_ terms: String) -> Query {
        Query(terms.split(whereSeparator: { $0.isWhitespace }).map { .text(String($0)) })
    }

    /// The folded text terms that contribute to scoring (not under an exclusion), distinct,
    /// in order of appearance. These are the keys of ``TermStatistics/documentFrequency``.
    package var scoringTerms: [String] {
        var seen: Set<String> = []
        var result: [String] = []
        func visit(_ clause: Clause) {
            switch clause {
            case .text(let text):
                let folded = FoldedText.fold(text)
                if !folded.isEmpty && seen.insert(folded).inserted { result.append(folded) }
            case .anyOf(let clauses):
                clauses.forEach(visit)
            case .exclude, .filter:
                break
            }
        }
        self.clauses.forEach(visit)
        return result
    }
}

/// A condition on a document's metadata.
package struct FieldFilter: Sendable, Hashable {
    /// The metadata fields a query can filter on (and ``SearchOptions/facets`` can count).
    package enum Field: String, Sendable, Hashable, CaseIterable {
        case year, province, city, county, level, part, indicator, org
    }

    /// What the field must match.
    package enum Condition: Sendable, Hashable {
        /// Text fields: province/city/county/org contain the (folded) value; level, part and
        /// indicator equal it (case-insensitively). Year: equal to the number.
        case value(String)
        /// Year within the range (inclusive).
        case range(ClosedRange<Int>)
    }

    /// The field.
    package var field: Field
    /// The condition.
    package var condition: Condition

    /// A filter of `field` by `condition`.
    package init(_ field: Field, _ condition: Condition) {
        self.field = field
        self.condition = condition
    }
}
