internal import FazhiProto
internal import FazhiWire
internal import Foundation
internal import Logging
internal import NIOCore
internal import Synchronization

/// One accepted connection: reads frames, runs each call in its own task, answers exactly once.
///
/// Every call ends in exactly one RESPONSE, whichever comes first of: the handler returning,
/// the deadline passing (DEADLINE_EXCEEDED, and the handler's task is cancelled), or the client's
/// CANCEL (CANCELLED). The first claims the call under the lock; the others find it gone.
/// Responses are written straight to the channel (writes are thread-safe in NIO) so that timers
/// and cancellation can answer without a task of their own.
final class ServerConnection: Sendable {
    private struct Call {
        var task: Task<Void, Never>?
        var method: String
        var started: NIODeadline
        var deadline: NIODeadline?
    }

    private struct State {
        /// Calls not yet answered.
        var calls: [UInt64: Call] = [:]
        /// Handler tasks still running (answered or not): the in-flight limit counts these.
        var running = 0
        var draining = false
        var idleWaiter: CheckedContinuation<Void, Never>?

        var isIdle: Bool { self.calls.isEmpty && self.running == 0 }
    }

    private let channel: any Channel
    private let writer: CoalescingWriter
    private let server: FrameServer
    private let logger: Logger
    private let peer: String
    private let state = Mutex(State())
    /// One timer per connection, armed for the earliest deadline of its calls: a timer per call
    /// (scheduled and cancelled on every call) cost more than the rest of a small call.
    private let deadlineTimer: NIOLoopBoundBox<Scheduled<Void>?>
    /// When the armed timer fires (uptime nanoseconds); `Int64.max` when none is armed.
    private let armedDeadline = Atomic<Int64>(.max)
    /// Runs calls whose handlers are placed on the event loop.
    let executor: EventLoopTaskExecutor

    init(channel: any Channel, server: FrameServer) {
        self.channel = channel
        self.writer = CoalescingWriter(channel: channel)
        self.server = server
        self.peer = channel.remoteAddress.map { "\($0)" } ?? "unknown"
        var logger = server.logger
        logger[metadataKey: "connection.peer"] = "\(self.peer)"
        self.logger = logger
        self.deadlineTimer = NIOLoopBoundBox.makeEmptyBox(valueType: Scheduled<Void>.self, eventLoop: channel.eventLoop)
        self.executor = EventLoopTaskExecutor(channel.eventLoop)
    }

    /// Serves the connection until the peer closes it, it breaks the protocol, or the server
    /// closes it; returns only when no handler task of this connection is still running.
    func run(_ asyncChannel: NIOAsyncChannel<Fazhi_V1_Frame, Fazhi_V1_Frame>) async {
        self.logger.debug("connection opened")
        do {
            try await asyncChannel.executeThenClose { inbound, _ in
                do {
                    for try await frame in inbound {
                        self.receive(frame)
                    }
                } catch let error as WireError {
                    // The stream is out of sync (oversize or undecodable frame): say why, then close.
                    self.logger.debug("protocol error, closing", metadata: ["error": "\(error)"])
                    self.server.metrics.recordProtocolError()
                    try? await self.channel.writeAndFlush(Fazhi_V1_Frame.goaway(error)).get()
                    // Closing a socket with unread input sends RST, which can destroy the GOAWAY
                    // in flight (say, after an oversize frame's body). Send FIN instead and give
                    // the peer a moment to read the GOAWAY and close its side.
                    try? await self.channel.close(mode: .output).get()
                    self.cancelAll()
                    await self.waitUntilIdle()
                    await self.waitForPeerClose(upTo: .seconds(1))
                    return
                }
                if !self.channel.isActive {
                    // The peer is gone: nobody is waiting for the answers.
                    self.cancelAll()
                }
                await self.waitUntilIdle()
                // executeThenClose closes when this returns: the last answers must be out first.
                await self.writer.flush()
            }
        } catch {
            self.logger.debug("connection closed with an error", metadata: ["error": "\(error)"])
        }
        self.cancelAll()
        await self.waitUntilIdle()
        let timer = self.deadlineTimer
        self.channel.eventLoop.execute { timer.value?.cancel() }
        self.logger.debug("connection closed")
    }

    // MARK: Frames in

