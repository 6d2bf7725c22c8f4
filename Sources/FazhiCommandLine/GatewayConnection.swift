internal import ArgumentParser
internal import FazhiProto
internal import FazhiTransport
internal import FazhiWire
internal import Foundation
internal import Logging
internal import NIOCore
internal import SwiftProtobuf

/// Where the client commands find the gateway, and how they call it.
struct GatewayOptions: ParsableArguments {
    @Option(help: "The gateway's HOST:PORT (env FAZHI_GATEWAY; default: the address `fazhi up` recorded in --data, else 127.0.0.1:\(DefaultPort.gateway)).")
    var gateway: String?

    @Option(help: "Shared token (env FAZHI_TOKEN).")
    var token: String?

    @Option(help: "Data directory of a local cluster started with `fazhi up` (env FAZHI_DATA).")
    var data: String?

    @Option(help: "Give up on one call after this many milliseconds.")
    var timeoutMs: Int = 60_000

    /// The gateway endpoint these options name.
    func endpoint() throws -> Endpoint {
        try Self.endpoint(gateway: self.gateway, data: self.data)
    }

    /// The gateway: `gateway` or env FAZHI_GATEWAY; else the address `fazhi up` recorded in
    /// `data` (or env FAZHI_DATA, or the default data directory); else 127.0.0.1 on the default port.
    static func endpoint(gateway: String?, data: String?) throws -> Endpoint {
        if let text = gateway ?? Environment.value("FAZHI_GATEWAY") {
            guard let endpoint = Endpoint(text) else { throw ValidationError("'\(text)' is not HOST:PORT") }
            return endpoint
        }
        let directory = data ?? Environment.value("FAZHI_DATA") ?? LocalCluster.defaultDataDirectory
        if let recorded = LocalCluster.recordedGateway(in: directory) { return recorded }
        return Endpoint(host: "127.0.0.1", port: DefaultPort.gateway)
    }

    /// A client for the gateway; close it when done.
    func client() throws -> GatewayClient {
        let endpoint = try self.endpoint()
        var logger = Logger(label: "fazhi.client")
        logger.logLevel = .critical
        let frameClient = FrameClient(
            host: endpoint.host,
            port: endpoint.port,
            configuration: .init(token: self.token ?? Environment.value("FAZHI_TOKEN"), keepaliveInterval: nil, maximumAttempts: 3),
            logger: logger
        )
        return GatewayClient(client: frameClient, timeout: .milliseconds(Int64(self.timeoutMs)))
    }
}

/// A gateway client that turns failures into messages a person can act on.
struct GatewayClient: Sendable {
    let client: FrameClient
    let timeout: TimeAmount

    func call<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ method: FazhiMethod, _ request: Request, as: Response.Type
    ) async throws -> Response {
        do {
            return try await self.client.call(method, request, as: Response.self, options: .init(timeout: self.timeout))
        } catch let error as WireError {
            if error.code == .unavailable {
                throw CommandFailure("cannot reach the gateway at \(self.client.target) (\(error.message)); is `fazhi up` running?", code: error.code)
            }
            throw CommandFailure("\(error.code): \(error.message)", code: error.code)
        }
    }

    func close() async { await self.client.close() }
}

/// A failure the user should read, printed without a stack of types, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    /// The status the server answered with, when the failure is a call's.
    let code: WireError.Code?

    init(_ description: String, code: WireError.Code? = nil) {
        self.description = description
        self.code = code
    }
}

/// Files `fazhi up` leaves in its data directory, so that other commands find the cluster.
enum LocalCluster {
    static var defaultDataDirectory: String { "fazhi-data" }

    static func gatewayFile(in directory: String) -> String { "\(directory)/gateway.address" }
    static func pidFile(in directory: String) -> String { "\(directory)/fazhi-up.pid" }

    static func recordedGateway(in directory: String) -> Endpoint? {
        guard let text = try? String(contentsOfFile: self.gatewayFile(in: directory), encoding: .utf8) else { return nil }
        return Endpoint(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Machine-readable output: one JSON document per command.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        Swift.print(String(decoding: data, as: UTF8.self))
    }

    static func print(_ message: some SwiftProtobuf.Message) throws {
        Swift.print(try Self.text(message))
    }

    /// `message` in protobuf's JSON mapping with the .proto field names, as every `--json` prints it.
    static func text(_ message: some SwiftProtobuf.Message) throws -> String {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        return try message.jsonString(options: options)
    }
}
