internal import FazhiWire
internal import Metrics
internal import NIOCore

/// The server's metric objects, created once per method when the server is built.
///
/// Labels are dotted and dimensions low-cardinality: the method name (only registered methods;
/// anything else is counted as "unknown") and the status code.
struct ServerMetrics: Sendable {
    private struct PerMethod: Sendable {
        let calls: Counter
        let failures: Counter
        let duration: Timer
    }

    private let perMethod: [String: PerMethod]
    private let unknown: PerMethod
    private let protocolErrors: Counter

    init(methods: [String]) {
        func make(_ method: String) -> PerMethod {
            PerMethod(
                calls: Counter(label: "fazhi.rpc.calls", dimensions: [("method", method)]),
                failures: Counter(label: "fazhi.rpc.failures", dimensions: [("method", method)]),
                duration: Timer(label: "fazhi.rpc.duration", dimensions: [("method", method)])
            )
        }
        var perMethod: [String: PerMethod] = [:]
        for method in methods { perMethod[method] = make(method) }
        self.perMethod = perMethod
        self.unknown = make("unknown")
        self.protocolErrors = Counter(label: "fazhi.rpc.protocol_errors")
    }

    /// Counts a connection closed for breaking the protocol (oversize or undecodable frames).
    func recordProtocolError() {
        self.protocolErrors.increment()
    }

    /// Records one finished call; `code` is nil on success, `duration` nil when it never ran.
    func record(method: String, code: WireError.Code?, duration: TimeAmount?) {
        let metrics = self.perMethod[method] ?? self.unknown
        metrics.calls.increment()
        if code != nil { metrics.failures.increment() }
        if let duration { metrics.duration.recordNanoseconds(duration.nanoseconds) }
    }
}
