/// The one error type of FazhiAggregation: a ``Code``, a message naming the problem, and an
/// optional underlying cause.
///
/// Invalid requests (unknown indicator, grouping field or level) and refused computations
/// (sums across administrative levels) carry their own codes, so the service can map them to
/// `INVALID_ARGUMENT` and `FAILED_PRECONDITION`; see ``Code/isInvalidArgument`` and
/// ``Code/isFailedPrecondition``. Equality ignores the cause.
package struct AggregationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case unknownIndicator = "unknown indicator"
            case unknownGroupField = "unknown grouping field"
            case invalidFilter = "invalid filter"
            case crossLevelSum = "cross-level sum"
            case corruptData = "corrupt data"
            case incompatibleSketches = "incompatible sketches"
            case storage = "storage"
            case closed = "closed"
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// An indicator id that is not in the taxonomy (indicators.json).
        package static var unknownIndicator: Self { Self(.unknownIndicator) }
        /// A grouping field other than year, province, city, county, level, organization.
        package static var unknownGroupField: Self { Self(.unknownGroupField) }
        /// A filter value that cannot match anything valid (an unknown level, an inverted year range).
        package static var invalidFilter: Self { Self(.invalidFilter) }
        /// A group would sum values from different administrative levels.
        package static var crossLevelSum: Self { Self(.crossLevelSum) }
        /// Bytes (a sketch, a log record, a snapshot) that do not decode.
        package static var corruptData: Self { Self(.corruptData) }
        /// Two sketches with different relative accuracies cannot be merged.
        package static var incompatibleSketches: Self { Self(.incompatibleSketches) }
        /// The durable store failed (I/O); the cause holds the storage error.
        package static var storage: Self { Self(.storage) }
        /// The partition was closed.
        package static var closed: Self { Self(.closed) }

        /// The caller asked for something invalid (maps to INVALID_ARGUMENT).
        package var isInvalidArgument: Bool {
            switch self.value {
            case .unknownIndicator, .unknownGroupField, .invalidFilter, .corruptData, .incompatibleSketches: true
            default: false
            }
        }

        /// The request is valid but refused in the current state (maps to FAILED_PRECONDITION).
        package var isFailedPrecondition: Bool { self.value == .crossLevelSum || self.value == .closed }

        package var description: String { self.value.rawValue }
    }

    /// What kind of failure this is.
    package var code: Code
    /// A sentence naming the problem (and the offending value).
    package var message: String
    /// The underlying error, if any (not part of equality).
    package var cause: (any Error & Sendable)?

    /// An error with a code, a message and an optional cause.
    package init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    package var description: String {
        var text = "\(self.code): \"\(self.message)\""
        if let cause = self.cause { text += " (cause: \(cause))" }
        return text
    }

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
        hasher.combine(self.message)
    }
}