    private func receive(_ frame: Fazhi_V1_Frame) {
        switch FrameKind(frame.kind) {
        case .request:
            self.startCall(frame)
        case .cancel:
            self.cancelCall(frame.callID)
        case .ping:
            self.send(.control(.pong, callID: frame.callID))
        case .pong, .goaway:
            // A client's GOAWAY means it starts no new calls; ours finish as usual.
            break
        case .response, .none:
            let error = WireError(code: .invalidArgument, message: "a client may not send \(frame.kind) frames")
            self.logger.debug("protocol error, closing", metadata: ["error": "\(error)"])
            self.server.metrics.recordProtocolError()
            self.send(.goaway(error))
            self.forceClose()
        }
    }

    private enum Admission {
        case start
        case reject(WireError)
    }

    private func startCall(_ frame: Fazhi_V1_Frame) {
        let callID = frame.callID
        let configuration = self.server.configuration
        if let token = configuration.token,
            !Self.constantTimeEquals(frame.metadata[MetadataKey.authorization] ?? "", "Bearer \(token)")
        {
            self.reject(frame, WireError(code: .unauthenticated, message: "missing or wrong token"))
            return
        }
        guard let handler = self.server.router.handler(for: frame.method) else {
            self.reject(frame, WireError(code: .unimplemented, message: "unknown method '\(frame.method)'"))
            return
        }

        let now = NIODeadline.now()
        let deadline = frame.timeoutMs > 0 ? now + .milliseconds(Int64(frame.timeoutMs)) : nil
        let admission = self.state.withLock { state -> Admission in
            if state.draining {
                return .reject(WireError(code: .unavailable, message: "the server is shutting down"))
            }
            if state.calls[callID] != nil {
                return .reject(WireError(code: .invalidArgument, message: "call id \(callID) is already in flight"))
            }
            if state.running >= configuration.maximumInFlightCallsPerConnection {
                return .reject(
                    WireError(
                        code: .resourceExhausted,
                        message:
                            "more than \(configuration.maximumInFlightCallsPerConnection) calls in flight on one connection"
                    )
                )
            }
            state.calls[callID] = Call(method: frame.method, started: now, deadline: deadline)
            state.running += 1
            return .start
        }
        if case .reject(let error) = admission {
            self.reject(frame, error)
            return
        }

        self.server.health?.callStarted()
        if let deadline, deadline.uptimeNanoseconds < self.armedDeadline.load(ordering: .relaxed) {
            self.channel.eventLoop.execute { self.armDeadlineTimer(at: deadline) }
        }

        var metadata = frame.metadata
        if configuration.token != nil { metadata[MetadataKey.authorization] = nil }
        let context = ServerContext(
            method: frame.method,
            callID: callID,
            metadata: metadata,
            deadline: deadline,
            peer: self.peer,
            connectionLogger: self.logger
        )
        let payload = frame.payload
        let maximumPayload = configuration.maximumFrameLength - 64

        let executor: (any TaskExecutor)? = self.server.router.placement(for: frame.method) == .eventLoop ? self.executor : nil
        let task = Task(executorPreference: executor) {
            let result: Result<Data, WireError>
            do {
                let response = try await ServerContext.$current.withValue(context) {
                    try await handler(payload, context)
                }
                if response.count > maximumPayload {
                    result = .failure(
                        WireError(
                            code: .resourceExhausted,
                            message: "response of \(response.count) bytes exceeds the maximum frame length"
                        )
                    )
                } else {
                    result = .success(response)
                }
            } catch {
                let wireError = WireError(converting: error)
                if wireError.code == .internalError {
                    context.logger.error("handler failed", metadata: ["error": "\(error)"])
                }
                result = .failure(wireError)
            }
            self.finishCall(callID, result)
            self.taskEnded()
        }

        let lateCancel = self.state.withLock { state -> Bool in
            guard state.calls[callID] != nil else { return true }
            state.calls[callID]?.task = task
            return false
        }
        if lateCancel {
            // Answered (deadline or CANCEL) before the task was registered: stop it now.
            task.cancel()
        }
    }

    private func reject(_ frame: Fazhi_V1_Frame, _ error: WireError) {
        self.server.metrics.record(method: frame.method, code: error.code, duration: nil)
        self.send(.response(callID: frame.callID, error: error))
    }

    private func cancelCall(_ callID: UInt64) {
        guard let call = self.state.withLock({ $0.calls.removeValue(forKey: callID) }) else { return }
        call.task?.cancel()
        let error = WireError(code: .cancelled, message: "cancelled by the client")
        self.server.metrics.record(method: call.method, code: error.code, duration: NIODeadline.now() - call.started)
        self.send(.response(callID: callID, error: error))
    }

