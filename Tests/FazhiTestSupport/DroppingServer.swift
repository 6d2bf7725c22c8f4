package import FazhiTransport
internal import FazhiProto
internal import FazhiWire
internal import NIOCore
internal import NIOPosix
internal import Synchronization

/// A server that reads one request per connection and then drops the connection without
/// answering, as a server that crashed mid-call would. Counts the requests it saw.
package final class DroppingServer: Sendable {
    private let channel: any Channel
    private let counter: RequestCounter

    /// Requests received so far.
    package var requests: Int { self.counter.value.withLock { $0 } }

    /// The address to call.
    package var endpoint: Endpoint { Endpoint(host: "127.0.0.1", port: self.channel.localAddress?.port ?? 0) }

    private init(channel: any Channel, counter: RequestCounter) {
        self.channel = channel
        self.counter = counter
    }

    /// Starts one on 127.0.0.1, port 0.
    package static func start() async throws -> DroppingServer {
        let counter = RequestCounter()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(DropOnRequest(counter: counter))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return DroppingServer(channel: channel, counter: counter)
    }

    /// Stops listening.
    package func stop() async {
        try? await self.channel.close()
    }
}

private final class RequestCounter: Sendable {
    let value = Mutex(0)
}

private final class DropOnRequest: ChannelInboundHandler {
    typealias InboundIn = Fazhi_V1_Frame
    private let counter: RequestCounter

    init(counter: RequestCounter) { self.counter = counter }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if Self.unwrapInboundIn(data).kind == .request {
            self.counter.value.withLock { $0 += 1 }
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension DropOnRequest: Sendable {}
