package import FazhiProto

extension WireError {
    /// The status to put on the wire for this error (the cause is never included).
    package var status: Fazhi_V1_Status {
        var status = Fazhi_V1_Status()
        status.code = Fazhi_V1_StatusCode(rawValue: self.code.rawValue) ?? .unknown
        status.message = self.message
        return status
    }

    /// Rebuilds the error a peer sent; `nil` when the status is OK.
    ///
    /// A code outside gRPC's range becomes UNKNOWN, keeping the message.
    package init?(status: Fazhi_V1_Status) {
        let raw = status.code.rawValue
        if raw == 0 { return nil }
        self.init(code: Code(rawValue: raw) ?? .unknown, message: status.message)
    }
}

extension Fazhi_V1_Status {
    /// The OK status.
    package static var ok: Fazhi_V1_Status { Fazhi_V1_Status() }
}
