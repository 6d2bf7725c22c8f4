package import FazhiCache
internal import FazhiMapping
package import FazhiParsing
package import FazhiProto
internal import Foundation
internal import SwiftProtobuf

/// Parsing with identity and the on-disk cache: what the parser service and `fazhi parse` do
/// with one raw document.
///
/// The cache key is SHA-256 of the raw bytes and the parser version; the value is the
/// serialized `fazhi.v1.Report`. A hit skips parsing; identity fields that depend on where the
/// bytes came from (doc id, URL, crawl date) are set per request, so the same bytes fetched
/// from two URLs share one entry. Cache failures never fail a parse: a corrupt entry is a miss
/// (the store removes and counts it), a failed write is logged by the caller's metrics only.
package final class ReportPipeline: Sendable {
    /// What the pipeline needs.
    package struct Configuration: Sendable, Hashable {
        /// Parser limits.
        package var parser: ReportParser.Configuration
        /// The cache; `nil` for none.
        package var cache: CacheStore.Configuration?

        /// Creates a configuration.
        package init(parser: ReportParser.Configuration = .defaults, cache: CacheStore.Configuration? = nil) {
            self.parser = parser
            self.cache = cache
        }
    }

    /// One parse's outcome.
    package struct Outcome: Sendable {
        /// The report, in wire form (what the cache stores and the service sends).
        package var report: Fazhi_V1_Report
        /// Whether it came from the cache.
        package var cacheHit: Bool
    }

    private let parser: ReportParser
    /// The cache, when configured.
    package let cache: CacheStore?

    /// Opens the cache (creating its directory) if one is configured.
    package init(configuration: Configuration) throws {
        self.parser = ReportParser(configuration: configuration.parser)
        self.cache = try configuration.cache.map { try CacheStore(configuration: $0) }
    }

    /// Parses `bytes` (or takes the report from the cache).
    ///
    /// - Throws: ``ParseError`` for input that cannot be a document (empty, binary,
    ///   undecodable, too large).
    package func parse(
        _ bytes: [UInt8],
        contentType: String?,
        sourceURL: String?,
        crawlDate: String?,
        bypassCache: Bool = false
    ) throws(ParseError) -> Outcome {
        let contentDigest = SHA256.hash(bytes)
        let contentHash = Hex.encode(contentDigest)
        let sourceURL = sourceURL.flatMap { $0.isEmpty ? nil : $0 }
        let docID = sourceURL.map { Hex.encode(SHA256.hash(Array($0.utf8))) } ?? contentHash
        // Key = SHA-256(SHA-256(bytes) ‖ parser version): hashing the content once is enough.
        let key = CacheKey(digest: SHA256.hash(contentDigest + Array(ReportParser.version.utf8)))

        if !bypassCache, let cache, let stored = cache.get(key: key, parserVersion: ReportParser.version),
            var report = try? Fazhi_V1_Report(serializedBytes: stored), report.contentSha256 == contentHash
        {
            Self.stamp(&report, docID: docID, sourceURL: sourceURL, crawlDate: crawlDate)
            return Outcome(report: report, cacheHit: true)
        }

        var parsed = try self.parser.parse(
            bytes,
            contentType: contentType,
            sourceURL: sourceURL,
            crawlDate: crawlDate.flatMap(Self.date)
        )
        parsed.contentSHA256 = contentHash
        parsed.docID = docID
        var report = Fazhi_V1_Report(parsed)
        if let cache, let serialized: [UInt8] = try? report.serializedBytes() {
            // A full disk or a read-only cache must not fail the parse; the entry is simply absent.
            try? cache.put(key: key, value: serialized, parserVersion: ReportParser.version)
        }
        Self.stamp(&report, docID: docID, sourceURL: sourceURL, crawlDate: crawlDate)
        return Outcome(report: report, cacheHit: false)
    }

    private static func stamp(_ report: inout Fazhi_V1_Report, docID: String, sourceURL: String?, crawlDate: String?) {
        report.docID = docID
        report.sourceURL = sourceURL ?? ""
        if let date = crawlDate.flatMap(Self.date) {
            report.metadata.crawlDate = Fazhi_V1_CalendarDate(date)
        } else {
            report.metadata.clearCrawlDate()
        }
    }

    /// "YYYY-MM-DD" → a date; anything else → nil.
    static func date(_ text: String) -> CalendarDate? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1900...2200).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2])
        else { return nil }
        return CalendarDate(year: parts[0], month: parts[1], day: parts[2], raw: text)
    }
}

/// Lower-case hexadecimal.
package enum Hex {
    /// The bytes as lower-case hex digits.
    package static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
