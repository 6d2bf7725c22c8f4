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

    private var handlers: [String: RawHandler] = [:]

    /// An empty router: every method is UNIMPLEMENTED.
    package init() {}

    /// The registered method names, sorted.
    package var methods: [String] { self.handlers.keys.sorted() }

    /// The handler for `method`, if one is registered.
    package func handler(for method: String) -> RawHandler? {
        self.handlers[method]
    }

    /// Registers a handler on serialized payloads; replaces any earlier handler for `method`.
    package mutating func registerRaw(_ method: String, handler: @escaping RawHandler) {
        self.handlers[method] = handler
    }

    /// Registers a typed handler; replaces any earlier handler for `method`.
    package mutating func register<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ method: FazhiMethod,
        request: Request.Type = Request.self,
        handler: @escaping @Sendable (Request, ServerContext) async throws -> Response
    ) {
        self.handlers[method.name] = { payload, context in
            let request: Request
            do {
                request = try Request(serializedBytes: payload)
            } catch {
                throw WireError(
                    code: .invalidArgument,
                    message: "payload is not a valid \(Request.protoMessageName)",
                    cause: error
                )
            }
            let response = try await handler(request, context)
            return try response.serializedBytes()
        }
    }
}
