package import FazhiProto
internal import FazhiWire
internal import Foundation
internal import NIOCore
internal import NIOPosix
internal import Synchronization

/// A bare TCP connection for tests that must misbehave: send arbitrary bytes, then collect
/// whatever frames the server answers with until it closes.
package final class RawConnection: Sendable {
    private let channel: any Channel
    private let sink: FrameSink

    private init(channel: any Channel, sink: FrameSink) {
        self.channel = channel
        self.sink = sink
    }

    /// Connects to `host:port`, runs `body`, and closes the connection. With `closeOnEOF` false,
    /// the connection stays open when the server half-closes, and only its full close counts.
    package static func with<Result: Sendable>(
        host: String,
        port: Int,
        closeOnEOF: Bool = true,
        _ body: (RawConnection) async throws -> Result
    ) async throws -> Result {
        let sink = FrameSink()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            // With half-closure allowed, a FIN from the server leaves this side open: a peer
            // that never closes, to check that the server closes by itself.
            .channelOption(.allowRemoteHalfClosure, value: !closeOnEOF)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(FrameDecoder(maximumFrameLength: 64 * 1024 * 1024))
                    )
                    try channel.pipeline.syncOperations.addHandler(FrameCollector(sink: sink))
                }
            }
            .connect(host: host, port: port).get()
        let connection = RawConnection(channel: channel, sink: sink)
        do {
            let result = try await body(connection)
            try? await channel.close()
            return result
        } catch {
            try? await channel.close()
            throw error
        }
    }

    /// Writes raw bytes.
    package func send(_ bytes: [UInt8]) async throws {
        try await self.channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Writes one well-formed frame.
    package func send(_ frame: Fazhi_V1_Frame) async throws {
        var buffer = ByteBuffer()
        try FrameEncoder.write(frame, into: &buffer)
        try await self.channel.writeAndFlush(buffer)
    }

    /// Waits (at most `timeout`) until `limit` frames arrived or the server closed the connection;
    /// returns the frames so far and whether it was closed.
    package func readFrames(limit: Int = .max, timeout: Duration = .seconds(10)) async -> (frames: [Fazhi_V1_Frame], closed: Bool) {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while true {
            let snapshot = self.sink.state.withLock { $0 }
            if snapshot.frames.count >= limit || snapshot.closed || clock.now >= end {
                return (Array(snapshot.frames.prefix(limit)), snapshot.closed)
            }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }
}

private final class FrameSink: Sendable {
    let state = Mutex<(frames: [Fazhi_V1_Frame], closed: Bool)>(([], false))
}

private final class FrameCollector: ChannelInboundHandler {
    typealias InboundIn = Fazhi_V1_Frame
    private let sink: FrameSink

    init(sink: FrameSink) { self.sink = sink }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        self.sink.state.withLock { $0.frames.append(frame) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.sink.state.withLock { $0.closed = true }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension FrameCollector: Sendable {}
