package import FazhiAggregation
internal import FazhiParsing
package import FazhiProto
package import Foundation

// Aggregator messages ↔ the aggregation library's model.

extension ReportFilter {
    /// The model filter of a wire filter (zero years and empty lists: no restriction).
    package init(_ filter: Fazhi_V1_ReportFilter) {
        self.init(
            yearMin: Int(filter.yearMin),
            yearMax: Int(filter.yearMax),
            provinces: filter.provinces,
            levels: filter.levels.compactMap { AdministrativeLevel($0)?.rawValue },
            organizations: filter.organizations,
            cities: filter.cities,
            counties: filter.counties
        )
    }
}

extension AggregateQuery {
    package init(_ request: Fazhi_V1_AggregateRequest) {
        self.init(
            indicators: request.indicators.filter { !$0.isEmpty },
            groupBy: request.groupBy,
            filter: ReportFilter(request.filter),
            allowCrossLevelSum: request.allowCrossLevelSum,
            period: Period(request.period)
        )
    }
}

extension ComplianceQuery {
    package init(_ request: Fazhi_V1_ComplianceRequest) {
        self.init(groupBy: request.groupBy, filter: ReportFilter(request.filter))
    }
}

extension Fazhi_V1_AggregateGroup {
    /// The wire form of a result row; a group marker has an empty indicator.
    package init(_ row: AggregateGroupResult) {
        self.init()
        self.key = row.key
        self.indicator = row.indicator
        self.unit = row.unit
        var stats = Fazhi_V1_PartialStats()
        stats.count = row.stats.count
        stats.reports = row.stats.reports
        stats.reportsInGroup = row.stats.reportsInGroup
        stats.sum = row.stats.sum
        stats.min = row.stats.count == 0 ? 0 : row.stats.min
        stats.max = row.stats.count == 0 ? 0 : row.stats.max
        stats.lowerBoundCount = row.stats.lowerBoundCount
        stats.otherPeriodCount = row.stats.otherPeriodCount
        stats.sketch = Data(row.stats.sketchBytes)
        if let summary = row.stats.summary {
            stats.mean = summary.mean
            stats.median = summary.median
            stats.p90 = summary.p90
        }
        self.stats = stats
    }
}

extension AggregateGroupResult {
    /// The model form of a wire row; throws when its sketch does not decode.
    package init(_ group: Fazhi_V1_AggregateGroup) throws(AggregationError) {
        let stats = group.stats
        let partial = try PartialStats(
            count: stats.count,
            reports: stats.reports,
            reportsInGroup: stats.reportsInGroup,
            sum: stats.sum,
            min: stats.count == 0 ? .infinity : stats.min,
            max: stats.count == 0 ? -.infinity : stats.max,
            lowerBoundCount: stats.lowerBoundCount,
            otherPeriodCount: stats.otherPeriodCount,
            sketchBytes: Array(stats.sketch)
        )
        self.init(key: group.key, indicator: group.indicator, unit: group.unit, stats: partial)
    }
}

extension Fazhi_V1_ComplianceRow {
    package init(_ row: ComplianceRowResult) {
        self.init()
        self.key = row.key
        self.reports = row.reports
        self.onTime = row.onTime
        self.late = row.late
        self.unknownDate = row.unknownDate
        self.withPartA = row.withPartA
        self.withPartB = row.withPartB
        self.withPartC = row.withPartC
        self.withPartD = row.withPartD
        self.withPartE = row.withPartE
        self.complete = row.complete
        self.lagDaysSum = row.lagDaysSum
    }
}

extension Fazhi_V1_SimilarityResponse {
    package init(_ partial: SimilarityPartial) {
        self.init()
        self.docID = partial.docID
        if let previous = partial.previous {
            self.previousDocID = previous.docID
            self.copyRatio = previous.copyRatio
            self.repeatedPassages = previous.repeatedPassages
        }
        self.peers = partial.peers.map { peer in
            var wire = Fazhi_V1_SimilarPeer()
            wire.docID = peer.docID
            wire.title = peer.title
            wire.organization = peer.organization ?? ""
            wire.reportYear = Int32(peer.year ?? 0)
            wire.similarity = peer.similarity
            return wire
        }
    }
}

/// The profile's bytes on the wire (SimilarityRequest.profile): JSON of its fields, versioned.
package enum SimilarityProfileCoding {
    /// The profile format: 2 since signatures follow ``TextFingerprint/signatureScheme`` 2.
    static let version = TextFingerprint.signatureScheme

    private struct Wire: Codable {
        var v: Int
        var docID: String
        var title: String
        var organization: String?
        var year: Int?
        var sentenceHashes: [UInt64]
        var sentences: [String]
        var signature: [UInt32]
    }

    package static func encode(_ profile: SimilarityProfile) -> Data {
        let wire = Wire(
            v: Self.version, docID: profile.docID, title: profile.title, organization: profile.organization, year: profile.year,
            sentenceHashes: profile.sentenceHashes, sentences: profile.sentences, signature: profile.signature
        )
        return (try? JSONEncoder().encode(wire)) ?? Data()
    }

    /// Throws a readable error for bytes that are not a profile.
    package static func decode(_ data: Data) throws -> SimilarityProfile {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: data)
        } catch {
            throw AggregationError(.corruptData, "SimilarityRequest.profile is not a similarity profile: \(error)")
        }
        // Version 1 carried scheme-1 signatures, which cannot be compared with today's.
        guard wire.v == Self.version else {
            throw AggregationError(.corruptData, "similarity profile version \(wire.v) is not supported (this partition speaks \(Self.version))")
        }
        return SimilarityProfile(
            docID: wire.docID, title: wire.title, organization: wire.organization, year: wire.year,
            sentenceHashes: wire.sentenceHashes, sentences: wire.sentences, signature: wire.signature
        )
    }
}
