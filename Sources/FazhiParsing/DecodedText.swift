/// Text decoded from raw input bytes by ``InputDecoder``.
package struct DecodedText: Hashable, Sendable {
    /// The decoded text, with any byte-order mark removed; otherwise exactly as decoded.
    package var text: String { String(decoding: self.utf8, as: UTF8.self) }
    /// ``text`` as UTF-8 bytes (well-formed): what the parser reads, so a page valid as UTF-8
    /// is checked once and never copied into a `String` on its way to the analysis.
    package var utf8: [UInt8]
    /// The encoding the bytes were decoded from.
    package var encoding: TextEncoding
    /// The charset that the content type or an HTML `<meta>` tag declared, if any and if known.
    package var declaredEncoding: TextEncoding?
    /// Whether the input is HTML (by content type, or by sniffing the first bytes).
    package var isHTML: Bool
    /// How many invalid byte sequences were replaced with U+FFFD (bounded by the configuration).
    package var replacedSequenceCount: Int
    /// The plausibility score of the chosen decoding in `0...1`: the weighted share of non-ASCII
    /// scalars that are common Chinese characters or punctuation (1 for pure ASCII).
    ///
    /// Strictly valid UTF-8 is accepted without it, so for such text the score is computed
    /// here, when asked for, rather than on every parse.
    package var plausibility: Double { self.knownPlausibility ?? Plausibility.score(utf8: self.utf8) }
    /// The score, when the decoder computed it to choose or accept the decoding.
    private var knownPlausibility: Double?

    /// Creates a decoded text; normally only ``InputDecoder`` does this.
    package init(
        text: String,
        encoding: TextEncoding,
        declaredEncoding: TextEncoding?,
        isHTML: Bool,
        replacedSequenceCount: Int,
        plausibility: Double?
    ) {
        self.init(
            utf8: Array(text.utf8),
            encoding: encoding,
            declaredEncoding: declaredEncoding,
            isHTML: isHTML,
            replacedSequenceCount: replacedSequenceCount,
            plausibility: plausibility
        )
    }

    /// Creates a decoded text from bytes that must be well-formed UTF-8 (checked in debug builds).
    init(
        utf8: [UInt8],
        encoding: TextEncoding,
        declaredEncoding: TextEncoding?,
        isHTML: Bool,
        replacedSequenceCount: Int,
        plausibility: Double?
    ) {
        assert(utf8.withUnsafeBufferPointer(ValidUTF8.isValid), "DecodedText needs well-formed UTF-8")
        self.utf8 = utf8
        self.encoding = encoding
        self.declaredEncoding = declaredEncoding
        self.isHTML = isHTML
        self.replacedSequenceCount = replacedSequenceCount
        self.knownPlausibility = plausibility
    }
}
