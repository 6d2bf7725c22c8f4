package import FazhiProto
internal import FazhiWire
internal import Synchronization
internal import NIOCore

/// The health a service reports through `fazhi.v1.Health/Check`.
///
/// A ``FrameServer`` sets it to DRAINING when graceful shutdown begins; services set it to
/// NOT_SERVING while they cannot take work (say, while loading their data).
package final class HealthState: Sendable {
    /// A service's serving status.
    package enum Status: Sendable, Hashable {
        case serving, notServing, draining
    }

    /// The role reported: "parser", "indexer", "aggregator", "gateway".
    package let role: String
    /// The version reported.
    package let version: String
    /// Shard (or partition) index and count; zeros for roles that are not partitioned.
    package let shard: UInt32
    package let shardCount: UInt32

    private let status: Mutex<Status>
    private let inFlight = Atomic<Int>(0)
    private let started = NIODeadline.now()

    /// Creates a health state, initially `status`.
    package init(role: String, version: String, shard: UInt32 = 0, shardCount: UInt32 = 0, status: Status = .serving) {
        self.role = role
        self.version = version
        self.shard = shard
        self.shardCount = shardCount
        self.status = Mutex(status)
    }

    /// The current status.
    package var currentStatus: Status { self.status.withLock { $0 } }

    /// Sets the status. Once DRAINING, the status stays DRAINING.
    package func setStatus(_ status: Status) {
        self.status.withLock { current in
            if current != .draining { current = status }
        }
    }

    /// Calls in flight in this process.
    package var inFlightCalls: Int { self.inFlight.load(ordering: .relaxed) }

    func callStarted() { self.inFlight.add(1, ordering: .relaxed) }
    func callEnded() { self.inFlight.subtract(1, ordering: .relaxed) }

    /// The answer to a health check.
    package func response() -> Fazhi_V1_HealthCheckResponse {
        var response = Fazhi_V1_HealthCheckResponse()
        response.status =
            switch self.currentStatus {
            case .serving: .serving
            case .notServing: .notServing
            case .draining: .draining
            }
        response.role = self.role
        response.version = self.version
        response.inFlightCalls = UInt32(clamping: max(0, self.inFlightCalls))
        let uptime = NIODeadline.now() - self.started
        response.uptimeSeconds = UInt64(max(0, uptime.nanoseconds / 1_000_000_000))
        response.shard = self.shard
        response.shardCount = self.shardCount
        return response
    }
}

extension RPCRouter {
    /// Registers `fazhi.v1.Health/Check`, answered from `health`.
    package mutating func registerHealth(_ health: HealthState) {
        self.register(FazhiMethod.healthCheck, placement: .eventLoop) { (_: Fazhi_V1_HealthCheckRequest, _) in
            health.response()
        }
    }
}
