package import FazhiTransport
package import Logging
internal import ServiceLifecycle

/// fazhi-aggregator: one partition of the facts table (the aggregate methods
/// come with the aggregator issue; today it answers Health with its partition number).
package struct AggregatorService: Sendable {
    /// How the aggregator runs.
    package struct Configuration: Sendable, Hashable {
        /// Address, limits and token of its server.
        package var server: FrameServer.Configuration
        /// This partition's index, 0..<partitionCount.
        package var partition: UInt32
        /// How many partitions the facts table is split into.
        package var partitionCount: UInt32

        /// Creates a configuration; `partition` must be below `partitionCount`.
        package init(server: FrameServer.Configuration = .defaults, partition: UInt32 = 0, partitionCount: UInt32 = 1) {
            precondition(partition < partitionCount, "partition must be below partitionCount")
            self.server = server
            self.partition = partition
            self.partitionCount = partitionCount
        }

        /// Partition 0 of 1 on loopback.
        package static var defaults: Configuration { Configuration() }
    }

    /// "aggregator".
    package static let role = "aggregator"
    /// The server and health state.
    package let core: ServiceCore

    /// Creates the service; it serves once run.
    package init(configuration: Configuration, logger: Logger) {
        var logger = logger
        logger[metadataKey: "service.partition"] = "\(configuration.partition)"
        self.core = ServiceCore(
            role: Self.role,
            shard: configuration.partition,
            shardCount: configuration.partitionCount,
            server: configuration.server,
            logger: logger
        )
    }
}

extension AggregatorService: Service {
    package func run() async throws {
        try await self.core.server.run()
    }
}
