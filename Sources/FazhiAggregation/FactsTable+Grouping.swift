internal import FazhiParsing

/// Which group each report falls in, for one query.
struct ReportGrouping {
    /// Group index per report ordinal; -1 when the report is dead or filtered out.
    var groupOfReport: [Int32]
    /// Key strings per group, in query field order.
    var keys: [[String]]
    /// Live, matching reports per group.
    var reportsInGroup: [UInt64]
}

/// A ``ReportFilter`` resolved to dictionary codes.
struct ResolvedFilter {
    var yearMin: Int32?
    var yearMax: Int32?
    var provinces: Set<Int32>?
    var cities: Set<Int32>?
    var counties: Set<Int32>?
    var organizations: Set<Int32>?
    var levels: Set<UInt8>?

    func matches(_ table: FactsTable, _ ordinal: Int) -> Bool {
        let year = table.years[ordinal]
        if let yearMin = self.yearMin, year == 0 || year < yearMin { return false }
        if let yearMax = self.yearMax, year == 0 || year > yearMax { return false }
        if let set = self.provinces, !set.contains(table.provinceCodes[ordinal]) { return false }
        if let set = self.cities, !set.contains(table.cityCodes[ordinal]) { return false }
        if let set = self.counties, !set.contains(table.countyCodes[ordinal]) { return false }
        if let set = self.organizations, !set.contains(table.organizationCodes[ordinal]) { return false }
        if let set = self.levels, !set.contains(table.levelCodes[ordinal]) { return false }
        return true
    }
}

extension FactsTable {
    /// Resolves a filter against the dictionaries; names never seen match nothing.
    ///
    /// - Throws: ``AggregationError/Code/invalidFilter`` for an unknown level or an inverted
    ///   year range.
    func resolve(_ filter: ReportFilter) throws(AggregationError) -> ResolvedFilter {
        var resolved = ResolvedFilter()
        if filter.yearMin != 0 { resolved.yearMin = Int32(clamping: filter.yearMin) }
        if filter.yearMax != 0 { resolved.yearMax = Int32(clamping: filter.yearMax) }
        if let low = resolved.yearMin, let high = resolved.yearMax, low > high {
            throw AggregationError(.invalidFilter, "year range \(low)–\(high) is empty (year_min > year_max)")
        }
        func codes(_ names: [String], _ dictionary: StringDictionary) -> Set<Int32>? {
            names.isEmpty ? nil : Set(names.compactMap { dictionary.code(of: $0) }.filter { $0 != 0 })
        }
        resolved.provinces = codes(filter.provinces, self.provinces)
        resolved.cities = codes(filter.cities, self.cities)
        resolved.counties = codes(filter.counties, self.counties)
        resolved.organizations = codes(filter.organizations, self.organizations)
        if !filter.levels.isEmpty {
            var levels = Set<UInt8>()
            for name in filter.levels {
                guard let level = AdministrativeLevel(rawValue: name) else {
                    throw AggregationError(
                        .invalidFilter,
                        "unknown level '\(name)'; expected one of \(AdministrativeLevel.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                levels.insert(UInt8(LevelSet.code(of: level)))
            }
            resolved.levels = levels
        }
        return resolved
    }

    /// Assigns every live report that passes `filter` to a group of `fields`.
    func group(fields: [GroupField], filter: ResolvedFilter) -> ReportGrouping {
        let reportCount = self.docIDs.count
        var groupOfReport = [Int32](repeating: -1, count: reportCount)
        var keys: [[String]] = []
        var reportsInGroup: [UInt64] = []

        // Years are mapped to 1... from the smallest present, 0 for unknown.
        var minYear = Int32.max
        var maxYear = Int32.min
        for year in self.years where year != 0 {
            minYear = Swift.min(minYear, year)
            maxYear = Swift.max(maxYear, year)
        }
        if minYear > maxYear { (minYear, maxYear) = (0, -1) }
        var radices: [Int] = []
        for field in fields {
            switch field {
            case .year: radices.append(Int(maxYear) - Int(minYear) + 2)
            case .province: radices.append(self.provinces.count)
            case .city: radices.append(self.cities.count)
            case .county: radices.append(self.counties.count)
            case .organization: radices.append(self.organizations.count)
            case .level: radices.append(AdministrativeLevel.allCases.count + 1)
            }
        }
        func component(_ field: GroupField, _ ordinal: Int) -> Int {
            switch field {
            case .year:
                let year = self.years[ordinal]
                return year == 0 ? 0 : Int(year - minYear) + 1
            case .province: return Int(self.provinceCodes[ordinal])
            case .city: return Int(self.cityCodes[ordinal])
            case .county: return Int(self.countyCodes[ordinal])
            case .organization: return Int(self.organizationCodes[ordinal])
            case .level: return Int(self.levelCodes[ordinal])
            }
        }
        func keyStrings(_ ordinal: Int) -> [String] {
            fields.map { field in
                switch field {
                case .year: self.years[ordinal] == 0 ? "" : String(self.years[ordinal])
                case .province: self.provinces[self.provinceCodes[ordinal]]
                case .city: self.cities[self.cityCodes[ordinal]]
                case .county: self.counties[self.countyCodes[ordinal]]
                case .organization: self.organizations[self.organizationCodes[ordinal]]
                case .level: LevelSet.level(ofCode: Int(self.levelCodes[ordinal]))?.rawValue ?? ""
                }
            }
        }

        // A dense mixed-radix table when the key space is small, a dictionary otherwise.
        var product = 1
        var dense = true
        for radix in radices {
            let (next, overflow) = product.multipliedReportingOverflow(by: Swift.max(radix, 1))
            if overflow || next > 1 << 22 {
                dense = false
                break
            }
            product = next
        }
        var denseGroups = dense ? [Int32](repeating: -1, count: product) : []
        var sparseGroups: [SIMD8<Int32>: Int32] = [:]
        for ordinal in 0..<reportCount where self.alive[ordinal] && filter.matches(self, ordinal) {
            var group: Int32
            if dense {
                var index = 0
                for (position, field) in fields.enumerated() { index = index * radices[position] + component(field, ordinal) }
                group = denseGroups[index]
                if group < 0 {
                    group = Int32(keys.count)
                    denseGroups[index] = group
                    keys.append(keyStrings(ordinal))
                    reportsInGroup.append(0)
                }
            } else {
                var key = SIMD8<Int32>(repeating: 0)
                for (position, field) in fields.enumerated() { key[position] = Int32(component(field, ordinal)) }
                if let known = sparseGroups[key] {
                    group = known
                } else {
                    group = Int32(keys.count)
                    sparseGroups[key] = group
                    keys.append(keyStrings(ordinal))
                    reportsInGroup.append(0)
                }
            }
            groupOfReport[ordinal] = group
            reportsInGroup[Int(group)] += 1
        }
        return ReportGrouping(groupOfReport: groupOfReport, keys: keys, reportsInGroup: reportsInGroup)
    }
}
