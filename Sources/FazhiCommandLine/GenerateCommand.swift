internal import ArgumentParser
internal import FazhiCorpus
internal import Foundation

/// `fazhi generate`: write a synthetic corpus with known ground truth.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write synthetic reports with their ground truth (manifest.jsonl, truth.jsonl) into a folder.",
        discussion: """
            The same seed always gives the same bytes. The manifest is the format the peer search
            engines in ../shared/bench read, so fazhi and its peers can be measured on the same documents.
            """
    )

    @Option(help: "The folder to write into (created if needed; must be empty).") var out: String
    @Option(help: "How many reports.") var count: Int = 1000
    @Option(help: "The seed.") var seed: UInt64 = 42

    func validate() throws {
        guard self.count > 0 else { throw ValidationError("--count must be positive") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: self.out, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ValidationError("\(self.out) is a file, not a folder") }
            let entries = try FileManager.default.contentsOfDirectory(atPath: self.out)
            guard entries.isEmpty else { throw ValidationError("\(self.out) is not empty") }
        }
    }

    func run() async throws {
        let writer = CorpusWriter(generator: CorpusGenerator(seed: self.seed))
        let summary = try writer.write(count: self.count, to: self.out)
        print(
            String(
                format: "wrote %d reports (%.1f MB) to %@ in %.1f s: manifest.jsonl, truth.jsonl",
                summary.documents, Double(summary.pageBytes) / 1e6, self.out, summary.seconds
            )
        )
    }
}
