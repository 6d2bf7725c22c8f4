/// One synthetic page: the bytes as a crawler would have stored them, and what a perfect
/// parser must find in them.
package struct GeneratedDocument: Sendable, Hashable {
    /// Stable identity within a corpus (`syn-` + seed + index).
    package var id: String
    /// Position of the document in the corpus.
    package var index: Int
    /// The page as scraped, in ``encoding``.
    package var bytes: [UInt8]
    /// File name (no directory): `<id>.txt` or `<id>.html`.
    package var fileName: String
    /// Plain text or HTML.
    package var format: DocumentFormat
    /// The byte encoding of ``bytes``.
    package var encoding: DocumentEncoding
    /// The address the page pretends to come from.
    package var sourceURL: String
    /// What a perfect parser must find.
    package var truth: GroundTruth

    /// A generated document; see the properties.
    package init(
        id: String,
        index: Int,
        bytes: [UInt8],
        fileName: String,
        format: DocumentFormat,
        encoding: DocumentEncoding,
        sourceURL: String,
        truth: GroundTruth
    ) {
        self.id = id
        self.index = index
        self.bytes = bytes
        self.fileName = fileName
        self.format = format
        self.encoding = encoding
        self.sourceURL = sourceURL
        self.truth = truth
    }
}
