package import FazhiTransport
package import Logging
internal import NIOCore

/// Runs a ``FrameServer`` on 127.0.0.1, port 0, for the duration of `body`, then shuts it down
/// (gracefully, and cancelled if that takes longer than the grace period).
package func withTestServer<Result: Sendable>(
    router: RPCRouter,
    configuration: FrameServer.Configuration = .init(gracePeriod: .seconds(2)),
    health: HealthState? = nil,
    _ body: (FrameServer, Endpoint) async throws -> Result
) async throws -> Result {
    var configuration = configuration
    configuration.host = "127.0.0.1"
    configuration.port = 0
    let server = FrameServer(configuration: configuration, router: router, health: health, logger: .testLogger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        let address = try await server.listeningAddress
        let endpoint = Endpoint(host: "127.0.0.1", port: address.port ?? 0)
        do {
            let result = try await body(server, endpoint)
            server.beginGracefulShutdown()
            try await group.waitForAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// Makes a client for `endpoint`, runs `body`, then closes the client.
package func withTestClient<Result: Sendable>(
    _ endpoint: Endpoint,
    configuration: FrameClient.Configuration = .init(keepaliveInterval: nil),
    _ body: (FrameClient) async throws -> Result
) async throws -> Result {
    let client = FrameClient(host: endpoint.host, port: endpoint.port, configuration: configuration, logger: .testLogger)
    do {
        let result = try await body(client)
        await client.close()
        return result
    } catch {
        await client.close()
        throw error
    }
}

extension Logger {
    /// A logger for tests: quiet unless FAZHI_TEST_LOG_LEVEL asks for more.
    package static var testLogger: Logger {
        var logger = Logger(label: "fazhi.test")
        logger.logLevel = ProcessInfo.processInfo.environment["FAZHI_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }
}

internal import Foundation

/// Runs a service (`run`, serving through `core`) on its configured loopback port for the
/// duration of `body`, with a client connected to it, then shuts it down gracefully.
package func withRunningService<Result: Sendable>(
    _ core: ServiceCore,
    run: @escaping @Sendable () async throws -> Void,
    _ body: (FrameClient) async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await run() }
        let port = try await core.listeningAddress.port ?? 0
        do {
            let result = try await withTestClient(Endpoint(host: "127.0.0.1", port: port)) { client in try await body(client) }
            core.server.beginGracefulShutdown()
            try await group.waitForAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}
