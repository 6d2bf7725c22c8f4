package import FazhiTransport
package import Logging
internal import ServiceLifecycle

/// fazhi-parser: raw documents in, structured reports out (the parsing methods come with the
/// parser issue; today it answers Health).
package struct ParserService: Sendable {
    /// How the parser runs.
    package struct Configuration: Sendable, Hashable {
        /// Address, limits and token of its server.
        package var server: FrameServer.Configuration

        /// Creates a configuration.
        package init(server: FrameServer.Configuration = .defaults) {
            self.server = server
        }

        /// Loopback on a free port, default limits.
        package static var defaults: Configuration { Configuration() }
    }

    /// "parser".
    package static let role = "parser"
    /// The server and health state.
    package let core: ServiceCore

    /// Creates the service; it serves once run.
    package init(configuration: Configuration, logger: Logger) {
        self.core = ServiceCore(role: Self.role, server: configuration.server, logger: logger)
    }
}

extension ParserService: Service {
    package func run() async throws {
        try await self.core.server.run()
    }
}
