package import FazhiTransport
internal import Foundation
package import Logging
package import NIOCore
package import ServiceLifecycle

/// Runs services in one `ServiceGroup` until SIGTERM or SIGINT, then shuts them down in reverse
/// order, each draining within its grace period.
package enum ServiceRunner {
    /// Runs `services`; once every core in `announce` is listening, logs its address and writes
    /// "HOST:PORT" lines (in order) to `addressFile` if given.
    package static func run(
        _ services: [any Service],
        announce: [(name: String, core: ServiceCore)],
        addressFile: String?,
        gracePeriod: TimeAmount,
        logger: Logger
    ) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [],
                logger: logger
            )
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try await group.run()
            }
            tasks.addTask {
                var lines: [String] = []
                for (name, core) in announce {
                    let address = try await core.listeningAddress
                    let text = "\(address.ipAddress ?? "127.0.0.1"):\(address.port ?? 0)"
                    logger.notice("\(name) listening on \(text)")
                    lines.append(text)
                }
                if let addressFile {
                    try AddressFile.write(lines, to: addressFile)
                }
            }
            do {
                try await tasks.waitForAll()
            } catch is CancellationError {
                // A graceful shutdown that cancelled the waiters is a clean exit, not an error.
            }
        }
    }
}

/// Writes address files atomically, so a reader never sees half a line.
package enum AddressFile {
    /// Writes `lines` to `path` via a temporary file and a rename.
    package static func write(_ lines: [String], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
internal import UnixSignals
