package import FazhiProto
package import Foundation

extension Fazhi_V1_Frame {
    /// A REQUEST frame.
    package static func request(
        callID: UInt64,
        method: String,
        payload: Data,
        timeoutMilliseconds: UInt32 = 0,
        metadata: [String: String] = [:]
    ) -> Fazhi_V1_Frame {
        var frame = Fazhi_V1_Frame()
        frame.callID = callID
        frame.kind = .request
        frame.method = method
        frame.payload = payload
        frame.timeoutMs = timeoutMilliseconds
        frame.metadata = metadata
        return frame
    }

    /// A successful RESPONSE frame carrying `payload`.
    package static func response(callID: UInt64, payload: Data) -> Fazhi_V1_Frame {
        var frame = Fazhi_V1_Frame()
        frame.callID = callID
        frame.kind = .response
        frame.payload = payload
        return frame
    }

    /// A failed RESPONSE frame carrying `error`'s status.
    package static func response(callID: UInt64, error: WireError) -> Fazhi_V1_Frame {
        var frame = Fazhi_V1_Frame()
        frame.callID = callID
        frame.kind = .response
        frame.status = error.status
        return frame
    }

    /// A frame of a payload-less kind (CANCEL, PING, PONG).
    package static func control(_ kind: Fazhi_V1_FrameKind, callID: UInt64) -> Fazhi_V1_Frame {
        var frame = Fazhi_V1_Frame()
        frame.callID = callID
        frame.kind = kind
        return frame
    }

    /// A GOAWAY frame saying why the sender takes no new calls.
    package static func goaway(_ error: WireError) -> Fazhi_V1_Frame {
        var frame = Fazhi_V1_Frame()
        frame.kind = .goaway
        frame.status = error.status
        return frame
    }
}
