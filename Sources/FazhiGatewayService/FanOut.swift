internal import FazhiProto
internal import FazhiTransport
internal import FazhiWire
internal import NIOCore
internal import SwiftProtobuf

/// Calls every backend of one kind at once and collects who answered.
///
/// A backend that fails or misses the deadline is named in `errors`; the caller builds a
/// partial result that says how many answered. Errors that every backend would repeat (a bad
/// query) are raised instead, so a malformed request is never mistaken for an outage.
struct FanOut: Sendable {
    let clients: [FrameClient]
    let role: String

    struct Answers<Response: Sendable>: Sendable {
        /// (backend number, answer) for those that answered.
        var responses: [(Int, Response)]
        /// One line per backend that did not.
        var errors: [String]
        /// The backends that did not answer.
        var failed: Set<Int> = []
        var total: Int
    }

    func call<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ method: FazhiMethod,
        _ request: @escaping @Sendable (Int) -> Request,
        as: Response.Type
    ) async throws -> Answers<Response> {
        guard !self.clients.isEmpty else {
            throw WireError(code: .failedPrecondition, message: "the gateway has no \(self.role) configured")
        }
        let outcomes = await withTaskGroup(of: (Int, Result<Response, WireError>).self) { group in
            for (index, client) in self.clients.enumerated() {
                group.addTask {
                    do {
                        return (index, .success(try await client.call(method, request(index), as: Response.self)))
                    } catch {
                        return (index, .failure(WireError(converting: error)))
                    }
                }
            }
            var outcomes: [(Int, Result<Response, WireError>)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }
        }
        var answers = Answers<Response>(responses: [], errors: [], total: self.clients.count)
        for (index, outcome) in outcomes {
            switch outcome {
            case .success(let response):
                answers.responses.append((index, response))
            case .failure(let error):
                switch error.code {
                case .invalidArgument, .failedPrecondition, .unauthenticated, .permissionDenied, .notFound:
                    throw error
                default:
                    answers.failed.insert(index)
                    answers.errors.append("\(self.role) \(index) (\(self.clients[index].target)): \(error.code): \(error.message)")
                }
            }
        }
        guard !answers.responses.isEmpty else {
            throw WireError(code: .unavailable, message: "no \(self.role) answered: \(answers.errors.joined(separator: "; "))")
        }
        return answers
    }
}

/// Searches and gets over the index shards.
struct SearchFanOut: Sendable {
    let shards: [FrameClient]

    /// Two phases when there is more than one shard: gather every shard's term statistics,
    /// then let every shard score with their sum (Elasticsearch's dfs_query_then_fetch), so a
    /// document scores the same whichever shard holds it and however many there are.
    func search(_ request: Fazhi_V1_SearchRequest) async throws -> Fazhi_V1_SearchResponse {
        let started = NIODeadline.now()
        let fanOut = FanOut(clients: self.shards, role: "index shard")
        let limit = request.limit == 0 ? 10 : min(Int(request.limit), 1000)
        let offset = Int(request.offset)
        var perShard = request
        perShard.offset = 0
        perShard.limit = UInt32(min(offset + limit, 10_000))

        var statisticsFailures: [(Int, String)] = []
        if self.shards.count > 1, !request.hasGlobalStats {
            let phase1 = try await fanOut.call(FazhiMethod.Indexer.termStats, { _ in request }, as: Fazhi_V1_TermStatsResponse.self)
            var global = Fazhi_V1_GlobalTermStats()
            for (_, answer) in phase1.responses {
                global.documentCount += answer.stats.documentCount
                global.totalLength += answer.stats.totalLength
                for (term, frequency) in answer.stats.documentFrequency {
                    global.documentFrequency[term, default: 0] += frequency
                }
            }
            perShard.globalStats = global
            statisticsFailures = zip(phase1.failed.sorted(), phase1.errors).map { ($0, $1) }
        }
        let request2 = perShard
        let phase2 = try await fanOut.call(FazhiMethod.Indexer.search, { _ in request2 }, as: Fazhi_V1_SearchResponse.self)
        let shardsDone = NIODeadline.now()
        var merged = Self.merge(phase2.responses.map(\.1), offset: offset, limit: limit)
        merged.shardsTotal = UInt32(phase2.total)
        merged.shardsAnswered = UInt32(phase2.responses.count)
        // A shard that failed either phase is named once.
        merged.shardErrors = phase2.errors + statisticsFailures.filter { !phase2.failed.contains($0.0) }.map(\.1)
        merged.shardsMicros = started.microseconds(until: shardsDone)
        merged.tookMicros = started.microseconds()
        return merged
    }

