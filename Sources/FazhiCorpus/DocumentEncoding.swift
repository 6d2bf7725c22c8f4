/// The byte encoding of a generated page.
package enum DocumentEncoding: String, Sendable, Hashable, CaseIterable {
    /// UTF-8 without a byte-order mark.
    case utf8 = "utf-8"
    /// UTF-8 preceded by the byte-order mark EF BB BF.
    case utf8BOM = "utf-8-bom"
    /// GB18030, as many older county sites still serve.
    case gb18030 = "gb18030"
}
