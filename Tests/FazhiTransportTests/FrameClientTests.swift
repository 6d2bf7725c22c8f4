import FazhiProto
import FazhiTestSupport
import FazhiTransport
import FazhiWire
import Foundation
import NIOCore
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(1)))
struct FrameClientTests {
    @Test("inside a handler, downstream calls get the remaining budget and the trace id")
    func deadlinePropagation() async throws {
        let seen = Mutex<(remaining: TimeAmount?, trace: String?)>((nil, nil))
        var downstream = RPCRouter()
        downstream.registerRaw("/down/Record") { payload, context in
            seen.withLock { $0 = (context.remainingTime, context.traceID) }
            return payload
        }
        try await withTestServer(router: downstream) { _, downEndpoint in
            try await withTestClient(downEndpoint) { downClient in
                var upstream = RPCRouter()
                upstream.registerRaw("/up/Forward") { payload, _ in
                    try await Task.sleep(for: .milliseconds(100))
                    // No timeout given here: the caller's deadline travels on by itself.
                    return try await downClient.call("/down/Record", payload: payload, idempotent: true)
                }
                try await withTestServer(router: upstream) { _, upEndpoint in
                    try await withTestClient(upEndpoint) { client in
                        _ = try await client.call(
                            "/up/Forward",
                            payload: Data([1]),
                            idempotent: true,
                            options: .init(timeout: .seconds(20), metadata: ["trace-id": "t-123"])
                        )
                    }
                }
            }
        }
        let (remaining, trace) = seen.withLock { $0 }
        let budget = try #require(remaining)
        #expect(budget > .zero)
        #expect(budget <= .milliseconds(19_900), "the downstream call did not get the reduced budget: \(budget)")
        #expect(trace == "t-123")
    }

