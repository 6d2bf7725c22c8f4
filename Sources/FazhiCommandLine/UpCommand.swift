internal import ArgumentParser
internal import FazhiAggregatorService
internal import FazhiClient
internal import FazhiGatewayService
internal import FazhiIndexerService
internal import FazhiParserService
internal import FazhiTransport
internal import Logging
internal import NIOCore
internal import ServiceLifecycle

/// `fazhi up`: a whole cluster on loopback, in this process, until SIGINT or SIGTERM.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run a local cluster (parsers, index shards, aggregator partitions, gateway) on loopback."
    )

    @Option(help: "Parser workers.") var parsers: Int = 2
    @Option(help: "Index shards.") var shards: Int = 1
    @Option(help: "Aggregator partitions.") var partitions: Int = 1
    @Option(help: "The gateway's port (0 picks a free one); the other services take free ports.")
    var port: Int = DefaultPort.gateway
    @Option(help: "Shared token for every service (env FAZHI_TOKEN).") var token: String?
    @Option(help: "Write the gateway's HOST:PORT to this file once the cluster is up.") var addressFile: String?
    @Flag(help: "Start, print the cluster's health, shut down, and exit 0 only if every service was serving.")
    var check = false
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (1...64).contains(self.parsers) else { throw ValidationError("--parsers must be within 1...64") }
        guard (1...64).contains(self.shards) else { throw ValidationError("--shards must be within 1...64") }
        guard (1...64).contains(self.partitions) else { throw ValidationError("--partitions must be within 1...64") }
        guard (0...65535).contains(self.port) else { throw ValidationError("--port must be within 0...65535") }
    }

    func run() async throws {
        let logger = try self.logging.makeLogger(label: "fazhi.up")
        let token = self.token ?? Environment.value("FAZHI_TOKEN")
        func server(port: Int = 0) -> FrameServer.Configuration {
            FrameServer.Configuration(host: "127.0.0.1", port: port, token: token, gracePeriod: .seconds(5))
        }
        let parsers = try (0..<self.parsers).map { _ in
            try ParserService(configuration: .init(server: server()), logger: logger)
        }
        let indexers = (0..<self.shards).map { shard in
            IndexerService(
                configuration: .init(server: server(), shard: UInt32(shard), shardCount: UInt32(self.shards)),
                logger: logger
            )
        }
        let aggregators = (0..<self.partitions).map { partition in
            AggregatorService(
                configuration: .init(server: server(), partition: UInt32(partition), partitionCount: UInt32(self.partitions)),
                logger: logger
            )
        }
        let launcher = GatewayLauncher(
            parsers: parsers.map(\.core),
            indexers: indexers.map(\.core),
            aggregators: aggregators.map(\.core),
            server: server(port: self.port),
            token: token,
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
        let check = self.check
        let addressFile = self.addressFile
        let healthy = try await withThrowingTaskGroup(of: Bool?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            tasks.addTask {
                let gateway = try await launcher.gatewayAddress()
                let endpoint = Endpoint(host: "127.0.0.1", port: gateway.port ?? 0)
                if let addressFile { try AddressFile.write(["\(endpoint)"], to: addressFile) }
                let cluster = try await ClusterProbe.check(endpoint, token: token, timeoutMilliseconds: 5000)
                print("fazhi cluster up: gateway \(endpoint)")
                print(ClusterProbe.table(cluster))
                if check {
                    await group.triggerGracefulShutdown()
                } else {
                    print("Ctrl-C to stop.")
                }
                return ClusterProbe.allServing(cluster)
            }
            var healthy = true
            for try await result in tasks {
                if let result { healthy = result }
            }
            return healthy
        }
        if check && !healthy { throw ExitCode(1) }
    }
}

/// Starts the gateway once every backend is listening (it needs their addresses).
final class GatewayLauncher: Service, Sendable {
    private let backends: (parsers: [ServiceCore], indexers: [ServiceCore], aggregators: [ServiceCore])
    private let server: FrameServer.Configuration
    private let token: String?
    private let logger: Logger
    private let address = AsyncAddress()

    init(
        parsers: [ServiceCore],
        indexers: [ServiceCore],
        aggregators: [ServiceCore],
        server: FrameServer.Configuration,
        token: String?,
        logger: Logger
    ) {
        self.backends = (parsers, indexers, aggregators)
        self.server = server
        self.token = token
        self.logger = logger
    }

    /// The gateway's address, once it is listening.
    func gatewayAddress() async throws -> SocketAddress {
        try await self.address.value()
    }

    func run() async throws {
        do {
            func endpoints(_ cores: [ServiceCore]) async throws -> [Endpoint] {
                var result: [Endpoint] = []
                for core in cores {
                    let address = try await core.listeningAddress
                    result.append(Endpoint(host: "127.0.0.1", port: address.port ?? 0))
                }
                return result
            }
            let gateway = GatewayService(
                configuration: .init(
                    server: self.server,
                    parsers: try await endpoints(self.backends.parsers),
                    indexers: try await endpoints(self.backends.indexers),
                    aggregators: try await endpoints(self.backends.aggregators),
                    client: .init(token: self.token)
                ),
                logger: self.logger
            )
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await gateway.run() }
                tasks.addTask { self.address.set(.success(try await gateway.core.listeningAddress)) }
                try await tasks.waitForAll()
            }
        } catch {
            self.address.set(.failure(error))
            throw error
        }
    }
}

/// A value set once and awaited by many.
final class AsyncAddress: Sendable {
    private let state = Mutex<(Result<SocketAddress, any Error>?, [CheckedContinuation<SocketAddress, any Error>])>((nil, []))

    func set(_ result: Result<SocketAddress, any Error>) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<SocketAddress, any Error>] in
            guard state.0 == nil else { return [] }
            state.0 = result
            defer { state.1 = [] }
            return state.1
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    func value() async throws -> SocketAddress {
        try await withCheckedThrowingContinuation { continuation in
            let result = self.state.withLock { state -> Result<SocketAddress, any Error>? in
                if let result = state.0 { return result }
                state.1.append(continuation)
                return nil
            }
            if let result { continuation.resume(with: result) }
        }
    }
}

internal import Synchronization
internal import UnixSignals
