extension FactsTable {
    /// The profile of a live report held here, or `nil`.
    package func similarityProfile(_ docID: String) -> SimilarityProfile? {
        guard let ordinal = self.ordinalByDocID[docID].map(Int.init) else { return nil }
        let sentences = TextFingerprint.sentences(of: self.texts[ordinal])
        let offset = Int(self.signatureOffsets[ordinal])
        return SimilarityProfile(
            docID: docID,
            title: self.titles[ordinal],
            organization: self.organizations.optional(self.organizationCodes[ordinal]),
            year: self.years[ordinal] == 0 ? nil : Int(self.years[ordinal]),
            sentenceHashes: sentences.map(\.hash),
            sentences: sentences.map(\.text),
            signature: offset >= 0 ? Array(self.signatures[offset..<offset + TextFingerprint.signatureLength]) : []
        )
    }

    /// Compares a profile with the reports held here: the same organization's report for the
    /// previous year (copy ratio and repeated passages), and the `limit` most similar other
    /// reports by estimated Jaccard similarity (any organization or year; the profiled report
    /// itself is skipped).
    package func similarity(for profile: SimilarityProfile, limit: Int) -> SimilarityPartial {
        var partial = SimilarityPartial(docID: profile.docID)
        if let organization = profile.organization, let year = profile.year,
            let code = self.organizations.code(of: organization), code != 0
        {
            for ordinal in self.docIDs.indices
            where self.alive[ordinal] && self.organizationCodes[ordinal] == code && Int(self.years[ordinal]) == year - 1
                && self.docIDs[ordinal] != profile.docID
            {
                let previous = Set(TextFingerprint.sentences(of: self.texts[ordinal]).map(\.hash))
                let (ratio, passages) = profile.copyRatio(against: previous)
                let candidate = PreviousReportMatch(
                    docID: self.docIDs[ordinal],
                    title: self.titles[ordinal],
                    year: year - 1,
                    copyRatio: ratio,
                    repeatedPassages: passages
                )
                if partial.previous.map({ candidate.isBetter(than: $0) }) ?? true { partial.previous = candidate }
            }
        }
        guard limit > 0, profile.signature.count == TextFingerprint.signatureLength else { return partial }
        var best: [SimilarPeer] = []
        self.signatures.withUnsafeBufferPointer { signatures in
            profile.signature.withUnsafeBufferPointer { mine in
                for ordinal in self.docIDs.indices where self.alive[ordinal] && self.signatureOffsets[ordinal] >= 0 {
                    let offset = Int(self.signatureOffsets[ordinal])
                    var equal = 0
                    for index in 0..<TextFingerprint.signatureLength where signatures[offset + index] == mine[index] {
                        equal += 1
                    }
                    let similarity = Double(equal) / Double(TextFingerprint.signatureLength)
                    if best.count == limit, let worst = best.last, similarity < worst.similarity { continue }
                    guard self.docIDs[ordinal] != profile.docID else { continue }
                    let peer = SimilarPeer(
                        docID: self.docIDs[ordinal],
                        title: self.titles[ordinal],
                        organization: self.organizations.optional(self.organizationCodes[ordinal]),
                        year: self.years[ordinal] == 0 ? nil : Int(self.years[ordinal]),
                        similarity: similarity
                    )
                    let position = best.firstIndex { peer.ranks(before: $0) } ?? best.count
                    if position < limit {
                        best.insert(peer, at: position)
                        if best.count > limit { best.removeLast() }
                    }
                }
            }
        }
        partial.peers = best
        return partial
    }
}
