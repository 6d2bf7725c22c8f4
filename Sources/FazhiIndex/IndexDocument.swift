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
