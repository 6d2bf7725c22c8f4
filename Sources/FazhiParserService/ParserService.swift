internal import FazhiCache
internal import FazhiParsing
internal import FazhiProto
package import FazhiTransport
internal import FazhiWire
package import Logging
internal import NIOPosix
internal import SwiftProtobuf
internal import ServiceLifecycle

/// fazhi-parser: raw documents in, structured reports out, with a zlib cache on disk.
///
/// Methods: Health, `Parser/Parse` and `Parser/ParseBatch`. Without a cache, parsing runs on the
/// calling task (CPU-bound); with one, each document's whole step (cache read, parse, cache
/// write), which blocks on the file system and fsync, runs on NIO's blocking thread pool so it
/// never holds the concurrency runtime's few threads.
package struct ParserService: Sendable {
    /// How the parser runs.
    package struct Configuration: Sendable, Hashable {
        /// Address, limits and token of its server.
        package var server: FrameServer.Configuration
        /// Parser limits and the cache (`nil` cache: none).
        package var pipeline: ReportPipeline.Configuration
        /// Documents of one ParseBatch parsed at once. Default: the number of cores.
        package var batchConcurrency: Int

        /// Creates a configuration.
        package init(
            server: FrameServer.Configuration = .defaults,
            pipeline: ReportPipeline.Configuration = .init(),
            batchConcurrency: Int = System.coreCount
        ) {
            self.server = server
            self.pipeline = pipeline
            self.batchConcurrency = max(1, batchConcurrency)
        }

        /// Loopback on a free port, no cache.
        package static var defaults: Configuration { Configuration() }
    }

    /// "parser".
    package static let role = "parser"
    /// The server and health state.
    package let core: ServiceCore
    /// Parsing and the cache.
    package let pipeline: ReportPipeline

    /// Creates the service (opening the cache directory); it serves once run.
    package init(configuration: Configuration, logger: Logger) throws {
        let pipeline = try ReportPipeline(configuration: configuration.pipeline)
        let handlers = ParserHandlers(pipeline: pipeline, batchConcurrency: configuration.batchConcurrency)
        self.pipeline = pipeline
        self.core = ServiceCore(role: Self.role, server: configuration.server, logger: logger) { router, _ in
            // Reports are sent on as the pipeline serialized them (a cache hit is never decoded
            // here), so the responses are assembled field by field.
            router.register(FazhiMethod.Parser.parse, serializedResponse: { (request: Fazhi_V1_ParseRequest, _) in
                try await handlers.parse(request)
            })
            router.register(FazhiMethod.Parser.parseBatch, serializedResponse: { (request: Fazhi_V1_ParseBatchRequest, _) in
                try await handlers.parseBatch(request)
            })
        }
    }
}

extension ParserService: Service {
    package func run() async throws {
        try await self.core.server.run()
    }
}

/// The parser's request handlers.
struct ParserHandlers: Sendable {
    let pipeline: ReportPipeline
    let batchConcurrency: Int

    /// A serialized `ParseResponse`.
    func parse(_ request: Fazhi_V1_ParseRequest) async throws -> [UInt8] {
        guard request.hasDocument else {
            throw WireError(code: .invalidArgument, message: "ParseRequest.document is missing")
        }
        let outcome = try await self.run(request.document, bypassCache: request.bypassCache)
        var response: [UInt8] = []
        response.reserveCapacity(outcome.report.count + 8)
        ProtobufWire.appendLengthDelimited(1, outcome.report, to: &response)  // report
        ProtobufWire.appendBool(2, outcome.cacheHit, to: &response)  // cache_hit
        return response
    }

