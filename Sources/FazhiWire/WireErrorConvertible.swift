/// An error that knows which ``WireError`` it becomes when it crosses the wire.
///
/// Domain errors (a bad query, bad input to the parser) adopt this so that the server maps
/// them to a precise status code, such as INVALID_ARGUMENT with the reason, instead of INTERNAL.
package protocol WireErrorConvertible: Error {
    /// The error as it should be sent to the client.
    var wireError: WireError { get }
}

extension WireError {
    /// Converts any error to the error a server sends: the one place where that happens.
    ///
    /// A `WireError` is kept; a ``WireErrorConvertible`` is converted; `CancellationError`
    /// becomes CANCELLED; anything else becomes INTERNAL with an empty message and the
    /// original kept as `cause` for the local log.
    package init(converting error: any Error) {
        switch error {
        case let error as WireError:
            self = error
        case let error as any WireErrorConvertible:
            self = error.wireError
        case is CancellationError:
            self = WireError(code: .cancelled, message: "the call was cancelled", cause: error)
        default:
            self = WireError(code: .internalError, message: "", cause: error)
        }
    }
}
