internal import Dispatch
internal import Foundation
internal import Synchronization

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Writes a generated corpus to a directory: the pages in fan-out subdirectories
/// (`dNNNN/`, 1,000 documents each), `manifest.jsonl` and `truth.jsonl`.
///
/// `manifest.jsonl` has one object per document: `id`, `file` (relative to the directory),
/// `title`, `year`, `kind`, `level`, `province`, `city`, `county`, `township`,
/// `region_status`, `organizations`, `format`, `encoding`, `bytes`, `source_url`,
/// `published` (YYYY-MM-DD or null), `parts_pattern`, `facts` (count). `truth.jsonl` holds
/// ``GroundTruth/jsonLine`` per document, in the same order.
///
/// Output is byte-identical for a seed whatever the number of cores: documents are generated
/// in contiguous chunks on every core, and each chunk's manifest and truth lines are appended in
/// index order.
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

    /// One chunk's output: its manifest and truth lines, page bytes written, first failure.
    private struct ChunkOutput: Sendable {
        var manifest: [UInt8] = []
        var truth: [UInt8] = []
        var pageBytes = 0
        var failure: String?
    }

    /// Writes documents `0..<count` into `directory` (created if needed), generating contiguous
    /// chunks in parallel on all cores.
    package func write(count: Int, to directory: String) throws -> Summary {
        let start = DispatchTime.now().uptimeNanoseconds
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for folder in 0..<((count + 999) / 1000) {
            try manager.createDirectory(atPath: directory + "/d" + NumberText.padded(folder, 4), withIntermediateDirectories: true)
        }
        let manifest = try OutputFile(path: directory + "/manifest.jsonl")
        let truth = try OutputFile(path: directory + "/truth.jsonl")
        defer {
            manifest.close()
            truth.close()
        }
        var pageBytes = 0
        // Chunks small enough to balance the cores, large enough that hand-offs are rare; a
        // round of chunks is flushed in order before the next round starts.
        let chunkSize = 250
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let roundSize = chunkSize * workers * 4
        var roundStart = 0
        while roundStart < count {
            let roundEnd = min(count, roundStart + roundSize)
            let chunks = (roundEnd - roundStart + chunkSize - 1) / chunkSize
            let outputs = Mutex<[ChunkOutput?]>(Array(repeating: nil, count: chunks))
            let generator = self.generator
            let writer = self
            let base = roundStart
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = base + chunk * chunkSize
                let upper = min(roundEnd, lower + chunkSize)
                var output = ChunkOutput()
                output.manifest.reserveCapacity((upper - lower) * 700)
                output.truth.reserveCapacity((upper - lower) * 12_000)
                for index in lower..<upper {
                    let document = generator.generate(index: index)
                    let path = writer.relativePath(index: index, fileName: document.fileName)
                    if !Self.writeFile(directory + "/" + path, document.bytes), output.failure == nil {
                        output.failure = path
                    }
                    output.manifest += document.manifestLine(file: path).utf8
                    output.manifest.append(0x0A)
                    output.truth += document.truth.jsonLine.utf8
                    output.truth.append(0x0A)
                    output.pageBytes += document.bytes.count
                }
                outputs.withLock { $0[chunk] = output }
            }
            let finished = outputs.withLock { $0 }
            for case let output? in finished {
                if let failed = output.failure {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: failed])
                }
                try manifest.write(output.manifest)
                try truth.write(output.truth)
                pageBytes += output.pageBytes
            }
            roundStart = roundEnd
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Summary(documents: count, pageBytes: pageBytes, seconds: seconds)
    }

    /// Creates or truncates `path` and writes `bytes` with plain POSIX calls: no temporary file,
    /// rename or fsync (FileManager's atomic write costs an fsync per page).
    private static func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { closeDescriptor(descriptor) }
        return bytes.withUnsafeBytes { Self.writeAll(descriptor, $0) }
    }

    fileprivate static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        guard var pointer = buffer.baseAddress else { return true }
        var left = buffer.count
        while left > 0 {
            let written = writeDescriptor(descriptor, pointer, left)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            pointer += written
            left -= written
        }
        return true
    }
}

/// An append-only output file (manifest, truth) written with POSIX calls.
private final class OutputFile {
    private var descriptor: Int32
    private let path: String

    init(path: String) throws {
        self.path = path
        self.descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if self.descriptor < 0 {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    func write(_ bytes: [UInt8]) throws {
        let ok = bytes.withUnsafeBytes { CorpusWriter.writeAll(self.descriptor, $0) }
        if !ok { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: self.path]) }
    }

    func close() {
        if self.descriptor >= 0 { closeDescriptor(self.descriptor) }
        self.descriptor = -1
    }
}

private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}

private func writeDescriptor(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, pointer, count)
}
