extension Gazetteer {
    /// The parts of a report that can name its issuing body's place, as the parser found them.
    ///
    /// All fields are optional. Short, structured fields (title, organizations, addressees,
    /// signatures, source line, breadcrumb) are read as explicit evidence; `host` is looked up
    /// in the domain table; `body` is used only to choose among candidates already found.
    package struct PlaceContext: Sendable, Hashable {
        /// The report title (`长沙市天心区坡子街街道办事处2022年法治政府建设年度报告`).
        package var title: String?
        /// Issuing organizations named outside the title (`中共重庆市铜梁区永嘉镇委员会`).
        package var organizations: [String]
        /// Addressee lines: the superior bodies (`中共渠县县委、渠县人民政府:`).
        package var addressees: [String]
        /// Signature-block lines (`深圳市南山区桃源街道办事处`).
        package var signatures: [String]
        /// The publisher line (`来源:渠县人民政府渠南街道办事处`).
        package var source: String?
        /// The page's breadcrumb or metadata line (`首页 > … > 坡子街街道`, `铜梁区永嘉镇`).
        package var breadcrumb: String?
        /// The site host or URL the report came from (`www.szns.gov.cn`).
        package var host: String?
        /// The report body; only consulted to disambiguate.
        package var body: String?

        /// Creates a context; every field defaults to empty.
        package init(
            title: String? = nil,
            organizations: [String] = [],
            addressees: [String] = [],
            signatures: [String] = [],
            source: String? = nil,
            breadcrumb: String? = nil,
            host: String? = nil,
            body: String? = nil
        ) {
            self.title = title
            self.organizations = organizations
            self.addressees = addressees
            self.signatures = signatures
            self.source = source
            self.breadcrumb = breadcrumb
            self.host = host
            self.body = body
        }

        /// The explicit fields in resolution order, each with its field tag.
        var explicitTexts: [(Field, String)] {
            var result: [(Field, String)] = []
            if let title { result.append((.title, title)) }
            result += self.organizations.map { (.organization, $0) }
            result += self.signatures.map { (.signature, $0) }
            result += self.addressees.map { (.addressee, $0) }
            if let source { result.append((.source, source)) }
            if let breadcrumb { result.append((.breadcrumb, breadcrumb)) }
            return result
        }
    }

    /// A part of a ``PlaceContext``.
    package enum Field: String, Sendable, Hashable, CaseIterable, Comparable {
        case title
        case organization
        case signature
        case addressee
        case source
        case breadcrumb
        case host
        case body

        package static func < (lhs: Self, rhs: Self) -> Bool {
            // '!' is fine: allCases holds every case.
            Self.allCases.firstIndex(of: lhs)! < Self.allCases.firstIndex(of: rhs)!
        }
    }
}
