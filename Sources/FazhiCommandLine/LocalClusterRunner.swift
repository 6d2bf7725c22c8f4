internal import FazhiAggregatorService
internal import FazhiCache
internal import FazhiGatewayService
internal import FazhiIndexerService
internal import FazhiParserService
internal import FazhiTransport
internal import Foundation
internal import Logging
internal import NIOCore
internal import ServiceLifecycle
internal import UnixSignals

/// What a local cluster consists of.
struct LocalClusterSpec: Sendable {
    var parsers: Int
    var shards: Int
    var partitions: Int
    var gatewayPort: Int
    var token: String?
    /// Index shards, facts partitions, the parse cache and the gateway's address live here.
    var dataDirectory: String

    func shardDirectory(_ shard: Int) -> String { "\(self.dataDirectory)/index-\(shard)-of-\(self.shards)" }
    func partitionDirectory(_ partition: Int) -> String { "\(self.dataDirectory)/facts-\(partition)-of-\(self.partitions)" }
    var cacheDirectory: String { "\(self.dataDirectory)/cache" }
}

/// A whole cluster in this process: the services share one ServiceGroup and shut down together.
enum InProcessCluster {
    /// Runs the cluster, calls `body` with the gateway's address once it listens, and shuts the
    /// cluster down when `body` returns `true` (or runs until SIGINT/SIGTERM when it returns
    /// `false`). Returns `body`'s first result.
    static func run<Result: Sendable>(
        _ spec: LocalClusterSpec,
        logger: Logger,
        body: @escaping @Sendable (Endpoint) async throws -> (result: Result, stop: Bool)
    ) async throws -> Result {
        try FileManager.default.createDirectory(atPath: spec.dataDirectory, withIntermediateDirectories: true)
        func server(port: Int = 0) -> FrameServer.Configuration {
            FrameServer.Configuration(host: "127.0.0.1", port: port, token: spec.token, gracePeriod: .seconds(5))
        }
        let parsers = try (0..<spec.parsers).map { _ in
            try ParserService(
                configuration: .init(
                    server: server(),
                    pipeline: .init(cache: CacheStore.Configuration(directory: spec.cacheDirectory))
                ),
                logger: logger
            )
        }
        let indexers = try (0..<spec.shards).map { shard in
            try IndexerService(
                configuration: .init(
                    server: server(), shard: UInt32(shard), shardCount: UInt32(spec.shards),
                    dataDirectory: spec.shardDirectory(shard)
                ),
                logger: logger
            )
        }
        let aggregators = try (0..<spec.partitions).map { partition in
            try AggregatorService(
                configuration: .init(
                    server: server(), partition: UInt32(partition), partitionCount: UInt32(spec.partitions),
                    dataDirectory: spec.partitionDirectory(partition)
                ),
                logger: logger
            )
        }
        let launcher = GatewayLauncher(
            parsers: parsers.map(\.core),
            indexers: indexers.map(\.core),
            aggregators: aggregators.map(\.core),
            server: server(port: spec.gatewayPort),
            token: spec.token,
            logger: logger
        )
        let services: [any Service] = parsers + indexers + aggregators + [launcher]
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [],
                logger: logger
            )
        )
        return try await withThrowingTaskGroup(of: Result?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            tasks.addTask {
                let gateway = try await launcher.gatewayAddress()
                let endpoint = Endpoint(host: "127.0.0.1", port: gateway.port ?? 0)
                try AddressFile.write(["\(endpoint)"], to: LocalCluster.gatewayFile(in: spec.dataDirectory))
                do {
                    let outcome = try await body(endpoint)
                    if outcome.stop { await group.triggerGracefulShutdown() }
                    return outcome.result
                } catch {
                    await group.triggerGracefulShutdown()
                    throw error
                }
            }
            var result: Result?
            for try await value in tasks where value != nil { result = value }
            try? FileManager.default.removeItem(atPath: LocalCluster.gatewayFile(in: spec.dataDirectory))
            guard let result else { throw CommandFailure("the cluster stopped before it was up") }
            return result
        }
    }
}
