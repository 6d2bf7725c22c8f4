internal import FazhiAggregation
internal import FazhiMapping
internal import FazhiProto
internal import FazhiWire

/// Merging of partitions' aggregate partials with the aggregation library's rules: counts,
/// sums, minima, maxima and coverage exactly; quantiles by adding sketch buckets; then mean,
/// median and p90 computed once over the merged whole.
enum AggregateMerging {
    static func merge(_ responses: [Fazhi_V1_AggregateResponse], request: Fazhi_V1_AggregateRequest) throws -> Fazhi_V1_AggregateResponse {
        let partitions: [[AggregateGroupResult]]
        do {
            partitions = try responses.map { response throws(AggregationError) in
                try response.groups.map { group throws(AggregationError) in try AggregateGroupResult(group) }
            }
        } catch {
            throw WireError(code: .internalError, message: "a partition sent a partial that does not decode: \(error.message)")
        }
        let merged = try AggregateMerge.finalize(AggregateMerge.merge(partitions, query: AggregateQuery(request)))
        var response = Fazhi_V1_AggregateResponse()
        response.groups = merged.map(Fazhi_V1_AggregateGroup.init)
        return response
    }
}
