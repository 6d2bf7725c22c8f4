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

    /// Decodes a request payload; one that is not a `Request` is INVALID_ARGUMENT.
    private static func decode<Request: SwiftProtobuf.Message>(_ type: Request.Type, _ payload: Data) throws -> Request {
        do {
            return try Request(serializedBytes: payload)
        } catch {
            throw WireError(code: .invalidArgument, message: "payload is not a valid \(Request.protoMessageName)", cause: error)
        }
    }
}
