internal import ArgumentParser
internal import FazhiClient
internal import FazhiProto
internal import FazhiTransport
internal import Logging
internal import NIOCore

/// `fazhi health [HOST:PORT]`: one service's health; for a gateway, every service it knows.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Show the health of a service; for a gateway, of the whole cluster."
    )

    @Argument(
        help:
            "HOST:PORT (default: env FAZHI_GATEWAY, else the gateway `fazhi up` recorded in --data, else 127.0.0.1:\(DefaultPort.gateway))."
    )
    var address: String?

    @Option(help: "Data directory of a local cluster started with `fazhi up` (env FAZHI_DATA).")
    var data: String?

    @Option(help: "Shared token (env FAZHI_TOKEN).")
    var token: String?

    @Option(help: "Give up after this many milliseconds.")
    var timeoutMs: Int = 3000

    @Flag(help: "Print {\"address\", \"health\", \"cluster\"} as JSON (cluster: for a gateway); the exit status is the same.")
    var json = false

    func run() async throws {
        // The same order as every other command: a named address, then the one the local
        // cluster recorded (`fazhi up --port 0` listens wherever the system put it).
        let endpoint = try GatewayOptions.endpoint(gateway: self.address, data: self.data)
        let token = self.token ?? Environment.value("FAZHI_TOKEN")
        let health: Fazhi_V1_HealthCheckResponse
        do {
            health = try await HealthProbe.check(endpoint, token: token, timeoutMilliseconds: self.timeoutMs)
        } catch {
            printError("\(endpoint): \(error)")
            throw ExitCode(2)
        }
        var healthy = health.status == .serving
        let cluster: Fazhi_V1_ClusterHealthResponse? =
            health.role == "gateway"
            ? try await ClusterProbe.check(endpoint, token: token, timeoutMilliseconds: self.timeoutMs) : nil
        if let cluster { healthy = healthy && ClusterProbe.allServing(cluster) }
        if self.json {
            var object = "{\"address\": \"\(endpoint)\", \"health\": \(try JSONOutput.text(health))"
            if let cluster { object += ", \"cluster\": \(try JSONOutput.text(cluster))" }
            print(object + "}")
        } else {
            print("\(endpoint)  \(health.summary)")
            if let cluster { print(ClusterProbe.table(cluster)) }
        }
        if !healthy { throw ExitCode(1) }
    }
}

/// Cluster health through a gateway, and its rendering as a table.
enum ClusterProbe {
    static func check(_ endpoint: Endpoint, token: String?, timeoutMilliseconds: Int) async throws -> Fazhi_V1_ClusterHealthResponse {
        var logger = Logger(label: "fazhi.health")
        logger.logLevel = .critical
        let client = FrameClient(
            host: endpoint.host,
            port: endpoint.port,
            configuration: .init(token: token, keepaliveInterval: nil, maximumAttempts: 2),
            logger: logger
        )
        defer { Task { await client.close() } }
        return try await client.clusterHealth(timeout: .milliseconds(Int64(timeoutMilliseconds)))
    }

    static func allServing(_ cluster: Fazhi_V1_ClusterHealthResponse) -> Bool {
        cluster.nodes.allSatisfy { $0.hasHealth && $0.health.status == .serving }
    }

    static func table(_ cluster: Fazhi_V1_ClusterHealthResponse) -> String {
        var rows = [["ROLE", "ADDRESS", "STATUS"]]
        for node in cluster.nodes {
            rows.append([node.role, node.address, node.hasHealth ? node.health.summary : "UNREACHABLE \(node.error)"])
        }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { cell, width in cell.padding(toLength: width, withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

internal import Foundation
