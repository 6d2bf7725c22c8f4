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
internal import Foundation
internal import Dispatch

/// `fazhi up`: a whole cluster on loopback until SIGINT or SIGTERM (or `fazhi down`).
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run a local cluster (parsers, index shards, aggregator partitions, gateway) on loopback.",
        discussion: """
            By default each service runs as its own process (the executables next to `fazhi`);
            --in-process runs them all in this one. State lives in --data: index shards, facts
            partitions, the parse cache, and gateway.address, which the other commands read.
            """
    )

    @Option(help: "Parser workers.") var parsers: Int = 2
    @Option(help: "Index shards.") var shards: Int = 1
    @Option(help: "Aggregator partitions.") var partitions: Int = 1
    @Option(help: "Data directory (env FAZHI_DATA).") var data: String?
    @Option(help: "The gateway's port (0 picks a free one); the other services take free ports.")
    var port: Int = DefaultPort.gateway
    @Option(help: "Shared token for every service (env FAZHI_TOKEN).") var token: String?
    @Option(help: "Write the gateway's HOST:PORT to this file once the cluster is up.") var addressFile: String?
    @Flag(help: "Run every service in this process instead of separate processes.") var inProcess = false
    @Flag(help: "Start, print the cluster's health, shut down, and exit 0 only if every service was serving.")
    var check = false
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (1...64).contains(self.parsers) else { throw ValidationError("--parsers must be within 1...64") }
        guard (1...64).contains(self.shards) else { throw ValidationError("--shards must be within 1...64") }
        guard (1...64).contains(self.partitions) else { throw ValidationError("--partitions must be within 1...64") }
        guard (0...65535).contains(self.port) else { throw ValidationError("--port must be within 0...65535") }
    }

    var spec: LocalClusterSpec {
        LocalClusterSpec(
            parsers: self.parsers, shards: self.shards, partitions: self.partitions, gatewayPort: self.port,
            token: self.token ?? Environment.value("FAZHI_TOKEN"),
            dataDirectory: self.data ?? Environment.value("FAZHI_DATA") ?? LocalCluster.defaultDataDirectory
        )
    }

    func run() async throws {
        let logger = try self.logging.makeLogger(label: "fazhi.up")
        let spec = self.spec
        try FileManager.default.createDirectory(atPath: spec.dataDirectory, withIntermediateDirectories: true)
        try AddressFile.write(["\(getpid())"], to: LocalCluster.pidFile(in: spec.dataDirectory))
        defer { try? FileManager.default.removeItem(atPath: LocalCluster.pidFile(in: spec.dataDirectory)) }
        let check = self.check
        let addressFile = self.addressFile
        let announce: @Sendable (Endpoint) async throws -> Bool = { endpoint in
            if let addressFile { try AddressFile.write(["\(endpoint)"], to: addressFile) }
            let cluster = try await ClusterProbe.check(endpoint, token: spec.token, timeoutMilliseconds: 5000)
            print("fazhi cluster up: gateway \(endpoint)  (data in \(spec.dataDirectory))")
            print(ClusterProbe.table(cluster))
            if !check { print("Stop with Ctrl-C or `fazhi down`.") }
            // Standard output to a file or pipe is block-buffered; a cluster runs until stopped,
            // so without this a script reading `fazhi up > log &` never sees the address.
            fflush(nil)
            return ClusterProbe.allServing(cluster)
        }
        let healthy: Bool
        if self.inProcess {
            healthy = try await InProcessCluster.run(spec, logger: logger) { endpoint in
                (try await announce(endpoint), check)
            }
        } else {
            healthy = try await Self.runProcesses(spec, logger: logger, check: check, announce: announce)
        }
        if check && !healthy { throw ExitCode(1) }
    }

    /// Runs the services as child processes until SIGINT/SIGTERM or one of them exits.
    static func runProcesses(
        _ spec: LocalClusterSpec,
        logger: Logger,
        check: Bool,
        announce: @escaping @Sendable (Endpoint) async throws -> Bool
    ) async throws -> Bool {
        let cluster = ProcessCluster(spec: spec, logger: logger)
        let stop = StopSignal()
        let endpoint: Endpoint
        do {
            endpoint = try await cluster.start()
        } catch {
            cluster.stop()
            throw error
        }
        try AddressFile.write(["\(endpoint)"], to: LocalCluster.gatewayFile(in: spec.dataDirectory))
        defer { try? FileManager.default.removeItem(atPath: LocalCluster.gatewayFile(in: spec.dataDirectory)) }
        let healthy: Bool
        do {
            healthy = try await announce(endpoint)
        } catch {
            cluster.stop()
            throw error
        }
        if !check {
            while !stop.requested {
                if let exited = cluster.exited() {
                    printError("\(exited.name) exited with status \(exited.status); stopping the cluster (logs in \(spec.dataDirectory)/run)")
                    cluster.stop()
                    throw ExitCode(1)
                }
                try? await Task.sleep(nanoseconds: 100_000_000)
            }
        }
        cluster.stop()
        return healthy
    }
}

/// SIGINT/SIGTERM as a flag to poll (the process-mode supervisor has nothing else to do).
final class StopSignal: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let flag = Mutex(false)

    init() {
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            sources.append(source)
        }
        self.sources = sources
        for source in sources {
            source.setEventHandler { self.flag.withLock { $0 = true } }
            source.resume()
        }
    }

    var requested: Bool { self.flag.withLock { $0 } }
}

/// `fazhi down`: stops the cluster `fazhi up` runs with the same data directory.
struct DownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "down", abstract: "Stop the local cluster started by `fazhi up`.")

    @Option(help: "Data directory of the cluster (env FAZHI_DATA).") var data: String?
    @Option(help: "Seconds to wait for it to stop.") var wait: Double = 30

    func run() async throws {
        let directory = self.data ?? Environment.value("FAZHI_DATA") ?? LocalCluster.defaultDataDirectory
        let file = LocalCluster.pidFile(in: directory)
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            throw CommandFailure("no cluster is running with data directory \(directory) (no \(file))")
        }
        guard kill(pid, SIGTERM) == 0 else {
            try? FileManager.default.removeItem(atPath: file)
            throw CommandFailure("the cluster (pid \(pid)) is not running; removed the stale \(file)")
        }
        let deadline = Date().addingTimeInterval(self.wait)
        while kill(pid, 0) == 0 && Date() < deadline { try await Task.sleep(nanoseconds: 50_000_000) }
        guard kill(pid, 0) != 0 else { throw CommandFailure("the cluster (pid \(pid)) did not stop within \(self.wait) s") }
        print("fazhi cluster stopped (pid \(pid))")
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
