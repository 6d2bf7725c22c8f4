package import Logging
package import NIOCore

/// What a handler knows about the call it is serving.
///
/// While a handler runs, its context is also ``ServerContext/current`` (a task-local value), so
/// that a ``FrameClient`` call made from inside the handler passes the remaining budget and the
/// trace id downstream without the handler threading them through by hand.
package struct ServerContext: Sendable {
    /// The method called, "/fazhi.v1.Service/Method".
    package var method: String
    /// The call's id on its connection.
    package var callID: UInt64
    /// The request's metadata (the authorization entry is removed before handlers see it).
    package var metadata: [String: String]
    /// When the caller stops waiting; `nil` when the caller set no deadline.
    package var deadline: NIODeadline?
    /// The remote peer, for logs.
    package var peer: String
    private var connectionLogger: Logger

    /// Creates a context; `connectionLogger` is the connection's logger, to which ``logger``
    /// adds the call's metadata.
    package init(
        method: String,
        callID: UInt64 = 0,
        metadata: [String: String],
        deadline: NIODeadline?,
        peer: String,
        connectionLogger: Logger
    ) {
        self.method = method
        self.callID = callID
        self.metadata = metadata
        self.deadline = deadline
        self.peer = peer
        self.connectionLogger = connectionLogger
    }

    /// A logger carrying the call's metadata (`rpc.method`, `rpc.call_id`, `trace.id`).
    ///
    /// Built when asked for: most calls never log, and setting logger metadata on every call
    /// showed up in profiles.
    package var logger: Logger {
        var logger = self.connectionLogger
        logger[metadataKey: "rpc.method"] = "\(self.method)"
        logger[metadataKey: "rpc.call_id"] = "\(self.callID)"
        if let trace = self.metadata[MetadataKey.traceID] { logger[metadataKey: "trace.id"] = "\(trace)" }
        return logger
    }

    /// The budget left before the deadline (zero when it has passed), or `nil` with no deadline.
    package var remainingTime: TimeAmount? {
        guard let deadline else { return nil }
        let remaining = deadline - NIODeadline.now()
        return remaining > .zero ? remaining : .zero
    }

    /// The trace id of the call, when the caller sent one.
    package var traceID: String? { self.metadata[MetadataKey.traceID] }

    /// The context of the call the current task is serving, if any.
    @TaskLocal package static var current: ServerContext?
}

/// Well-known metadata keys.
package enum MetadataKey {
    /// "Bearer <token>" when the server requires the shared token.
    package static let authorization = "authorization"
    /// Propagated from call to call for log correlation.
    package static let traceID = "trace-id"
    /// "1" when the caller marked the call as safe to retry.
    package static let idempotent = "idempotent"
}

extension NIODeadline {
    /// Whole microseconds from this instant to `end` (now by default; 0 if `end` is earlier):
    /// the `took_micros` and `shards_micros` a search answer reports.
    package func microseconds(until end: NIODeadline = .now()) -> UInt64 {
        UInt64(max(0, (end - self).nanoseconds / 1000))
    }
}
