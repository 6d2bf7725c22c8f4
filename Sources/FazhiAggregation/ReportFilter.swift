/// Which reports a query covers. Empty lists and zero years mean "no restriction"; values
/// within a list are alternatives (OR), lists combine with AND.
package struct ReportFilter: Sendable, Hashable {
    /// First report year included (0: none). A year bound excludes reports of unknown year.
    package var yearMin: Int
    /// Last report year included (0: none).
    package var yearMax: Int
    package var provinces: [String]
    /// ``AdministrativeLevel`` raw values; anything else is an error.
    package var levels: [String]
    package var organizations: [String]
    package var cities: [String]
    package var counties: [String]

    /// A filter; every restriction defaults to none.
    package init(
        yearMin: Int = 0,
        yearMax: Int = 0,
        provinces: [String] = [],
        levels: [String] = [],
        organizations: [String] = [],
        cities: [String] = [],
        counties: [String] = []
    ) {
        self.yearMin = yearMin
        self.yearMax = yearMax
        self.provinces = provinces
        self.levels = levels
        self.organizations = organizations
        self.cities = cities
        self.counties = counties
    }

    /// Everything.
    package static var all: ReportFilter { ReportFilter() }

    /// Whether the filter leaves exactly one level.
    var isSingleLevel: Bool { Set(self.levels).count == 1 }
}
