package import FazhiProto
package import FazhiTransport
internal import FazhiWire
package import NIOCore

extension FrameClient {
    /// Asks the service for its health (`fazhi.v1.Health/Check`).
    package func checkHealth(timeout: TimeAmount? = nil) async throws -> Fazhi_V1_HealthCheckResponse {
        try await self.call(
            FazhiMethod.healthCheck,
            Fazhi_V1_HealthCheckRequest(),
            as: Fazhi_V1_HealthCheckResponse.self,
            options: .init(timeout: timeout)
        )
    }

    /// Asks a gateway for the health of every service it knows.
    package func clusterHealth(timeout: TimeAmount? = nil) async throws -> Fazhi_V1_ClusterHealthResponse {
        try await self.call(
            FazhiMethod.Gateway.clusterHealth,
            Fazhi_V1_ClusterHealthRequest(),
            as: Fazhi_V1_ClusterHealthResponse.self,
            options: .init(timeout: timeout)
        )
    }
}

extension Fazhi_V1_HealthCheckResponse {
    /// One line for people: "SERVING role=parser version=0.1.0 in_flight=0 uptime=3s".
    package var summary: String {
        let status =
            switch self.status {
            case .serving: "SERVING"
            case .notServing: "NOT_SERVING"
            case .draining: "DRAINING"
            case .unspecified, .UNRECOGNIZED: "UNKNOWN"
            }
        var line = "\(status) role=\(self.role) version=\(self.version) in_flight=\(self.inFlightCalls) uptime=\(self.uptimeSeconds)s"
        if self.shardCount > 0 { line += " shard=\(self.shard)/\(self.shardCount)" }
        return line
    }
}
