package import FazhiIndex
internal import FazhiMapping
internal import FazhiProto
package import FazhiTransport
package import FazhiWire
internal import Foundation
package import Logging
internal import NIOCore
internal import NIOPosix
internal import ServiceLifecycle
internal import SwiftProtobuf

/// fazhi-indexer: one shard of the full-text index and the document store (``IndexShard``).
///
/// Methods: Health, `Indexer/Index` and `Delete` (answered only once durable), `TermStats`
/// and `Search` (the two phases of a sharded search), `Get`, `Stats`. A bad query is answered
/// INVALID_ARGUMENT with the position and the reason.
package struct IndexerService: Sendable {
    /// How the indexer runs.
    package struct Configuration: Sendable, Hashable {
        /// Address, limits and token of its server.
        package var server: FrameServer.Configuration
        /// This shard's index, 0..<shardCount.
        package var shard: UInt32
        /// How many shards the index is split into.
        package var shardCount: UInt32
        /// Where the durable state lives (created if missing).
        package var dataDirectory: String

        /// Creates a configuration; `shard` must be below `shardCount`.
        package init(
            server: FrameServer.Configuration = .defaults,
            shard: UInt32 = 0,
            shardCount: UInt32 = 1,
            dataDirectory: String
        ) {
            precondition(shard < shardCount, "shard must be below shardCount")
            self.dataDirectory = dataDirectory
            self.server = server
            self.shard = shard
            self.shardCount = shardCount
        }
    }

    /// "indexer".
    package static let role = "indexer"
    /// The server and health state.
    package let core: ServiceCore
    /// The shard's index and document store.
    package let index: IndexShard

    /// Opens (recovering) the shard; it serves once run.
    package init(configuration: Configuration, logger: Logger) throws {
        var logger = logger
        logger[metadataKey: "service.shard"] = "\(configuration.shard)"
        let index = try IndexShard(directory: configuration.dataDirectory)
        let statistics = index.statistics()
        logger.info("index shard open", metadata: ["documents": "\(statistics.documents)", "segments": "\(statistics.segments)"])
        self.index = index
        let handlers = IndexerHandlers(index: index, shard: configuration.shard, shardCount: configuration.shardCount)
        self.core = ServiceCore(
            role: Self.role,
            shard: configuration.shard,
            shardCount: configuration.shardCount,
            server: configuration.server,
            logger: logger
        ) { router, _ in
            router.register(FazhiMethod.Indexer.index, serializedRequest: { (payload, _) in
                try await handlers.index(serialized: payload)
            })
            router.register(FazhiMethod.Indexer.delete) { (request: Fazhi_V1_DeleteRequest, _) in
                try await handlers.delete(request)
            }
            router.register(FazhiMethod.Indexer.termStats) { (request: Fazhi_V1_SearchRequest, _) in
                try handlers.termStats(request)
            }
            router.register(FazhiMethod.Indexer.search) { (request: Fazhi_V1_SearchRequest, _) in
                try handlers.search(request)
            }
            router.register(FazhiMethod.Indexer.get) { (request: Fazhi_V1_GetRequest, _) in
                try handlers.get(request)
            }
            router.register(FazhiMethod.Indexer.stats) { (_: Fazhi_V1_IndexStatsRequest, _) in
                handlers.stats()
            }
            router.register(FazhiMethod.Indexer.list) { (request: Fazhi_V1_ListRequest, _) in
                try handlers.list(request)
            }
        }
    }
}

extension IndexerService: Service {
    package func run() async throws {
        defer { self.index.close() }
        try await self.core.server.run()
    }
}

struct IndexerHandlers: Sendable {
    let index: IndexShard
    let shard: UInt32
    let shardCount: UInt32

