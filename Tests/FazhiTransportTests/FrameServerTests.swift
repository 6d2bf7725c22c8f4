import FazhiProto
import FazhiTestSupport
import FazhiTransport
import FazhiWire
import Foundation
import NIOCore
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(1)))
struct FrameServerTests {
    @Test("10,000 multiplexed calls on one connection, each answered with its own payload, out of order")
    func tenThousandMultiplexed() async throws {
        let order = Mutex<[Int]>([])
        var router = RPCRouter()
        router.registerRaw("/test.Echo/Delayed") { payload, _ in
            let index = payload.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            // Later requests often finish first: answers cannot come back in request order.
            try await Task.sleep(for: .microseconds(Int(index % 5) * 300))
            order.withLock { $0.append(Int(index)) }
            return payload + Data("ok".utf8)
        }
        try await withTestServer(router: router, configuration: .init(maximumInFlightCallsPerConnection: 20_000)) { _, endpoint in
            try await withTestClient(endpoint) { client in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<10_000 {
                        group.addTask {
                            var request = Data(count: 4)
                            request.withUnsafeMutableBytes { $0.storeBytes(of: UInt32(index), as: UInt32.self) }
                            let answer = try await client.call("/test.Echo/Delayed", payload: request, idempotent: false)
                            #expect(answer == request + Data("ok".utf8))
                        }
                    }
                    try await group.waitForAll()
                }
            }
        }
        let completed = order.withLock { $0 }
        #expect(completed.count == 10_000)
        #expect(Set(completed).count == 10_000)
        #expect(completed != completed.sorted(), "the server answered strictly in order")
    }

    @Test("the client's timeout ends the call with DEADLINE_EXCEEDED and stops the handler")
    func deadlineFromClient() async throws {
        let probe = Probe()
        try await withTestServer(router: .testRouter(probe: probe)) { _, endpoint in
            try await withTestClient(endpoint) { client in
                let error = await #expect(throws: WireError.self) {
                    try await client.call("/test.Echo/Slow", payload: Data(), idempotent: true, options: .init(timeout: .milliseconds(100)))
                }
                #expect(error?.code == .deadlineExceeded)
            }
            #expect(await probe.wait { $0.cancelled == 1 }, "the handler kept running after the deadline")
        }
    }

    @Test("the server enforces timeout_ms itself, whatever the client does")
    func deadlineOnServer() async throws {
        let probe = Probe()
        try await withTestServer(router: .testRouter(probe: probe)) { _, endpoint in
            try await RawConnection.with(host: endpoint.host, port: endpoint.port) { connection in
                try await connection.send(.request(callID: 7, method: "/test.Echo/Slow", payload: Data(), timeoutMilliseconds: 50))
                let (frames, _) = await connection.readFrames(limit: 1)
                #expect(frames.first?.callID == 7)
                #expect(frames.first?.status.code == .deadlineExceeded)
            }
            #expect(await probe.wait { $0.cancelled == 1 })
        }
    }

    @Test("cancelling the calling task cancels the call on the server")
    func cancel() async throws {
        let probe = Probe()
        try await withTestServer(router: .testRouter(probe: probe)) { _, endpoint in
            try await withTestClient(endpoint) { client in
                let call = Task {
                    try await client.call("/test.Echo/Slow", payload: Data(), idempotent: true)
                }
                #expect(await probe.wait { $0.started == 1 })
                call.cancel()
                let error = await #expect(throws: WireError.self) { try await call.value }
                #expect(error?.code == .cancelled)
                #expect(await probe.wait { $0.cancelled == 1 }, "the server kept working on a cancelled call")
                // The connection is still good for other calls.
                do {
                    let value = try await client.call("/test.Echo/Echo", payload: Data([1]), idempotent: true)
                    #expect(value == Data([1]))
                }
            }
        }
    }

    @Test("a CANCEL frame is answered CANCELLED and stops the handler")
    func cancelFrame() async throws {
        let probe = Probe()
        try await withTestServer(router: .testRouter(probe: probe)) { _, endpoint in
            try await RawConnection.with(host: endpoint.host, port: endpoint.port) { connection in
                try await connection.send(.request(callID: 3, method: "/test.Echo/Slow", payload: Data()))
                #expect(await probe.wait { $0.started == 1 })
                try await connection.send(.control(.cancel, callID: 3))
                let (frames, _) = await connection.readFrames(limit: 1)
                #expect(frames.first?.callID == 3)
                #expect(frames.first?.status.code == .cancelled)
            }
            #expect(await probe.wait { $0.cancelled == 1 })
        }
    }

    @Test("calls beyond the per-connection limit get RESOURCE_EXHAUSTED; the others proceed")
    func inFlightLimit() async throws {
        let probe = Probe()
        let router = RPCRouter.testRouter(probe: probe)
        try await withTestServer(router: router, configuration: .init(maximumInFlightCallsPerConnection: 2)) { _, endpoint in
            try await withTestClient(endpoint) { client in
                async let first = client.call("/test.Echo/Gated", payload: Data([1]), idempotent: true)
                async let second = client.call("/test.Echo/Gated", payload: Data([2]), idempotent: true)
                #expect(await probe.wait { $0.started == 2 })
                let error = await #expect(throws: WireError.self) {
                    try await client.call("/test.Echo/Echo", payload: Data([3]), idempotent: false)
                }
                #expect(error?.code == .resourceExhausted)
                probe.open()
                do {
                    let value = try await first
                    #expect(value == Data([1]))
                }
                do {
                    let value = try await second
                    #expect(value == Data([2]))
                }
                // Capacity is back once they finished.
                do {
                    let value = try await client.call("/test.Echo/Echo", payload: Data([4]), idempotent: false)
                    #expect(value == Data([4]))
                }
            }
        }
    }

    @Test("with a token configured, calls without it or with a wrong one are UNAUTHENTICATED")
    func token() async throws {
        try await withTestServer(router: .testRouter(), configuration: .init(token: "s3cret")) { _, endpoint in
            for token in [nil, "wrong", "s3cre", "s3cret "] as [String?] {
                try await withTestClient(endpoint, configuration: .init(token: token, keepaliveInterval: nil)) { client in
                    let error = await #expect(throws: WireError.self) {
                        try await client.call("/test.Echo/Echo", payload: Data(), idempotent: true)
                    }
                    #expect(error?.code == .unauthenticated)
                }
            }
            try await withTestClient(endpoint, configuration: .init(token: "s3cret", keepaliveInterval: nil)) { client in
                do {
                    let value = try await client.call("/test.Echo/Echo", payload: Data([9]), idempotent: true)
                    #expect(value == Data([9]))
                }
            }
        }
    }

    @Test("an unknown method is UNIMPLEMENTED, naming it")
    func unknownMethod() async throws {
        try await withTestServer(router: .testRouter()) { _, endpoint in
            try await withTestClient(endpoint) { client in
                let error = await #expect(throws: WireError.self) {
                    try await client.call("/fazhi.v1.Nope/Nothing", payload: Data(), idempotent: true)
                }
                #expect(error?.code == .unimplemented)
                #expect(error?.message.contains("/fazhi.v1.Nope/Nothing") == true)
            }
        }
    }

    @Test("a payload that is not the method's request type is INVALID_ARGUMENT")
    func undecodablePayload() async throws {
        var router = RPCRouter()
        router.register(FazhiMethod.healthCheck) { (_: Fazhi_V1_HealthCheckRequest, _) in Fazhi_V1_HealthCheckResponse() }
        try await withTestServer(router: router) { _, endpoint in
            try await withTestClient(endpoint) { client in
                let error = await #expect(throws: WireError.self) {
                    try await client.call(FazhiMethod.healthCheck.name, payload: Data([0xFF, 0xFF, 0xFF]), idempotent: true)
                }
                #expect(error?.code == .invalidArgument)
            }
        }
    }

    @Test("handler errors map to their status; unknown errors become INTERNAL without details")
    func errorMapping() async throws {
        struct Leaky: Error { let secret = "password=hunter2" }
        var router = RPCRouter()
        router.registerRaw("/t/NotFound") { _, _ in throw WireError(code: .notFound, message: "no report abc") }
        router.registerRaw("/t/Leaky") { _, _ in throw Leaky() }
        try await withTestServer(router: router) { _, endpoint in
            try await withTestClient(endpoint) { client in
                let notFound = await #expect(throws: WireError.self) { try await client.call("/t/NotFound", payload: Data(), idempotent: true) }
                #expect(notFound == WireError(code: .notFound, message: "no report abc"))
                let leaky = await #expect(throws: WireError.self) { try await client.call("/t/Leaky", payload: Data(), idempotent: true) }
                #expect(leaky?.code == .internalError)
                #expect(leaky?.message.contains("hunter2") == false)
            }
        }
    }

    @Test("PING is answered with PONG carrying the same id")
    func ping() async throws {
        try await withTestServer(router: .testRouter()) { _, endpoint in
            try await RawConnection.with(host: endpoint.host, port: endpoint.port) { connection in
                try await connection.send(.control(.ping, callID: 4242))
                let (frames, _) = await connection.readFrames(limit: 1)
                #expect(frames.first?.kind == .pong)
                #expect(frames.first?.callID == 4242)
            }
        }
    }

    @Test("graceful shutdown: GOAWAY, in-flight calls finish, new calls are refused, run() returns")
    func gracefulDrain() async throws {
        let probe = Probe()
        let server = FrameServer(
            configuration: .init(gracePeriod: .seconds(5)),
            router: .testRouter(probe: probe),
            logger: .testLogger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.listeningAddress.port ?? 0
            try await RawConnection.with(host: "127.0.0.1", port: port) { connection in
                try await connection.send(.request(callID: 1, method: "/test.Echo/Gated", payload: Data([5])))
                #expect(await probe.wait { $0.started == 1 })
                server.beginGracefulShutdown()
                // A call that arrives while draining is refused without running.
                try await connection.send(.request(callID: 2, method: "/test.Echo/Echo", payload: Data([6])))
                let (early, _) = await connection.readFrames(limit: 2)
                #expect(Set(early.map(\.kind)) == [.goaway, .response])
                probe.open()
                let (frames, closed) = await connection.readFrames()
                #expect(closed, "the server did not close the drained connection")
                let goaway = frames.first { $0.kind == .goaway }
                #expect(goaway?.status.code == .unavailable)
                let first = frames.first { $0.kind == .response && $0.callID == 1 }
                #expect(first?.status.code == .ok)
                #expect(first?.payload == Data([5]))
                let second = frames.first { $0.kind == .response && $0.callID == 2 }
                #expect(second?.status.code == .unavailable)
            }
            try await group.waitForAll()
        }
        #expect(probe.finished == 1)
        #expect(probe.cancelled == 0)
    }

    @Test("a call that outlives the grace period is cancelled and the server still stops")
    func graceExpires() async throws {
        let probe = Probe()
        let server = FrameServer(
            configuration: .init(gracePeriod: .milliseconds(200)),
            router: .testRouter(probe: probe, slow: .seconds(60)),
            logger: .testLogger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.listeningAddress.port ?? 0
            try await withTestClient(Endpoint(host: "127.0.0.1", port: port)) { client in
                let call = Task { try await client.call("/test.Echo/Slow", payload: Data(), idempotent: false) }
                #expect(await probe.wait { $0.started == 1 })
                server.beginGracefulShutdown()
                try await group.waitForAll()
                await #expect(throws: WireError.self) { try await call.value }
            }
        }
        #expect(await probe.wait { $0.cancelled == 1 })
    }

    @Test("cancelling the server's task with a call in flight ends it")
    func cancelServer() async throws {
        let probe = Probe()
        let server = FrameServer(configuration: .init(), router: .testRouter(probe: probe), logger: .testLogger)
        let run = Task { try await server.run() }
        let port = try await server.listeningAddress.port ?? 0
        try await withTestClient(Endpoint(host: "127.0.0.1", port: port)) { client in
            let call = Task { try await client.call("/test.Echo/Slow", payload: Data(), idempotent: false) }
            #expect(await probe.wait { $0.started == 1 })
            run.cancel()
            _ = await run.result
            await #expect(throws: WireError.self) { try await call.value }
        }
        #expect(await probe.wait { $0.cancelled == 1 })
    }

    @Test("a client sending garbage is dropped while another client's calls succeed")
    func garbageClientIsolated() async throws {
        try await withTestServer(router: .testRouter()) { _, endpoint in
            try await withTestClient(endpoint) { client in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for index in 0..<200 {
                            let payload = Data("call \(index)".utf8)
                            do {
                                let value = try await client.call("/test.Echo/Echo", payload: payload, idempotent: false)
                                #expect(value == payload)
                            }
                        }
                    }
                    group.addTask {
                        try await RawConnection.with(host: endpoint.host, port: endpoint.port) { connection in
                            try await connection.send([0, 0, 0, 5, 0xDE, 0xAD, 0xBE, 0xEF, 0xFF])
                            let (frames, closed) = await connection.readFrames()
                            #expect(closed)
                            #expect(frames.last?.kind == .goaway)
                            #expect(frames.last?.status.code == .invalidArgument)
                        }
                    }
                    group.addTask {
                        try await RawConnection.with(host: endpoint.host, port: endpoint.port) { connection in
                            // Claims a 4 GiB frame: refused from the header, never buffered.
                            try await connection.send([0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3])
                            let (frames, closed) = await connection.readFrames()
                            #expect(closed)
                            #expect(frames.last?.kind == .goaway)
                            #expect(frames.last?.status.code == .resourceExhausted)
                        }
                    }
                    try await group.waitForAll()
                }
            }
        }
    }

    @Test("after a protocol error the server closes the connection even if the peer never does")
    func stubbornPeer() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        // A grace period far past the suite's one-minute limit: if the broken connection
        // lingered, shutdown would wait for it and the test would fail. (With 30 s and a 20 s
        // bound, a loaded 2-core CI machine once took 22 s without any lingering.)
        try await withTestServer(router: .testRouter(), configuration: .init(gracePeriod: .seconds(600))) { _, endpoint in
            // With half-closure allowed, the raw peer stays open after the server's FIN.
            try await RawConnection.with(host: endpoint.host, port: endpoint.port, closeOnEOF: false) { connection in
                try await connection.send([0, 0, 0, 0])
                let (frames, _) = await connection.readFrames(limit: 1)
                #expect(frames.first?.kind == .goaway)
                #expect(frames.first?.status.code == .invalidArgument)
                // Stay connected well past the server's one-second linger.
                try await Task.sleep(for: .seconds(2))
            }
        }
        #expect(clock.now - start < .seconds(55), "the server waited for the grace period instead of closing")
    }

    @Test("a server must not receive RESPONSE frames: the connection is closed")
    func clientSendsResponse() async throws {
        try await withTestServer(router: .testRouter()) { _, endpoint in
            try await RawConnection.with(host: endpoint.host, port: endpoint.port) { connection in
                try await connection.send(.response(callID: 1, payload: Data()))
                let (frames, closed) = await connection.readFrames()
                #expect(closed)
                #expect(frames.last?.status.code == .invalidArgument)
            }
        }
    }
}