    /// Merges shard answers: hits by score, ties by doc id (the order a single shard uses),
    /// totals and facet counts summed.
    static func merge(_ responses: [Fazhi_V1_SearchResponse], offset: Int, limit: Int) -> Fazhi_V1_SearchResponse {
        var merged = Fazhi_V1_SearchResponse()
        var hits: [Fazhi_V1_SearchHit] = []
        var facets: [String: [String: UInt64]] = [:]
        var facetOrder: [String] = []
        for response in responses {
            merged.totalHits += response.totalHits
            hits.append(contentsOf: response.hits)
            for facet in response.facets {
                if facets[facet.field] == nil { facetOrder.append(facet.field) }
                for count in facet.counts { facets[facet.field, default: [:]][count.value, default: 0] += count.count }
            }
        }
        hits.sort { $0.score != $1.score ? $0.score > $1.score : $0.docID < $1.docID }
        merged.hits = Array(hits.dropFirst(offset).prefix(limit))
        merged.facets = facetOrder.map { field in
            var facet = Fazhi_V1_Facet()
            facet.field = field
            facet.counts = (facets[field] ?? [:]).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
                var count = Fazhi_V1_FacetCount()
                count.value = $0.key
                count.count = $0.value
                return count
            }
            return facet
        }
        return merged
    }

    /// A page of every stored report: shard by shard, each in doc id order. The cursor is
    /// "<shard>:<doc id>" (opaque to callers).
    func list(_ request: Fazhi_V1_ListRequest) async throws -> Fazhi_V1_ListResponse {
        guard !self.shards.isEmpty else {
            throw WireError(code: .failedPrecondition, message: "the gateway has no index shard configured")
        }
        var shard = 0
        var after = ""
        if !request.cursor.isEmpty {
            guard let colon = request.cursor.firstIndex(of: ":"), let number = Int(request.cursor[..<colon]),
                (0..<self.shards.count).contains(number)
            else {
                throw WireError(code: .invalidArgument, message: "ListRequest.cursor '\(request.cursor)' is not a cursor this gateway issued")
            }
            shard = number
            after = String(request.cursor[request.cursor.index(after: colon)...])
        }
        var perShard = Fazhi_V1_ListRequest()
        perShard.cursor = after
        perShard.limit = request.limit
        let page = try await self.shards[shard].call(FazhiMethod.Indexer.list, perShard, as: Fazhi_V1_ListResponse.self)
        var response = Fazhi_V1_ListResponse()
        response.reports = page.reports
        if !page.nextCursor.isEmpty {
            response.nextCursor = "\(shard):\(page.nextCursor)"
        } else if shard + 1 < self.shards.count {
            response.nextCursor = "\(shard + 1):"
        }
        return response
    }

    /// The stored report, from the shard that owns its doc id.
    func get(_ request: Fazhi_V1_GetRequest) async throws -> Fazhi_V1_GetResponse {
        guard !self.shards.isEmpty else {
            throw WireError(code: .failedPrecondition, message: "the gateway has no index shard configured")
        }
        guard !request.docID.isEmpty else { throw WireError(code: .invalidArgument, message: "GetRequest.doc_id is empty") }
        let shard = Routing.bucket(of: request.docID, count: self.shards.count)
        return try await self.shards[shard].call(FazhiMethod.Indexer.get, request, as: Fazhi_V1_GetResponse.self)
    }
}

/// Compliance and similarity over the facts partitions.
struct PartitionFanOut: Sendable {
    let partitions: [FrameClient]

