internal import FazhiTransport
internal import Foundation
internal import Logging

/// A local cluster of separate processes: each service is its own executable, as in production.
/// The executables are looked for next to the running `fazhi`.
final class ProcessCluster: @unchecked Sendable {
    private let spec: LocalClusterSpec
    private let logger: Logger
    private var children: [(name: String, process: Process)] = []
    private let runDirectory: String

    init(spec: LocalClusterSpec, logger: Logger) {
        self.spec = spec
        self.logger = logger
        self.runDirectory = "\(spec.dataDirectory)/run"
    }

    /// Where the service executables are: beside this one.
    static func executable(_ name: String) throws -> String {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidate = own.deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw CommandFailure(
                "\(candidate) is missing: build every executable first (`swift build`), or use `fazhi up --in-process`")
        }
        return candidate
    }

    /// Starts every service and returns the gateway's address once all are listening.
    func start() async throws -> Endpoint {
        let manager = FileManager.default
        try manager.createDirectory(atPath: self.runDirectory, withIntermediateDirectories: true)
        var parserAddresses: [String] = []
        var indexerAddresses: [String] = []
        var aggregatorAddresses: [String] = []
        for index in 0..<self.spec.parsers {
            parserAddresses.append(try await self.launch(
                "parser-\(index)", executable: "fazhi-parser", arguments: ["--cache-dir", self.spec.cacheDirectory]))
        }
        for shard in 0..<self.spec.shards {
            indexerAddresses.append(try await self.launch(
                "indexer-\(shard)", executable: "fazhi-indexer",
                arguments: ["--shard", "\(shard)", "--shard-count", "\(self.spec.shards)", "--data-dir", self.spec.shardDirectory(shard)]))
        }
        for partition in 0..<self.spec.partitions {
            aggregatorAddresses.append(try await self.launch(
                "aggregator-\(partition)", executable: "fazhi-aggregator",
                arguments: [
                    "--partition", "\(partition)", "--partition-count", "\(self.spec.partitions)",
                    "--data-dir", self.spec.partitionDirectory(partition),
                ]))
        }
        var gatewayArguments = ["--port", "\(self.spec.gatewayPort)"]
        for address in parserAddresses { gatewayArguments += ["--parser", address] }
        for address in indexerAddresses { gatewayArguments += ["--indexer", address] }
        for address in aggregatorAddresses { gatewayArguments += ["--aggregator", address] }
        let gateway = try await self.launch("gateway", executable: "fazhi-gateway", arguments: gatewayArguments)
        guard let endpoint = Endpoint(gateway) else { throw CommandFailure("the gateway reported a bad address '\(gateway)'") }
        return endpoint
    }

    private func launch(_ name: String, executable: String, arguments: [String]) async throws -> String {
        let addressFile = "\(self.runDirectory)/\(name).address"
        try? FileManager.default.removeItem(atPath: addressFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.executable(executable))
        process.arguments = ["serve", "--host", "127.0.0.1"] + (arguments.contains("--port") ? [] : ["--port", "0"])
            + arguments + ["--address-file", addressFile, "--log-level", "warning"]
        var environment = ProcessInfo.processInfo.environment
        if let token = self.spec.token { environment["FAZHI_TOKEN"] = token }
        process.environment = environment
        let log = "\(self.runDirectory)/\(name).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: log)
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        self.children.append((name, process))
        // Wait for the address file (the service writes it once listening).
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: addressFile, encoding: .utf8),
                let line = text.split(separator: "\n").first
            {
                return String(line)
            }
            guard process.isRunning else {
                let tail = (try? String(contentsOfFile: log, encoding: .utf8))?.suffix(2000) ?? ""
                throw CommandFailure("\(name) exited with status \(process.terminationStatus) while starting:\n\(tail)")
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        throw CommandFailure("\(name) did not start listening within 30 s (log: \(log))")
    }

    /// A service that has exited, if any.
    func exited() -> (name: String, status: Int32)? {
        for child in self.children where !child.process.isRunning {
            return (child.name, child.process.terminationStatus)
        }
        return nil
    }

    /// SIGTERM to everything (gateway first), then waits up to `grace` seconds and kills stragglers.
    func stop(grace: Double = 10) {
        for child in self.children.reversed() where child.process.isRunning {
            child.process.terminate()
        }
        let deadline = Date().addingTimeInterval(grace)
        for child in self.children {
            while child.process.isRunning && Date() < deadline { usleep(20_000) }
            if child.process.isRunning {
                self.logger.warning("\(child.name) did not stop in time; killing it")
                kill(child.process.processIdentifier, SIGKILL)
                child.process.waitUntilExit()
            }
        }
        self.children = []
    }
}