    @Test("a budget already spent fails fast with DEADLINE_EXCEEDED and sends nothing")
    func spentBudget() async throws {
        let probe = Probe()
        try await withTestServer(router: .testRouter(probe: probe)) { _, endpoint in
            try await withTestClient(endpoint) { client in
                let error = await #expect(throws: WireError.self) {
                    try await client.call("/test.Echo/Slow", payload: Data(), idempotent: true, options: .init(timeout: .zero))
                }
                #expect(error?.code == .deadlineExceeded)
            }
        }
        #expect(probe.started == 0)
    }

    @Test("no server: UNAVAILABLE after bounded retries, then the client reconnects when one appears")
    func reconnect() async throws {
        // Find a free port, then leave it unbound.
        let port = try await withTestServer(router: .testRouter()) { _, endpoint in endpoint.port }
        let configuration = FrameClient.Configuration(
            connectTimeout: .milliseconds(500),
            keepaliveInterval: nil,
            initialBackoff: .milliseconds(10),
            maximumBackoff: .milliseconds(50)
        )
        let client = FrameClient(host: "127.0.0.1", port: port, configuration: configuration, logger: .testLogger)
        let error = await #expect(throws: WireError.self) {
            try await client.call("/test.Echo/Echo", payload: Data(), idempotent: false)
        }
        #expect(error?.code == .unavailable)

        let server = FrameServer(configuration: .init(port: port), router: .testRouter(), logger: .testLogger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            _ = try await server.listeningAddress
            // The backoff after the failures is short; a retrying call gets through.
            let answer = try await client.call("/test.Echo/Echo", payload: Data([7]), idempotent: true, options: .init(timeout: .seconds(5)))
            #expect(answer == Data([7]))
            server.beginGracefulShutdown()
            try await group.waitForAll()
        }
        await client.close()
    }

    @Test("after the server restarts, the next call uses a new connection")
    func serverRestart() async throws {
        let router = RPCRouter.testRouter()
        let first = FrameServer(configuration: .init(gracePeriod: .milliseconds(100)), router: router, logger: .testLogger)
        let runFirst = Task { try await first.run() }
        let port = try await first.listeningAddress.port ?? 0
        let client = FrameClient(
            host: "127.0.0.1",
            port: port,
            configuration: .init(keepaliveInterval: nil, initialBackoff: .milliseconds(10)),
            logger: .testLogger
        )
        do {
            let value = try await client.call("/test.Echo/Echo", payload: Data([1]), idempotent: true)
            #expect(value == Data([1]))
        }
        first.beginGracefulShutdown()
        try await runFirst.value

        let second = FrameServer(configuration: .init(port: port), router: router, logger: .testLogger)
        let runSecond = Task { try await second.run() }
        _ = try await second.listeningAddress
        do {
            let value = try await client.call("/test.Echo/Echo", payload: Data([2]), idempotent: true, options: .init(timeout: .seconds(5)))
            #expect(value == Data([2]))
        }
        second.beginGracefulShutdown()
        try await runSecond.value
        await client.close()
    }

    @Test("a call that may have reached the server is retried only when the method is idempotent")
    func retriesOnlyIdempotent() async throws {
        let server = try await DroppingServer.start()
        let configuration = FrameClient.Configuration(keepaliveInterval: nil, initialBackoff: .milliseconds(5), maximumAttempts: 3)
        try await withTestClient(server.endpoint, configuration: configuration) { client in
            let once = await #expect(throws: WireError.self) {
                try await client.call("/test.Echo/Echo", payload: Data(), idempotent: false)
            }
            #expect(once?.code == .unavailable)
            #expect(server.requests == 1, "a non-idempotent call was sent again")

            let retried = await #expect(throws: WireError.self) {
                try await client.call("/test.Echo/Echo", payload: Data(), idempotent: true)
            }
            #expect(retried?.code == .unavailable)
            #expect(server.requests == 1 + 3, "an idempotent call was not retried up to the attempt limit")

            // Per-call override: this method is idempotent, but this call says it is not.
            _ = try? await client.call("/test.Echo/Echo", payload: Data(), idempotent: true, options: .init(idempotent: false))
            #expect(server.requests == 1 + 3 + 1)
        }
        await server.stop()
    }

    @Test("keepalive: an idle connection is probed with PING and stays usable")
    func keepalive() async throws {
        try await withTestServer(router: .testRouter()) { _, endpoint in
            // A generous timeout: other tests load the machine, and a late PONG is not the point here.
            let configuration = FrameClient.Configuration(keepaliveInterval: .milliseconds(50), keepaliveTimeout: .seconds(5))
            try await withTestClient(endpoint, configuration: configuration) { client in
                do {
                    let value = try await client.call("/test.Echo/Echo", payload: Data([1]), idempotent: true)
                    #expect(value == Data([1]))
                }
                try await Task.sleep(for: .milliseconds(400))
                do {
                    let value = try await client.call("/test.Echo/Echo", payload: Data([2]), idempotent: false)
                    #expect(value == Data([2]))
                }
            }
        }
    }

    @Test("a closed client refuses calls with UNAVAILABLE")
    func closedClient() async throws {
        try await withTestServer(router: .testRouter()) { _, endpoint in
            let client = FrameClient(host: endpoint.host, port: endpoint.port, logger: .testLogger)
            let answer = try await client.call("/test.Echo/Echo", payload: Data([1]), idempotent: true)
            #expect(answer == Data([1]))
            await client.close()
            let error = await #expect(throws: WireError.self) {
                try await client.call("/test.Echo/Echo", payload: Data([1]), idempotent: true)
            }
            #expect(error?.code == .unavailable)
        }
    }

    @Test("requests larger than the frame limit are refused before sending")
    func oversizeRequest() async throws {
        try await withTestServer(router: .testRouter()) { _, endpoint in
            let configuration = FrameClient.Configuration(maximumFrameLength: 4096, keepaliveInterval: nil)
            try await withTestClient(endpoint, configuration: configuration) { client in
                let error = await #expect(throws: WireError.self) {
                    try await client.call("/test.Echo/Echo", payload: Data(count: 8192), idempotent: true)
                }
                #expect(error?.code == .resourceExhausted)
            }
        }
    }

    @Test("endpoints parse host:port and [v6]:port, and refuse the rest", arguments: [
        ("127.0.0.1:7100", Endpoint(host: "127.0.0.1", port: 7100)),
        ("localhost:0", Endpoint(host: "localhost", port: 0)),
        ("[::1]:7101", Endpoint(host: "::1", port: 7101)),
        ("parser-0.fazhi:7101", Endpoint(host: "parser-0.fazhi", port: 7101)),
        ("nohost", nil), (":80", nil), ("h:99999", nil), ("::1:80", nil), ("h:", nil),
    ] as [(String, Endpoint?)])
    func endpoints(text: String, expected: Endpoint?) {
        #expect(Endpoint(text) == expected)
        if let expected { #expect(Endpoint(expected.description) == expected) }
    }
}
