internal import ArgumentParser
internal import FazhiParsing
internal import FazhiProto
internal import FazhiWire
internal import Foundation

/// `fazhi ingest PATH...`: sends report files to the gateway, with progress and a summary.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest report files (.txt, .html; UTF-8 or GB18030) and folders of them.",
        discussion: """
            Each file's doc id is derived from its file:// URL, so re-ingesting a changed file
            replaces the old version. A journal of what was ingested (in the cache directory)
            lets a rerun send only files that failed, changed or are new (and all of them once
            after the parser changed, so they are parsed anew); --force sends all.
            """
    )

    @Argument(help: "Files or folders (searched recursively).") var paths: [String]
    @OptionGroup var connection: GatewayOptions
    // 256 rather than 32 or 128: each request becomes one durable write per shard and partition,
    // so larger requests cost the cluster less per report (10k ingest 7% faster at 128 than at
    // 32, 3-5% faster again at 256, on 2 cores; BENCHMARKS.md).
    @Option(help: "Documents per request (at most 4 MiB of files per request).") var batch: Int = 256
    @Option(help: "Requests in flight at once.") var concurrency: Int = 4
    @Flag(help: "Send every file, even those the journal says are unchanged.") var force = false
    @Flag(help: "Print the summary as JSON.") var json = false

    func validate() throws {
        guard !self.paths.isEmpty else { throw ValidationError("give at least one file or folder") }
        guard (1...500).contains(self.batch) else { throw ValidationError("--batch must be within 1...500") }
        guard (1...64).contains(self.concurrency) else { throw ValidationError("--concurrency must be within 1...64") }
    }

    func run() async throws {
        let scan = try FileScan.scan(self.paths)
        let endpoint = try self.connection.endpoint()
        let journal = IngestJournal(gateway: "\(endpoint)")
        let previous = self.force ? [:] : journal.load()
        var toSend: [FileScan.File] = []
        var skippedUnchanged = 0
        for file in scan.files {
            if let entry = previous[file.path], entry.size == file.size, entry.modified == file.modified {
                skippedUnchanged += 1
            } else {
                toSend.append(file)
            }
        }
        let client = try self.connection.client()
        defer { Task { await client.close() } }

        let progress = Progress(total: toSend.count, quiet: self.json)
        var summary = IngestSummary()
        summary.journalUnchanged = skippedUnchanged
        summary.notReports = scan.skipped.map { .init(path: $0.path, reason: $0.reason) }
        var journalEntries: [IngestJournal.Entry] = []

        // Batches bounded by count and bytes (a frame carries at most a few MiB).
        var batches: [[FileScan.File]] = []
        var current: [FileScan.File] = []
        var bytes = 0
        for file in toSend {
            if !current.isEmpty, current.count >= self.batch || bytes + file.size > 4 << 20 {
                batches.append(current)
                current = []
                bytes = 0
            }
            current.append(file)
            bytes += file.size
        }
        if !current.isEmpty { batches.append(current) }

        try await withThrowingTaskGroup(of: [(FileScan.File, Outcome)].self) { group in
            var next = 0
            func submit() {
                let files = batches[next]
                next += 1
                group.addTask { await Self.send(files, client: client) }
            }
            while next < min(self.concurrency, batches.count) { submit() }
            while let outcomes = try await group.next() {
                for (file, outcome) in outcomes {
                    switch outcome {
                    case .ingested(let docID, let kind):
                        summary.ingested += 1
                        if kind == .notAReport { summary.flaggedNotReport.append(file.path) }
                        journalEntries.append(.init(path: file.path, size: file.size, modified: file.modified, docID: docID))
                    case .unchanged(let docID):
                        summary.unchanged += 1
                        journalEntries.append(.init(path: file.path, size: file.size, modified: file.modified, docID: docID))
                    case .failed(let reason):
                        summary.failed.append(.init(path: file.path, reason: reason))
                    }
                }
                progress.advance(by: outcomes.count)
                if next < batches.count { submit() }
            }
        }
        progress.finish()
        journal.append(journalEntries)

        if self.json {
            try JSONOutput.print(summary)
        } else {
            print(summary.text(found: scan.files.count))
        }
        if !summary.failed.isEmpty { throw ExitCode(1) }
    }

    enum Outcome: Sendable {
        case ingested(String, Fazhi_V1_DocumentKind)
        case unchanged(String)
        case failed(String)
    }

    /// One Ingest call; a call that fails as a whole is retried while the gateway pushes back,
    /// and otherwise fails each of its files with the reason.
    static func send(_ files: [FileScan.File], client: GatewayClient) async -> [(FileScan.File, Outcome)] {
        var request = Fazhi_V1_IngestRequest()
        var readable: [FileScan.File] = []
        var outcomes: [(FileScan.File, Outcome)] = []
        for file in files {
            guard let content = FileManager.default.contents(atPath: file.path) else {
                outcomes.append((file, .failed("cannot read the file")))
                continue
            }
            var document = Fazhi_V1_RawDocument()
            document.content = content
            document.sourceURL = URL(fileURLWithPath: file.path).absoluteString
            document.contentType = file.path.lowercased().hasSuffix(".txt") ? "text/plain" : "text/html"
            document.label = file.path
            request.documents.append(document)
            readable.append(file)
        }
        guard !readable.isEmpty else { return outcomes }
        var delay: UInt64 = 100_000_000
        for attempt in 1...30 {
            do {
                let response = try await client.call(FazhiMethod.Gateway.ingest, request, as: Fazhi_V1_IngestResponse.self)
                for result in response.results where Int(result.index) < readable.count {
                    let file = readable[Int(result.index)]
                    switch result.outcome {
                    case .ingested: outcomes.append((file, .ingested(result.docID, result.kind)))
                    case .unchanged: outcomes.append((file, .unchanged(result.docID)))
                    default:
                        let status = WireError(status: result.status)
                        outcomes.append((file, .failed(status.map { "\($0.code): \($0.message)" } ?? "failed without a reason")))
                    }
                }
                if response.results.count < readable.count {
                    let answered = Set(response.results.map { Int($0.index) })
                    for (index, file) in readable.enumerated() where !answered.contains(index) {
                        outcomes.append((file, .failed("the gateway gave no result for this file")))
                    }
                }
                return outcomes
            } catch {
                let text = "\(error)"
                // The gateway's backpressure: wait and send the same batch again.
                if (error as? CommandFailure)?.code == .resourceExhausted, attempt < 30 {
                    try? await Task.sleep(nanoseconds: delay)
                    delay = min(delay * 2, 2_000_000_000)
                    continue
                }
                return outcomes + readable.map { ($0, .failed(text)) }
            }
        }
        return outcomes + readable.map { ($0, .failed("the gateway stayed busy")) }
    }
}

