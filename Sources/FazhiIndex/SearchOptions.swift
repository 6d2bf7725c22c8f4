/// How ``IndexShard/search(_:options:)`` pages, counts facets, cuts snippets and scores.
package struct SearchOptions: Sendable, Hashable {
    /// The most hits returned (default 10, at most ``maximumLimit``).
    package var limit: Int
    /// Hits skipped before the first returned (for paging).
    package var offset: Int
    /// Fields to count over the whole matched set: any of `year`, `province`, `city`,
    /// `county`, `level`, `part`, `indicator`, `org`.
    package var facets: [String]
    /// Snippets per hit (default 3; 0 for none).
    package var snippets: Int
    /// Collection statistics summed over all shards (phase 1, ``IndexShard/termStatistics(_:)``);
    /// nil scores with this shard's own statistics.
    package var globalStatistics: TermStatistics?

    /// The largest accepted `limit`.
    package static let maximumLimit = 1000

    /// Options; see the properties.
    package init(
        limit: Int = 10,
        offset: Int = 0,
        facets: [String] = [],
        snippets: Int = 3,
        globalStatistics: TermStatistics? = nil
    ) {
        self.limit = limit
        self.offset = offset
        self.facets = facets
        self.snippets = snippets
        self.globalStatistics = globalStatistics
    }
}

/// Per-shard statistics for scoring; shards' values are summed with ``merge(_:)``.
package struct TermStatistics: Sendable, Hashable {
    /// Live documents.
    package var documentCount: UInt64
    /// Sum of live documents' lengths (folded scalars, whitespace excluded).
    package var totalLength: UInt64
    /// Live documents containing each scoring term, keyed by the folded term
    /// (``Query/scoringTerms``).
    package var documentFrequency: [String: UInt64]

    /// Statistics; see the properties.
    package init(documentCount: UInt64 = 0, totalLength: UInt64 = 0, documentFrequency: [String: UInt64] = [:]) {
        self.documentCount = documentCount
        self.totalLength = totalLength
        self.documentFrequency = documentFrequency
    }

    /// Adds another shard's statistics (exact, so any split of the documents scores alike).
    package mutating func merge(_ other: TermStatistics) {
        self.documentCount += other.documentCount
        self.totalLength += other.totalLength
        for (term, frequency) in other.documentFrequency { self.documentFrequency[term, default: 0] += frequency }
    }

    /// The collection part, for ``BM25``.
    package var collection: CollectionStatistics {
        CollectionStatistics(documentCount: self.documentCount, totalLength: self.totalLength)
    }
}

/// What one search found.
package struct SearchResult: Sendable {
    /// Matching documents in the shard (all of them, not only the returned page).
    package var totalHits: Int
    /// The requested page, best first (ties by ascending doc id).
    package var hits: [SearchHit]
    /// Counts over the whole matched set, one per requested field, in request order.
    package var facets: [FacetResult]

    /// A result; see the properties.
    package init(totalHits: Int, hits: [SearchHit], facets: [FacetResult]) {
        self.totalHits = totalHits
        self.hits = hits
        self.facets = facets
    }
}

/// One matching document.
package struct SearchHit: Sendable, Hashable {
    package var docID: String
    /// BM25 score (0 for a query of filters only).
    package var score: Double
    package var title: String
    package var year: Int?
    package var province: String?
    package var level: String?
    package var organization: String?
    /// Passages of the original text around matches, in text order.
    package var snippets: [Snippet]

    /// A hit; see the properties.
    package init(
        docID: String,
        score: Double,
        title: String,
        year: Int?,
        province: String?,
        level: String?,
        organization: String?,
        snippets: [Snippet]
    ) {
        self.docID = docID
        self.score = score
        self.title = title
        self.year = year
        self.province = province
        self.level = level
        self.organization = organization
        self.snippets = snippets
    }
}

/// A passage cut from the original text on character boundaries.
package struct Snippet: Sendable, Hashable {
    /// The passage, exactly as in the original text.
    package var text: String
    /// UTF-8 byte offset of the passage in the original text.
    package var offset: Int
    /// UTF-8 byte ranges of the matches within ``text``.
    package var highlights: [Range<Int>]

    /// A snippet; see the properties.
    package init(text: String, offset: Int, highlights: [Range<Int>]) {
        self.text = text
        self.offset = offset
        self.highlights = highlights
    }
}

/// Value counts of one field over a matched set.
package struct FacetResult: Sendable {
    /// The field name as requested.
    package var field: String
    /// Values with their document counts, by count descending, then value ascending.
    package var counts: [(value: String, count: Int)]

    /// A facet; see the properties.
    package init(field: String, counts: [(value: String, count: Int)]) {
        self.field = field
        self.counts = counts
    }
}

/// Sizes of a shard.
package struct ShardStatistics: Sendable, Hashable {
    /// Live documents.
    package var documents: Int
    /// Segments (on disk and in memory).
    package var segments: Int
    /// Bytes of term dictionaries, postings, positions and metadata.
    package var indexBytes: Int
    /// Bytes of the write-ahead log.
    package var walBytes: Int
    /// Bytes of the document store (compressed texts and stored blobs).
    package var storeBytes: Int

    /// Statistics; see the properties.
    package init(documents: Int, segments: Int, indexBytes: Int, walBytes: Int, storeBytes: Int) {
        self.documents = documents
        self.segments = segments
        self.indexBytes = indexBytes
        self.walBytes = walBytes
        self.storeBytes = storeBytes
    }
}
