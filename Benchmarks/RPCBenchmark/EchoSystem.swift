/// One system under test: an in-process echo server plus one client connection to it.
protocol EchoSystem: Sendable {
    /// The name used on the command line and in the results ("fazhi", "grpc", "bare").
    var name: SystemName { get }

    /// Starts the server on 127.0.0.1 (a free port), opens one client connection, checks that
    /// one echo of `payloadSize` bytes comes back intact, runs `body` with a function that makes
    /// one echo call, and tears everything down again, also when `body` throws.
    func withEchoCall<Result: Sendable>(
        payloadSize: Int,
        _ body: (@escaping EchoCall) async throws -> Result
    ) async throws -> Result
}

/// Makes one echo round trip and checks the size of the answer.
typealias EchoCall = @Sendable () async throws -> Void

/// The systems the benchmark knows.
enum SystemName: String, CaseIterable, Sendable, Codable {
    /// Our runtime: FrameServer + FrameClient, with a token and a per-call deadline.
    case fazhi
    /// grpc-swift-2 unary calls over grpc-swift-nio-transport's HTTP/2 (plaintext).
    case grpc
    /// A minimal NIO length-prefixed echo: the floor.
    case bare

    func makeSystem() -> any EchoSystem {
        switch self {
        case .fazhi: FazhiEchoSystem()
        case .grpc: GRPCEchoSystem()
        case .bare: BareEchoSystem()
        }
    }
}

/// Why a benchmark case failed.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The bytes echoed: a fixed, non-constant pattern, so a broken echo cannot pass by accident.
func makePayload(size: Int) -> [UInt8] {
    (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
}
