package import ArgumentParser
internal import FazhiClient
internal import FazhiProto
internal import FazhiTransport
internal import Logging
internal import NIOCore

/// `healthcheck`: exit 0 when the service is serving, 1 when it answers but is not, 2 when it
/// cannot be asked. For container and orchestrator probes.
package struct HealthcheckCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Exit 0 if the service at ADDRESS is serving (1: not serving, 2: unreachable)."
    )

    @Argument(help: "HOST:PORT of the service (default: env FAZHI_ADDRESS, else 127.0.0.1:$FAZHI_PORT).")
    var address: String?

    @Option(help: "Shared token (env FAZHI_TOKEN).")
    var token: String?

    @Option(help: "Give up after this many milliseconds.")
    var timeoutMs: Int = 2000

    @Flag(help: "Print nothing; only the exit status tells.")
    var quiet = false

    package init() {}

    package func run() async throws {
        let text = self.address ?? Environment.value("FAZHI_ADDRESS") ?? Environment.value("FAZHI_PORT").map { "127.0.0.1:\($0)" }
        guard let text, let endpoint = Endpoint(text) else {
            throw ValidationError("give HOST:PORT (or set FAZHI_ADDRESS or FAZHI_PORT)")
        }
        let health: Fazhi_V1_HealthCheckResponse
        do {
            health = try await HealthProbe.check(endpoint, token: self.token ?? Environment.value("FAZHI_TOKEN"), timeoutMilliseconds: self.timeoutMs)
        } catch {
            if !self.quiet { printError("\(endpoint): \(error)") }
            throw ExitCode(2)
        }
        if !self.quiet { print(health.summary) }
        guard health.status == .serving else { throw ExitCode(1) }
    }
}

/// One health check with a short-lived client.
enum HealthProbe {
    static func check(_ endpoint: Endpoint, token: String?, timeoutMilliseconds: Int) async throws -> Fazhi_V1_HealthCheckResponse {
        var logger = Logger(label: "fazhi.healthcheck")
        logger.logLevel = .critical
        let client = FrameClient(
            host: endpoint.host,
            port: endpoint.port,
            configuration: FrameClient.Configuration(
                connectTimeout: .milliseconds(Int64(max(timeoutMilliseconds, 1))),
                token: token,
                keepaliveInterval: nil,
                maximumAttempts: 1
            ),
            logger: logger
        )
        do {
            let response = try await client.checkHealth(timeout: .milliseconds(Int64(max(timeoutMilliseconds, 1))))
            await client.close()
            return response
        } catch {
            await client.close()
            throw error
        }
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    var standardError = StandardError()
    print(message, to: &standardError)
}

private struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

internal import Glibc
