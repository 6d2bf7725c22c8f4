package import FazhiProto
package import NIOCore
internal import SwiftProtobuf

/// Writes ``Fazhi_V1_Frame``s as a 4-byte big-endian length followed by the serialized body.
///
/// A frame whose body would exceed ``maximumFrameLength`` is refused with
/// RESOURCE_EXHAUSTED; senders check payload sizes before they get here, so this is a last guard.
package struct FrameEncoder: MessageToByteEncoder {
    package typealias OutboundIn = Fazhi_V1_Frame

    /// Largest body written, in bytes.
    package let maximumFrameLength: Int

    /// Creates an encoder that refuses bodies longer than `maximumFrameLength` bytes.
    package init(maximumFrameLength: Int = FrameDecoder.defaultMaximumFrameLength) {
        self.maximumFrameLength = maximumFrameLength
    }

    package func encode(data: Fazhi_V1_Frame, out: inout ByteBuffer) throws {
        try Self.write(data, into: &out, maximumFrameLength: self.maximumFrameLength)
    }

    /// Appends one framed message to `buffer`.
    package static func write(
        _ frame: Fazhi_V1_Frame,
        into buffer: inout ByteBuffer,
        maximumFrameLength: Int = FrameDecoder.defaultMaximumFrameLength
    ) throws {
        let bytes: [UInt8] = try frame.serializedBytes()
        guard bytes.count <= maximumFrameLength else {
            throw WireError(
                code: .resourceExhausted,
                message: "frame of \(bytes.count) bytes exceeds the maximum of \(maximumFrameLength) bytes"
            )
        }
        buffer.reserveCapacity(minimumWritableBytes: 4 + bytes.count)
        buffer.writeInteger(UInt32(bytes.count), endianness: .big)
        buffer.writeBytes(bytes)
    }
}