/// What an ingest run did, for people and for `--json`.
struct IngestSummary: Encodable {
    struct Entry: Encodable {
        var path: String
        var reason: String
    }

    var ingested = 0
    var unchanged = 0
    var journalUnchanged = 0
    var failed: [Entry] = []
    var notReports: [Entry] = []
    var flaggedNotReport: [String] = []

    func text(found: Int) -> String {
        var lines = [
            "files found: \(found)",
            "ingested:    \(self.ingested)",
            "unchanged:   \(self.unchanged + self.journalUnchanged)"
                + (self.journalUnchanged > 0 ? " (\(self.journalUnchanged) not sent: unchanged since the last run)" : ""),
            "failed:      \(self.failed.count)",
        ]
        if !self.notReports.isEmpty {
            lines.append("skipped:     \(self.notReports.count) (not .txt/.html)")
            for entry in self.notReports.prefix(20) { lines.append("  \(entry.path): \(entry.reason)") }
            if self.notReports.count > 20 { lines.append("  … and \(self.notReports.count - 20) more") }
        }
        if !self.flaggedNotReport.isEmpty {
            lines.append("stored but flagged as not an annual report: \(self.flaggedNotReport.count)")
        }
        for entry in self.failed { lines.append("  FAILED \(entry.path): \(entry.reason)") }
        return lines.joined(separator: "\n")
    }
}

/// The report files under some paths.
enum FileScan {
    struct File: Sendable {
        var path: String
        var size: Int
        var modified: Double
    }

    struct Skipped {
        var path: String
        var reason: String
    }

    static let extensions: Set<String> = ["txt", "html", "htm"]

