/// Text decoded from raw input bytes by ``InputDecoder``.
package struct DecodedText: Hashable, Sendable {
    /// The decoded text, with any byte-order mark removed; otherwise exactly as decoded.
    package var text: String
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
    package var plausibility: Double

    /// Creates a decoded text; normally only ``InputDecoder`` does this.
    package init(
        text: String,
        encoding: TextEncoding,
        declaredEncoding: TextEncoding?,
        isHTML: Bool,
        replacedSequenceCount: Int,
        plausibility: Double
    ) {
        self.text = text
        self.encoding = encoding
        self.declaredEncoding = declaredEncoding
        self.isHTML = isHTML
        self.replacedSequenceCount = replacedSequenceCount
        self.plausibility = plausibility
    }
}
