internal import ArgumentParser
package import Logging
internal import Synchronization

/// The log level option, and the one-time logging bootstrap (to standard error).
package struct LoggingOptions: ParsableArguments {
    @Option(help: "trace, debug, info, notice, warning, error or critical (env FAZHI_LOG_LEVEL; default info).")
    var logLevel: String?

    package init() {}

    package func validate() throws {
        _ = try self.level()
    }

    private func level() throws -> Logger.Level {
        let text = self.logLevel ?? Environment.value("FAZHI_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError("unknown log level '\(text)'")
        }
        return level
    }

    /// Bootstraps logging (once per process) and returns a logger labelled `label`.
    package func makeLogger(label: String) throws -> Logger {
        let level = try self.level()
        LoggingBootstrap.once()
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}

private enum LoggingBootstrap {
    private static let done = Mutex(false)

    static func once() {
        let first = self.done.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        if first {
            LoggingSystem.bootstrap(StreamLogHandler.standardError)
        }
    }
}
