package import FazhiTransport
internal import FazhiClient
internal import FazhiProto
internal import FazhiWire
package import Logging
package import NIOCore
internal import ServiceLifecycle

/// fazhi-gateway: the stateless entry point. Today it answers Health and ClusterHealth (the
/// health of every parser, indexer shard and aggregator partition it is configured with);
/// ingest, search and aggregation fan-out come with the gateway issue.
package struct GatewayService: Sendable {
    /// How the gateway runs and whom it talks to.
    package struct Configuration: Sendable, Hashable {
        /// Address, limits and token of its own server.
        package var server: FrameServer.Configuration
        /// Parser workers.
        package var parsers: [Endpoint]
        /// Indexer shards, in shard order.
        package var indexers: [Endpoint]
        /// Aggregator partitions, in partition order.
        package var aggregators: [Endpoint]
        /// How it calls them (token, timeouts, backoff).
        package var client: FrameClient.Configuration
        /// Budget for one ClusterHealth fan-out when the caller sets none. Default 2 s.
        package var healthTimeout: TimeAmount

        /// Creates a configuration.
        package init(
            server: FrameServer.Configuration = .defaults,
            parsers: [Endpoint] = [],
            indexers: [Endpoint] = [],
            aggregators: [Endpoint] = [],
            client: FrameClient.Configuration = .defaults,
            healthTimeout: TimeAmount = .seconds(2)
        ) {
            self.server = server
            self.parsers = parsers
            self.indexers = indexers
            self.aggregators = aggregators
            self.client = client
            self.healthTimeout = healthTimeout
        }

        /// Loopback on a free port, no backends.
        package static var defaults: Configuration { Configuration() }
    }

    /// "gateway".
    package static let role = "gateway"
    /// The server and health state.
    package let core: ServiceCore
    private let backends: [(role: String, client: FrameClient)]

    /// Creates the service; it serves once run.
    package init(configuration: Configuration, logger: Logger) {
        let named =
            configuration.parsers.map { ("parser", $0) } + configuration.indexers.map { ("indexer", $0) }
            + configuration.aggregators.map { ("aggregator", $0) }
        let backends = named.map { role, endpoint in
            (role: role, client: FrameClient(host: endpoint.host, port: endpoint.port, configuration: configuration.client, logger: logger))
        }
        self.backends = backends
        let healthTimeout = configuration.healthTimeout
        self.core = ServiceCore(role: Self.role, server: configuration.server, logger: logger) { router, health in
            router.register(FazhiMethod.Gateway.clusterHealth) {
                (_: Fazhi_V1_ClusterHealthRequest, context: ServerContext) -> Fazhi_V1_ClusterHealthResponse in
                var response = Fazhi_V1_ClusterHealthResponse()
                response.gateway = health.response()
                response.nodes = await Self.checkAll(backends, timeout: context.remainingTime.map { min($0, healthTimeout) } ?? healthTimeout)
                return response
            }
        }
    }

    private static func checkAll(
        _ backends: [(role: String, client: FrameClient)],
        timeout: TimeAmount
    ) async -> [Fazhi_V1_NodeHealth] {
        await withTaskGroup(of: (Int, Fazhi_V1_NodeHealth).self) { group in
            for (index, backend) in backends.enumerated() {
                group.addTask {
                    var node = Fazhi_V1_NodeHealth()
                    node.role = backend.role
                    node.address = backend.client.target
                    do {
                        node.health = try await backend.client.checkHealth(timeout: timeout)
                    } catch {
                        node.error = "\(error)"
                    }
                    return (index, node)
                }
            }
            var nodes = [Fazhi_V1_NodeHealth?](repeating: nil, count: backends.count)
            for await (index, node) in group { nodes[index] = node }
            return nodes.compactMap { $0 }
        }
    }
}

extension GatewayService: Service {
    package func run() async throws {
        do {
            try await self.core.server.run()
        } catch {
            for backend in self.backends { await backend.client.close() }
            throw error
        }
        for backend in self.backends { await backend.client.close() }
    }
}
