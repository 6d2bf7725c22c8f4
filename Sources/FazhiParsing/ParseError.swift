/// An error from the parsing layer: input that cannot be turned into text.
///
/// Every code in this layer describes a problem with the caller's input, so a service maps all
/// of them to the wire status `INVALID_ARGUMENT` (see ``statusName``) and forwards ``message``
/// as the human-readable reason. There is no underlying cause, so equality compares code and message.
package struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable, machine-readable value.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        // A private enum behind a struct lets new codes be added without breaking exhaustive
        // switches in other targets.
        private enum Wrapped: Hashable, Sendable {
            case emptyInput
            case binaryInput
            case undecodable
            case tooLarge
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The input had no bytes, only whitespace, or (for HTML) no visible text.
        package static let emptyInput = Code(.emptyInput)
        /// The input looks like binary data (NUL or control bytes, or a known binary file signature).
        package static let binaryInput = Code(.binaryInput)
        /// No candidate encoding produced valid, plausible text.
        package static let undecodable = Code(.undecodable)
        /// The input is larger than the configured limit.
        package static let tooLarge = Code(.tooLarge)

        /// The code's name in `snake_case`, e.g. `empty_input`.
        package var description: String {
            switch self.wrapped {
            case .emptyInput: "empty_input"
            case .binaryInput: "binary_input"
            case .undecodable: "undecodable"
            case .tooLarge: "too_large"
            }
        }
    }

    /// The kind of failure.
    package var code: Code
    /// A human-readable reason, suitable for returning to the caller.
    package var message: String

    /// Creates an error with a code and a human-readable reason.
    package init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The wire status this error maps to; always `INVALID_ARGUMENT` for this layer.
    package var statusName: String { "INVALID_ARGUMENT" }

    /// `code: "message"`, in the style of the other error types in fazhi.
    package var description: String {
        "\(self.code): \"\(self.message)\""
    }
}
