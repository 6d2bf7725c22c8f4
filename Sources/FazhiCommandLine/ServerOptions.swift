internal import ArgumentParser
package import FazhiTransport
internal import Foundation
internal import NIOCore

/// Options every service executable takes. Each falls back to an environment variable, so the
/// same binary is configured by flags on a bare host and by `env` in containers.
package struct ServerOptions: ParsableArguments {
    @Option(help: "Address to bind (env FAZHI_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to bind; 0 picks a free one (env FAZHI_PORT; default: the role's port).")
    var port: Int?

    @Option(help: "Shared token every call must carry (env FAZHI_TOKEN; default: none).")
    var token: String?

    @Option(help: "Largest frame accepted or sent, in bytes.")
    var maxFrameBytes: Int = 8 * 1024 * 1024

    @Option(help: "Calls one connection may have in flight.")
    var maxInFlight: Int = 128

    @Option(help: "Seconds in-flight calls may take to finish after SIGTERM/SIGINT.")
    var gracePeriodSeconds: Int = 10

    @Option(help: "Write the bound HOST:PORT to this file once listening (for scripts and tests).")
    var addressFile: String?

    package init() {}

    package func validate() throws {
        if let port = self.resolvedPort(defaultPort: 0), !(0...65535).contains(port) {
            throw ValidationError("--port must be within 0...65535, not \(port)")
        }
        guard self.maxFrameBytes >= 1024 else { throw ValidationError("--max-frame-bytes must be at least 1024") }
        guard self.maxInFlight >= 1 else { throw ValidationError("--max-in-flight must be at least 1") }
        guard self.gracePeriodSeconds >= 0 else { throw ValidationError("--grace-period-seconds must not be negative") }
    }

    private func resolvedPort(defaultPort: Int) -> Int? {
        if let port = self.port { return port }
        if let text = Environment.value("FAZHI_PORT") { return Int(text) ?? -1 }
        return defaultPort
    }

    /// The server configuration these options describe, with `defaultPort` for the role.
    package func configuration(defaultPort: Int) throws -> FrameServer.Configuration {
        guard let port = self.resolvedPort(defaultPort: defaultPort), (0...65535).contains(port) else {
            throw ValidationError("FAZHI_PORT must be a port number")
        }
        return FrameServer.Configuration(
            host: self.host ?? Environment.value("FAZHI_HOST") ?? "127.0.0.1",
            port: port,
            maximumFrameLength: self.maxFrameBytes,
            maximumInFlightCallsPerConnection: self.maxInFlight,
            token: self.token ?? Environment.value("FAZHI_TOKEN"),
            gracePeriod: .seconds(Int64(self.gracePeriodSeconds))
        )
    }

    /// Where to write the bound address, if anywhere.
    package var addressFilePath: String? { self.addressFile }
}

/// Environment variables, read once per call (empty values count as unset).
package enum Environment {
    /// The value of `name`, or `nil` when unset or empty.
    package static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// A comma-separated list of endpoints from `name`; throws naming the bad entry.
    package static func endpoints(_ name: String) throws -> [Endpoint] {
        guard let value = self.value(name) else { return [] }
        return try EndpointList.parse(value.split(separator: ",").map(String.init), source: name)
    }
}

/// Parsing of endpoint lists given on the command line or in the environment.
package enum EndpointList {
    /// Parses each "host:port"; the error names `source` and the bad entry.
    package static func parse(_ entries: [String], source: String) throws -> [Endpoint] {
        try entries.map { entry in
            guard let endpoint = Endpoint(entry) else {
                throw ValidationError("\(source): '\(entry)' is not HOST:PORT")
            }
            return endpoint
        }
    }
}

/// The default port of each role, so a bare `fazhi-parser` and `fazhi health` agree.
package enum DefaultPort {
    package static let gateway = 7100
    package static let parser = 7101
    package static let indexer = 7102
    package static let aggregator = 7103
}