    /// Indexes a serialized `IndexRequest`. Each report is stored as the bytes it came in
    /// (not serialized again), less its text: the store keeps the text once, beside the report,
    /// and ``get(_:)`` puts it back. A compressed report (a parser's cache entry) is inflated
    /// and indexed the same way; when its text is its first field, the store keeps its
    /// compressed bytes as they came (``PrecompressedStore``) instead of compressing it again.
    func index(serialized payload: [UInt8]) async throws -> Fazhi_V1_IndexResponse {
        guard let fields = ProtobufWire.fields(of: payload) else { throw RPCRouter.invalidPayload(Fazhi_V1_IndexRequest.self) }
        var documents: [IndexDocument] = []
        documents.reserveCapacity(fields.count)
        // What the compressed reports declare they inflate to, summed before inflating any:
        // zlib shrinks repetitive text a thousandfold, so one frame could otherwise expand into
        // gigabytes. INVALID_ARGUMENT, so that a gateway sends such a batch again report by report.
        var declared: UInt64 = 0
        for field in fields where field.number == 2 && field.wireType == 2 {
            guard let inner = ProtobufWire.fields(of: payload, in: field.payload) else {
                throw RPCRouter.invalidPayload(Fazhi_V1_IndexRequest.self)
            }
            declared = declared &+ ProtobufWire.lastVarint(2, of: inner)  // length
            guard declared <= UInt64(Self.maximumInflatedBytes) else {
                throw WireError(
                    code: .invalidArgument,
                    message: "the compressed reports of this IndexRequest inflate to more than \(Self.maximumInflatedBytes) bytes; send fewer per request"
                )
            }
        }
        // Reports and compressed reports in the order they came: the last of one doc id wins.
        for field in fields where field.number == 1 || field.number == 2 {
            guard field.wireType == 2 else { throw RPCRouter.invalidPayload(Fazhi_V1_IndexRequest.self) }
            var bytes: [UInt8]
            var compressed: (zlib: [UInt8], value: [UInt8], suffix: [UInt8])?
            if field.number == 2 {  // compressed_reports
                let message: Fazhi_V1_CompressedReport
                do {
                    message = try Fazhi_V1_CompressedReport(serializedBytes: Array(payload[field.payload]))
                } catch {
                    throw RPCRouter.invalidPayload(Fazhi_V1_IndexRequest.self, cause: error)
                }
                let zlib = Array(message.zlib)
                let value: [UInt8]
                do {
                    value = try PrecompressedStore.inflate(zlib, length: Int(clamping: message.length))
                } catch {
                    throw WireError(code: .invalidArgument, message: "a compressed report in IndexRequest: \(error.message)")
                }
                let suffix = Array(message.suffix)
                bytes = value + suffix
                compressed = (zlib, value, suffix)
            } else {
                bytes = Array(payload[field.payload])
            }
            let report: Fazhi_V1_Report
            do {
                report = try Fazhi_V1_Report(serializedBytes: bytes)
            } catch {
                throw RPCRouter.invalidPayload(Fazhi_V1_IndexRequest.self, cause: error)
            }
            guard !report.docID.isEmpty else {
                throw WireError(code: .invalidArgument, message: "a report in IndexRequest has no doc_id")
            }
            if let compressed, let textRange = Self.leadingText(of: compressed.value, equalTo: report.text) {
                var document = IndexDocument(report, stored: [])
                document.precompressed = PrecompressedStore(
                    zlib: compressed.zlib, length: compressed.value.count, textRange: textRange, suffix: compressed.suffix
                )
                documents.append(document)
                continue
            }
            let stored: [UInt8]
            if let reportFields = ProtobufWire.fields(of: bytes) {
                stored = ProtobufWire.removingField(Self.textField, from: bytes, fields: reportFields)
            } else {
                // Decodable but not walkable by ProtobufWire (it should not happen; swift-protobuf
                // is the judge): store the report as swift-protobuf serializes it, less the text.
                var withoutText = report
                withoutText.text = ""
                stored = try withoutText.serializedBytes()
            }
            documents.append(IndexDocument(report, stored: stored))
        }
        let outcome = try await self.index.index(documents)
        var response = Fazhi_V1_IndexResponse()
        response.indexed = UInt32(outcome.indexed)
        response.unchanged = UInt32(outcome.unchangedDocIDs.count)
        response.unchangedDocIds = outcome.unchangedDocIDs
        return response
    }

    func delete(_ request: Fazhi_V1_DeleteRequest) async throws -> Fazhi_V1_DeleteResponse {
        var response = Fazhi_V1_DeleteResponse()
        response.deleted = UInt32(try await self.index.delete(request.docIds))
        return response
    }

    func termStats(_ request: Fazhi_V1_SearchRequest) throws -> Fazhi_V1_TermStatsResponse {
        let query = try QueryParser.parse(request.query)
        var response = Fazhi_V1_TermStatsResponse()
        response.stats = Fazhi_V1_GlobalTermStats(try self.index.termStatistics(query))
        return response
    }

