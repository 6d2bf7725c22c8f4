package import FazhiWire
package import Foundation
package import SwiftProtobuf

/// Maps method names to handlers. Built before the server starts, then immutable.
///
/// Typed handlers receive a decoded request: a payload that does not decode as the method's
/// request type is answered with INVALID_ARGUMENT before the handler runs.
package struct RPCRouter: Sendable {
    /// A handler on serialized payloads.
    package typealias RawHandler = @Sendable (Data, ServerContext) async throws -> Data

    /// Where a method's handler runs.
    package enum Placement: Sendable, Hashable {
        /// On the shared concurrency pool: for handlers that compute (parsing, searching).
        case shared
        /// On the connection's event loop: for cheap or I/O-bound handlers (health, fan-out),
        /// saving two thread hops per call. Such a handler must not block or compute for long.
        case eventLoop
    }

    private var handlers: [String: RawHandler] = [:]
    private var placements: [String: Placement] = [:]

    /// An empty router: every method is UNIMPLEMENTED.
    package init() {}

    /// The registered method names, sorted.
    package var methods: [String] { self.handlers.keys.sorted() }

    /// The handler for `method`, if one is registered.
    package func handler(for method: String) -> RawHandler? {
        self.handlers[method]
    }

    /// Where `method`'s handler runs (``Placement/shared`` unless registered otherwise).
    package func placement(for method: String) -> Placement {
        self.placements[method] ?? .shared
    }

    /// Registers a handler on serialized payloads; replaces any earlier handler for `method`.
    package mutating func registerRaw(_ method: String, placement: Placement = .shared, handler: @escaping RawHandler) {
        self.handlers[method] = handler
        self.placements[method] = placement
    }

    /// Registers a typed handler; replaces any earlier handler for `method`.
    package mutating func register<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ method: FazhiMethod,
        request: Request.Type = Request.self,
        placement: Placement = .shared,
        handler: @escaping @Sendable (Request, ServerContext) async throws -> Response
    ) {
        self.placements[method.name] = placement
        self.handlers[method.name] = { payload, context in
            let response = try await handler(Self.decode(Request.self, payload), context)
            return try response.serializedBytes()
        }
    }

    /// Registers a handler with a typed request that returns its response already serialized
    /// (a handler that passes stored bytes on without decoding them); replaces any earlier one.
    package mutating func register<Request: SwiftProtobuf.Message>(
        _ method: FazhiMethod,
        request: Request.Type = Request.self,
        placement: Placement = .shared,
        serializedResponse handler: @escaping @Sendable (Request, ServerContext) async throws -> [UInt8]
    ) {
        self.placements[method.name] = placement
        self.handlers[method.name] = { payload, context in
            try await Data(handler(Self.decode(Request.self, payload), context))
        }
    }

    /// Registers a handler that reads its request's bytes itself (to keep parts of it as they
    /// came) and returns a typed response; replaces any earlier handler for `method`. The handler
    /// answers a malformed payload with INVALID_ARGUMENT, as decoding here would.
    package mutating func register<Response: SwiftProtobuf.Message>(
        _ method: FazhiMethod,
        placement: Placement = .shared,
        serializedRequest handler: @escaping @Sendable ([UInt8], ServerContext) async throws -> Response
    ) {
        self.placements[method.name] = placement
        self.handlers[method.name] = { payload, context in
            try await handler([UInt8](payload), context).serializedBytes()
        }
    }

    /// The INVALID_ARGUMENT for a payload that is not a `Request`.
    package static func invalidPayload(_ type: (some SwiftProtobuf.Message).Type, cause: (any Error)? = nil) -> WireError {
        WireError(code: .invalidArgument, message: "payload is not a valid \(type.protoMessageName)", cause: cause)
    }

    /// Decodes a request payload; one that is not a `Request` is INVALID_ARGUMENT.
    private static func decode<Request: SwiftProtobuf.Message>(_ type: Request.Type, _ payload: Data) throws -> Request {
        do {
            return try Request(serializedBytes: payload)
        } catch {
            throw Self.invalidPayload(Request.self, cause: error)
        }
    }
}
