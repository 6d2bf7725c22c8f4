package import FazhiParsing
package import FazhiWire

// Bad input is the caller's problem: INVALID_ARGUMENT with the reason, never INTERNAL.
extension ParseError: WireErrorConvertible {
    package var wireError: WireError {
        WireError(code: .invalidArgument, message: "\(self.code): \(self.message)", cause: self)
    }
}
