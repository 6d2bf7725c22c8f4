internal import GRPCCore
internal import GRPCNIOTransportHTTP2

/// grpc-swift-2 unary calls on one HTTP/2 connection (grpc-swift-nio-transport, Posix,
/// plaintext), with the messages as raw bytes so that no protobuf code is involved. Each call
/// carries a 5 s timeout like fazhi's; there is no auth interceptor (that would only slow gRPC).
struct GRPCEchoSystem: EchoSystem {
    static let callTimeout = Duration.seconds(5)

    var name: SystemName { .grpc }

    func withEchoCall<Result: Sendable>(
        payloadSize: Int,
        _ body: (@escaping EchoCall) async throws -> Result
    ) async throws -> Result {
        let serverTransport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: "127.0.0.1", port: 0),
            transportSecurity: .plaintext
        )
        let server = GRPCServer(transport: serverTransport, services: [GRPCEchoService()])

        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            // Nothing is in flight when this runs, so stopping abruptly loses nothing.
            defer { group.cancelAll() }

            guard let port = try await serverTransport.listeningAddress.ipv4?.port else {
                throw BenchmarkFailure("the gRPC server is not listening on IPv4")
            }
            let target: ResolvableTargets.IPv4 = .ipv4(address: "127.0.0.1", port: port)
            let client = GRPCClient(
                transport: try HTTP2ClientTransport.Posix(target: target, transportSecurity: .plaintext)
            )
            group.addTask { try await client.runConnections() }

            let payload = makePayload(size: payloadSize)
            let options = {
                var options = CallOptions.defaults
                options.timeout = Self.callTimeout
                return options
            }()

            let result: Swift.Result<Result, any Error>
            do {
                let answer = try await client.unary(
                    request: ClientRequest(message: payload),
                    descriptor: GRPCEchoService.echo,
                    serializer: RawBytesSerializer(),
                    deserializer: RawBytesDeserializer(),
                    options: options
                ) { response in try response.message }
                guard answer == payload else { throw BenchmarkFailure("gRPC echoed different bytes") }
                let call: EchoCall = {
                    let count = try await client.unary(
                        request: ClientRequest(message: payload),
                        descriptor: GRPCEchoService.echo,
                        serializer: RawBytesSerializer(),
                        deserializer: RawBytesDeserializer(),
                        options: options
                    ) { response in try response.message.count }
                    guard count == payload.count else {
                        throw BenchmarkFailure("gRPC echoed \(count) bytes, not \(payload.count)")
                    }
                }
                result = .success(try await body(call))
            } catch {
                result = .failure(error)
            }
            client.beginGracefulShutdown()
            server.beginGracefulShutdown()
            return try result.get()
        }
    }
}

/// The echo service, registered by hand (no protoc plugin): one unary method on raw bytes.
struct GRPCEchoService: RegistrableRPCService {
    static let echo = MethodDescriptor(
        service: ServiceDescriptor(fullyQualifiedService: "bench.Echo"),
        method: "Echo",
        type: .unary
    )

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Self.echo,
            deserializer: RawBytesDeserializer(),
            serializer: RawBytesSerializer()
        ) { request, _ in
            let single = try await ServerRequest(stream: request)
            return StreamingServerResponse(single: ServerResponse(message: single.message))
        }
    }
}

/// Messages are the bytes themselves.
struct RawBytesSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
        Bytes(message)
    }
}

/// Messages are the bytes themselves.
struct RawBytesDeserializer: MessageDeserializer {
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { [UInt8]($0) }
    }
}
