package import FazhiCache
internal import FazhiMapping
internal import FazhiWire
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
/// (the store removes and counts it), and a failed write (full disk, read-only directory) only
/// leaves the entry absent: the next request for those bytes parses again.
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

    /// One parse's outcome as a serialized `fazhi.v1.Report`, for sending on as it is.
    package struct SerializedOutcome: Sendable {
        /// The serialized report, with this request's identity.
        package var report: [UInt8]
        /// Whether it came from the cache.
        package var cacheHit: Bool
        /// The cache entry still to be written, when the caller asked to store it later
        /// (``store(_:)``); `nil` for a hit, without a cache, or when stored already.
        package var pendingEntry: CacheStore.Entry?
        /// A serialized `fazhi.v1.CompressedReport` of the same report (the cache entry's zlib
        /// body, its length and this request's identity fields), when asked for and there is a cache.
        package var compressed: [UInt8]?
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
        let identity = Identity(bytes, sourceURL: sourceURL, crawlDate: crawlDate)
        if !bypassCache, let stored = self.cached(identity)?.stored, var report = try? Fazhi_V1_Report(serializedBytes: stored) {
            identity.stamp(&report)
            return Outcome(report: report, cacheHit: true)
        }
        var report = try self.parseAndStore(bytes, contentType: contentType, identity: identity).report
        identity.stamp(&report)
        return Outcome(report: report, cacheHit: false)
    }

    /// Parses `bytes` (or takes the report from the cache), returning the serialized report.
    ///
    /// What the parser service sends: a hit is the stored bytes followed by this request's
    /// identity fields, never decoded here. Protocol Buffers define a concatenation of two
    /// serialized messages as their merge, and stored entries carry no identity, so the
    /// result decodes to exactly what ``parse(_:contentType:sourceURL:crawlDate:bypassCache:)``
    /// returns.
    ///
    /// With `deferringStore`, a new report is not written to the cache here but returned as the
    /// outcome's ``SerializedOutcome/pendingEntry``, for one ``store(_:)`` of a whole batch.
    ///
    /// - Throws: ``ParseError`` for input that cannot be a document.
    package func parseSerialized(
        _ bytes: [UInt8],
        contentType: String?,
        sourceURL: String?,
        crawlDate: String?,
        bypassCache: Bool = false,
        deferringStore: Bool = false,
        withCompressed: Bool = false
    ) throws(ParseError) -> SerializedOutcome {
        let identity = Identity(bytes, sourceURL: sourceURL, crawlDate: crawlDate)
        let suffix = identity.serializedFields()
        let stored: [UInt8]
        let compressed: [UInt8]?
        var outcome: SerializedOutcome
        if !bypassCache, let hit = self.cached(identity, withCompressed: withCompressed) {
            (stored, compressed) = hit
            outcome = SerializedOutcome(report: stored + suffix, cacheHit: true)
        } else {
            let (_, serialized, entry) = try self.parseAndStore(
                bytes,
                contentType: contentType,
                identity: identity,
                deferringStore: deferringStore,
                withCompressed: withCompressed
            )
            (stored, compressed) = (serialized, entry?.compressed)
            outcome = SerializedOutcome(report: stored + suffix, cacheHit: false, pendingEntry: deferringStore ? entry : nil)
        }
        outcome.compressed = compressed.map { Self.compressedReport($0, length: stored.count, suffix: suffix) }
        return outcome
    }

    /// A serialized `fazhi.v1.CompressedReport`.
    private static func compressedReport(_ zlib: [UInt8], length: Int, suffix: [UInt8]) -> [UInt8] {
        var message: [UInt8] = []
        message.reserveCapacity(zlib.count + suffix.count + 16)
        ProtobufWire.appendLengthDelimited(1, zlib, to: &message)  // zlib
        ProtobufWire.appendUInt64(2, UInt64(length), to: &message)  // length
        ProtobufWire.appendLengthDelimited(3, suffix, to: &message)  // suffix
        return message
    }

    /// Writes entries returned by ``parseSerialized(_:contentType:sourceURL:crawlDate:bypassCache:deferringStore:withCompressed:)``
    /// to the cache, overlapping their disk writes (``CacheStore/put(_:parserVersion:)``). Failures
    /// are not errors: a missing entry is one more parse later. Returns how many were stored.
    @discardableResult
    package func store(_ entries: [CacheStore.Entry]) -> Int {
        guard let cache, !entries.isEmpty else { return 0 }
        return cache.put(entries, parserVersion: ReportParser.version).count { $0 == nil }
    }

    /// The stored report for `identity`'s content, if the cache holds a sound one.
    ///
    /// The store has checked the entry's checksum; here its top-level fields are walked and
    /// its content hash compared, so an entry that is not this content's report is a miss.
    /// With `withCompressed`, the entry's zlib body too.
    private func cached(_ identity: Identity, withCompressed: Bool = false) -> (stored: [UInt8], compressed: [UInt8]?)? {
        guard let cache else { return nil }
        let entry: (value: [UInt8], compressed: [UInt8]?)?
        if withCompressed {
            entry = cache.getWithCompressed(key: identity.key, parserVersion: ReportParser.version).map { ($0.value, $0.compressed) }
        } else {
            entry = cache.get(key: identity.key, parserVersion: ReportParser.version).map { ($0, nil) }
        }
        guard let entry, ProtobufWire.stringField(Self.contentHashField, in: entry.value, equals: identity.contentHash) else {
            return nil
        }
        return (entry.value, entry.compressed)
    }

    /// Parses and stores the report without identity fields (unless `deferringStore`: then the
    /// caller stores the entry); returns it both ways, and its cache entry when there is a cache
    /// (with `withCompressed`, carrying the compressed bytes the cache file holds).
    ///
    /// The stored bytes hold the `text` field first, then the rest of the report (a
    /// concatenation decodes as the merge of its parts): reading the text then means inflating
    /// only a prefix of the entry, which is what the index shard's document store does with it.
    private func parseAndStore(
        _ bytes: [UInt8],
        contentType: String?,
        identity: Identity,
        deferringStore: Bool = false,
        withCompressed: Bool = false
    ) throws(ParseError) -> (report: Fazhi_V1_Report, serialized: [UInt8], entry: CacheStore.Entry?) {
        var parsed = try self.parser.parse(
            bytes,
            contentType: contentType,
            sourceURL: identity.sourceURL,
            crawlDate: identity.crawlDate.flatMap(Self.date)
        )
        parsed.contentSHA256 = identity.contentHash
        parsed.docID = ""
        var report = Fazhi_V1_Report(parsed)
        report.sourceURL = ""
        report.metadata.clearCrawlDate()
        let serialized = Self.textFirst(report)
        guard let cache, !serialized.isEmpty else { return (report, serialized, nil) }
        var entry = CacheStore.Entry(key: identity.key, value: serialized)
        if withCompressed { entry.compressed = Zlib.compress(serialized, level: cache.configuration.compressionLevel) }
        if !deferringStore {
            // A full disk or a read-only cache must not fail the parse; the entry is simply absent.
            cache.put([entry], parserVersion: ReportParser.version)
        }
        return (report, serialized, entry)
    }

    /// `Report.content_sha256`'s field number.
    static let contentHashField = 2

    /// `report` serialized with its text field first: the text alone, then the report without it.
    package static func textFirst(_ report: Fazhi_V1_Report) -> [UInt8] {
        var text = Fazhi_V1_Report()
        text.text = report.text
        var rest = report
        rest.text = ""
        // Serializing a message built in memory cannot fail; an empty value would only skip the cache.
        guard let head: [UInt8] = try? text.serializedBytes(), let tail: [UInt8] = try? rest.serializedBytes() else { return [] }
        return head + tail
    }

    /// Where the bytes came from: what names the document and keys the cache.
    private struct Identity {
        let contentHash: String
        let docID: String
        let sourceURL: String?
        let crawlDate: String?
        let key: CacheKey

        init(_ bytes: [UInt8], sourceURL: String?, crawlDate: String?) {
            let contentDigest = SHA256.hash(bytes)
            self.contentHash = Hex.encode(contentDigest)
            self.sourceURL = sourceURL.flatMap { $0.isEmpty ? nil : $0 }
            self.docID = self.sourceURL.map { Hex.encode(SHA256.hash(Array($0.utf8))) } ?? self.contentHash
            self.crawlDate = crawlDate
            // Key = SHA-256(SHA-256(bytes) ‖ parser version ‖ layout): hashing the content once
            // is enough. The layout tag names entries stored without identity fields, so entries
            // written before carried a doc id and are never read as such.
            self.key = CacheKey(digest: SHA256.hash(contentDigest + Array(ReportParser.version.utf8) + Array("/anonymous".utf8)))
        }

        /// Sets the identity fields that depend on where the bytes came from.
        func stamp(_ report: inout Fazhi_V1_Report) {
            report.docID = self.docID
            report.sourceURL = self.sourceURL ?? ""
            if let date = self.crawlDate.flatMap(ReportPipeline.date) {
                report.metadata.crawlDate = Fazhi_V1_CalendarDate(date)
            } else {
                report.metadata.clearCrawlDate()
            }
        }

        /// The identity fields alone, serialized: appended to a stored report, they merge in.
        func serializedFields() -> [UInt8] {
            var fields = Fazhi_V1_Report()
            fields.docID = self.docID
            fields.sourceURL = self.sourceURL ?? ""
            if let date = self.crawlDate.flatMap(ReportPipeline.date) {
                fields.metadata.crawlDate = Fazhi_V1_CalendarDate(date)
            }
            // Serializing a message built in memory cannot fail.
            return (try? fields.serializedBytes()) ?? []
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
