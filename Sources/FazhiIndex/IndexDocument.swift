/// One report as the index sees it: searchable text, metadata for filters and facets, and an
/// opaque blob that ``IndexShard/get(_:)`` returns unchanged.
package struct IndexDocument: Sendable, Hashable {
    /// Identity; indexing a document with an existing `docID` replaces it.
    package var docID: String
    /// Hash of the content: re-indexing with the same hash is reported as unchanged and skipped.
    package var contentHash: String
    /// The full text (searched, and cut for snippets).
    package var text: String
    /// The title (searched together with the text).
    package var title: String
    /// Report year.
    package var year: Int?
    /// Province, city, county as written ("浙江省").
    package var province: String?
    package var city: String?
    package var county: String?
    /// Administrative level: an `AdministrativeLevel` raw value ("province", "city", "county",
    /// "township", "street", "department").
    package var level: String?
    /// Issuing organization.
    package var organization: String?
    /// The mandated parts present, "A" ... "E".
    package var parts: [String]
    /// Indicator ids with facts in the report (`disputes_mediated`).
    package var indicators: [String]
    /// Opaque bytes stored compressed and returned by ``IndexShard/get(_:)``.
    package var stored: [UInt8]
    /// The stored form already compressed by whoever produced it (the parser's cache entry),
    /// kept in the document store as it is instead of `stored` and a compressed `text`.
    package var precompressed: PrecompressedStore?

    /// A document; see the properties.
    package init(
        docID: String,
        contentHash: String,
        text: String,
        title: String = "",
        year: Int? = nil,
        province: String? = nil,
        city: String? = nil,
        county: String? = nil,
        level: String? = nil,
        organization: String? = nil,
        parts: [String] = [],
        indicators: [String] = [],
        stored: [UInt8] = []
    ) {
        self.docID = docID
        self.contentHash = contentHash
        self.text = text
        self.title = title
        self.year = year
        self.province = province
        self.city = city
        self.county = county
        self.level = level
        self.organization = organization
        self.parts = parts
        self.indicators = indicators
        self.stored = stored
    }
}

/// A document's stored form compressed by its producer: one zlib stream of `length` bytes whose
/// bytes `textRange` are the document's text in UTF-8, then `suffix`. ``IndexShard/get(_:)``
/// returns the inflated stream followed by `suffix` as the blob; snippets inflate only up to
/// the end of the text.
///
/// Whoever builds one vouches that the stream inflates to `length` bytes and that `textRange`
/// of them equals the document's text (the indexer service inflates and compares before it
/// indexes): the index stores it without inflating it again, and a stream that does not
/// inflate is reported as corrupt when read.
package struct PrecompressedStore: Sendable, Hashable {
    package var zlib: [UInt8]
    package var length: Int
    package var textRange: Range<Int>
    package var suffix: [UInt8]

    /// The largest stream length accepted (bytes inflated).
    package static let maximumLength = 64 << 20

    /// Inflates `zlib`, which must give exactly `length` bytes (at most ``maximumLength``).
    package static func inflate(_ zlib: [UInt8], length: Int) throws(IndexError) -> [UInt8] {
        guard (0...Self.maximumLength).contains(length) else {
            throw IndexError(.invalidArgument, "a compressed document declares \(length) bytes; the limit is \(Self.maximumLength)")
        }
        do {
            return try zlib.withUnsafeBytes { try ZlibCodec.decompress($0, length: length) }
        } catch {
            throw IndexError(.invalidArgument, "a compressed document does not inflate to its declared \(length) bytes")
        }
    }

    package init(zlib: [UInt8], length: Int, textRange: Range<Int>, suffix: [UInt8]) {
        precondition(textRange.lowerBound >= 0 && textRange.upperBound <= length, "the text lies inside the inflated stream")
        self.zlib = zlib
        self.length = length
        self.textRange = textRange
        self.suffix = suffix
    }
}
