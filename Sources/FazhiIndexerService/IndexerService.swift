package import FazhiTransport
package import Logging
internal import ServiceLifecycle

/// fazhi-indexer: one shard of the full-text index and document store (the index methods
/// come with the indexer issue; today it answers Health with its shard number).
package struct IndexerService: Sendable {
    /// How the indexer runs.
    package struct Configuration: Sendable, Hashable {
        /// Address, limits and token of its server.
        package var server: FrameServer.Configuration
        /// This shard's index, 0..<shardCount.
        package var shard: UInt32
        /// How many shards the index is split into.
        package var shardCount: UInt32

        /// Creates a configuration; `shard` must be below `shardCount`.
        package init(server: FrameServer.Configuration = .defaults, shard: UInt32 = 0, shardCount: UInt32 = 1) {
            precondition(shard < shardCount, "shard must be below shardCount")
            self.server = server
            self.shard = shard
            self.shardCount = shardCount
        }

        /// Shard 0 of 1 on loopback.
        package static var defaults: Configuration { Configuration() }
    }

    /// "indexer".
    package static let role = "indexer"
    /// The server and health state.
    package let core: ServiceCore

    /// Creates the service; it serves once run.
    package init(configuration: Configuration, logger: Logger) {
        var logger = logger
        logger[metadataKey: "service.shard"] = "\(configuration.shard)"
        self.core = ServiceCore(
            role: Self.role,
            shard: configuration.shard,
            shardCount: configuration.shardCount,
            server: configuration.server,
            logger: logger
        )
    }
}

extension IndexerService: Service {
    package func run() async throws {
        try await self.core.server.run()
    }
}
