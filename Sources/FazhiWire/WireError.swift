/// An error that crosses the wire: a gRPC status code and a message.
///
/// This is the one error type of the RPC layer. Servers convert every error a handler throws
/// into one of these in exactly one place (``WireError/init(converting:)``): a `WireError` is
/// sent as is, a ``WireErrorConvertible`` error is converted, anything else becomes
/// ``Code/internalError`` with an empty message (the cause is logged locally, never sent).
/// Clients rebuild a `WireError` from the received `Status`.
package struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The status code.
    package var code: Code
    /// A developer-facing message; empty for ``Code/internalError`` on the wire.
    package var message: String
    /// The underlying error, kept locally for logging; never serialized, ignored by `==`.
    package var cause: (any Error)?

    /// Creates an error with a code, a message and an optional local cause.
    package init(code: Code, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    package var description: String {
        if let cause {
            return "\(self.code): \"\(self.message)\" (cause: \(cause))"
        }
        return "\(self.code): \"\(self.message)\""
    }

    package static func == (lhs: WireError, rhs: WireError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
        hasher.combine(self.message)
    }
}

extension WireError {
    /// A gRPC status code (the 16 error codes; OK is not an error).
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Int, Hashable, Sendable {
            case cancelled = 1
            case unknown = 2
            case invalidArgument = 3
            case deadlineExceeded = 4
            case notFound = 5
            case alreadyExists = 6
            case permissionDenied = 7
            case resourceExhausted = 8
            case failedPrecondition = 9
            case aborted = 10
            case outOfRange = 11
            case unimplemented = 12
            case internalError = 13
            case unavailable = 14
            case dataLoss = 15
            case unauthenticated = 16
        }

        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The numeric value, as on the wire (1...16).
        package var rawValue: Int { self.wrapped.rawValue }

        /// The code for a wire value; `nil` for 0 (OK) and for values outside 1...16.
        package init?(rawValue: Int) {
            guard let wrapped = Wrapped(rawValue: rawValue) else { return nil }
            self.wrapped = wrapped
        }

        package var description: String {
            switch self.wrapped {
            case .cancelled: "CANCELLED"
            case .unknown: "UNKNOWN"
            case .invalidArgument: "INVALID_ARGUMENT"
            case .deadlineExceeded: "DEADLINE_EXCEEDED"
            case .notFound: "NOT_FOUND"
            case .alreadyExists: "ALREADY_EXISTS"
            case .permissionDenied: "PERMISSION_DENIED"
            case .resourceExhausted: "RESOURCE_EXHAUSTED"
            case .failedPrecondition: "FAILED_PRECONDITION"
            case .aborted: "ABORTED"
            case .outOfRange: "OUT_OF_RANGE"
            case .unimplemented: "UNIMPLEMENTED"
            case .internalError: "INTERNAL"
            case .unavailable: "UNAVAILABLE"
            case .dataLoss: "DATA_LOSS"
            case .unauthenticated: "UNAUTHENTICATED"
            }
        }

        /// The operation was cancelled, typically by the caller.
        package static let cancelled = Code(.cancelled)
        /// Unknown error.
        package static let unknown = Code(.unknown)
        /// The client specified an invalid argument.
        package static let invalidArgument = Code(.invalidArgument)
        /// The deadline expired before the operation could complete.
        package static let deadlineExceeded = Code(.deadlineExceeded)
        /// A requested entity was not found.
        package static let notFound = Code(.notFound)
        /// The entity already exists.
        package static let alreadyExists = Code(.alreadyExists)
        /// The caller may not do this.
        package static let permissionDenied = Code(.permissionDenied)
        /// A resource (in-flight calls, frame size, a queue) is exhausted.
        package static let resourceExhausted = Code(.resourceExhausted)
        /// The system is not in the state the operation needs.
        package static let failedPrecondition = Code(.failedPrecondition)
        /// The operation was aborted.
        package static let aborted = Code(.aborted)
        /// Past the valid range.
        package static let outOfRange = Code(.outOfRange)
        /// The method is not implemented by this service.
        package static let unimplemented = Code(.unimplemented)
        /// An invariant was broken; details stay in the server's log.
        package static let internalError = Code(.internalError)
        /// The service is unavailable; retrying may help.
        package static let unavailable = Code(.unavailable)
        /// Unrecoverable data loss or corruption.
        package static let dataLoss = Code(.dataLoss)
        /// No valid credentials.
        package static let unauthenticated = Code(.unauthenticated)
    }
}
