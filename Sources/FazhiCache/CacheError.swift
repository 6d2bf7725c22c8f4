/// An error thrown by FazhiCache: by ``Zlib`` or by ``CacheStore``'s writing operations.
///
/// Reads never throw: a damaged entry is a miss (see ``CacheStore/get(key:parserVersion:)``).
/// Equality and hashing consider ``code`` and ``message`` only, never ``cause``.
package struct CacheError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, in a form that callers can switch over.
    package var code: Code
    /// A human-readable explanation, meant for logs.
    package var message: String
    /// The lower-level error that led to this one, if any.
    package var cause: (any Error & Sendable)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - message: A human-readable explanation.
    ///   - cause: The lower-level error that led to this one, if any. Defaults to `nil`.
    package init(code: Code, message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// Reads `code: "message"`, then ` (cause: …)` when there is a cause.
    package var description: String {
        if let cause {
            return "\(self.code): \"\(self.message)\" (cause: \(cause))"
        }
        return "\(self.code): \"\(self.message)\""
    }

    /// Compares ``code`` and ``message``; ``cause`` is ignored.
    package static func == (lhs: CacheError, rhs: CacheError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }

    /// Hashes ``code`` and ``message``, consistently with `==`.
    package func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
        hasher.combine(self.message)
    }
}

extension CacheError {
    /// The kind of a ``CacheError``.
    ///
    /// A struct over a private enum so that new codes can be added without breaking callers that switch over them.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case outputLimitExceeded
            case corruptData
            case truncatedData
            case zlibFailure
            case entryTooLarge
            case fileSystem
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// Decompressing would produce more bytes than the caller's limit (for example a zip bomb).
        package static var outputLimitExceeded: Self { Self(.outputLimitExceeded) }
        /// The compressed input is not a valid zlib stream, or has bytes after its end.
        package static var corruptData: Self { Self(.corruptData) }
        /// The compressed input ended before the zlib stream did.
        package static var truncatedData: Self { Self(.truncatedData) }
        /// zlib reported an unexpected failure (for example out of memory).
        package static var zlibFailure: Self { Self(.zlibFailure) }
        /// A value is larger than ``CacheStore/Configuration/maxEntryBytes``, so it is not cached.
        package static var entryTooLarge: Self { Self(.entryTooLarge) }
        /// A file-system call failed; the message names the call, the path and `errno`.
        package static var fileSystem: Self { Self(.fileSystem) }

        /// The code's name, such as `outputLimitExceeded`.
        package var description: String {
            switch self.wrapped {
            case .outputLimitExceeded: "outputLimitExceeded"
            case .corruptData: "corruptData"
            case .truncatedData: "truncatedData"
            case .zlibFailure: "zlibFailure"
            case .entryTooLarge: "entryTooLarge"
            case .fileSystem: "fileSystem"
            }
        }
    }
}
