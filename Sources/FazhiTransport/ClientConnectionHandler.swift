internal import FazhiProto
internal import FazhiWire
internal import Foundation
internal import NIOCore

/// The client end of one connection: matches RESPONSE frames to waiting calls by call id.
///
/// Lives on its channel's event loop; ``ClientConnection`` reaches it only through
/// `eventLoop.execute`. A call waits as a continuation in `pending` until its response, its
/// deadline (DEADLINE_EXCEEDED, and a CANCEL goes to the server), its cancellation (CANCELLED,
/// and a CANCEL goes to the server) or the connection's end (UNAVAILABLE).
final class ClientConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = Fazhi_V1_Frame
    typealias OutboundOut = Fazhi_V1_Frame

    private struct Pending {
        var continuation: CheckedContinuation<Data, any Error>
        var deadline: NIODeadline?
    }

    private var pending: [UInt64: Pending] = [:]
    private var context: ChannelHandlerContext?
    private var closedError: (any Error)?
    private var goawayReceived = false
    /// One timer for the earliest deadline of the pending calls (a timer per call, scheduled
    /// and cancelled every time, cost more than the rest of a small call).
    private var deadlineTimer: Scheduled<Void>?
    private var armedDeadline: NIODeadline?
    private var flushScheduled = false
    private var readSinceLastKeepalive = false
    private var keepaliveTask: RepeatedTask?
    private var keepaliveTimeout: Scheduled<Void>?
    private var nextPingID: UInt64 = 0
    private let keepaliveInterval: TimeAmount?
    private let keepaliveTimeoutAmount: TimeAmount
    /// Told (on the event loop) when the server sent GOAWAY or the connection closed, so the
    /// client stops handing this connection new calls.
    private let onUnusable: @Sendable () -> Void

    init(keepaliveInterval: TimeAmount?, keepaliveTimeout: TimeAmount, onUnusable: @escaping @Sendable () -> Void) {
        self.keepaliveInterval = keepaliveInterval
        self.keepaliveTimeoutAmount = keepaliveTimeout
        self.onUnusable = onUnusable
    }

    // MARK: Calls (on the event loop)

    /// Sends `frame` and resumes `continuation` with its answer.
    func start(
        _ frame: Fazhi_V1_Frame,
        deadline: NIODeadline?,
        cancellation: CallCancellation,
        continuation: CheckedContinuation<Data, any Error>
    ) {
        if let closedError {
            continuation.resume(throwing: closedError)
            return
        }
        if cancellation.isCancelled {
            continuation.resume(throwing: WireError(code: .cancelled, message: "the call was cancelled"))
            return
        }
        guard let context else {
            continuation.resume(throwing: ClientTransportFailure.notSent("the connection is not open"))
            return
        }
        let callID = frame.callID
        self.pending[callID] = Pending(continuation: continuation, deadline: deadline)
        if let deadline { self.armDeadlineTimer(at: deadline, context: context) }
        context.write(Self.wrapOutboundOut(frame), promise: nil)
        self.scheduleFlush(context: context)
    }

    /// One flush per event-loop tick: calls started together share a `write` system call.
    private func scheduleFlush(context: ChannelHandlerContext) {
        guard !self.flushScheduled else { return }
        self.flushScheduled = true
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.execute {
            let handler = loopBound.value
            handler.flushScheduled = false
            handler.context?.flush()
        }
    }

    /// Stops waiting for `callID`: answers it CANCELLED and tells the server.
    func cancel(_ callID: UInt64) {
        guard let entry = self.pending.removeValue(forKey: callID) else { return }
        entry.continuation.resume(throwing: WireError(code: .cancelled, message: "the call was cancelled"))
        self.context?.writeAndFlush(Self.wrapOutboundOut(.control(.cancel, callID: callID)), promise: nil)
        self.closeIfDrained()
    }

    private func armDeadlineTimer(at deadline: NIODeadline, context: ChannelHandlerContext) {
        if let armed = self.armedDeadline, armed <= deadline { return }
        self.deadlineTimer?.cancel()
        self.armedDeadline = deadline
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        self.deadlineTimer = context.eventLoop.scheduleTask(deadline: deadline) {
            loopBound.value.deadlineTimerFired()
        }
    }

    /// Fails every call whose deadline has passed (telling the server with CANCEL), then
    /// re-arms for the earliest remaining deadline.
    private func deadlineTimerFired() {
        self.deadlineTimer = nil
        self.armedDeadline = nil
        // Calls due within a millisecond fail now rather than after another wake-up.
        let due = NIODeadline.now() + .milliseconds(1)
        var next: NIODeadline?
        var expired: [UInt64] = []
        for (callID, entry) in self.pending {
            guard let deadline = entry.deadline else { continue }
            if deadline <= due {
                expired.append(callID)
            } else if next.map({ deadline < $0 }) ?? true {
                next = deadline
            }
        }
        for callID in expired {
            // '!' is fine: the ids were collected from `pending` just above.
            let entry = self.pending.removeValue(forKey: callID)!
            entry.continuation.resume(
                throwing: WireError(code: .deadlineExceeded, message: "no answer before the deadline")
            )
            self.context?.write(Self.wrapOutboundOut(.control(.cancel, callID: callID)), promise: nil)
        }
        if !expired.isEmpty { self.context?.flush() }
        if let next, let context { self.armDeadlineTimer(at: next, context: context) }
        self.closeIfDrained()
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { self.startKeepalive(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.startKeepalive(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        self.readSinceLastKeepalive = true
        switch FrameKind(frame.kind) {
        case .response:
            guard let entry = self.pending.removeValue(forKey: frame.callID) else {
                // Answer to a call that already timed out or was cancelled.
                return
            }
            if let error = WireError(status: frame.status) {
                entry.continuation.resume(throwing: error)
            } else {
                entry.continuation.resume(returning: frame.payload)
            }
            self.closeIfDrained()
        case .ping:
            context.writeAndFlush(Self.wrapOutboundOut(.control(.pong, callID: frame.callID)), promise: nil)
        case .pong:
            self.keepaliveTimeout?.cancel()
            self.keepaliveTimeout = nil
        case .goaway:
            self.goawayReceived = true
            self.onUnusable()
            self.closeIfDrained()
        case .request, .cancel, .none:
            self.fail(WireError(code: .internalError, message: "the server sent an unexpected \(frame.kind) frame"))
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let failure: any Error =
            (error as? WireError).map { ClientTransportFailure.sent("protocol error from the server: \($0)") }
            ?? ClientTransportFailure.sent("connection error: \(error)")
        self.fail(failure)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.fail(ClientTransportFailure.sent("the connection closed"))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.fail(ClientTransportFailure.sent("the connection closed"))
        self.context = nil
    }

    // MARK: Internals

    private func fail(_ error: any Error) {
        if self.closedError == nil {
            self.closedError = ClientTransportFailure.notSent("the connection is closed")
            self.onUnusable()
        }
        self.keepaliveTask?.cancel()
        self.keepaliveTask = nil
        self.keepaliveTimeout?.cancel()
        self.keepaliveTimeout = nil
        self.deadlineTimer?.cancel()
        self.deadlineTimer = nil
        self.armedDeadline = nil
        let pending = self.pending
        self.pending.removeAll()
        for entry in pending.values {
            entry.continuation.resume(throwing: error)
        }
    }

    private func closeIfDrained() {
        if self.goawayReceived, self.pending.isEmpty {
            self.context?.close(promise: nil)
        }
    }

    private func startKeepalive(context: ChannelHandlerContext) {
        guard let interval = self.keepaliveInterval, self.keepaliveTask == nil else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        self.keepaliveTask = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            loopBound.value.keepaliveTick()
        }
    }

    private func keepaliveTick() {
        guard let context, self.keepaliveTimeout == nil else { return }
        if self.readSinceLastKeepalive {
            self.readSinceLastKeepalive = false
            return
        }
        // Idle for a whole interval: make sure the peer is still there.
        self.nextPingID &+= 1
        context.writeAndFlush(Self.wrapOutboundOut(.control(.ping, callID: self.nextPingID)), promise: nil)
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        self.keepaliveTimeout = context.eventLoop.scheduleTask(in: self.keepaliveTimeoutAmount) {
            let handler = loopBound.value
            handler.fail(ClientTransportFailure.sent("no PONG within the keepalive timeout"))
            handler.context?.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension ClientConnectionHandler: Sendable {}

/// A flag a call's cancellation handler sets before the call reaches the event loop.
final class CallCancellation: Sendable {
    private let flag = Mutex(false)
    var isCancelled: Bool { self.flag.withLock { $0 } }
    func cancel() { self.flag.withLock { $0 = true } }
}

/// Why a call failed in the transport, and whether the request can have reached the server.
///
/// `notSent` failures are retried for every method (nothing happened on the server);
/// `sent` ones only for idempotent methods. Callers see UNAVAILABLE either way.
enum ClientTransportFailure: Error, CustomStringConvertible {
    case notSent(String)
    case sent(String)

    var description: String {
        switch self {
        case .notSent(let message), .sent(let message): message
        }
    }
}

internal import Synchronization
