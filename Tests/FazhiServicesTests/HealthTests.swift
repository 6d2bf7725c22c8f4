import ArgumentParser
import FazhiAggregatorService
import FazhiClient
import FazhiCommandLine
import FazhiGatewayService
import FazhiIndexerService
import FazhiParserService
import FazhiProto
import FazhiTestSupport
import FazhiTransport
import Logging
import NIOCore
import ServiceLifecycle
import Testing

@Suite(.timeLimit(.minutes(1)))
struct HealthTests {
    /// Runs `services` in a task group until `body` returns, then shuts them down gracefully.
    func running<Result: Sendable>(
        _ services: [any Service & Sendable],
        _ body: () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            let serviceGroup = ServiceGroup(services: services, logger: .testLogger)
            group.addTask { try await serviceGroup.run() }
            do {
                let result = try await body()
                await serviceGroup.triggerGracefulShutdown()
                try await group.waitForAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    func endpoint(_ core: ServiceCore) async throws -> Endpoint {
        Endpoint(host: "127.0.0.1", port: try await core.listeningAddress.port ?? 0)
    }

    @Test("every role answers Health with its role, version and shard")
    func rolesAnswer() async throws {
        let parser = try ParserService(configuration: .defaults, logger: .testLogger)
        let data = TemporaryDirectory()
        defer { data.remove() }
        let indexer = try IndexerService(configuration: .init(shard: 1, shardCount: 3, dataDirectory: data.path + "/index"), logger: .testLogger)
        let aggregator = try AggregatorService(
            configuration: .init(partition: 0, partitionCount: 2, dataDirectory: data.path + "/facts"), logger: .testLogger)
        let gateway = GatewayService(configuration: .defaults, logger: .testLogger)
        try await self.running([parser, indexer, aggregator, gateway]) {
            let expectations: [(ServiceCore, String, UInt32, UInt32)] = [
                (parser.core, "parser", 0, 0), (indexer.core, "indexer", 1, 3),
                (aggregator.core, "aggregator", 0, 2), (gateway.core, "gateway", 0, 0),
            ]
            for (core, role, shard, count) in expectations {
                try await withTestClient(try await self.endpoint(core)) { client in
                    let health = try await client.checkHealth(timeout: .seconds(30))
                    #expect(health.status == .serving)
                    #expect(health.role == role)
                    #expect(health.version == "0.1.0")
                    #expect(health.shard == shard)
                    #expect(health.shardCount == count)
                }
            }
        }
    }

    @Test("the gateway reports every backend, and says which one is unreachable")
    func clusterHealth() async throws {
        let parsers = [try ParserService(configuration: .defaults, logger: .testLogger), try ParserService(configuration: .defaults, logger: .testLogger)]
        let data = TemporaryDirectory()
        defer { data.remove() }
        let indexer = try IndexerService(configuration: .init(dataDirectory: data.path), logger: .testLogger)
        // A port nobody listens on, held for the whole test (a port bound and released could be
        // handed to a server of a test running in parallel).
        let dead = try ClosedPort()
        try await self.running(parsers + [indexer]) {
            var configuration = GatewayService.Configuration.defaults
            for parser in parsers { configuration.parsers.append(try await self.endpoint(parser.core)) }
            configuration.indexers = [try await self.endpoint(indexer.core)]
            configuration.aggregators = [Endpoint(host: "127.0.0.1", port: dead.port)]
            configuration.client = .init(connectTimeout: .seconds(5), keepaliveInterval: nil, maximumAttempts: 1)
            configuration.healthTimeout = .seconds(30)
            let gateway = GatewayService(configuration: configuration, logger: .testLogger)
            try await self.running([gateway]) {
                try await withTestClient(try await self.endpoint(gateway.core)) { client in
                    let cluster = try await client.clusterHealth(timeout: .seconds(40))
                    #expect(cluster.gateway.role == "gateway")
                    #expect(cluster.nodes.map(\.role) == ["parser", "parser", "indexer", "aggregator"])
                    #expect(cluster.nodes.prefix(3).allSatisfy { $0.hasHealth && $0.health.status == .serving })
                    #expect(!cluster.nodes[3].hasHealth)
                    #expect(cluster.nodes[3].error.contains("UNAVAILABLE"))
                }
            }
        }
        withExtendedLifetime(dead) {}
    }

    @Test("a draining service reports DRAINING")
    func drainingStatus() {
        let health = HealthState(role: "parser", version: "0.1.0")
        #expect(health.response().status == .serving)
        health.setStatus(.draining)
        health.setStatus(.serving)
        #expect(health.response().status == .draining)
    }
}

@Suite struct CommandLineTests {
    @Test("service commands parse their options and refuse bad ones")
    func parsing() throws {
        _ = try ParserCommand.parseAsRoot(["serve", "--port", "0", "--token", "t"])
        _ = try IndexerCommand.parseAsRoot(["serve", "--shard", "1", "--shard-count", "2"])
        #expect(throws: (any Error).self) { try IndexerCommand.parseAsRoot(["serve", "--shard", "2", "--shard-count", "2"]) }
        #expect(throws: (any Error).self) { try ParserCommand.parseAsRoot(["serve", "--port", "70000"]) }
        #expect(throws: (any Error).self) { try ParserCommand.parseAsRoot(["serve", "--log-level", "loud"]) }
        #expect(throws: (any Error).self) { try GatewayCommand.parseAsRoot(["serve", "--parser", "nohost"]) }
        _ = try GatewayCommand.parseAsRoot(["serve", "--parser", "127.0.0.1:1", "--parser", "[::1]:2", "--indexer", "h:3"])
        _ = try FazhiCommand.parseAsRoot(["up", "--parsers", "3", "--check"])
        #expect(throws: (any Error).self) { try FazhiCommand.parseAsRoot(["up", "--parsers", "0"]) }
        #expect(throws: (any Error).self) { try FazhiCommand.parseAsRoot(["generate", "--out", "/", "--count", "1"]) }
        #expect(throws: (any Error).self) { try FazhiCommand.parseAsRoot(["generate", "--out", "/tmp/fazhi-none", "--count", "0"]) }
        #expect(throws: (any Error).self) { try FazhiCommand.parseAsRoot(["parse", "a.txt", "b.txt", "--url", "http://x"]) }
        _ = try FazhiCommand.parseAsRoot(["cache", "gc", "--other-versions"])
        #expect(throws: (any Error).self) { try FazhiCommand.parseAsRoot(["cache", "gc", "--max-bytes=-1"]) }
        #expect(throws: (any Error).self) { try FazhiCommand.parseAsRoot(["cache", "gc", "--max-bytes", "lots"]) }
    }
}
