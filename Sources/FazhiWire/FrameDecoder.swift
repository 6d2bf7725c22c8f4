package import FazhiProto
package import NIOCore
internal import SwiftProtobuf

/// Splits a byte stream into ``Fazhi_V1_Frame``s: a 4-byte big-endian length, then the body.
///
/// The declared length is checked against ``maximumFrameLength`` as soon as the 4 length bytes
/// have arrived, before any of the body is buffered, so a bogus prefix cannot make a peer
/// buffer gigabytes. On a partial frame nothing is consumed (the reader index is untouched).
///
/// Errors (all ``WireError``s, after which the connection must be closed, since the stream is
/// no longer in sync): RESOURCE_EXHAUSTED for an oversize length; INVALID_ARGUMENT for a
/// zero length, a body that is not a `Frame`, or a frame of unspecified kind.
package struct FrameDecoder: NIOSingleStepByteToMessageDecoder {
    package typealias InboundOut = Fazhi_V1_Frame

    /// The default maximum body length: 8 MiB.
    package static let defaultMaximumFrameLength = 8 * 1024 * 1024

    /// Largest body accepted, in bytes.
    package let maximumFrameLength: Int

    /// Creates a decoder that refuses bodies longer than `maximumFrameLength` bytes.
    package init(maximumFrameLength: Int = FrameDecoder.defaultMaximumFrameLength) {
        precondition(maximumFrameLength > 0, "maximumFrameLength must be positive")
        self.maximumFrameLength = maximumFrameLength
    }

    package mutating func decode(buffer: inout ByteBuffer) throws -> Fazhi_V1_Frame? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return nil
        }
        // Compare as UInt64 so that a length near UInt32.max cannot overflow on 32-bit platforms.
        guard UInt64(length) <= UInt64(self.maximumFrameLength) else {
            throw WireError(
                code: .resourceExhausted,
                message: "frame of \(length) bytes exceeds the maximum of \(self.maximumFrameLength) bytes"
            )
        }
        guard length > 0 else {
            throw WireError(code: .invalidArgument, message: "zero-length frame")
        }
        guard buffer.readableBytes >= 4 + Int(length) else {
            return nil
        }
        buffer.moveReaderIndex(forwardBy: 4)
        // '!' is fine: readableBytes was checked above.
        let body = buffer.readSlice(length: Int(length))!
        let frame: Fazhi_V1_Frame
        do {
            frame = try Fazhi_V1_Frame(serializedBytes: body.readableBytesSpan)
        } catch {
            throw WireError(code: .invalidArgument, message: "undecodable frame of \(length) bytes", cause: error)
        }
        guard FrameKind(frame.kind) != nil else {
            throw WireError(code: .invalidArgument, message: "frame of unknown kind \(frame.kind.rawValue)")
        }
        return frame
    }

    package mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> Fazhi_V1_Frame? {
        if let frame = try self.decode(buffer: &buffer) { return frame }
        if seenEOF, buffer.readableBytes > 0 {
            throw WireError(
                code: .invalidArgument,
                message: "the stream ended inside a frame (\(buffer.readableBytes) bytes left over)"
            )
        }
        return nil
    }
}

/// The frame kinds a peer may send, without the "unspecified" and unrecognised cases.
package enum FrameKind: Sendable, Hashable {
    case request, response, cancel, ping, pong, goaway

    /// The kind of a decoded frame, or `nil` when it is unspecified or unknown.
    package init?(_ kind: Fazhi_V1_FrameKind) {
        switch kind {
        case .request: self = .request
        case .response: self = .response
        case .cancel: self = .cancel
        case .ping: self = .ping
        case .pong: self = .pong
        case .goaway: self = .goaway
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}
