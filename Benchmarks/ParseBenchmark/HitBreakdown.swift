internal import FazhiCache
internal import FazhiCorpus
internal import FazhiParserService
internal import FazhiParsing
internal import FazhiStorage
internal import FazhiWire
internal import Foundation

/// Where a cache hit's time goes: each step a hit takes, timed alone over every document (entries
/// in the page cache), so the steps can be compared with each other and with the whole hit.
///
/// The steps are the library calls the hit path makes, called here one at a time; the file read
/// uses the same system calls as the cache (open, fstat, read, close).
enum HitBreakdown {
    struct Step {
        let name: String
        let microseconds: Double
    }

    /// Mean µs per document of each step, best of `rounds` passes over all documents.
    static func measure(
        documents: [GeneratedDocument],
        pipeline: ReportPipeline,
        cache: CacheStore,
        rounds: Int = 5
    ) -> [Step] {
        let keys = documents.map { document in
            let digest = SHA256.hash(document.bytes)
            return CacheKey(digest: SHA256.hash(digest + Array(ReportParser.version.utf8) + Array("/anonymous".utf8)))
        }
        let paths = keys.map { cache.path(for: $0) }
        let files = paths.map { path in FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? [] }
        let maxEntry = cache.configuration.maxEntryBytes
        let headers = files.map { try? CacheEntryFormat.header(of: $0, maxEntryBytes: maxEntry).get() }
        let values = zip(files, headers).map { file, header -> [UInt8] in
            guard let header else { return [] }
            return (try? Zlib.decompress(file[header.byteCount...], limit: header.uncompressedCount, expectedCount: header.uncompressedCount)) ?? []
        }
        var sink = 0

        func time(_ name: String, _ body: (Int) -> Int) -> Step {
            var best = Double.infinity
            for _ in 0..<rounds {
                let start = ContinuousClock.now
                for index in documents.indices { sink &+= body(index) }
                best = min(best, ParseBenchmark.seconds(ContinuousClock.now - start))
            }
            return Step(name: name, microseconds: best / Double(documents.count) * 1e6)
        }

        var steps: [Step] = []
        let parser = ReportParser()
        steps.append(time("parse (ReportParser.parse), for comparison") { index in
            let document = documents[index]
            return (try? parser.parse(document.bytes, sourceURL: document.sourceURL))?.facts.count ?? 0
        })
        steps.append(time("whole hit (ReportPipeline.parseSerialized)") { index in
            let document = documents[index]
            let outcome = try? pipeline.parseSerialized(document.bytes, contentType: nil, sourceURL: document.sourceURL, crawlDate: nil)
            return outcome?.report.count ?? 0
        })
        steps.append(time("SHA-256 of the input") { SHA256.hash(documents[$0].bytes).count })
        steps.append(time("cache key (two SHA-256)") { index in
            let digest = SHA256.hash(documents[index].bytes)
            return CacheKey(digest: SHA256.hash(digest + Array(ReportParser.version.utf8) + Array("/anonymous".utf8))).fileName.utf8.count
        })
        steps.append(time("CacheStore.get (read, check, inflate)") { cache.get(key: keys[$0], parserVersion: ReportParser.version)?.count ?? 0 })
        steps.append(time("  entry path") { cache.path(for: keys[$0]).utf8.count })
        steps.append(time("  open, fstat, read, close") { Self.read(paths[$0]) })
        steps.append(time("  header and record CRC") { index in
            (try? CacheEntryFormat.header(of: files[index], maxEntryBytes: maxEntry).get())?.uncompressedCount ?? 0
        })
        steps.append(time("  inflate (zlib, with its Adler-32)") { index in
            guard let header = headers[index] else { return 0 }
            return (try? Zlib.decompress(
                files[index][header.byteCount...], limit: header.uncompressedCount, expectedCount: header.uncompressedCount
            ))?.count ?? 0
        })
        steps.append(time("  value CRC-32") { Int(Checksum.crc32(values[$0])) })
        let contentHashes = documents.map { Hex.encode(SHA256.hash($0.bytes)) }
        steps.append(time("content hash field check") { ProtobufWire.stringField(2, in: values[$0], equals: contentHashes[$0]) ? 1 : 0 })
        if sink == 42 { print("") }  // keeps the work from being optimized away
        return steps
    }

    /// Reads a file the way the cache does; returns its size.
    private static func read(_ path: String) -> Int {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return 0 }
        var buffer = [UInt8](repeating: 0, count: Int(info.st_size))
        let count = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
        return count
    }
}
