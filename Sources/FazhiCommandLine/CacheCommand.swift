internal import ArgumentParser
internal import FazhiCache
internal import FazhiParsing

/// `fazhi cache stats|verify|gc`: inspect and maintain a parser's cache directory.
struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Inspect and maintain a parse cache directory.",
        subcommands: [Stats.self, Verify.self, GC.self]
    )

    struct Location: ParsableArguments {
        @Option(help: "The cache directory (env FAZHI_CACHE_DIR).")
        var dir: String?

        func open() throws -> CacheStore {
            guard let directory = self.dir ?? Environment.value("FAZHI_CACHE_DIR") else {
                throw ValidationError("give --dir (or set FAZHI_CACHE_DIR)")
            }
            // A huge budget: opening must not evict anything; gc does that on request.
            return try CacheStore(configuration: .init(directory: directory, maxBytes: Int.max / 2))
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Entries and bytes on disk.")
        @OptionGroup var location: Location

        func run() async throws {
            let stats = try self.location.open().stats()
            print("entries \(stats.entries)  bytes \(stats.bytesOnDisk)")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read every entry, check its checksums, remove corrupt ones; exit 1 if any were corrupt."
        )
        @OptionGroup var location: Location

        func run() async throws {
            let report = try self.location.open().verify()
            print("checked \(report.checked)  valid \(report.valid)  corrupt \(report.corrupt.count)  temporary files \(report.temporaryFiles)")
            for entry in report.corrupt { print("  removed \(entry.key): \(entry.reason)") }
            if !report.corrupt.isEmpty { throw ExitCode(1) }
        }
    }

    struct GC: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gc",
            abstract: "Remove stray temporary files, entries of older parsers, and least-recently-used entries over a budget.",
            discussion: """
                With --other-versions, entries written by a parser version other than this fazhi's \
                (\(ReportParser.version)) are removed first: after an upgrade they are never read again.
                """
        )
        @OptionGroup var location: Location
        @Option(help: "Byte budget to evict down to (default: no eviction).") var maxBytes: Int?
        @Flag(help: "Also remove entries written by another parser version.") var otherVersions = false

        func validate() throws {
            if let maxBytes = self.maxBytes, maxBytes < 0 { throw ValidationError("--max-bytes must not be negative") }
        }

        func run() async throws {
            let report = try self.location.open().gc(
                maxBytes: self.maxBytes,  // nil: the budget the store was opened with, which evicts nothing
                keepingOnly: self.otherVersions ? ReportParser.version : nil
            )
            if self.otherVersions {
                print("removed \(report.otherVersionEntries) entries of other parser versions (\(report.otherVersionBytes) bytes)")
            }
            print("evicted \(report.evictedEntries) entries (\(report.evictedBytes) bytes), removed \(report.removedTemporaryFiles) temporary files")
        }
    }
}
