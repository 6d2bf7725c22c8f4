internal import FazhiCache
internal import FazhiParsing
internal import FazhiProto
package import FazhiTransport
internal import FazhiWire
package import Logging
internal import NIOPosix
internal import ServiceLifecycle

/// fazhi-parser: raw documents in, structured reports out, with a zlib cache on disk.
///
/// Methods: Health, `Parser/Parse` and `Parser/ParseBatch`. Parsing runs on the calling task
/// (CPU-bound); cache reads and writes, which block on the file system and fsync, run on NIO's
/// blocking thread pool so they never hold the concurrency runtime's few threads.
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
            router.register(FazhiMethod.Parser.parse) { (request: Fazhi_V1_ParseRequest, _) in
                try await handlers.parse(request)
            }
            router.register(FazhiMethod.Parser.parseBatch) { (request: Fazhi_V1_ParseBatchRequest, _) in
                try await handlers.parseBatch(request)
            }
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

    func parse(_ request: Fazhi_V1_ParseRequest) async throws -> Fazhi_V1_ParseResponse {
        guard request.hasDocument else {
            throw WireError(code: .invalidArgument, message: "ParseRequest.document is missing")
        }
        let outcome = try await self.run(request.document, bypassCache: request.bypassCache)
        var response = Fazhi_V1_ParseResponse()
        response.report = outcome.report
        response.cacheHit = outcome.cacheHit
        return response
    }

    func parseBatch(_ request: Fazhi_V1_ParseBatchRequest) async throws -> Fazhi_V1_ParseBatchResponse {
        var results = [Fazhi_V1_ParseResult](repeating: Fazhi_V1_ParseResult(), count: request.documents.count)
        try await withThrowingTaskGroup(of: (Int, Fazhi_V1_ParseResult).self) { group in
            var next = 0
            func submit() {
                let index = next
                let document = request.documents[index]
                next += 1
                group.addTask {
                    var result = Fazhi_V1_ParseResult()
                    do {
                        let outcome = try await self.run(document, bypassCache: request.bypassCache)
                        result.report = outcome.report
                        result.cacheHit = outcome.cacheHit
                    } catch {
                        // One bad document fails alone; the others are still parsed.
                        result.status = WireError(converting: error).status
                    }
                    return (index, result)
                }
            }
            while next < min(self.batchConcurrency, request.documents.count) { submit() }
            while let (index, result) = try await group.next() {
                try Task.checkCancellation()
                results[index] = result
                if next < request.documents.count { submit() }
            }
        }
        var response = Fazhi_V1_ParseBatchResponse()
        response.results = results
        return response
    }

    private func run(_ document: Fazhi_V1_RawDocument, bypassCache: Bool) async throws -> ReportPipeline.Outcome {
        try Task.checkCancellation()
        let pipeline = self.pipeline
        let bytes = Array(document.content)
        let contentType = document.contentType.isEmpty ? nil : document.contentType
        let sourceURL = document.sourceURL.isEmpty ? nil : document.sourceURL
        let crawlDate = document.crawlDate.isEmpty ? nil : document.crawlDate
        guard pipeline.cache != nil else {
            return try pipeline.parse(bytes, contentType: contentType, sourceURL: sourceURL, crawlDate: crawlDate, bypassCache: bypassCache)
        }
        // With a cache, the whole step touches the disk: keep it off the cooperative threads.
        return try await NIOThreadPool.singleton.runIfActive {
            try pipeline.parse(bytes, contentType: contentType, sourceURL: sourceURL, crawlDate: crawlDate, bypassCache: bypassCache)
        }
    }
}

/// Facts about the machine.
package enum System {
    /// Cores available to this process.
    package static var coreCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}

internal import Foundation
