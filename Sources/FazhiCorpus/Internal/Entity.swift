internal import FazhiParsing

/// The reporting body of one generated report, with the names the page uses for it.
struct Entity: Sendable {
    var level: AdministrativeLevel
    /// The region a perfect resolver finds (empty fields and candidates when ambiguous).
    var region: Region
    /// The name was chosen to be ambiguous; the page gives no chain that resolves it.
    var isAmbiguous: Bool
    /// Issuing organizations as written in the title and signature.
    var organizations: [String]
    /// Short name of the unit (坡子街街道, 渠县, 司法局 with its county).
    var shortName: String
    /// Place prefix written before the short name in titles when the chain is shown.
    var chainPrefix: String
    /// How the report refers to itself and its area (本镇, 全县).
    var selfReference: String
    var areaReference: String
    /// Addressees (the next level up), empty when the page has none.
    var addressees: [String]
    /// 6-digit code used for index numbers and hosts.
    var code: String
    /// Province short name for ICP lines (川, 湘).
    var provinceShort: String
}
