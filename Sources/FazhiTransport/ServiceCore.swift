package import Logging
package import NIOCore

/// What every fazhi service has: a ``FrameServer`` answering Health plus the service's own
/// methods, and the ``HealthState`` it reports.
package struct ServiceCore: Sendable {
    /// The health this service reports.
    package let health: HealthState
    /// The server carrying its methods.
    package let server: FrameServer

    /// Builds the router (Health first, then `register`, which is given the health state) and the server.
    package init(
        role: String,
        shard: UInt32 = 0,
        shardCount: UInt32 = 0,
        server configuration: FrameServer.Configuration,
        logger: Logger,
        register: (inout RPCRouter, HealthState) -> Void = { _, _ in }
    ) {
        var logger = logger
        logger[metadataKey: "service.role"] = "\(role)"
        let health = HealthState(role: role, version: FazhiVersionInfo.current, shard: shard, shardCount: shardCount)
        var router = RPCRouter()
        router.registerHealth(health)
        register(&router, health)
        self.health = health
        self.server = FrameServer(configuration: configuration, router: router, health: health, logger: logger)
    }

    /// The bound address; waits until the server is listening.
    package var listeningAddress: SocketAddress {
        get async throws { try await self.server.listeningAddress }
    }
}

internal import FazhiWire

/// The version string services report, re-exported so service libraries need not import FazhiWire.
package enum FazhiVersionInfo {
    /// Semantic version of this build.
    package static var current: String { FazhiVersion.current }
}
