package import FazhiTransport
internal import FazhiClient
internal import FazhiProto
internal import FazhiWire
package import Logging
package import NIOCore
internal import ServiceLifecycle

/// fazhi-gateway: the stateless entry point. Ingest goes to parsers (``ParserPool``), then to
/// each report's index shard and facts partition (``Ingestor``); searches, aggregates,
/// compliance and similarity fan out to every shard or partition and are merged, with partial
/// results saying how many answered; ClusterHealth reports every backend.
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
        /// Failover, ejection, hedging and batching of parse work.
        package var parserPolicy: ParserPool.Policy = .init()
        /// How often DNS names among the parser endpoints are re-resolved. Default 10 s.
        package var resolveInterval: TimeAmount = .seconds(10)
        /// Documents that may be in flight through Ingest at once; beyond it callers get
        /// RESOURCE_EXHAUSTED (backpressure, never an unbounded queue). Default 2048.
        package var ingestBudget: Int = 2048
        /// Largest serialized batch sent to a shard or partition in one call. Default 2 MiB.
        package var maximumBatchBytes: Int = 2 << 20

        /// Creates a configuration.
        package init(
            server: FrameServer.Configuration = .defaults,
            parsers: [Endpoint] = [],
            indexers: [Endpoint] = [],
            aggregators: [Endpoint] = [],
            client: FrameClient.Configuration = .defaults,
            healthTimeout: TimeAmount = .seconds(2),
            resolveInterval: TimeAmount = .seconds(10)
        ) {
            self.resolveInterval = resolveInterval
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
    private let parserPool: ParserPool
    private let indexers: [FrameClient]
    private let aggregators: [FrameClient]
    private let resolveInterval: TimeAmount

    /// Creates the service; it serves once run.
    package init(configuration: Configuration, logger: Logger) {
        let client = { (endpoint: Endpoint) in
            FrameClient(host: endpoint.host, port: endpoint.port, configuration: configuration.client, logger: logger)
        }
        let parserPool = ParserPool(endpoints: configuration.parsers, client: configuration.client, policy: configuration.parserPolicy, logger: logger)
        let indexers = configuration.indexers.map(client)
        let aggregators = configuration.aggregators.map(client)
        self.parserPool = parserPool
        self.indexers = indexers
        self.aggregators = aggregators
        self.resolveInterval = configuration.resolveInterval
        let ingestor = Ingestor(
            parsers: parserPool, indexers: indexers, aggregators: aggregators,
            admission: Admission(limit: configuration.ingestBudget), maximumBatchBytes: configuration.maximumBatchBytes
        )
        let search = SearchFanOut(shards: indexers)
        let partitions = PartitionFanOut(partitions: aggregators)
        let healthTimeout = configuration.healthTimeout
        self.core = ServiceCore(role: Self.role, server: configuration.server, logger: logger) { router, health in
            router.register(FazhiMethod.Gateway.clusterHealth, placement: .eventLoop) {
                (_: Fazhi_V1_ClusterHealthRequest, context: ServerContext) -> Fazhi_V1_ClusterHealthResponse in
                var response = Fazhi_V1_ClusterHealthResponse()
                response.gateway = health.response()
                let backends = parserPool.clients.map { (role: "parser", client: $0) }
                    + indexers.map { (role: "indexer", client: $0) } + aggregators.map { (role: "aggregator", client: $0) }
                // Each backend gets most of the caller's budget, so an unreachable one is reported
                // as such instead of the whole answer missing the caller's deadline.
                let budget = context.remainingTime.map { min(.nanoseconds($0.nanoseconds * 4 / 5), healthTimeout) } ?? healthTimeout
                response.nodes = await Self.checkAll(backends, timeout: budget)
                return response
            }
            router.register(FazhiMethod.Gateway.ingest, placement: .eventLoop) { (request: Fazhi_V1_IngestRequest, _) in
                try await ingestor.ingest(request)
            }
            router.register(FazhiMethod.Gateway.search, placement: .eventLoop) { (request: Fazhi_V1_SearchRequest, _) in
                try await search.search(request)
            }
            router.register(FazhiMethod.Gateway.get, placement: .eventLoop) { (request: Fazhi_V1_GetRequest, _) in
                try await search.get(request)
            }
            router.register(FazhiMethod.Gateway.list, placement: .eventLoop) { (request: Fazhi_V1_ListRequest, _) in
                try await search.list(request)
            }
            router.register(FazhiMethod.Gateway.aggregate, placement: .eventLoop) { (request: Fazhi_V1_AggregateRequest, _) in
                try await partitions.aggregate(request)
            }
            router.register(FazhiMethod.Gateway.compliance, placement: .eventLoop) { (request: Fazhi_V1_ComplianceRequest, _) in
                try await partitions.compliance(request)
            }
            router.register(FazhiMethod.Gateway.similarity, placement: .eventLoop) { (request: Fazhi_V1_SimilarityRequest, _) in
                try await partitions.similarity(request)
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
        let pool = self.parserPool
        let interval = self.resolveInterval
        // Follow DNS names among the parser endpoints for as long as the server runs.
        let refresher = Task {
            while !Task.isCancelled {
                await pool.refresh()
                try? await Task.sleep(nanoseconds: UInt64(max(interval.nanoseconds, 100_000_000)))
            }
        }
        defer { refresher.cancel() }
        do {
            try await self.core.server.run()
        } catch {
            await self.closeBackends()
            throw error
        }
        await self.closeBackends()
    }

    private func closeBackends() async {
        await self.parserPool.close()
        for client in self.indexers + self.aggregators { await client.close() }
    }
}