    func search(_ request: Fazhi_V1_SearchRequest) throws -> Fazhi_V1_SearchResponse {
        let started = NIODeadline.now()
        let query = try QueryParser.parse(request.query)
        var response = Fazhi_V1_SearchResponse(try self.index.search(query, options: SearchOptions(request)))
        response.tookMicros = started.microseconds()
        return response
    }

    func get(_ request: Fazhi_V1_GetRequest) throws -> Fazhi_V1_GetResponse {
        guard let report = try self.report(request.docID) else {
            throw WireError(code: .notFound, message: "no report with doc id \(request.docID)")
        }
        var response = Fazhi_V1_GetResponse()
        response.report = report
        return response
    }

    /// `Report.text`'s field number.
    static let textField = 14

    /// The most bytes the compressed reports of one IndexRequest may inflate to (64 MiB; a
    /// plain request is bounded by the frame limit, 8 MiB by default).
    static let maximumInflatedBytes = 64 << 20

    /// Where `text` lies in `report` (a serialized Report) when it is the report's first field,
    /// as the parser writes its cache entries; `nil` otherwise. An empty text is an empty range.
    static func leadingText(of report: [UInt8], equalTo text: String) -> Range<Int>? {
        if text.utf8.isEmpty { return 0..<0 }
        guard let first = ProtobufWire.fields(of: report)?.first, first.number == Self.textField, first.wireType == 2,
            first.payload.count == text.utf8.count
        else { return nil }
        // memcmp: comparing a slice with a String's UTF8View element by element was 3% of the
        // indexer's CPU in an ingest (a report's text is ~6 KB).
        var text = text
        let equal = text.withUTF8 { utf8 in
            report.withUnsafeBytes { bytes in
                memcmp(bytes.baseAddress! + first.payload.lowerBound, utf8.baseAddress!, utf8.count) == 0
            }
        }
        return equal ? first.payload : nil
    }

    /// The stored report of `docID` with its text put back; nil when there is none.
    private func report(_ docID: String) throws -> Fazhi_V1_Report? {
        guard let stored = try self.index.document(docID) else { return nil }
        do {
            var report = try Fazhi_V1_Report(serializedBytes: stored.blob)
            // Reports stored before the text was split off carry it in the blob too: the same value.
            report.text = stored.text
            return report
        } catch {
            throw WireError(code: .dataLoss, message: "the stored report \(docID) does not decode")
        }
    }

    func list(_ request: Fazhi_V1_ListRequest) throws -> Fazhi_V1_ListResponse {
        let limit = request.limit == 0 ? 100 : Int(min(request.limit, 1000))
        let ids = try self.index.documentIDs(after: request.cursor.isEmpty ? nil : request.cursor, limit: limit)
        var response = Fazhi_V1_ListResponse()
        for id in ids {
            // A document deleted between the listing and the read is simply skipped.
            guard let report = try self.report(id) else { continue }
            response.reports.append(report)
        }
        response.nextCursor = ids.count == limit ? (ids.last ?? "") : ""
        return response
    }

    func stats() -> Fazhi_V1_IndexStatsResponse {
        let statistics = self.index.statistics()
        var response = Fazhi_V1_IndexStatsResponse()
        response.documents = UInt64(statistics.documents)
        response.segments = UInt64(statistics.segments)
        response.indexBytes = UInt64(statistics.indexBytes)
        response.walBytes = UInt64(statistics.walBytes)
        response.storeBytes = UInt64(statistics.storeBytes)
        response.shard = self.shard
        response.shardCount = self.shardCount
        return response
    }
}

extension QuerySyntaxError: WireErrorConvertible {
    package var wireError: WireError {
        WireError(code: .invalidArgument, message: "bad query at character \(self.position): \(self.message)", cause: self)
    }
}

extension IndexError: WireErrorConvertible {
    package var wireError: WireError {
        switch self.code {
        case .invalidArgument: WireError(code: .invalidArgument, message: self.message, cause: self)
        case .corrupt: WireError(code: .dataLoss, message: self.message, cause: self)
        default: WireError(code: .internalError, message: self.message, cause: self)
        }
    }
}