    /// A serialized `ParseBatchResponse`: one `ParseResult` per document, in request order.
    ///
    /// New cache entries are written together once every document is parsed, before the answer
    /// (``ReportPipeline/store(_:)``): overlapping a batch's fsyncs costs a third of the CPU of one
    /// fsync per document.
    func parseBatch(_ request: Fazhi_V1_ParseBatchRequest) async throws -> [UInt8] {
        var results = [[UInt8]](repeating: [], count: request.documents.count)
        var pending: [CacheStore.Entry] = []
        do {
            try await withThrowingTaskGroup(of: (Int, [UInt8], CacheStore.Entry?).self) { group in
                var next = 0
                func submit() {
                    let index = next
                    let document = request.documents[index]
                    next += 1
                    group.addTask {
                        var result: [UInt8] = []
                        var entry: CacheStore.Entry?
                        do {
                            let outcome = try await self.run(
                                document,
                                bypassCache: request.bypassCache,
                                deferringStore: true,
                                withCompressed: request.withCompressed
                            )
                            ProtobufWire.appendLengthDelimited(2, outcome.report, to: &result)  // report
                            ProtobufWire.appendBool(3, outcome.cacheHit, to: &result)  // cache_hit
                            if let compressed = outcome.compressed {
                                ProtobufWire.appendLengthDelimited(4, compressed, to: &result)  // compressed
                            }
                            entry = outcome.pendingEntry
                        } catch {
                            // One bad document fails alone; the others are still parsed.
                            let status: [UInt8] = try WireError(converting: error).status.serializedBytes()
                            ProtobufWire.appendLengthDelimited(1, status, to: &result)  // status
                        }
                        return (index, result, entry)
                    }
                }
                while next < min(self.batchConcurrency, request.documents.count) { submit() }
                while let (index, result, entry) = try await group.next() {
                    try Task.checkCancellation()
                    results[index] = result
                    if let entry { pending.append(entry) }
                    if next < request.documents.count { submit() }
                }
            }
        } catch {
            // Cancelled or failed part-way: what was parsed is still worth keeping.
            await self.store(pending)
            throw error
        }
        await self.store(pending)
        var response: [UInt8] = []
        response.reserveCapacity(results.reduce(0) { $0 + $1.count + 6 })
        for result in results {
            ProtobufWire.appendLengthDelimited(1, result, to: &response)  // results
        }
        return response
    }

    /// Writes a batch's new cache entries on the blocking pool and waits for them, unless this
    /// call is cancelled: then they are written in the background all the same. (Should the pool
    /// have run the store before a cancellation ended the wait, the second write replaces the
    /// entries with equal files.)
    private func store(_ entries: [CacheStore.Entry]) async {
        guard !entries.isEmpty else { return }
        let pipeline = self.pipeline
        if !Task.isCancelled, (try? await NIOThreadPool.singleton.runIfActive { pipeline.store(entries) }) != nil {
            return
        }
        NIOThreadPool.singleton.submit { _ in _ = pipeline.store(entries) }
    }

    private func run(
        _ document: Fazhi_V1_RawDocument,
        bypassCache: Bool,
        deferringStore: Bool = false,
        withCompressed: Bool = false
    ) async throws -> ReportPipeline.SerializedOutcome {
        try Task.checkCancellation()
        let pipeline = self.pipeline
        let bytes = Array(document.content)
        let contentType = document.contentType.isEmpty ? nil : document.contentType
        let sourceURL = document.sourceURL.isEmpty ? nil : document.sourceURL
        let crawlDate = document.crawlDate.isEmpty ? nil : document.crawlDate
        guard pipeline.cache != nil else {
            return try pipeline.parseSerialized(bytes, contentType: contentType, sourceURL: sourceURL, crawlDate: crawlDate, bypassCache: bypassCache)
        }
        // With a cache, the whole step touches the disk: keep it off the cooperative threads.
        return try await NIOThreadPool.singleton.runIfActive {
            try pipeline.parseSerialized(
                bytes,
                contentType: contentType,
                sourceURL: sourceURL,
                crawlDate: crawlDate,
                bypassCache: bypassCache,
                deferringStore: deferringStore,
                withCompressed: withCompressed
            )
        }
    }
}

/// Facts about the machine.
package enum System {
    /// Cores available to this process.
    package static var coreCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}

internal import Foundation
