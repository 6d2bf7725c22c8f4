/// One input document through the whole text layer: decoded, stripped of HTML, and folded.
///
/// ``text`` is the clean text that every later stage quotes from; ``folded`` is its matching
/// view, and ``FoldedText/originalRange(forFolded:)`` maps matches back into ``text``.
package struct SourceText: Sendable {
    /// The decoding result; for HTML its `text` is the page source (useful for markup-level metadata).
    package var decoded: DecodedText
    /// The `<title>` of an HTML page.
    package var title: String?
    /// `<meta>` name/content pairs of an HTML page (empty for plain text).
    package var metadata: [HTMLText.MetaTag]
    /// The clean text: the HTML's visible text, or the decoded plain text as is.
    package var text: String { self.folded.original }
    /// The folded matching view of ``text``, with its offset map.
    package var folded: FoldedText

    /// Decodes, extracts and folds `bytes`.
    ///
    /// - Throws: ``ParseError`` from ``InputDecoder/decode(_:contentType:sourceURL:)``, or
    ///   `emptyInput` when an HTML page has no visible text.
    package init(
        bytes: [UInt8],
        contentType: String? = nil,
        sourceURL: String? = nil,
        decoder: InputDecoder = InputDecoder()
    ) throws(ParseError) {
        let decoded = try decoder.decode(bytes, contentType: contentType, sourceURL: sourceURL)
        self.decoded = decoded
        if decoded.isHTML {
            let html = HTMLText(utf8: decoded.utf8)
            if html.utf8.isEmpty {
                throw ParseError(
                    code: .emptyInput,
                    message: "the HTML page has no visible text outside scripts, styles and navigation"
                )
            }
            self.title = html.title
            self.metadata = html.metadata
            self.folded = FoldedText(html.text)
        } else {
            self.title = nil
            self.metadata = []
            self.folded = FoldedText(decoded.text)
        }
    }
}
