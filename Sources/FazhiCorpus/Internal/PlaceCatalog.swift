internal import FazhiParsing

/// Real places drawn from the bundled gazetteer, split into names a resolver can pin down and
/// names it cannot (DOMAIN.md §4.2: 城关镇 ×99).
///
/// Built once per generator; arrays only (never dictionaries) are iterated, so the order of
/// every draw is the same in every process.
struct PlaceCatalog: Sendable {
    /// A place path: province, prefecture, county and township names plus the county code.
    struct Place: Sendable {
        var province: String
        var city: String
        var county: String
        var township: String
        var code: String
        var provinceShort: String
    }

    /// Provinces (municipalities included).
    var provinces: [Place] = []
    /// Prefecture-level cities whose name occurs once in the table.
    var cities: [Place] = []
    /// Counties whose name occurs once.
    var counties: [Place] = []
    /// County names that occur more than once (南山区, 鼓楼区), each with every place carrying it.
    var ambiguousCounties: [[Place]] = []
    /// Townships and streets whose name occurs once.
    var townships: [Place] = []
    /// Township names that occur at least three times, each with every place carrying it.
    var ambiguousTownships: [[Place]] = []

    init(gazetteer: Gazetteer) {
        var nameCounts: [String: Int] = [:]
        var repeatedCounties: [Place] = []
        var repeatedTownships: [Place] = []
        for division in gazetteer.divisions {
            nameCounts[division.name, default: 0] += 1
        }
        for id in gazetteer.divisions.indices {
            let division = gazetteer.divisions[id]
            let path = gazetteer.path(Gazetteer.Division.ID(id)).map { gazetteer[$0] }
            guard let province = path.last else { continue }
            let short = province.alias.isEmpty ? String(province.name.prefix(2)) : province.alias
            func place(city: String = "", county: String = "", township: String = "") -> Place {
                Place(province: province.name, city: city, county: county, township: township,
                      code: division.code, provinceShort: String(short.prefix(1)))
            }
            let unique = nameCounts[division.name] == 1
            switch division.kind {
            case .province:
                self.provinces.append(place())
            case .prefecture:
                // Municipalities repeat themselves as their own prefecture; skip those.
                if division.name != province.name, division.name.hasSuffix("市"), unique {
                    self.cities.append(place(city: division.name))
                }
            case .county:
                guard path.count >= 3, !division.code.isEmpty else { continue }
                let city = path[1].name
                let entry = place(city: city, county: division.name)
                if !(division.name.hasSuffix("县") || division.name.hasSuffix("区") || division.name.hasSuffix("市")) {
                    continue
                }
                if unique { self.counties.append(entry) } else { repeatedCounties.append(entry) }
            case .township:
                guard path.count >= 4, division.name.hasSuffix("镇") || division.name.hasSuffix("乡") || division.name.hasSuffix("街道") else {
                    continue
                }
                let entry = place(city: path[2].name, county: path[1].name, township: division.name)
                if unique {
                    self.townships.append(entry)
                } else if (nameCounts[division.name] ?? 0) >= 3 {
                    repeatedTownships.append(entry)
                }
            }
        }
        self.ambiguousCounties = Self.grouped(repeatedCounties, by: \.county)
        self.ambiguousTownships = Self.grouped(repeatedTownships, by: \.township)
    }

    /// Places grouped by name, groups ordered by name so that draws are reproducible.
    private static func grouped(_ places: [Place], by key: KeyPath<Place, String>) -> [[Place]] {
        var groups: [String: [Place]] = [:]
        for place in places { groups[place[keyPath: key], default: []].append(place) }
        return groups.keys.sorted().compactMap { groups[$0] }.filter { $0.count >= 2 }
    }
}
