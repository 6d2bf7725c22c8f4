package import ArgumentParser
internal import FazhiAggregatorService
internal import FazhiCache
internal import FazhiParsing
internal import FazhiGatewayService
internal import FazhiIndexerService
internal import FazhiParserService
internal import FazhiTransport
internal import NIOCore

/// `fazhi-parser`: serve (default) or healthcheck.
package struct ParserCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "fazhi-parser",
        abstract: "fazhi parser worker: raw reports in, structured records out.",
        subcommands: [Serve.self, HealthcheckCommand.self],
        defaultSubcommand: Serve.self
    )

    package init() {}

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the parser service.")
        @OptionGroup var server: ServerOptions
        @OptionGroup var logging: LoggingOptions
        @Option(help: "Parse cache directory (env FAZHI_CACHE_DIR; default: no cache).") var cacheDir: String?
        @Option(help: "Byte budget of the cache; least recently used entries are evicted beyond it.")
        var cacheMaxBytes: Int = 1 << 30
        @Option(help: "Largest document accepted, in bytes.") var maxInputBytes: Int = 16 << 20

        func validate() throws {
            guard self.cacheMaxBytes > 0 else { throw ValidationError("--cache-max-bytes must be positive") }
            guard self.maxInputBytes > 0 else { throw ValidationError("--max-input-bytes must be positive") }
        }

        func run() async throws {
            let logger = try self.logging.makeLogger(label: "fazhi.parser")
            let serverConfiguration = try self.server.configuration(defaultPort: DefaultPort.parser)
            let cache = (self.cacheDir ?? Environment.value("FAZHI_CACHE_DIR")).map {
                CacheStore.Configuration(directory: $0, maxBytes: self.cacheMaxBytes)
            }
            let service = try ParserService(
                configuration: .init(
                    server: serverConfiguration,
                    pipeline: .init(parser: .init(maximumInputBytes: self.maxInputBytes), cache: cache)
                ),
                logger: logger
            )
            try await ServiceRunner.run(
                [service],
                announce: [("parser", service.core)],
                addressFile: self.server.addressFilePath,
                gracePeriod: serverConfiguration.gracePeriod,
                logger: logger
            )
        }
    }
}

/// `fazhi-indexer`: serve (default) or healthcheck.
package struct IndexerCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "fazhi-indexer",
        abstract: "fazhi indexer: one shard of the full-text index and document store.",
        subcommands: [Serve.self, HealthcheckCommand.self],
        defaultSubcommand: Serve.self
    )

    package init() {}

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run one indexer shard.")
        @OptionGroup var server: ServerOptions
        @OptionGroup var logging: LoggingOptions
        @Option(help: "This shard's number, from 0 (env FAZHI_SHARD: a number, or a pod name ending in -N).") var shard: UInt32?
        @Option(help: "Directory of the shard's log, segments and document store (env FAZHI_DATA_DIR; default ./fazhi-index-SHARD).")
        var dataDir: String?
        @Option(help: "How many shards there are (env FAZHI_SHARD_COUNT).") var shardCount: UInt32?

        func validate() throws {
            _ = try ShardOptions.resolve(self.shard, self.shardCount, names: ("shard", "FAZHI_SHARD", "FAZHI_SHARD_COUNT"))
        }

        func run() async throws {
            let logger = try self.logging.makeLogger(label: "fazhi.indexer")
            let (shard, count) = try ShardOptions.resolve(self.shard, self.shardCount, names: ("shard", "FAZHI_SHARD", "FAZHI_SHARD_COUNT"))
            let serverConfiguration = try self.server.configuration(defaultPort: DefaultPort.indexer)
            let service = try IndexerService(
                configuration: .init(
                    server: serverConfiguration, shard: shard, shardCount: count,
                    dataDirectory: self.dataDir ?? Environment.value("FAZHI_DATA_DIR") ?? "fazhi-index-\(shard)"
                ),
                logger: logger
            )
            try await ServiceRunner.run(
                [service],
                announce: [("indexer", service.core)],
                addressFile: self.server.addressFilePath,
                gracePeriod: serverConfiguration.gracePeriod,
                logger: logger
            )
        }
    }
}

/// `fazhi-aggregator`: serve (default) or healthcheck.
package struct AggregatorCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "fazhi-aggregator",
        abstract: "fazhi aggregator: one partition of the facts table.",
        subcommands: [Serve.self, HealthcheckCommand.self],
        defaultSubcommand: Serve.self
    )

    package init() {}

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run one aggregator partition.")
        @OptionGroup var server: ServerOptions
        @OptionGroup var logging: LoggingOptions
        @Option(help: "This partition's number, from 0 (env FAZHI_PARTITION: a number, or a pod name ending in -N).") var partition: UInt32?
        @Option(help: "Directory of the partition's log and snapshots (env FAZHI_DATA_DIR; default ./fazhi-facts-PARTITION).")
        var dataDir: String?
        @Option(help: "How many partitions there are (env FAZHI_PARTITION_COUNT).") var partitionCount: UInt32?

        func validate() throws {
            _ = try ShardOptions.resolve(
                self.partition, self.partitionCount, names: ("partition", "FAZHI_PARTITION", "FAZHI_PARTITION_COUNT"))
        }

        func run() async throws {
            let logger = try self.logging.makeLogger(label: "fazhi.aggregator")
            let (partition, count) = try ShardOptions.resolve(
                self.partition, self.partitionCount, names: ("partition", "FAZHI_PARTITION", "FAZHI_PARTITION_COUNT"))
            let serverConfiguration = try self.server.configuration(defaultPort: DefaultPort.aggregator)
            let service = try AggregatorService(
                configuration: .init(
                    server: serverConfiguration, partition: partition, partitionCount: count,
                    dataDirectory: self.dataDir ?? Environment.value("FAZHI_DATA_DIR") ?? "fazhi-facts-\(partition)"
                ),
                logger: logger
            )
            try await ServiceRunner.run(
                [service],
                announce: [("aggregator", service.core)],
                addressFile: self.server.addressFilePath,
                gracePeriod: serverConfiguration.gracePeriod,
                logger: logger
            )
        }
    }
}

