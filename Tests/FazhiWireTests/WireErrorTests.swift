import FazhiProto
import FazhiWire
import Testing

@Suite struct WireErrorTests {
    struct DomainError: WireErrorConvertible {
        var wireError: WireError { WireError(code: .invalidArgument, message: "empty query") }
    }

    struct Secret: Error {}

    @Test("every code survives a round trip through Status", arguments: 1...16)
    func statusRoundTrip(raw: Int) throws {
        let code = try #require(WireError.Code(rawValue: raw))
        let error = WireError(code: code, message: "m\(raw)")
        #expect(WireError(status: error.status) == error)
        #expect(error.status.code.rawValue == raw)
    }

    @Test("OK is not an error, and unknown codes become UNKNOWN")
    func okAndUnknown() {
        #expect(WireError(status: .ok) == nil)
        var status = Fazhi_V1_Status()
        status.code = .UNRECOGNIZED(99)
        status.message = "odd"
        #expect(WireError(status: status) == WireError(code: .unknown, message: "odd"))
        #expect(WireError.Code(rawValue: 0) == nil)
        #expect(WireError.Code(rawValue: 17) == nil)
    }

    @Test("conversion: wire errors kept, convertible converted, others hidden as INTERNAL")
    func conversion() {
        let kept = WireError(code: .notFound, message: "no such report")
        #expect(WireError(converting: kept) == kept)
        #expect(WireError(converting: DomainError()) == WireError(code: .invalidArgument, message: "empty query"))
        let hidden = WireError(converting: Secret())
        #expect(hidden.code == .internalError)
        #expect(hidden.message.isEmpty)
        #expect(hidden.cause is Secret)
        #expect(WireError(converting: CancellationError()).code == .cancelled)
    }

    @Test("description reads code: \"message\" (cause: …) and equality ignores the cause")
    func descriptionAndEquality() {
        let error = WireError(code: .dataLoss, message: "bad checksum", cause: Secret())
        #expect(error.description.hasPrefix("DATA_LOSS: \"bad checksum\" (cause:"))
        #expect(error == WireError(code: .dataLoss, message: "bad checksum"))
    }
}