    /// Arms the connection's timer for `deadline` unless an earlier one is armed. On the event loop.
    private func armDeadlineTimer(at deadline: NIODeadline) {
        guard deadline.uptimeNanoseconds < self.armedDeadline.load(ordering: .relaxed) else { return }
        self.deadlineTimer.value?.cancel()
        self.armedDeadline.store(Int64(clamping: deadline.uptimeNanoseconds), ordering: .relaxed)
        self.deadlineTimer.value = self.channel.eventLoop.scheduleTask(deadline: deadline) {
            self.deadlineTimerFired()
        }
    }

    /// Answers every call whose deadline has passed, then re-arms for the earliest remaining one.
    /// On the event loop.
    private func deadlineTimerFired() {
        self.armedDeadline.store(.max, ordering: .relaxed)
        self.deadlineTimer.value = nil
        // Calls due within a millisecond are answered now rather than by another wake-up.
        let now = NIODeadline.now()
        let due = now + .milliseconds(1)
        let (expired, next) = self.state.withLock { state -> ([(UInt64, Call)], NIODeadline?) in
            var expired: [(UInt64, Call)] = []
            var next: NIODeadline?
            for (callID, call) in state.calls {
                guard let deadline = call.deadline else { continue }
                if deadline <= due {
                    expired.append((callID, call))
                } else if next.map({ deadline < $0 }) ?? true {
                    next = deadline
                }
            }
            for (callID, _) in expired { state.calls[callID] = nil }
            return (expired, next)
        }
        for (callID, call) in expired {
            call.task?.cancel()
            let error = WireError(code: .deadlineExceeded, message: "the deadline passed before \(call.method) finished")
            self.server.metrics.record(method: call.method, code: error.code, duration: now - call.started)
            self.send(.response(callID: callID, error: error))
        }
        if let next { self.armDeadlineTimer(at: next) }
    }

    private func finishCall(_ callID: UInt64, _ result: Result<Data, WireError>) {
        guard let call = self.state.withLock({ $0.calls.removeValue(forKey: callID) }) else { return }
        let duration = NIODeadline.now() - call.started
        switch result {
        case .success(let payload):
            self.server.metrics.record(method: call.method, code: nil, duration: duration)
            self.send(.response(callID: callID, payload: payload))
        case .failure(let error):
            self.server.metrics.record(method: call.method, code: error.code, duration: duration)
            self.send(.response(callID: callID, error: error))
        }
    }

    private func taskEnded() {
        self.server.health?.callEnded()
        let (waiter, close) = self.state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
            state.running -= 1
            guard state.isIdle else { return (nil, false) }
            let waiter = state.idleWaiter
            state.idleWaiter = nil
            return (waiter, state.draining)
        }
        waiter?.resume()
        if close {
            self.writer.flushAndClose()
        }
    }

    // MARK: Lifecycle

    /// Graceful shutdown: GOAWAY, no new calls, close once the in-flight ones are answered.
    func drain() {
        let closeNow = self.state.withLock { state -> Bool in
            state.draining = true
            return state.isIdle
        }
        self.send(.goaway(WireError(code: .unavailable, message: "the server is shutting down")))
        if closeNow {
            self.writer.flushAndClose()
        }
    }

    /// Cancels every call and closes the connection now.
    func forceClose() {
        self.cancelAll()
        self.writer.flushAndClose()
    }

    private func cancelAll() {
        let calls = self.state.withLock { state -> [Call] in
            defer { state.calls.removeAll() }
            return Array(state.calls.values)
        }
        for call in calls {
            call.task?.cancel()
        }
    }

    private func waitUntilIdle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = self.state.withLock { state -> Bool in
                if state.isIdle { return true }
                precondition(state.idleWaiter == nil, "only the connection's own task waits for idle")
                state.idleWaiter = continuation
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Returns when the peer closed, or after `limit`, closing the channel then (waiting on the
    /// close future cannot be cancelled, so the timer ends it by closing).
    private func waitForPeerClose(upTo limit: Duration) async {
        let channel = self.channel
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await channel.closeFuture.get() }
            group.addTask {
                try? await Task.sleep(for: limit)
                channel.close(promise: nil)
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func send(_ frame: Fazhi_V1_Frame) {
        self.writer.write(frame)
    }

    /// Compares two strings in time that depends only on their lengths, so the token cannot be
    /// guessed byte by byte from response times.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }
}
