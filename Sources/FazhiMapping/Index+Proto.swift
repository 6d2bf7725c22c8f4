package import FazhiIndex
internal import FazhiParsing
package import FazhiProto

// Indexer messages ↔ the index library's model.

extension IndexDocument {
    /// What the index keeps of a report: its text and metadata for search, filters and facets,
    /// and `stored` (the serialized report) for Get.
    package init(_ report: Fazhi_V1_Report, stored: [UInt8]) {
        let metadata = report.metadata
        let region = metadata.region
        var indicators: [String] = []
        var seen = Set<String>()
        for fact in report.facts where !fact.indicator.isEmpty && seen.insert(fact.indicator).inserted {
            indicators.append(fact.indicator)
        }
        self.init(
            docID: report.docID,
            contentHash: ParsedReport.storedVersion(contentSHA256: report.contentSha256, parserVersion: report.parserVersion),
            text: report.text,
            title: metadata.title,
            year: metadata.reportYear == 0 ? nil : Int(metadata.reportYear),
            province: region.province.isEmpty ? nil : region.province,
            city: region.city.isEmpty ? nil : region.city,
            county: region.county.isEmpty ? nil : region.county,
            level: AdministrativeLevel(metadata.level)?.rawValue,
            organization: metadata.organizations.first,
            parts: report.partsPresent.compactMap { MandatedPart($0) }.filter { $0 != .b0 }.map(\.rawValue),
            indicators: indicators,
            stored: stored
        )
    }
}

extension TermStatistics {
    package init(_ stats: Fazhi_V1_GlobalTermStats) {
        self.init(documentCount: stats.documentCount, totalLength: stats.totalLength, documentFrequency: stats.documentFrequency)
    }
}

extension Fazhi_V1_GlobalTermStats {
    package init(_ stats: TermStatistics) {
        self.init()
        self.documentCount = stats.documentCount
        self.totalLength = stats.totalLength
        self.documentFrequency = stats.documentFrequency
    }
}

extension SearchOptions {
    package init(_ request: Fazhi_V1_SearchRequest) {
        self.init(
            limit: request.limit == 0 ? 10 : min(Int(request.limit), SearchOptions.maximumLimit),
            offset: Int(request.offset),
            facets: request.facets,
            snippets: request.hasGlobalStats || request.snippets != 0 ? Int(request.snippets) : 3,
            globalStatistics: request.hasGlobalStats ? TermStatistics(request.globalStats) : nil
        )
    }
}

extension Fazhi_V1_SearchResponse {
    package init(_ result: SearchResult) {
        self.init()
        self.totalHits = UInt64(result.totalHits)
        self.hits = result.hits.map { hit in
            var wire = Fazhi_V1_SearchHit()
            wire.docID = hit.docID
            wire.score = hit.score
            wire.title = hit.title
            wire.reportYear = Int32(hit.year ?? 0)
            wire.province = hit.province ?? ""
            wire.level = Fazhi_V1_Level(hit.level.flatMap(AdministrativeLevel.init(rawValue:)))
            wire.organization = hit.organization ?? ""
            wire.snippets = hit.snippets.map { snippet in
                var wireSnippet = Fazhi_V1_Snippet()
                wireSnippet.text = snippet.text
                wireSnippet.offset = UInt32(snippet.offset)
                wireSnippet.highlights = snippet.highlights.map { range in
                    var highlight = Fazhi_V1_Highlight()
                    highlight.start = UInt32(range.lowerBound)
                    highlight.end = UInt32(range.upperBound)
                    return highlight
                }
                return wireSnippet
            }
            return wire
        }
        self.facets = result.facets.map { facet in
            var wire = Fazhi_V1_Facet()
            wire.field = facet.field
            wire.counts = facet.counts.map { entry in
                var count = Fazhi_V1_FacetCount()
                count.value = entry.value
                count.count = UInt64(entry.count)
                return count
            }
            return wire
        }
        self.shardsTotal = 1
        self.shardsAnswered = 1
    }
}
