internal import FazhiProto
internal import FazhiWire
package import Logging
package import NIOCore
internal import NIOPosix
internal import ServiceLifecycle
internal import Synchronization

/// A TCP server that speaks fazhi frames and dispatches calls to an ``RPCRouter``.
///
/// Each connection may carry up to ``Configuration/maximumInFlightCallsPerConnection`` calls at
/// once; they run concurrently and are answered in any order. The server enforces each call's
/// `timeout_ms` (DEADLINE_EXCEEDED), stops work on CANCEL, answers PING, checks the shared
/// token, and maps every handler error to a status in one place.
///
/// Run it as a `Service`: ``run()`` binds, serves, and on graceful shutdown stops accepting,
/// sends GOAWAY on every connection, lets in-flight calls finish within
/// ``Configuration/gracePeriod``, then closes what is left and returns.
package final class FrameServer: Sendable {
    /// How a ``FrameServer`` binds and what it allows.
    package struct Configuration: Sendable, Hashable {
        /// Host or address to bind, e.g. "127.0.0.1" or "0.0.0.0".
        package var host: String
        /// Port to bind; 0 picks a free one (read it from ``FrameServer/listeningAddress``).
        package var port: Int
        /// Largest frame body accepted or sent, in bytes. Default 8 MiB.
        package var maximumFrameLength: Int
        /// Calls one connection may have in flight; more are answered RESOURCE_EXHAUSTED. Default 128.
        package var maximumInFlightCallsPerConnection: Int
        /// When set, every call must carry "authorization: Bearer <token>" or is UNAUTHENTICATED.
        package var token: String?
        /// How long in-flight calls may run after graceful shutdown begins. Default 10 s.
        package var gracePeriod: TimeAmount

        /// Creates a configuration; see the properties for the meaning of each parameter.
        package init(
            host: String = "127.0.0.1",
            port: Int = 0,
            maximumFrameLength: Int = FrameDecoder.defaultMaximumFrameLength,
            maximumInFlightCallsPerConnection: Int = 128,
            token: String? = nil,
            gracePeriod: TimeAmount = .seconds(10)
        ) {
            self.host = host
            self.port = port
            self.maximumFrameLength = maximumFrameLength
            self.maximumInFlightCallsPerConnection = maximumInFlightCallsPerConnection
            self.token = token
            self.gracePeriod = gracePeriod
        }

        /// Loopback, a free port, 8 MiB frames, 128 calls per connection, no token, 10 s grace.
        package static var defaults: Configuration { Configuration() }
    }

    private enum State {
        case idle(waiters: [CheckedContinuation<SocketAddress, any Error>])
        case running(channel: any Channel, address: SocketAddress, connections: [ObjectIdentifier: ServerConnection])
        case draining(channel: any Channel, address: SocketAddress, connections: [ObjectIdentifier: ServerConnection])
        case finished(address: SocketAddress?)
    }

    /// The configuration the server was created with.
    package let configuration: Configuration
    let router: RPCRouter
    let health: HealthState?
    let logger: Logger
    let metrics: ServerMetrics
    private let state = Mutex(State.idle(waiters: []))

    /// Creates a server; nothing happens until ``run()``.
    ///
    /// - Parameters:
    ///   - configuration: address, limits, token and grace period.
    ///   - router: the methods served. Health is answered only if the router registers it
    ///     (``RPCRouter/registerHealth(_:)``).
    ///   - health: set to DRAINING on graceful shutdown and fed the in-flight count, if given.
    ///   - logger: the server's logger; connections and calls add their own metadata.
    package init(configuration: Configuration, router: RPCRouter, health: HealthState? = nil, logger: Logger) {
        precondition(configuration.maximumInFlightCallsPerConnection > 0, "the in-flight limit must be positive")
        self.configuration = configuration
        self.router = router
        self.health = health
        self.logger = logger
        self.metrics = ServerMetrics(methods: router.methods)
    }

    /// The address the server is bound to; waits until it is bound, throws if binding failed.
    package var listeningAddress: SocketAddress {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let result: Result<SocketAddress, any Error>? = self.state.withLock { state in
                    switch state {
                    case .idle(var waiters):
                        waiters.append(continuation)
                        state = .idle(waiters: waiters)
                        return nil
                    case .running(_, let address, _), .draining(_, let address, _):
                        return .success(address)
                    case .finished(let address):
                        if let address { return .success(address) }
                        return .failure(WireError(code: .unavailable, message: "the server is not running"))
                    }
                }
                if let result { continuation.resume(with: result) }
            }
        }
    }

    /// Binds and serves until graceful shutdown or cancellation; see the type's documentation.
    package func run() async throws {
        let serverChannel: NIOAsyncChannel<NIOAsyncChannel<Fazhi_V1_Frame, Fazhi_V1_Frame>, Never>
        do {
            serverChannel = try await self.bind()
        } catch {
            let waiters = self.state.withLock { state -> [CheckedContinuation<SocketAddress, any Error>] in
                defer { state = .finished(address: nil) }
                if case .idle(let waiters) = state { return waiters }
                return []
            }
            for waiter in waiters { waiter.resume(throwing: error) }
            throw error
        }

        // '!' is fine: a bound server channel always has a local address.
        let address = serverChannel.channel.localAddress!
        let waiters = self.state.withLock { state -> [CheckedContinuation<SocketAddress, any Error>] in
            guard case .idle(let waiters) = state else {
                fatalError("Invalid state: run() called twice")
            }
            state = .running(channel: serverChannel.channel, address: address, connections: [:])
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: address) }
        self.logger.info("listening", metadata: ["server.address": "\(address)"])

        defer {
            self.state.withLock { $0 = .finished(address: address) }
        }
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await serverChannel.executeThenClose { inbound in
                    try await withThrowingDiscardingTaskGroup { group in
                        for try await connection in inbound {
                            // The connection's reader runs on its event loop: frames reach it
                            // without a thread hop.
                            group.addTask(executorPreference: EventLoopTaskExecutor(connection.channel.eventLoop)) {
                                await self.serve(connection)
                            }
                        }
                    }
                }
            } onGracefulShutdown: {
                self.beginGracefulShutdown()
            }
        } onCancel: {
            self.closeEverything()
        }
        self.logger.info("stopped", metadata: ["server.address": "\(address)"])
    }

    /// Stops accepting, sends GOAWAY on every connection and schedules the forced close.
    ///
    /// Called by service-lifecycle on SIGTERM/SIGINT; safe to call more than once.
    package func beginGracefulShutdown() {
        self.health?.setStatus(.draining)
        let action: (any Channel, [ServerConnection])? = self.state.withLock { state in
            switch state {
            case .running(let channel, let address, let connections):
                state = .draining(channel: channel, address: address, connections: connections)
                return (channel, Array(connections.values))
            case .idle, .draining, .finished:
                return nil
            }
        }
        guard let (channel, connections) = action else { return }
        self.logger.info(
            "draining",
            metadata: ["server.connections": "\(connections.count)", "server.grace": "\(self.configuration.gracePeriod)"]
        )
        channel.close(promise: nil)
        for connection in connections {
            connection.drain()
        }
        channel.eventLoop.scheduleTask(in: self.configuration.gracePeriod) {
            self.closeEverything()
        }
    }

    private func closeEverything() {
        let action: (any Channel, [ServerConnection])? = self.state.withLock { state in
            switch state {
            case .running(let channel, _, let connections), .draining(let channel, _, let connections):
                return (channel, Array(connections.values))
            case .idle, .finished:
                return nil
            }
        }
        guard let (channel, connections) = action else { return }
        channel.close(promise: nil)
        for connection in connections {
            connection.forceClose()
        }
    }

    private func bind() async throws -> NIOAsyncChannel<NIOAsyncChannel<Fazhi_V1_Frame, Fazhi_V1_Frame>, Never> {
        let maximumFrameLength = self.configuration.maximumFrameLength
        return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .bind(host: self.configuration.host, port: self.configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(
                            FrameDecoder(maximumFrameLength: maximumFrameLength),
                            maximumBufferSize: maximumFrameLength + 4
                        )
                    )
                    try channel.pipeline.syncOperations.addHandler(
                        MessageToByteHandler(FrameEncoder(maximumFrameLength: maximumFrameLength))
                    )
                    return try NIOAsyncChannel<Fazhi_V1_Frame, Fazhi_V1_Frame>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
    }

    private func serve(_ asyncChannel: NIOAsyncChannel<Fazhi_V1_Frame, Fazhi_V1_Frame>) async {
        let connection = ServerConnection(channel: asyncChannel.channel, server: self)
        let id = ObjectIdentifier(connection)
        let accepted = self.state.withLock { state -> Bool in
            guard case .running(let channel, let address, var connections) = state else { return false }
            connections[id] = connection
            state = .running(channel: channel, address: address, connections: connections)
            return true
        }
        defer {
            self.state.withLock { state in
                switch state {
                case .running(let channel, let address, var connections):
                    connections[id] = nil
                    state = .running(channel: channel, address: address, connections: connections)
                case .draining(let channel, let address, var connections):
                    connections[id] = nil
                    state = .draining(channel: channel, address: address, connections: connections)
                case .idle, .finished:
                    break
                }
            }
        }
        guard accepted else {
            // Accepted in the instant shutdown began: say so and close.
            asyncChannel.channel.writeAndFlush(
                Fazhi_V1_Frame.goaway(WireError(code: .unavailable, message: "the server is shutting down")),
                promise: nil
            )
            asyncChannel.channel.close(promise: nil)
            return
        }
        await connection.run(asyncChannel)
    }
}

extension FrameServer: Service {}
