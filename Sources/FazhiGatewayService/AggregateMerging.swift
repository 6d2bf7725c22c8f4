internal import FazhiProto
internal import FazhiWire

/// Merging of partitions' aggregate partials. Counts, sums, minima and maxima merge exactly;
/// quantiles merge through the aggregator's sketch.
enum AggregateMerging {
    static func merge(_ responses: [Fazhi_V1_AggregateResponse]) throws -> Fazhi_V1_AggregateResponse {
        // Replaced by the aggregation library's sketch merge once it lands.
        var response = Fazhi_V1_AggregateResponse()
        response.groups = responses.flatMap(\.groups)
        return response
    }
}
