internal import FazhiIndex
internal import Foundation

/// fazhi-index-benchmark CORPUS_DIR QUERIES_FILE INDEX_DIR [--limit N] [--batch N] [--rounds N] [--memory-segments N]
///
/// Indexes a corpus directory (manifest.jsonl + files, /work/shared/bench/README.md) into one
/// shard on one thread, then runs every query of the queries file; prints JSON with docs/s,
/// sizes, query latency percentiles and the hit count of each query.
@main
struct IndexBenchmark {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
            defer { arguments.removeSubrange(index...(index + 1)) }
            return Int(arguments[index + 1]) ?? fallback
        }
        let limit = option("--limit", Int.max)
        let batch = option("--batch", 100)
        let rounds = option("--rounds", 3)
        let memorySegments = option("--memory-segments", IndexShard.Configuration.defaults.maximumMemorySegments)
        guard arguments.count == 3 else {
            FileHandle.standardError.write(Data("usage: fazhi-index-benchmark CORPUS QUERIES INDEX_DIR [--limit N] [--batch N] [--rounds N] [--memory-segments N]\n".utf8))
            exit(2)
        }
        let (corpus, queriesPath, indexDirectory) = (arguments[0], arguments[1], arguments[2])
        try? FileManager.default.removeItem(atPath: indexDirectory)
        let manifest = try String(contentsOfFile: "\(corpus)/manifest.jsonl", encoding: .utf8)
        var documents: [IndexDocument] = []
        var textBytes = 0
        for line in manifest.split(separator: "\n") where documents.count < limit {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let id = object["id"] as? String, let file = object["file"] as? String
            else { continue }
            let text = try String(contentsOfFile: "\(corpus)/\(file)", encoding: .utf8)
            textBytes += text.utf8.count
            var document = IndexDocument(docID: id, contentHash: String(text.hashValue), text: text, title: object["title"] as? String ?? "")
            document.year = object["year"] as? Int
            document.province = object["province"] as? String
            document.city = object["city"] as? String
            document.county = object["county"] as? String
            document.organization = object["org"] as? String
            document.level = (object["org_type"] as? String).map { $0 == "街道" ? "street" : "township" }
            documents.append(document)
        }
        let shard = try IndexShard(directory: indexDirectory, configuration: .init(maximumMemorySegments: memorySegments))
        let clock = ContinuousClock()
        let start = clock.now
        var index = 0
        while index < documents.count {
            let end = min(index + batch, documents.count)
            _ = try await shard.index(Array(documents[index..<end]))
            index = end
        }
        try await shard.flush()
        let indexSeconds = Self.seconds(clock.now - start)
        let statistics = shard.statistics()

        let queries = try String(contentsOfFile: queriesPath, encoding: .utf8).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        var latencies: [Double] = []
        var hits: [[String: Any]] = []
        var byQuery = Array(repeating: [Double](), count: queries.count)
        for round in 0..<rounds {
            for (index, query) in queries.enumerated() {
                let parsed = Query.allTerms(query)
                let queryStart = clock.now
                let result = try shard.search(parsed, options: SearchOptions(limit: 10, snippets: 0))
                latencies.append(Self.seconds(clock.now - queryStart) * 1000)
                byQuery[index].append(latencies[latencies.count - 1])
                if round == 0 { hits.append(["q": query, "hits": result.totalHits]) }
            }
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        let report: [String: Any] = [
            "docs": documents.count,
            "text_MB": Double(textBytes) / 1e6,
            "index_seconds": indexSeconds,
            "docs_per_second": Double(documents.count) / indexSeconds,
            "index_bytes": statistics.indexBytes,
            "store_bytes": statistics.storeBytes,
            "wal_bytes": statistics.walBytes,
            "segments": statistics.segments,
            "query_ms": ["p50": percentile(0.5), "p95": percentile(0.95), "p99": percentile(0.99), "max": latencies.last ?? 0],
            "queries": hits,
            // Each query's slowest round: which queries make the tail.
            "query_max_ms": Dictionary(uniqueKeysWithValues: zip(queries, byQuery.map { $0.max() ?? 0 })),
        ]
        let json = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
        print(String(decoding: json, as: UTF8.self))
        shard.close()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
