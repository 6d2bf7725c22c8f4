/// What other partitions need to compare one report with theirs: its identity, counted
/// sentences (text and hash, in order) and MinHash signature. Only the partition holding the
/// report can build it (``FactsPartition/similarityProfile(_:)``).
package struct SimilarityProfile: Sendable, Hashable {
    package var docID: String
    package var title: String
    package var organization: String?
    package var year: Int?
    /// Hashes of the counted sentences, in document order (repeats included).
    package var sentenceHashes: [UInt64]
    /// The counted sentences as written, parallel to ``sentenceHashes``.
    package var sentences: [String]
    /// MinHash signature (``TextFingerprint``); empty when the text is too short.
    package var signature: [UInt32]

    /// A profile; see the properties.
    package init(
        docID: String,
        title: String,
        organization: String?,
        year: Int?,
        sentenceHashes: [UInt64],
        sentences: [String],
        signature: [UInt32]
    ) {
        precondition(sentenceHashes.count == sentences.count, "one hash per sentence")
        self.docID = docID
        self.title = title
        self.organization = organization
        self.year = year
        self.sentenceHashes = sentenceHashes
        self.sentences = sentences
        self.signature = signature
    }

    /// The profile of a text (used by partitions, and by tests on constructed pairs).
    package init(docID: String, title: String = "", organization: String?, year: Int?, text: String) {
        let sentences = TextFingerprint.sentences(of: text)
        self.init(
            docID: docID,
            title: title,
            organization: organization,
            year: year,
            sentenceHashes: sentences.map(\.hash),
            sentences: sentences.map(\.text),
            signature: TextFingerprint.signature(of: text)
        )
    }

    /// How much of this report repeats a text: the share of counted sentences (with repeats)
    /// whose hash is among `other`'s, and the repeated sentences (distinct, in order, at most
    /// `passageLimit`).
    package func copyRatio(against other: Set<UInt64>, passageLimit: Int = 200) -> (ratio: Double, passages: [String]) {
        guard !self.sentenceHashes.isEmpty else { return (0, []) }
        var repeated = 0
        var seen = Set<UInt64>()
        var passages: [String] = []
        for (index, hash) in self.sentenceHashes.enumerated() where other.contains(hash) {
            repeated += 1
            if passages.count < passageLimit, seen.insert(hash).inserted { passages.append(self.sentences[index]) }
        }
        return (Double(repeated) / Double(self.sentenceHashes.count), passages)
    }
}

/// The same organization's previous-year report and how much this one repeats it.
package struct PreviousReportMatch: Sendable, Hashable {
    package var docID: String
    package var title: String
    package var year: Int
    /// Share of this report's counted sentences found in the previous report (0–1).
    package var copyRatio: Double
    /// The repeated sentences, distinct, in this report's order.
    package var repeatedPassages: [String]

    /// A match; see the properties.
    package init(docID: String, title: String, year: Int, copyRatio: Double, repeatedPassages: [String]) {
        self.docID = docID
        self.title = title
        self.year = year
        self.copyRatio = copyRatio
        self.repeatedPassages = repeatedPassages
    }

    /// Preference when several candidates exist: higher copy ratio, then smaller doc id.
    func isBetter(than other: PreviousReportMatch) -> Bool {
        self.copyRatio != other.copyRatio ? self.copyRatio > other.copyRatio : self.docID < other.docID
    }
}

/// A report similar to the profiled one.
package struct SimilarPeer: Sendable, Hashable {
    package var docID: String
    package var title: String
    package var organization: String?
    package var year: Int?
    /// Estimated Jaccard similarity of the two shingle sets (0–1).
    package var similarity: Double

    /// A peer; see the properties.
    package init(docID: String, title: String, organization: String?, year: Int?, similarity: Double) {
        self.docID = docID
        self.title = title
        self.organization = organization
        self.year = year
        self.similarity = similarity
    }

    /// Ranking: higher similarity, then smaller doc id.
    func ranks(before other: SimilarPeer) -> Bool {
        self.similarity != other.similarity ? self.similarity > other.similarity : self.docID < other.docID
    }
}

/// One partition's answer to a similarity request: mergeable across partitions.
package struct SimilarityPartial: Sendable, Hashable {
    /// The profiled report.
    package var docID: String
    /// The previous-year report of the same organization, if this partition holds one.
    package var previous: PreviousReportMatch?
    /// The most similar reports here, best first.
    package var peers: [SimilarPeer]

    /// A partial; see the properties.
    package init(docID: String, previous: PreviousReportMatch? = nil, peers: [SimilarPeer] = []) {
        self.docID = docID
        self.previous = previous
        self.peers = peers
    }

    /// Combines partials of several partitions: the best previous-year match (highest copy
    /// ratio, then smallest doc id) and the `limit` best peers overall (duplicates by doc id
    /// removed). `nil` for no partials.
    package static func merge(_ partials: [SimilarityPartial], limit: Int) -> SimilarityPartial? {
        guard let first = partials.first else { return nil }
        var result = SimilarityPartial(docID: first.docID)
        var byDoc: [String: SimilarPeer] = [:]
        for partial in partials {
            if let candidate = partial.previous, result.previous.map({ candidate.isBetter(than: $0) }) ?? true {
                result.previous = candidate
            }
            for peer in partial.peers where byDoc[peer.docID].map({ peer.ranks(before: $0) }) ?? true {
                byDoc[peer.docID] = peer
            }
        }
        result.peers = Array(byDoc.values.sorted { $0.ranks(before: $1) }.prefix(Swift.max(0, limit)))
        return result
    }
}