    func compliance(_ request: Fazhi_V1_ComplianceRequest) async throws -> Fazhi_V1_ComplianceResponse {
        let answers = try await FanOut(clients: self.partitions, role: "aggregator partition")
            .call(FazhiMethod.Aggregator.compliance, { _ in request }, as: Fazhi_V1_ComplianceResponse.self)
        var rows: [[String]: Fazhi_V1_ComplianceRow] = [:]
        for (_, response) in answers.responses {
            for row in response.rows {
                var sum = rows[row.key] ?? {
                    var empty = Fazhi_V1_ComplianceRow()
                    empty.key = row.key
                    return empty
                }()
                sum.reports += row.reports
                sum.onTime += row.onTime
                sum.late += row.late
                sum.unknownDate += row.unknownDate
                sum.withPartA += row.withPartA
                sum.withPartB += row.withPartB
                sum.withPartC += row.withPartC
                sum.withPartD += row.withPartD
                sum.withPartE += row.withPartE
                sum.complete += row.complete
                sum.lagDaysSum += row.lagDaysSum
                rows[row.key] = sum
            }
        }
        var response = Fazhi_V1_ComplianceResponse()
        response.rows = rows.values.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        response.partitionsTotal = UInt32(answers.total)
        response.partitionsAnswered = UInt32(answers.responses.count)
        response.partitionErrors = answers.errors
        return response
    }

    /// Phase 1 fetches the report's profile from whichever partition holds it; phase 2 asks
    /// every partition for its previous-year match and peers; the answers are merged.
    func similarity(_ request: Fazhi_V1_SimilarityRequest) async throws -> Fazhi_V1_SimilarityResponse {
        guard !request.docID.isEmpty || !request.profile.isEmpty else {
            throw WireError(code: .invalidArgument, message: "SimilarityRequest.doc_id is empty")
        }
        let fanOut = FanOut(clients: self.partitions, role: "aggregator partition")
        var phase2 = request
        if request.profile.isEmpty {
            let profiles = try await fanOut.call(FazhiMethod.Aggregator.similarityProfile, { _ in request }, as: Fazhi_V1_SimilarityProfileResponse.self)
            guard let found = profiles.responses.first(where: { !$0.1.profile.isEmpty }) else {
                if profiles.errors.isEmpty {
                    throw WireError(code: .notFound, message: "no report with doc id \(request.docID)")
                }
                throw WireError(code: .unavailable, message: "the report was not found in the partitions that answered: \(profiles.errors.joined(separator: "; "))")
            }
            phase2.profile = found.1.profile
        }
        let request2 = phase2
        let answers = try await fanOut.call(FazhiMethod.Aggregator.similarity, { _ in request2 }, as: Fazhi_V1_SimilarityResponse.self)
        var merged = Fazhi_V1_SimilarityResponse()
        merged.docID = request.docID
        let limit = request.limit == 0 ? 5 : Int(request.limit)
        var peers: [Fazhi_V1_SimilarPeer] = []
        for (_, response) in answers.responses {
            if !response.previousDocID.isEmpty, merged.previousDocID.isEmpty || response.copyRatio > merged.copyRatio {
                merged.previousDocID = response.previousDocID
                merged.copyRatio = response.copyRatio
                merged.repeatedPassages = response.repeatedPassages
            }
            peers.append(contentsOf: response.peers)
        }
        merged.peers = Array(peers.sorted { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.docID < $1.docID }.prefix(limit))
        return merged
    }
}

extension PartitionFanOut {
    /// Every partition's partial statistics, merged per (group key, indicator, unit).
    func aggregate(_ request: Fazhi_V1_AggregateRequest) async throws -> Fazhi_V1_AggregateResponse {
        let answers = try await FanOut(clients: self.partitions, role: "aggregator partition")
            .call(FazhiMethod.Aggregator.aggregate, { _ in request }, as: Fazhi_V1_AggregateResponse.self)
        var response = try AggregateMerging.merge(answers.responses.map(\.1), request: request)
        response.partitionsTotal = UInt32(answers.total)
        response.partitionsAnswered = UInt32(answers.responses.count)
        response.partitionErrors = answers.errors
        return response
    }
}