    static func scan(_ paths: [String]) throws -> (files: [File], skipped: [Skipped]) {
        var files: [File] = []
        var skipped: [Skipped] = []
        let manager = FileManager.default
        func add(_ path: String) {
            let ext = (path as NSString).pathExtension.lowercased()
            guard self.extensions.contains(ext) else {
                skipped.append(.init(path: path, reason: "not a .txt or .html file"))
                return
            }
            let attributes = try? manager.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            files.append(File(path: path, size: size, modified: modified))
        }
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CommandFailure("\(path): no such file or folder")
            }
            if isDirectory.boolValue {
                guard let enumerator = manager.enumerator(atPath: path) else { throw CommandFailure("\(path): cannot be read") }
                var names: [String] = []
                while let name = enumerator.nextObject() as? String {
                    if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeRegular { names.append(name) }
                }
                for name in names.sorted() where !name.hasSuffix("manifest.jsonl") && !name.hasSuffix("truth.jsonl") {
                    add((path as NSString).appendingPathComponent(name))
                }
            } else {
                add(path)
            }
        }
        return (files, skipped)
    }
}

/// What earlier runs ingested, so that a rerun sends only what failed, changed or is new.
struct IngestJournal {
    struct Entry {
        var path: String
        var size: Int
        var modified: Double
        var docID: String
    }

    let file: String

    /// The journal of ingests through `gateway`, kept apart per parser version: a file ingested
    /// before fazhi's parser changed is sent again on the next run, so that its report is
    /// parsed anew (the shards and partitions replace a report whose parser version differs).
    /// The version is this executable's: the cluster `fazhi up` starts is built with it.
    /// `directory` defaults to `$XDG_CACHE_HOME/fazhi` (else `~/.cache/fazhi`).
    init(gateway: String, parserVersion: String = ReportParser.version, directory: String? = nil) {
        let base = Environment.value("XDG_CACHE_HOME") ?? ((Environment.value("HOME") ?? NSTemporaryDirectory()) + "/.cache")
        func safe(_ text: String) -> String { String(text.map { $0.isLetter || $0.isNumber ? $0 : "_" }) }
        self.file = "\(directory ?? base + "/fazhi")/ingest-\(safe(gateway))-parser-\(safe(parserVersion)).tsv"
    }

    func load() -> [String: Entry] {
        guard let text = try? String(contentsOfFile: self.file, encoding: .utf8) else { return [:] }
        var entries: [String: Entry] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, let size = Int(fields[1]), let modified = Double(fields[2]) else { continue }
            entries[String(fields[0])] = Entry(path: String(fields[0]), size: size, modified: modified, docID: String(fields[3]))
        }
        return entries
    }

    func append(_ entries: [Entry]) {
        guard !entries.isEmpty else { return }
        try? FileManager.default.createDirectory(atPath: (self.file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let text = entries.map { "\($0.path)\t\($0.size)\t\($0.modified)\t\($0.docID)\n" }.joined()
        if let handle = FileHandle(forWritingAtPath: self.file) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try? handle.close()
        } else {
            _ = FileManager.default.createFile(atPath: self.file, contents: Data(text.utf8))
        }
    }
}

/// A progress line on standard error: count, rate and time left.
final class Progress: @unchecked Sendable {
    private let total: Int
    private let quiet: Bool
    private let started = Date()
    private var done = 0
    private var lastDraw = Date.distantPast
    private let interactive = isatty(2) == 1

    init(total: Int, quiet: Bool) {
        self.total = total
        self.quiet = quiet
    }

    func advance(by count: Int) {
        self.done += count
        let now = Date()
        if now.timeIntervalSince(self.lastDraw) >= (self.interactive ? 0.1 : 5) || self.done == self.total {
            self.lastDraw = now
            self.draw()
        }
    }

    func finish() {
        if !self.quiet, self.interactive, self.total > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func draw() {
        guard !self.quiet, self.total > 0 else { return }
        let elapsed = max(Date().timeIntervalSince(self.started), 0.001)
        let rate = Double(self.done) / elapsed
        let left = rate > 0 ? Double(self.total - self.done) / rate : 0
        let width = 30
        let filled = self.total == 0 ? width : width * self.done / self.total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        // Whatever stdout holds goes first, so the story stays in order when it is a pipe.
        fflush(nil)
        let line = String(format: "[%@] %d/%d  %.0f docs/s  ETA %ds", bar, self.done, self.total, rate, Int(left.rounded()))
        FileHandle.standardError.write(Data(((self.interactive ? "\r" : "") + line + (self.interactive ? "" : "\n")).utf8))
    }
}
