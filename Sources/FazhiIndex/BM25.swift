/// Okapi BM25 relevance scoring, with parameters and collection statistics kept apart so that
/// every shard can score with the same *global* statistics (see ``CollectionStatistics``).
///
/// score(D, Q) = Σ_t idf(t) · tf(t, D) · (k1 + 1) / (tf(t, D) + k1 · (1 − b + b · |D| / avgdl))
/// with idf(t) = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5)), Lucene's non-negative variant.
package struct BM25: Sendable, Hashable {
    /// Term-frequency saturation. Default 1.2.
    package var k1: Double
    /// Length normalisation (0 = none, 1 = full). Default 0.75.
    package var b: Double

    /// Creates a scorer; `k1` must be non-negative and `b` within 0...1.
    package init(k1: Double = 1.2, b: Double = 0.75) {
        precondition(k1 >= 0, "k1 must be non-negative")
        precondition((0...1).contains(b), "b must be within 0...1")
        self.k1 = k1
        self.b = b
    }

    /// The inverse document frequency of a term found in `documentFrequency` of the documents.
    package func idf(documentFrequency: UInt64, statistics: CollectionStatistics) -> Double {
        let n = Double(statistics.documentCount)
        let df = Double(min(documentFrequency, statistics.documentCount))
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }

    /// One term's contribution to a document's score.
    package func termScore(
        termFrequency: Int,
        documentLength: Int,
        documentFrequency: UInt64,
        statistics: CollectionStatistics
    ) -> Double {
        guard termFrequency > 0, statistics.documentCount > 0 else { return 0 }
        let tf = Double(termFrequency)
        let norm = 1 - self.b + self.b * Double(documentLength) / max(statistics.averageLength, 1e-9)
        let saturation = tf * (self.k1 + 1) / (tf + self.k1 * norm)
        return self.idf(documentFrequency: documentFrequency, statistics: statistics) * saturation
    }
}

/// Collection-wide statistics for scoring, summed over all shards before any shard scores.
package struct CollectionStatistics: Sendable, Hashable {
    /// Documents in the collection.
    package var documentCount: UInt64
    /// Sum of document lengths in tokens.
    package var totalLength: UInt64

    /// Statistics of a collection of `documentCount` documents totalling `totalLength` tokens.
    package init(documentCount: UInt64 = 0, totalLength: UInt64 = 0) {
        self.documentCount = documentCount
        self.totalLength = totalLength
    }

    /// Average document length (0 for an empty collection).
    package var averageLength: Double {
        self.documentCount == 0 ? 0 : Double(self.totalLength) / Double(self.documentCount)
    }

    /// Adds another shard's statistics: merging is exact, so any split scores alike.
    package mutating func merge(_ other: CollectionStatistics) {
        self.documentCount += other.documentCount
        self.totalLength += other.totalLength
    }
}

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
