/// Raw bytes of a scraped page in, a ``ParsedReport`` out: decode, extract the text from HTML,
/// analyse structure and metadata, extract facts.
///
/// Identity (`docID`, `contentSHA256`) is the caller's: it needs a hash, which the parsing
/// library does not carry. Pure and thread-safe; one instance serves any number of tasks.
package struct ReportParser: Sendable {
    /// Bumped whenever the parser's output for the same input can change; cache entries made by
    /// another version are not used. `ParserVersionTests` (FazhiServicesTests) holds a digest of
    /// the output for fixed inputs and fails when the output changes under the same version.
    package static let version = "0.3.5"

    /// Limits of the parser.
    package struct Configuration: Sendable, Hashable {
        /// Largest input accepted, in bytes; larger is `tooLarge`. Default 16 MiB.
        package var maximumInputBytes: Int

        /// Creates a configuration.
        package init(maximumInputBytes: Int = 16 * 1024 * 1024) {
            self.maximumInputBytes = maximumInputBytes
        }

        /// 16 MiB inputs.
        package static var defaults: Configuration { Configuration() }
    }

    private let decoder: InputDecoder
    private let facts: FactExtractor

    /// Creates a parser with `configuration`.
    package init(configuration: Configuration = .defaults) {
        var decoding = InputDecoder.Configuration.defaults
        decoding.maximumInputBytes = configuration.maximumInputBytes
        self.decoder = InputDecoder(configuration: decoding)
        self.facts = FactExtractor()
    }

    /// Parses one page.
    ///
    /// - Throws: ``ParseError`` for empty, binary, undecodable or oversize input; any other
    ///   input yields a report (possibly of kind `notAReport`, with the reason).
    package func parse(
        _ bytes: [UInt8],
        contentType: String? = nil,
        sourceURL: String? = nil,
        crawlDate: CalendarDate? = nil
    ) throws(ParseError) -> ParsedReport {
        let decoded = try self.decoder.decode(bytes, contentType: contentType, sourceURL: sourceURL)
        let html: HTMLText? = decoded.isHTML ? HTMLText(utf8: decoded.utf8) : nil
        let text = html?.utf8 ?? decoded.utf8
        if !ScalarText.hasNonWhitespace(utf8: text) {
            throw ParseError(code: .emptyInput, message: "the page has no visible text")
        }
        let analysis = DocumentAnalyzer.analyze(utf8: text, html: html, sourceURL: sourceURL)
        var metadata = analysis.metadata
        metadata.encoding = decoded.encoding.name
        metadata.wasHTML = decoded.isHTML
        metadata.crawlDate = crawlDate
        return ParsedReport(
            parserVersion: Self.version,
            sourceURL: sourceURL,
            kind: analysis.kind,
            kindReason: analysis.kindReason,
            metadata: metadata,
            sections: analysis.sections,
            partsPresent: analysis.partsPresent,
            partsMissing: analysis.partsMissing,
            facts: self.facts.extract(from: analysis.body, sections: analysis.sections, reportYear: metadata.reportYear),
            problems: analysis.problems,
            plans: analysis.plans,
            text: analysis.body,
            warnings: analysis.warnings
        )
    }
}
