internal import Dispatch
internal import Foundation
internal import Synchronization

/// Writes a generated corpus to a directory: the pages in fan-out subdirectories
/// (`dNNNN/`, 1,000 documents each), `manifest.jsonl` and `truth.jsonl`.
///
/// `manifest.jsonl` has one object per document: `id`, `file` (relative to the directory),
/// `title`, `year`, `kind`, `level`, `province`, `city`, `county`, `township`,
/// `region_status`, `organizations`, `format`, `encoding`, `bytes`, `source_url`,
/// `published` (YYYY-MM-DD or null), `parts_pattern`, `facts` (count). `truth.jsonl` holds
/// ``GroundTruth/jsonLine`` per document, in the same order.
package struct CorpusWriter: Sendable {
    /// What a write produced.
    package struct Summary: Sendable, Hashable {
        /// Documents written.
        package var documents: Int
        /// Bytes of page files written (manifest and truth excluded).
        package var pageBytes: Int
        /// Wall-clock seconds.
        package var seconds: Double
    }

    /// The generator whose documents are written.
    package let generator: CorpusGenerator

    /// A writer for `generator`'s corpus.
    package init(generator: CorpusGenerator) {
        self.generator = generator
    }

    /// The path of document `index` relative to the corpus directory.
    package func relativePath(index: Int, fileName: String) -> String {
        "d\(NumberText.padded(index / 1000, 4))/\(fileName)"
    }

    /// Writes documents `0..<count` into `directory` (created if needed), generating batches in
    /// parallel on all cores.
    package func write(count: Int, to directory: String) throws -> Summary {
        let start = DispatchTime.now().uptimeNanoseconds
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let manifest = FileHandle(forWritingAtPath: Self.create(directory + "/manifest.jsonl")),
              let truth = FileHandle(forWritingAtPath: Self.create(directory + "/truth.jsonl"))
        else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer {
            try? manifest.close()
            try? truth.close()
        }
        var pageBytes = 0
        let batchSize = 1000
        var batchStart = 0
        while batchStart < count {
            let batch = batchStart..<min(count, batchStart + batchSize)
            let folder = directory + "/d" + NumberText.padded(batchStart / 1000, 4)
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let results = Mutex<[(Int, String, String, Int)]>([])
            let failures = Mutex<[String]>([])
            let generator = self.generator
            let writer = self
            DispatchQueue.concurrentPerform(iterations: batch.count) { offset in
                let index = batch.lowerBound + offset
                let document = generator.generate(index: index)
                let path = writer.relativePath(index: index, fileName: document.fileName)
                if !FileManager.default.createFile(atPath: directory + "/" + path, contents: Data(document.bytes)) {
                    failures.withLock { $0.append(path) }
                }
                let line = (index, document.manifestLine(file: path), document.truth.jsonLine, document.bytes.count)
                results.withLock { $0.append(line) }
            }
            if let failed = failures.withLock({ $0.first }) {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: failed])
            }
            let lines = results.withLock { $0.sorted { $0.0 < $1.0 } }
            var manifestText = ""
            var truthText = ""
            for line in lines {
                manifestText += line.1 + "\n"
                truthText += line.2 + "\n"
                pageBytes += line.3
            }
            manifest.write(Data(manifestText.utf8))
            truth.write(Data(truthText.utf8))
            batchStart = batch.upperBound
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Summary(documents: count, pageBytes: pageBytes, seconds: seconds)
    }

    private static func create(_ path: String) -> String {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return path
    }
}
