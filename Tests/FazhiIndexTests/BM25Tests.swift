import FazhiIndex
import Testing

@Suite struct BM25Tests {
    @Test("rare terms weigh more than common ones")
    func idfOrdersByRarity() {
        let scorer = BM25()
        let stats = CollectionStatistics(documentCount: 1000, totalLength: 100_000)
        #expect(scorer.idf(documentFrequency: 1, statistics: stats) > scorer.idf(documentFrequency: 500, statistics: stats))
        #expect(scorer.idf(documentFrequency: 1000, statistics: stats) > 0)
    }

    @Test("term frequency saturates and long documents score lower")
    func saturationAndLength() {
        let scorer = BM25()
        let stats = CollectionStatistics(documentCount: 100, totalLength: 10_000)
        let one = scorer.termScore(termFrequency: 1, documentLength: 100, documentFrequency: 10, statistics: stats)
        let two = scorer.termScore(termFrequency: 2, documentLength: 100, documentFrequency: 10, statistics: stats)
        let many = scorer.termScore(termFrequency: 100, documentLength: 100, documentFrequency: 10, statistics: stats)
        #expect(two > one)
        #expect(many < one * (scorer.k1 + 1) + 1e-9)
        let long = scorer.termScore(termFrequency: 1, documentLength: 1000, documentFrequency: 10, statistics: stats)
        #expect(long < one)
    }

    @Test("a known value: N=10, df=2, tf=3, |D|=avgdl")
    func knownValue() {
        let stats = CollectionStatistics(documentCount: 10, totalLength: 500)
        let score = BM25().termScore(termFrequency: 3, documentLength: 50, documentFrequency: 2, statistics: stats)
        // idf = ln(1 + 8.5/2.5) = ln(4.4); tf part = 3·2.2/(3+1.2) = 1.5714...
        #expect(abs(score - 1.481_604_5 * 1.571_428_57) < 1e-3)
    }

    @Test("merged shard statistics equal the whole collection's")
    func mergeIsExact() {
        var merged = CollectionStatistics(documentCount: 3, totalLength: 30)
        merged.merge(CollectionStatistics(documentCount: 7, totalLength: 470))
        #expect(merged == CollectionStatistics(documentCount: 10, totalLength: 500))
        #expect(merged.averageLength == 50)
    }
}
