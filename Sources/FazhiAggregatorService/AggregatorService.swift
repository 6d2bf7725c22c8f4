package import FazhiAggregation
internal import FazhiMapping
internal import FazhiParsing
internal import FazhiProto
package import FazhiTransport
package import FazhiWire
internal import Foundation
package import Logging
internal import ServiceLifecycle

/// fazhi-aggregator: one partition of the facts table, durable (``FactsPartition``: a
/// group-committed log and snapshots), answering with mergeable partials.
///
/// Methods: Health, `Aggregator/Add`, `Aggregate`, `Compliance`, `SimilarityProfile`,
/// `Similarity`. Add is acknowledged only once the reports are on disk.
package struct AggregatorService: Sendable {
    /// How the aggregator runs.
    package struct Configuration: Sendable, Hashable {
        /// Address, limits and token of its server.
        package var server: FrameServer.Configuration
        /// This partition's index, 0..<partitionCount.
        package var partition: UInt32
        /// How many partitions the facts table is split into.
        package var partitionCount: UInt32
        /// Where the durable state lives (created if missing).
        package var dataDirectory: String

        /// Creates a configuration; `partition` must be below `partitionCount`.
        package init(
            server: FrameServer.Configuration = .defaults,
            partition: UInt32 = 0,
            partitionCount: UInt32 = 1,
            dataDirectory: String
        ) {
            precondition(partition < partitionCount, "partition must be below partitionCount")
            self.dataDirectory = dataDirectory
            self.server = server
            self.partition = partition
            self.partitionCount = partitionCount
        }
    }

    /// "aggregator".
    package static let role = "aggregator"
    /// The server and health state.
    package let core: ServiceCore
    /// The partition's facts.
    package let partition: FactsPartition

    /// Opens (recovering) the partition; it serves once run.
    package init(configuration: Configuration, logger: Logger) throws {
        var logger = logger
        logger[metadataKey: "service.partition"] = "\(configuration.partition)"
        let partition = try FactsPartition(directory: configuration.dataDirectory)
        logger.info(
            "facts partition open",
            metadata: [
                "reports": "\(partition.reportCount)", "facts": "\(partition.factCount)",
                "log_records_replayed": "\(partition.recovery.logRecords)",
                "torn_bytes_dropped": "\(partition.recovery.truncatedBytes)",
            ]
        )
        self.partition = partition
        let handlers = AggregatorHandlers(partition: partition)
        self.core = ServiceCore(
            role: Self.role,
            shard: configuration.partition,
            shardCount: configuration.partitionCount,
            server: configuration.server,
            logger: logger
        ) { router, _ in
            router.register(FazhiMethod.Aggregator.add) { (request: Fazhi_V1_AddRequest, _) in
                try await handlers.add(request)
            }
            router.register(FazhiMethod.Aggregator.aggregate) { (request: Fazhi_V1_AggregateRequest, _) in
                try handlers.aggregate(request)
            }
            router.register(FazhiMethod.Aggregator.compliance) { (request: Fazhi_V1_ComplianceRequest, _) in
                try handlers.compliance(request)
            }
            router.register(FazhiMethod.Aggregator.similarityProfile) { (request: Fazhi_V1_SimilarityRequest, _) in
                handlers.similarityProfile(request)
            }
            router.register(FazhiMethod.Aggregator.similarity) { (request: Fazhi_V1_SimilarityRequest, _) in
                try handlers.similarity(request)
            }
        }
    }
}

extension AggregatorService: Service {
    package func run() async throws {
        defer { self.partition.close() }
        try await self.core.server.run()
    }
}

struct AggregatorHandlers: Sendable {
    let partition: FactsPartition

    func add(_ request: Fazhi_V1_AddRequest) async throws -> Fazhi_V1_AddResponse {
        for report in request.reports where report.docID.isEmpty {
            throw WireError(code: .invalidArgument, message: "a report in AddRequest has no doc_id")
        }
        let records = request.reports.map { ReportRecord(ParsedReport($0)) }
        let outcome = try await self.partition.add(records)
        var response = Fazhi_V1_AddResponse()
        response.added = UInt32(outcome.added)
        response.unchanged = UInt32(outcome.unchangedDocIDs.count)
        response.unchangedDocIds = outcome.unchangedDocIDs
        return response
    }

    func aggregate(_ request: Fazhi_V1_AggregateRequest) throws -> Fazhi_V1_AggregateResponse {
        if case .UNRECOGNIZED(let value) = request.period {
            throw WireError(code: .invalidArgument, message: "unknown period \(value) in AggregateRequest.period")
        }
        let query = AggregateQuery(request)
        // One partition's rows are final only after the same merge the gateway applies; the
        // markers that carry group sizes stay in, so a gateway can merge partitions exactly.
        let rows = AggregateMerge.finalize(try self.partition.aggregate(query))
        var response = Fazhi_V1_AggregateResponse()
        response.groups = rows.map(Fazhi_V1_AggregateGroup.init)
        response.partitionsTotal = 1
        response.partitionsAnswered = 1
        return response
    }

    func compliance(_ request: Fazhi_V1_ComplianceRequest) throws -> Fazhi_V1_ComplianceResponse {
        let rows = try self.partition.compliance(ComplianceQuery(request))
        var response = Fazhi_V1_ComplianceResponse()
        response.rows = rows.map(Fazhi_V1_ComplianceRow.init)
        response.partitionsTotal = 1
        response.partitionsAnswered = 1
        return response
    }

    func similarityProfile(_ request: Fazhi_V1_SimilarityRequest) -> Fazhi_V1_SimilarityProfileResponse {
        var response = Fazhi_V1_SimilarityProfileResponse()
        if let profile = self.partition.similarityProfile(request.docID) {
            response.profile = SimilarityProfileCoding.encode(profile)
        }
        return response
    }

    func similarity(_ request: Fazhi_V1_SimilarityRequest) throws -> Fazhi_V1_SimilarityResponse {
        let limit = request.limit == 0 ? 5 : Int(min(request.limit, 100))
        let profile: SimilarityProfile
        if !request.profile.isEmpty {
            profile = try SimilarityProfileCoding.decode(request.profile)
        } else if let local = self.partition.similarityProfile(request.docID) {
            profile = local
        } else {
            throw WireError(code: .notFound, message: "this partition holds no report with doc id \(request.docID)")
        }
        return Fazhi_V1_SimilarityResponse(self.partition.similarity(for: profile, limit: limit))
    }
}

extension AggregationError: WireErrorConvertible {
    package var wireError: WireError {
        if self.code.isInvalidArgument { return WireError(code: .invalidArgument, message: self.message, cause: self) }
        if self.code.isFailedPrecondition { return WireError(code: .failedPrecondition, message: self.message, cause: self) }
        return WireError(code: .internalError, message: self.message, cause: self)
    }
}
