internal import ArgumentParser
internal import FazhiCache
internal import FazhiCorpus
internal import FazhiMapping
internal import FazhiParserService
internal import FazhiParsing
internal import FazhiProto
internal import Foundation
internal import SwiftProtobuf

/// Parse throughput, cache hit vs parse latency, and cache entry sizes, on generated reports.
///
/// All timing is single-threaded (one core) so MB/s reads as "per core". Inputs are generated
/// in memory before the clock starts.
@main
struct ParseBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fazhi-parse-benchmark",
        abstract: "Measure the parser and its cache on a generated corpus."
    )

    @Option(help: "Documents to generate.") var count: Int = 2000
    @Option(help: "Corpus seed.") var seed: UInt64 = 42
    @Option(help: "Passes over the corpus for the throughput figure (best pass counts).") var passes: Int = 3
    @Option(help: "Write the results as JSON to this file.") var outputJSON: String?
    @Option(help: "zlib level of the cache entries, 0...9 (default: the cache's default).") var level: Int?
    @Flag(help: "Measure parse throughput only (for quick A/B comparisons); no cache figures, no JSON.") var parseOnly = false
    @Flag(help: "Also print a SHA-256 of every parsed report, serialized: equal digests mean a speed change left the output alone.")
    var outputDigest = false
    @Flag(help: "Also time each step of a cache hit on its own (where a hit's time goes).") var hitBreakdown = false
    @Option(help: "Build the cache in this new directory and keep it (to examine the entries); default: a temporary one, removed.")
    var cacheDirectory: String?

    func validate() throws {
        if let kept = self.cacheDirectory, FileManager.default.fileExists(atPath: kept) {
            throw ValidationError("--cache-directory \(kept) exists; the benchmark needs a new, empty cache")
        }
    }

    func run() throws {
        let generator = CorpusGenerator(seed: self.seed)
        let documents = (0..<self.count).map { generator.generate(index: $0) }
        let inputBytes = documents.reduce(0) { $0 + $1.bytes.count }
        print("corpus: \(documents.count) generated reports, \(Self.mb(inputBytes)) MB, seed \(self.seed)")

        // 1. Parse throughput, one core.
        let parser = ReportParser()
        var best = Double.infinity
        var failures = 0
        for _ in 0..<self.passes {
            failures = 0
            let start = ContinuousClock.now
            for document in documents {
                if (try? parser.parse(document.bytes, sourceURL: document.sourceURL)) == nil { failures += 1 }
            }
            best = min(best, Self.seconds(ContinuousClock.now - start))
        }
        let throughput = Double(inputBytes) / 1e6 / best
        if self.outputDigest {
            var digest = SHA256()
            for document in documents {
                if let parsed = try? parser.parse(document.bytes, sourceURL: document.sourceURL) {
                    digest.update(try Fazhi_V1_Report(parsed).serializedBytes() as [UInt8])
                } else {
                    digest.update(Array("refused".utf8))
                }
            }
            print("output digest: \(Hex.encode(digest.finalize())) (\(documents.count) reports, parser \(ReportParser.version))")
        }
        print(String(format: "parse: %.1f MB/s per core, %.0f documents/s (best of %d passes; %d inputs refused)", throughput, Double(documents.count) / best, self.passes, failures))
        // Fixed and per-byte cost: each document timed alone (best of 3), then a least-squares
        // line through (size, time). The fixed part is what faster scanning alone does not remove.
        var sizes: [Double] = []
        var times: [Double] = []
        for document in documents {
            var fastest = Double.infinity
            for _ in 0..<3 {
                let start = ContinuousClock.now
                _ = try? parser.parse(document.bytes, sourceURL: document.sourceURL)
                fastest = min(fastest, Self.seconds(ContinuousClock.now - start))
            }
            sizes.append(Double(document.bytes.count))
            times.append(fastest)
        }
        let (fixed, perByte) = Self.leastSquares(x: sizes, y: times)
        print(String(format: "parse: per document ≈ %.0f µs + size at %.1f MB/s (least squares over %d documents of %.1f–%.1f KB)",
                     fixed * 1e6, perByte > 0 ? 1 / perByte / 1e6 : .infinity, documents.count,
                     (sizes.min() ?? 0) / 1e3, (sizes.max() ?? 0) / 1e3))
        if self.parseOnly { return }

        // 2. Cache: miss (parse + store) vs hit (read, verify, inflate; then also decoded), per document.
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-parse-bench-\(UUID())").path
        let directory = self.cacheDirectory ?? temporary
        defer { if self.cacheDirectory == nil { try? FileManager.default.removeItem(atPath: directory) } }
        var cacheConfiguration = CacheStore.Configuration(directory: directory)
        if let level = self.level {
            guard (0...9).contains(level) else { throw ValidationError("--level must be in 0...9") }
            cacheConfiguration.compressionLevel = Zlib.CompressionLevel(level)
        }
        let pipeline = try ReportPipeline(configuration: .init(cache: cacheConfiguration))
        // A miss: parse, serialize, compress, write and fsync (what a first ingest pays per report).
        var misses: [Double] = []
        var parseOnly: [Double] = []
        var hits: [Double] = []
        var serializedBytes = 0
        for document in documents {
            let start = ContinuousClock.now
            let parsed = try? parser.parse(document.bytes, sourceURL: document.sourceURL)
            parseOnly.append(Self.seconds(ContinuousClock.now - start))
            if let parsed {
                let serialized: [UInt8] = try Fazhi_V1_Report(parsed).serializedBytes()
                serializedBytes += serialized.count
            }
            let missStart = ContinuousClock.now
            _ = try? pipeline.parseSerialized(document.bytes, contentType: nil, sourceURL: document.sourceURL, crawlDate: nil)
            misses.append(Self.seconds(ContinuousClock.now - missStart))
        }
        // A hit as the parser service serves it: the stored bytes plus this request's identity.
        // Each document is asked for twice in a row: the first read may go to the disk (this
        // VM's kernel reclaims idle page cache within seconds), the second finds the entry in
        // memory, as a busy cache's hot entries are.
        var warmHits: [Double] = []
        for document in documents {
            let start = ContinuousClock.now
            let outcome = try? pipeline.parseSerialized(document.bytes, contentType: nil, sourceURL: document.sourceURL, crawlDate: nil)
            let middle = ContinuousClock.now
            _ = try? pipeline.parseSerialized(document.bytes, contentType: nil, sourceURL: document.sourceURL, crawlDate: nil)
            warmHits.append(Self.seconds(ContinuousClock.now - middle))
            hits.append(Self.seconds(middle - start))
            if let outcome, !outcome.cacheHit { print("warning: a second pass missed the cache") }
        }
        // And decoded into a message, as `fazhi parse` with a cache uses it.
        var decodedHits: [Double] = []
        for document in documents {
            let start = ContinuousClock.now
            let outcome = try? pipeline.parse(document.bytes, contentType: nil, sourceURL: document.sourceURL, crawlDate: nil)
            decodedHits.append(Self.seconds(ContinuousClock.now - start))
            if let outcome, !outcome.cacheHit { print("warning: a third pass missed the cache") }
        }
        let stats = pipeline.cache?.stats()
        var breakdown: [String: Double] = [:]
        if self.hitBreakdown, let cache = pipeline.cache {
            print("cache hit, step by step (mean µs per document, best of 5 passes, entries in the page cache):")
            let steps = HitBreakdown.measure(documents: documents, pipeline: pipeline, cache: cache)
            for step in steps {
                print(String(format: "  %7.1f  %@", step.microseconds, step.name))
                breakdown[step.name] = step.microseconds
            }
            if let parse = steps.first?.microseconds, let inflate = steps.first(where: { $0.name.hasPrefix("  inflate") })?.microseconds {
                print(String(format: "  a hit inflates its entry: parse / inflate alone = %.1fx, the most any zlib-cache hit could gain", parse / inflate))
            }
        }
        let parseP50 = Self.percentile(parseOnly, 0.5)
        let hitP50 = Self.percentile(hits, 0.5)
        let decodedP50 = Self.percentile(decodedHits, 0.5)
        let warmP50 = Self.percentile(warmHits, 0.5)
        print(String(format: "cache: parse p50 %.0f µs, p99 %.0f µs; hit p50 %.0f µs, p99 %.0f µs; hit is %.1fx faster at p50",
                     parseP50 * 1e6, Self.percentile(parseOnly, 0.99) * 1e6, hitP50 * 1e6, Self.percentile(hits, 0.99) * 1e6, parseP50 / hitP50))
        print(String(format: "cache: hit with the entry in the page cache p50 %.0f µs, p99 %.0f µs (%.1fx faster than a parse)",
                     warmP50 * 1e6, Self.percentile(warmHits, 0.99) * 1e6, parseP50 / warmP50))
        print(String(format: "cache: hit decoded into a message p50 %.0f µs, p99 %.0f µs (%.1fx faster than a parse)",
                     decodedP50 * 1e6, Self.percentile(decodedHits, 0.99) * 1e6, parseP50 / decodedP50))
        let onDisk = stats?.bytesOnDisk ?? 0
        print(String(format: "cache: miss (parse, compress at level %@, write, fsync) p50 %.0f µs, p99 %.0f µs",
                     cacheConfiguration.compressionLevel.description, Self.percentile(misses, 0.5) * 1e6, Self.percentile(misses, 0.99) * 1e6))
        print(String(format: "size: serialized reports %.1f MB, cache entries on disk %.1f MB (%.2f of serialized), raw input %.1f MB",
                     Double(serializedBytes) / 1e6, Double(onDisk) / 1e6, Double(onDisk) / Double(max(serializedBytes, 1)), Double(inputBytes) / 1e6))

        if let outputJSON = self.outputJSON {
            var result: [String: Any] = [
                "documents": documents.count, "input_bytes": inputBytes, "seed": self.seed,
                "parse_mb_per_s_per_core": throughput, "parse_p50_us": parseP50 * 1e6,
                "parse_fixed_us_per_document": fixed * 1e6, "parse_marginal_mb_per_s": perByte > 0 ? 1 / perByte / 1e6 : 0,
                "cache_hit_p50_us": hitP50 * 1e6, "hit_speedup_p50": parseP50 / hitP50,
                "cache_hit_decoded_p50_us": decodedP50 * 1e6,
                "cache_hit_warm_p50_us": warmP50 * 1e6, "hit_warm_speedup_p50": parseP50 / warmP50,
                "serialized_bytes": serializedBytes, "cache_bytes_on_disk": onDisk,
            ]
            if !breakdown.isEmpty { result["hit_breakdown_mean_us"] = breakdown }
            let data = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: outputJSON))
            print("wrote \(outputJSON)")
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Intercept and slope of the least-squares line through the points.
    static func leastSquares(x: [Double], y: [Double]) -> (intercept: Double, slope: Double) {
        let n = Double(x.count)
        guard n >= 2 else { return (0, 0) }
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        for (xi, yi) in zip(x, y) {
            sxy += (xi - meanX) * (yi - meanY)
            sxx += (xi - meanX) * (xi - meanX)
        }
        let slope = sxx > 0 ? sxy / sxx : 0
        return (meanY - slope * meanX, slope)
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }

    static func mb(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1e6) }
}
