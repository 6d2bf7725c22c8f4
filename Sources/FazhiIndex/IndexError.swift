/// Why an index operation failed: damaged files, misuse, or an underlying storage error.
package struct IndexError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case corrupt, invalidArgument, closed, storage
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Bytes on disk (segment, store entry, manifest, log record) failed a checksum or check.
        package static var corrupt: Self { Self(.corrupt) }
        /// The caller passed something unusable (an unknown facet field, a bad limit).
        package static var invalidArgument: Self { Self(.invalidArgument) }
        /// The shard was used after `close()`.
        package static var closed: Self { Self(.closed) }
        /// A file-system operation failed (see `cause`).
        package static var storage: Self { Self(.storage) }

        package var description: String {
            switch self.value {
            case .corrupt: "corrupt"
            case .invalidArgument: "invalidArgument"
            case .closed: "closed"
            case .storage: "storage"
            }
        }
    }

    /// The kind of failure.
    package var code: Code
    /// What went wrong, for people.
    package var message: String
    /// The underlying error, if any (ignored by `==`).
    package var cause: (any Error & Sendable)?

    /// An error of `code` with `message`.
    package init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    package var description: String {
        if let cause { return "\(self.code): \"\(self.message)\" (cause: \(cause))" }
        return "\(self.code): \"\(self.message)\""
    }

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
        hasher.combine(self.message)
    }
}
