internal import NIOCore
internal import NIOPosix

/// The floor: a 4-byte big-endian length prefix and the payload, echoed back unchanged by a
/// plain NIO handler. No protobuf, no call ids (answers come back in order), no deadlines, no
/// auth. The client keeps a FIFO of promises, so many calls can be in flight on one connection.
struct BareEchoSystem: EchoSystem {
    var name: SystemName { .bare }

    func withEchoCall<Result: Sendable>(
        payloadSize: Int,
        _ body: (@escaping EchoCall) async throws -> Result
    ) async throws -> Result {
        let group = MultiThreadedEventLoopGroup.singleton
        let serverChannel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LengthPrefixedFrameDecoder(keepsPrefix: true))
                    )
                    try channel.pipeline.syncOperations.addHandler(BareEchoServerHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()

        let result: Swift.Result<Result, any Error>
        do {
            guard let port = serverChannel.localAddress?.port else {
                throw BenchmarkFailure("the bare server has no port")
            }
            let channel = try await ClientBootstrap(group: group)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(LengthPrefixedFrameDecoder(keepsPrefix: false))
                        )
                        try channel.pipeline.syncOperations.addHandler(BareEchoClientHandler())
                    }
                }
                .connect(host: "127.0.0.1", port: port)
                .get()
            do {
                let payload = makePayload(size: payloadSize)
                var request = channel.allocator.buffer(capacity: 4 + payloadSize)
                request.writeInteger(UInt32(payloadSize), endianness: .big)
                request.writeBytes(payload)
                // The same framed buffer is sent every time: ByteBuffer is copy-on-write.
                let framedRequest = request

                let call: @Sendable () async throws -> ByteBuffer = {
                    let promise = channel.eventLoop.makePromise(of: ByteBuffer.self)
                    channel.writeAndFlush(BareEchoCall(request: framedRequest, response: promise), promise: nil)
                    return try await promise.futureResult.get()
                }
                let answer = try await call()
                guard answer.readableBytesView.elementsEqual(payload) else {
                    throw BenchmarkFailure("the bare echo returned different bytes")
                }
                result = .success(
                    try await body {
                        let answer = try await call()
                        guard answer.readableBytes == payloadSize else {
                            throw BenchmarkFailure("the bare echo returned \(answer.readableBytes) bytes")
                        }
                    }
                )
            } catch {
                result = .failure(error)
            }
            try? await channel.close()
        } catch {
            result = .failure(error)
        }
        try? await serverChannel.close()
        return try result.get()
    }
}

/// Splits a stream into frames of a 4-byte big-endian length and that many bytes.
struct LengthPrefixedFrameDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// Whether each frame is passed on with its length prefix (the echo server sends it back as is).
    let keepsPrefix: Bool

    mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self),
            buffer.readableBytes >= 4 + Int(length)
        else {
            return nil
        }
        if self.keepsPrefix {
            return buffer.readSlice(length: 4 + Int(length))
        }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(length))
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try self.decode(buffer: &buffer)
    }
}

/// Writes every frame back as it came, flushing once per read burst.
final class BareEchoServerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.write(data, promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }
}

/// A framed request and the promise its answer completes.
struct BareEchoCall: Sendable {
    var request: ByteBuffer
    var response: EventLoopPromise<ByteBuffer>
}

/// Sends framed requests and completes their promises in order as the answers arrive.
final class BareEchoClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = BareEchoCall
    typealias OutboundOut = ByteBuffer

    private var waiting = CircularBuffer<EventLoopPromise<ByteBuffer>>(initialCapacity: 128)

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let call = Self.unwrapOutboundIn(data)
        self.waiting.append(call.response)
        context.write(Self.wrapOutboundOut(call.request), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let answer = Self.unwrapInboundIn(data)
        guard let promise = self.waiting.popFirst() else {
            context.fireErrorCaught(BenchmarkFailure("an answer arrived with no call waiting"))
            context.close(promise: nil)
            return
        }
        promise.succeed(answer)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.failAll(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.failAll(BenchmarkFailure("the bare connection closed"))
        context.fireChannelInactive()
    }

    private func failAll(_ error: any Error) {
        while let promise = self.waiting.popFirst() {
            promise.fail(error)
        }
    }
}
