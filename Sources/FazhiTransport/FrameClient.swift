internal import FazhiProto
package import FazhiWire
package import Foundation
package import Logging
package import NIOCore
internal import NIOPosix
package import SwiftProtobuf
internal import Synchronization

/// A client for one fazhi service address: one multiplexed connection, opened lazily.
///
/// Many calls share the connection and may be in flight at once. When the connection breaks,
/// the next call reconnects, waiting out an exponential backoff after failed attempts. Calls
/// whose request never left are retried for every method; calls that may have reached the
/// server are retried only for idempotent methods. A GOAWAY from the server moves new calls to
/// a fresh connection while the old one finishes its calls.
///
/// Deadlines: a call's deadline is the earliest of its own timeout, the client's default and,
/// inside a server handler, the caller's deadline (``ServerContext/current``), so the remaining
/// budget is passed downstream; the trace id is propagated the same way.
///
/// Call ``close()`` when done; calls after that fail with UNAVAILABLE.
package final class FrameClient: Sendable {
    /// How a ``FrameClient`` connects and retries.
    package struct Configuration: Sendable, Hashable {
        /// Time allowed to open a TCP connection. Default 5 s.
        package var connectTimeout: TimeAmount
        /// Largest frame body sent or accepted. Default 8 MiB.
        package var maximumFrameLength: Int
        /// The shared token sent as "authorization: Bearer <token>", if the servers require one.
        package var token: String?
        /// Deadline for calls that set none (and run outside a handler); `nil` for none.
        package var defaultTimeout: TimeAmount?
        /// Send a PING after this long without traffic; `nil` disables keepalive. Default 30 s.
        package var keepaliveInterval: TimeAmount?
        /// Close the connection when a PING is not answered within this. Default 10 s.
        package var keepaliveTimeout: TimeAmount
        /// First reconnect delay after a failed attempt; doubles per failure. Default 50 ms.
        package var initialBackoff: TimeAmount
        /// Largest reconnect delay. Default 5 s.
        package var maximumBackoff: TimeAmount
        /// Attempts per call, first included, when retrying is allowed. Default 4.
        package var maximumAttempts: Int

        /// Creates a configuration; see the properties for each parameter's meaning.
        package init(
            connectTimeout: TimeAmount = .seconds(5),
            maximumFrameLength: Int = FrameDecoder.defaultMaximumFrameLength,
            token: String? = nil,
            defaultTimeout: TimeAmount? = nil,
            keepaliveInterval: TimeAmount? = .seconds(30),
            keepaliveTimeout: TimeAmount = .seconds(10),
            initialBackoff: TimeAmount = .milliseconds(50),
            maximumBackoff: TimeAmount = .seconds(5),
            maximumAttempts: Int = 4
        ) {
            self.connectTimeout = connectTimeout
            self.maximumFrameLength = maximumFrameLength
            self.token = token
            self.defaultTimeout = defaultTimeout
            self.keepaliveInterval = keepaliveInterval
            self.keepaliveTimeout = keepaliveTimeout
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
            self.maximumAttempts = maximumAttempts
        }

        /// 5 s connect timeout, 8 MiB frames, no token, no default deadline, 30 s keepalive,
        /// backoff 50 ms doubling to 5 s, 4 attempts.
        package static var defaults: Configuration { Configuration() }
    }

    /// Per-call settings.
    package struct CallOptions: Sendable {
        /// This call's timeout; combined with the others as the type documentation says.
        package var timeout: TimeAmount?
        /// Extra metadata sent with the call.
        package var metadata: [String: String]
        /// Overrides the method's idempotency (whether calls that may have run are retried).
        package var idempotent: Bool?

        /// Creates options.
        package init(timeout: TimeAmount? = nil, metadata: [String: String] = [:], idempotent: Bool? = nil) {
            self.timeout = timeout
            self.metadata = metadata
            self.idempotent = idempotent
        }
    }

    private enum State {
        case idle(retryAt: NIODeadline)
        case connecting(EventLoopFuture<ClientConnection>)
        case ready(ClientConnection)
        case closed
    }

    /// The server's host.
    package let host: String
    /// The server's port.
    package let port: Int
    /// The configuration the client was created with.
    package let configuration: Configuration
    private let logger: Logger
    private let state = Mutex(State.idle(retryAt: .uptimeNanoseconds(0)))
    private let callIDs = Atomic<UInt64>(0)
    /// Failed connection attempts since the last success (drives the backoff).
    private let consecutiveFailures = Atomic<Int>(0)
    private let group: any EventLoopGroup
    /// "Bearer <token>", built once rather than per call.
    private let authorization: String?

    /// Creates a client for `host:port`; nothing connects until the first call.
    package init(host: String, port: Int, configuration: Configuration = .defaults, logger: Logger) {
        self.host = host
        self.port = port
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "client.target"] = "\(host):\(port)"
        self.logger = logger
        self.group = MultiThreadedEventLoopGroup.singleton
        self.authorization = configuration.token.map { "Bearer \($0)" }
    }

    /// "host:port".
    package var target: String { "\(self.host):\(self.port)" }

    /// Calls `method` with a protobuf request and decodes the response.
    package func call<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ method: FazhiMethod,
        _ request: Request,
        as response: Response.Type = Response.self,
        options: CallOptions = CallOptions()
    ) async throws -> Response {
        let payload: Data = try request.serializedBytes()
        return try await self.call(method, serializedRequest: payload, as: response, options: options)
    }

    /// Calls `method` with a request serialized by the caller (a forwarded message is not
    /// decoded and encoded again) and decodes the response.
    package func call<Response: SwiftProtobuf.Message>(
        _ method: FazhiMethod,
        serializedRequest payload: Data,
        as response: Response.Type = Response.self,
        options: CallOptions = CallOptions()
    ) async throws -> Response {
        let answer = try await self.call(method.name, payload: payload, idempotent: method.isIdempotent, options: options)
        do {
            return try Response(serializedBytes: answer)
        } catch {
            throw WireError(
                code: .internalError,
                message: "the server's answer to \(method) is not a valid \(Response.protoMessageName)",
                cause: error
            )
        }
    }

    /// Calls `method` with a serialized payload; returns the serialized response.
    ///
    /// Throws ``WireError``: the server's status, DEADLINE_EXCEEDED, CANCELLED when the calling
    /// task is cancelled, or UNAVAILABLE when no connection could carry the call.
    package func call(
        _ method: String,
        payload: Data,
        idempotent: Bool,
        options: CallOptions = CallOptions()
    ) async throws -> Data {
        let context = ServerContext.current
        var deadline: NIODeadline? = options.timeout.map { NIODeadline.now() + $0 }
        if let inherited = context?.deadline { deadline = deadline.map { min($0, inherited) } ?? inherited }
        if deadline == nil, let timeout = self.configuration.defaultTimeout { deadline = NIODeadline.now() + timeout }

        var metadata = options.metadata
        if metadata[MetadataKey.traceID] == nil, let trace = context?.traceID { metadata[MetadataKey.traceID] = trace }
        if let authorization = self.authorization { metadata[MetadataKey.authorization] = authorization }
        let retryIfSent = options.idempotent ?? idempotent
        guard payload.count <= self.configuration.maximumFrameLength - 1024 else {
            throw WireError(
                code: .resourceExhausted,
                message: "request of \(payload.count) bytes exceeds the maximum frame length"
            )
        }

        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            var timeoutMilliseconds: UInt32 = 0
            if let deadline {
                let remaining = deadline - NIODeadline.now()
                guard remaining > .zero else {
                    throw WireError(code: .deadlineExceeded, message: "the deadline passed before \(method) was sent")
                }
                // Round up so that a sub-millisecond budget is not sent as "no deadline".
                timeoutMilliseconds = UInt32(clamping: (remaining.nanoseconds + 999_999) / 1_000_000)
            }
            do {
                let connection = try await self.connection()
                let frame = Fazhi_V1_Frame.request(
                    callID: self.callIDs.add(1, ordering: .relaxed).newValue,
                    method: method,
                    payload: payload,
                    timeoutMilliseconds: timeoutMilliseconds,
                    metadata: metadata
                )
                return try await connection.call(frame, deadline: deadline)
            } catch let failure as ClientTransportFailure {
                let retryable: Bool
                switch failure {
                case .notSent: retryable = true
                case .sent: retryable = retryIfSent
                }
                guard retryable, attempt < self.configuration.maximumAttempts else {
                    throw WireError(code: .unavailable, message: "\(self.target): \(failure)", cause: failure)
                }
                let delay = self.backoff(attempt: attempt)
                if let deadline, NIODeadline.now() + delay >= deadline {
                    throw WireError(code: .unavailable, message: "\(self.target): \(failure)", cause: failure)
                }
                self.logger.debug(
                    "retrying",
                    metadata: ["rpc.method": "\(method)", "rpc.attempt": "\(attempt)", "error": "\(failure)"]
                )
                try await Task.sleep(nanoseconds: UInt64(delay.nanoseconds))
            } catch let error as WireError where error.code == .unavailable && attempt < self.configuration.maximumAttempts {
                // The server refused the call without running it (draining): safe to retry anywhere.
                let delay = self.backoff(attempt: attempt)
                if let deadline, NIODeadline.now() + delay >= deadline { throw error }
                try await Task.sleep(nanoseconds: UInt64(delay.nanoseconds))
            }
        }
    }

    /// Closes the connection; in-flight and later calls fail with UNAVAILABLE.
    package func close() async {
        let previous = self.state.withLock { state -> State in
            defer { state = .closed }
            return state
        }
        switch previous {
        case .ready(let connection):
            try? await connection.channel.close()
        case .connecting(let future):
            if let connection = try? await future.get() {
                try? await connection.channel.close()
            }
        case .idle, .closed:
            break
        }
    }

    // MARK: Connection management

    private enum Acquire {
        case use(ClientConnection)
        case wait(EventLoopFuture<ClientConnection>)
        case connect(EventLoopPromise<ClientConnection>)
        case fail(ClientTransportFailure)
    }

    private func connection() async throws -> ClientConnection {
        let action = self.state.withLock { state -> Acquire in
            switch state {
            case .ready(let connection) where connection.isUsable:
                return .use(connection)
            case .connecting(let future):
                return .wait(future)
            case .closed:
                return .fail(.notSent("the client is closed"))
            case .ready:
                let promise = self.group.next().makePromise(of: ClientConnection.self)
                state = .connecting(promise.futureResult)
                return .connect(promise)
            case .idle(let retryAt):
                if NIODeadline.now() < retryAt {
                    return .fail(.notSent("reconnecting after a failed attempt"))
                }
                let promise = self.group.next().makePromise(of: ClientConnection.self)
                state = .connecting(promise.futureResult)
                return .connect(promise)
            }
        }
        switch action {
        case .use(let connection):
            return connection
        case .wait(let future):
            return try await future.get()
        case .fail(let failure):
            throw failure
        case .connect(let promise):
            do {
                let connection = try await self.connect()
                let closedMeanwhile = self.state.withLock { state -> Bool in
                    if case .closed = state { return true }
                    state = .ready(connection)
                    return false
                }
                if closedMeanwhile {
                    connection.channel.close(promise: nil)
                    let failure = ClientTransportFailure.notSent("the client is closed")
                    promise.fail(failure)
                    throw failure
                }
                promise.succeed(connection)
                return connection
            } catch {
                let failure = ClientTransportFailure.notSent("cannot connect: \(error)")
                self.state.withLock { state in
                    guard case .connecting = state else { return }
                    let failures = self.consecutiveFailures.add(1, ordering: .relaxed).newValue
                    state = .idle(retryAt: NIODeadline.now() + self.backoff(attempt: failures))
                }
                promise.fail(failure)
                throw failure
            }
        }
    }

    private func connect() async throws -> ClientConnection {
        let configuration = self.configuration
        let unusable = ConnectionFlag()
        let channel = try await ClientBootstrap(group: self.group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(configuration.connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(
                            FrameDecoder(maximumFrameLength: configuration.maximumFrameLength),
                            maximumBufferSize: configuration.maximumFrameLength + 4
                        )
                    )
                    try channel.pipeline.syncOperations.addHandler(
                        MessageToByteHandler(FrameEncoder(maximumFrameLength: configuration.maximumFrameLength))
                    )
                    try channel.pipeline.syncOperations.addHandler(
                        ClientConnectionHandler(
                            keepaliveInterval: configuration.keepaliveInterval,
                            keepaliveTimeout: configuration.keepaliveTimeout,
                            onUnusable: { unusable.set() }
                        )
                    )
                }
            }
            .connect(host: self.host, port: self.port).get()
        let handler = try await channel.eventLoop.submit {
            NIOLoopBound(
                try channel.pipeline.syncOperations.handler(type: ClientConnectionHandler.self),
                eventLoop: channel.eventLoop
            )
        }.get()
        self.consecutiveFailures.store(0, ordering: .relaxed)
        self.logger.debug("connected")
        return ClientConnection(channel: channel, handler: handler, unusable: unusable)
    }

    private func backoff(attempt: Int) -> TimeAmount {
        let exponent = min(max(attempt - 1, 0), 20)
        let base = min(
            self.configuration.initialBackoff.nanoseconds << exponent,
            self.configuration.maximumBackoff.nanoseconds
        )
        // Full jitter in [base/2, base] spreads reconnecting clients apart.
        let jittered = base / 2 + Int64.random(in: 0...max(base / 2, 1))
        return .nanoseconds(jittered)
    }
}

/// One open connection and the handler that multiplexes calls over it.
final class ClientConnection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<ClientConnectionHandler>
    private let unusable: ConnectionFlag

    init(channel: any Channel, handler: NIOLoopBound<ClientConnectionHandler>, unusable: ConnectionFlag) {
        self.channel = channel
        self.handler = handler
        self.unusable = unusable
    }

    /// Whether new calls may use this connection (open, and no GOAWAY received).
    var isUsable: Bool { !self.unusable.isSet && self.channel.isActive }

    func call(_ frame: Fazhi_V1_Frame, deadline: NIODeadline?) async throws -> Data {
        let cancellation = CallCancellation()
        let callID = frame.callID
        let handler = self.handler
        let eventLoop = self.channel.eventLoop
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                eventLoop.execute {
                    handler.value.start(frame, deadline: deadline, cancellation: cancellation, continuation: continuation)
                }
            }
        } onCancel: {
            cancellation.cancel()
            eventLoop.execute {
                handler.value.cancel(callID)
            }
        }
    }
}

/// Set once a connection must take no new calls.
final class ConnectionFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { self.flag.load(ordering: .relaxed) }
    func set() { self.flag.store(true, ordering: .relaxed) }
}
