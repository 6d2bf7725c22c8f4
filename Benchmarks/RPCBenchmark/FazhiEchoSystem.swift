internal import FazhiTransport
internal import Foundation
internal import Logging
internal import NIOCore

/// Our runtime with its features on: the server checks a bearer token and enforces each call's
/// deadline; the client sends the token and a 5 s timeout on every call, and multiplexes all
/// calls over its one connection.
struct FazhiEchoSystem: EchoSystem {
    static let method = "/bench.Echo/Echo"
    static let token = "fazhi-rpc-benchmark-token"
    static let callTimeout = TimeAmount.seconds(5)

    var name: SystemName { .fazhi }

    func withEchoCall<Result: Sendable>(
        payloadSize: Int,
        _ body: (@escaping EchoCall) async throws -> Result
    ) async throws -> Result {
        var logger = Logger(label: "fazhi.rpc-benchmark")
        logger.logLevel = .warning

        var router = RPCRouter()
        // An echo is the cheapest handler there is: it runs on the connection's event loop, as
        // Health and the gateway's I/O-bound methods do. FAZHI_BENCH_PLACEMENT=shared measures
        // the shared-pool placement that computing handlers use.
        let placement: RPCRouter.Placement =
            ProcessInfo.processInfo.environment["FAZHI_BENCH_PLACEMENT"] == "shared" ? .shared : .eventLoop
        router.registerRaw(Self.method, placement: placement) { payload, _ in payload }
        let server = FrameServer(
            configuration: FrameServer.Configuration(host: "127.0.0.1", port: 0, token: Self.token),
            router: router,
            logger: logger
        )

        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            // Cancelling run() closes the listener and every connection.
            defer { group.cancelAll() }

            guard let port = try await server.listeningAddress.port else {
                throw BenchmarkFailure("the fazhi server has no port")
            }
            let client = FrameClient(
                host: "127.0.0.1",
                port: port,
                configuration: FrameClient.Configuration(token: Self.token),
                logger: logger
            )
            let payload = Data(makePayload(size: payloadSize))
            let options = FrameClient.CallOptions(timeout: Self.callTimeout)

            let result: Swift.Result<Result, any Error>
            do {
                let answer = try await client.call(Self.method, payload: payload, idempotent: true, options: options)
                guard answer == payload else { throw BenchmarkFailure("fazhi echoed different bytes") }
                let call: EchoCall = {
                    let answer = try await client.call(
                        Self.method,
                        payload: payload,
                        idempotent: true,
                        options: options
                    )
                    guard answer.count == payload.count else {
                        throw BenchmarkFailure("fazhi echoed \(answer.count) bytes, not \(payload.count)")
                    }
                }
                result = .success(try await body(call))
            } catch {
                result = .failure(error)
            }
            await client.close()
            return try result.get()
        }
    }
}
