/// A query string that cannot be parsed: where (a character offset) and why.
package struct QuerySyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why the query was rejected.
    package struct Reason: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case emptyQuery, unbalancedQuote, unknownField, badRange, badValue, emptyTerm, danglingOperator
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Nothing to search for.
        package static var emptyQuery: Self { Self(.emptyQuery) }
        /// A `"` without its closing partner (position: the opening quote).
        package static var unbalancedQuote: Self { Self(.unbalancedQuote) }
        /// `name:` where `name` is not a known field (position: the field name).
        package static var unknownField: Self { Self(.unknownField) }
        /// A malformed or inverted range (`year:2023..2020`, `year:abc..`).
        package static var badRange: Self { Self(.badRange) }
        /// A field value that is empty or invalid (`year:abc`, `level:galaxy`).
        package static var badValue: Self { Self(.badValue) }
        /// A term or phrase with nothing to match once folded (`""`, `-`).
        package static var emptyTerm: Self { Self(.emptyTerm) }
        /// `OR` without a term on both sides.
        package static var danglingOperator: Self { Self(.danglingOperator) }

        package var description: String {
            switch self.value {
            case .emptyQuery: "emptyQuery"
            case .unbalancedQuote: "unbalancedQuote"
            case .unknownField: "unknownField"
            case .badRange: "badRange"
            case .badValue: "badValue"
            case .emptyTerm: "emptyTerm"
            case .danglingOperator: "danglingOperator"
            }
        }
    }

    /// Why.
    package var reason: Reason
    /// Offset, in `Character`s from the start of the query, of the offending token.
    package var position: Int
    /// A readable explanation.
    package var message: String

    /// An error at `position` for `reason`.
    package init(_ reason: Reason, at position: Int, _ message: String) {
        self.reason = reason
        self.position = position
        self.message = message
    }

    package var description: String { "\(self.reason) at \(self.position): \"\(self.message)\"" }
}
