/// The methods of the fazhi services, as they appear in `Frame.method`.
///
/// The `.proto` files in `proto/fazhi/v1/` document each method's request and response types.
/// Every method is marked idempotent or not: clients retry only idempotent calls.
package struct FazhiMethod: Hashable, Sendable, CustomStringConvertible {
    /// The full method name, "/fazhi.v1.Service/Method".
    package let name: String
    /// Whether calling it twice has the same effect as calling it once (safe to retry).
    package let isIdempotent: Bool

    /// A method with its name and idempotency.
    package init(_ name: String, idempotent: Bool) {
        self.name = name
        self.isIdempotent = idempotent
    }

    package var description: String { self.name }

    /// Health of one service.
    package static let healthCheck = FazhiMethod("/fazhi.v1.Health/Check", idempotent: true)

    /// Parser methods.
    package enum Parser {
        package static let parse = FazhiMethod("/fazhi.v1.Parser/Parse", idempotent: true)
        package static let parseBatch = FazhiMethod("/fazhi.v1.Parser/ParseBatch", idempotent: true)
    }

    /// Indexer methods.
    package enum Indexer {
        package static let index = FazhiMethod("/fazhi.v1.Indexer/Index", idempotent: true)
        package static let delete = FazhiMethod("/fazhi.v1.Indexer/Delete", idempotent: true)
        package static let termStats = FazhiMethod("/fazhi.v1.Indexer/TermStats", idempotent: true)
        package static let search = FazhiMethod("/fazhi.v1.Indexer/Search", idempotent: true)
        package static let get = FazhiMethod("/fazhi.v1.Indexer/Get", idempotent: true)
        package static let stats = FazhiMethod("/fazhi.v1.Indexer/Stats", idempotent: true)
        package static let list = FazhiMethod("/fazhi.v1.Indexer/List", idempotent: true)
    }

    /// Aggregator methods.
    package enum Aggregator {
        package static let add = FazhiMethod("/fazhi.v1.Aggregator/Add", idempotent: true)
        package static let aggregate = FazhiMethod("/fazhi.v1.Aggregator/Aggregate", idempotent: true)
        package static let compliance = FazhiMethod("/fazhi.v1.Aggregator/Compliance", idempotent: true)
        package static let similarity = FazhiMethod("/fazhi.v1.Aggregator/Similarity", idempotent: true)
        package static let similarityProfile = FazhiMethod("/fazhi.v1.Aggregator/SimilarityProfile", idempotent: true)
    }

    /// Gateway methods.
    package enum Gateway {
        package static let ingest = FazhiMethod("/fazhi.v1.Gateway/Ingest", idempotent: true)
        package static let search = FazhiMethod("/fazhi.v1.Gateway/Search", idempotent: true)
        package static let get = FazhiMethod("/fazhi.v1.Gateway/Get", idempotent: true)
        package static let aggregate = FazhiMethod("/fazhi.v1.Gateway/Aggregate", idempotent: true)
        package static let compliance = FazhiMethod("/fazhi.v1.Gateway/Compliance", idempotent: true)
        package static let similarity = FazhiMethod("/fazhi.v1.Gateway/Similarity", idempotent: true)
        package static let clusterHealth = FazhiMethod("/fazhi.v1.Gateway/ClusterHealth", idempotent: true)
        package static let list = FazhiMethod("/fazhi.v1.Gateway/List", idempotent: true)
    }
}

/// The version every fazhi executable reports.
package enum FazhiVersion {
    /// Semantic version of this build.
    package static let current = "0.1.0"
}
