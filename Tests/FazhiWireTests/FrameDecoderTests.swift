import FazhiProto
import FazhiWire
import Foundation
import NIOCore
import NIOEmbedded
import NIOTestUtils
import SwiftProtobuf
import Testing

@Suite struct FrameDecoderTests {
    static func framed(_ frame: Fazhi_V1_Frame) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        try FrameEncoder.write(frame, into: &buffer)
        return buffer
    }

    static let sample: [Fazhi_V1_Frame] = [
        .request(callID: 1, method: "/fazhi.v1.Health/Check", payload: Data(), timeoutMilliseconds: 250),
        .request(callID: 2, method: "/x.Y/Z", payload: Data(repeating: 7, count: 3000), metadata: ["authorization": "Bearer t"]),
        .response(callID: 2, payload: Data([1, 2, 3])),
        .response(callID: 3, error: WireError(code: .notFound, message: "没有这个文档")),
        .control(.ping, callID: 9),
        .goaway(WireError(code: .unavailable, message: "draining")),
    ]

    @Test("NIO's decoder verifier: any split of the input gives the same frames")
    func verifier() throws {
        let pairs = try Self.sample.map { frame in (try Self.framed(frame), [frame]) }
        var all = ByteBuffer()
        for (var buffer, _) in pairs { all.writeBuffer(&buffer) }
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: pairs + [(all, Self.sample)],
            decoderFactory: { FrameDecoder(maximumFrameLength: 1 << 20) }
        )
    }

    @Test("an oversize length is refused from the 4 length bytes alone, before the body arrives")
    func oversizeRefusedEarly() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maximumFrameLength: 1024)))
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(1025))
        let error = #expect(throws: WireError.self) { try channel.writeInbound(buffer) }
        #expect(error?.code == .resourceExhausted)
        #expect(error?.message.contains("1025") == true)
        _ = try? channel.finish()
    }

    @Test("the largest legal length is accepted", arguments: [1024, 4096])
    func exactlyMaximum(maximum: Int) throws {
        var frame = Fazhi_V1_Frame.response(callID: 1, payload: Data())
        // Grow the payload until the serialized body is exactly `maximum` bytes.
        var payloadSize = maximum - 8
        while true {
            frame.payload = Data(repeating: 1, count: payloadSize)
            let bytes: [UInt8] = try frame.serializedBytes()
            let size = bytes.count
            if size == maximum { break }
            payloadSize += maximum - size
        }
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maximumFrameLength: maximum)))
        try channel.writeInbound(try Self.framed(frame))
        #expect(try channel.readInbound(as: Fazhi_V1_Frame.self) == frame)
        #expect(try channel.finish().isClean)
    }

    @Test("a truncated frame yields nothing and leaves its bytes unconsumed")
    func truncated() throws {
        var decoder = FrameDecoder()
        var buffer = try Self.framed(Self.sample[1])
        let full = buffer.readableBytes
        buffer.moveWriterIndex(to: buffer.writerIndex - 10)
        #expect(try decoder.decode(buffer: &buffer) == nil)
        #expect(buffer.readableBytes == full - 10)
        var lengthOnly = ByteBuffer(bytes: [0, 0])
        #expect(try decoder.decode(buffer: &lengthOnly) == nil)
        #expect(lengthOnly.readableBytes == 2)
    }

    @Test("a truncated frame at end of stream is an error, not a frame")
    func truncatedAtEOF() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder()))
        var buffer = try Self.framed(Self.sample[0])
        buffer.moveWriterIndex(to: buffer.writerIndex - 1)
        try channel.writeInbound(buffer)
        let error = #expect(throws: WireError.self) { try channel.finish() }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("\(buffer.readableBytes) bytes left over") == true)
        #expect(try channel.readInbound(as: Fazhi_V1_Frame.self) == nil)
    }

    @Test("a zero length is a protocol error")
    func zeroLength() throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: [0, 0, 0, 0])
        let error = #expect(throws: WireError.self) { try decoder.decode(buffer: &buffer) }
        #expect(error?.code == .invalidArgument)
    }

    @Test("garbage bodies are refused as INVALID_ARGUMENT", arguments: [
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF],  // a varint that never ends
        [0x0A, 0x20, 0x41],  // a length-delimited field longer than the body
        [0x10, 0x63],  // kind 99: not a frame kind
        [0x08, 0x01],  // call_id only: kind unspecified
    ] as [[UInt8]])
    func garbage(body: [UInt8]) throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(body.count))
        buffer.writeBytes(body)
        let error = #expect(throws: WireError.self) { try decoder.decode(buffer: &buffer) }
        #expect(error?.code == .invalidArgument)
    }

    @Test("random bytes never crash the decoder")
    func fuzz() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let count = Int.random(in: 0..<64, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if bytes.count >= 4, Bool.random(using: &generator) {
                // Make the length plausible so the body reaches the protobuf decoder.
                let length = UInt32(bytes.count - 4)
                bytes[0] = 0; bytes[1] = 0; bytes[2] = UInt8(length >> 8); bytes[3] = UInt8(length & 0xFF)
            }
            var decoder = FrameDecoder(maximumFrameLength: 1 << 16)
            var buffer = ByteBuffer(bytes: bytes)
            while let _ = try? decoder.decode(buffer: &buffer) {}
        }
    }

    @Test("the encoder refuses a frame over the maximum")
    func encoderLimit() throws {
        var buffer = ByteBuffer()
        let frame = Fazhi_V1_Frame.response(callID: 1, payload: Data(repeating: 0, count: 2000))
        let error = #expect(throws: WireError.self) { try FrameEncoder.write(frame, into: &buffer, maximumFrameLength: 1000) }
        #expect(error?.code == .resourceExhausted)
        #expect(buffer.readableBytes == 0)
    }
}