/// `fazhi-gateway`: serve (default) or healthcheck.
package struct GatewayCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "fazhi-gateway",
        abstract: "fazhi gateway: the entry point that fans requests out to the other services.",
        subcommands: [Serve.self, HealthcheckCommand.self],
        defaultSubcommand: Serve.self
    )

    package init() {}

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the gateway.")
        @OptionGroup var server: ServerOptions
        @OptionGroup var logging: LoggingOptions
        @Option(name: .customLong("parser"), help: "A parser's HOST:PORT; repeat for each (env FAZHI_PARSERS, comma-separated).")
        var parsers: [String] = []
        @Option(name: .customLong("indexer"), help: "Indexer shards' HOST:PORT in shard order (env FAZHI_INDEXERS).")
        var indexers: [String] = []
        @Option(name: .customLong("aggregator"), help: "Aggregator partitions' HOST:PORT in order (env FAZHI_AGGREGATORS).")
        var aggregators: [String] = []
        @Option(help: "Seconds between re-resolutions of DNS names among the parsers (env FAZHI_RESOLVE_INTERVAL).")
        var resolveInterval: Double?

        private var resolvedInterval: Double {
            get throws {
                if let value = self.resolveInterval { return value }
                guard let text = Environment.value("FAZHI_RESOLVE_INTERVAL") else { return 10 }
                guard let value = Double(text) else { throw ValidationError("FAZHI_RESOLVE_INTERVAL must be a number of seconds") }
                return value
            }
        }

        func validate() throws {
            _ = try self.endpoints()
            guard try self.resolvedInterval >= 0.1 else { throw ValidationError("--resolve-interval must be at least 0.1 seconds") }
        }

        private func endpoints() throws -> (parsers: [Endpoint], indexers: [Endpoint], aggregators: [Endpoint]) {
            func resolve(_ given: [String], flag: String, env: String) throws -> [Endpoint] {
                given.isEmpty ? try Environment.endpoints(env) : try EndpointList.parse(given, source: flag)
            }
            return (
                try resolve(self.parsers, flag: "--parser", env: "FAZHI_PARSERS"),
                try resolve(self.indexers, flag: "--indexer", env: "FAZHI_INDEXERS"),
                try resolve(self.aggregators, flag: "--aggregator", env: "FAZHI_AGGREGATORS")
            )
        }

        func run() async throws {
            let logger = try self.logging.makeLogger(label: "fazhi.gateway")
            let serverConfiguration = try self.server.configuration(defaultPort: DefaultPort.gateway)
            let endpoints = try self.endpoints()
            let service = GatewayService(
                configuration: .init(
                    server: serverConfiguration,
                    parsers: endpoints.parsers,
                    indexers: endpoints.indexers,
                    aggregators: endpoints.aggregators,
                    client: .init(token: serverConfiguration.token),
                    resolveInterval: .milliseconds(Int64(try self.resolvedInterval * 1000))
                ),
                logger: logger
            )
            try await ServiceRunner.run(
                [service],
                announce: [("gateway", service.core)],
                addressFile: self.server.addressFilePath,
                gracePeriod: serverConfiguration.gracePeriod,
                logger: logger
            )
        }
    }
}

/// Shard or partition numbers from flags or the environment.
enum ShardOptions {
    static func resolve(
        _ index: UInt32?,
        _ count: UInt32?,
        names: (flag: String, indexEnv: String, countEnv: String)
    ) throws -> (UInt32, UInt32) {
        func fromEnv(_ name: String) throws -> UInt32? {
            guard let text = Environment.value(name) else { return nil }
            guard let value = UInt32(text) else { throw ValidationError("\(name) must be a whole number, not '\(text)'") }
            return value
        }
        /// The shard number may also be a StatefulSet pod name ("fazhi-indexer-1"): its ordinal.
        func indexFromEnv(_ name: String) throws -> UInt32? {
            guard let text = Environment.value(name) else { return nil }
            if let value = UInt32(text) { return value }
            let digits = text.reversed().prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, text.dropLast(digits.count).hasSuffix("-"), let value = UInt32(String(digits.reversed())) else {
                throw ValidationError("\(name) must be a whole number or a pod name ending in -N, not '\(text)'")
            }
            return value
        }
        let index = try index ?? indexFromEnv(names.indexEnv) ?? 0
        let count = try count ?? fromEnv(names.countEnv) ?? 1
        guard count >= 1 else { throw ValidationError("--\(names.flag)-count must be at least 1") }
        guard index < count else {
            throw ValidationError("--\(names.flag) \(index) must be below --\(names.flag)-count \(count)")
        }
        return (index, count)
    }
}
