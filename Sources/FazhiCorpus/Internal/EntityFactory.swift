internal import FazhiParsing

/// Draws the reporting body of a report: level, real place, organization names.
enum EntityFactory {
    private static let departments = ["司法局", "市场监督管理局", "自然资源局", "生态环境局", "城市管理综合执法局", "应急管理局", "教育局", "卫生健康局", "交通运输局", "住房和城乡建设局"]

    static func make(_ catalog: PlaceCatalog, rng: inout SplitMix64) -> Entity {
        let level = [AdministrativeLevel.township, .street, .county, .city, .province, .department][rng.weighted([28, 15, 25, 9, 3, 20])]
        let joint = rng.chance(0.35)
        switch level {
        case .township, .street:
            let ambiguous = rng.chance(0.08)
            var places: [PlaceCatalog.Place]
            var place = ambiguous ? rng.pick(catalog.ambiguousTownships)[0] : rng.pick(catalog.townships)
            for _ in 0..<30 where place.township.hasSuffix("街道") != (level == .street) {
                place = ambiguous ? rng.pick(catalog.ambiguousTownships)[0] : rng.pick(catalog.townships)
            }
            places = ambiguous ? (catalog.ambiguousTownships.first { $0[0].township == place.township } ?? [place]) : [place]
            let isStreet = place.township.hasSuffix("街道")
            let chain = ambiguous ? "" : [place.county, place.city + place.county, ""][rng.weighted([5, 3, 2])]
            let gov = chain + place.township + (isStreet ? "办事处" : "人民政府")
            let party = "中共" + chain + place.township + (isStreet ? "工作委员会" : "委员会")
            let word = isStreet ? "街道" : (place.township.hasSuffix("乡") ? "乡" : "镇")
            return Entity(
                level: isStreet ? .street : .township,
                region: ambiguous ? Region(candidates: places.map(Self.path)) : Region(province: place.province, city: place.city, county: place.county, township: place.township, countyCode: place.code),
                isAmbiguous: ambiguous, organizations: joint ? [party, gov] : [gov], shortName: place.township,
                chainPrefix: chain, selfReference: "本" + word, areaReference: "全" + word,
                addressees: ambiguous || rng.chance(0.4) ? [] : ["中共\(place.county)委员会", "\(place.county)人民政府"],
                code: place.code, provinceShort: place.provinceShort)
        case .county, .department:
            let ambiguous = level == .county && rng.chance(0.08)
            let group = ambiguous ? rng.pick(catalog.ambiguousCounties) : [rng.pick(catalog.counties)]
            let place = group[0]
            let chain = ambiguous ? "" : (rng.chance(0.4) ? place.city : "")
            let word = String(place.county.suffix(1))
            let region = ambiguous ? Region(candidates: group.map(Self.path)) : Region(province: place.province, city: place.city, county: place.county, countyCode: place.code)
            if level == .department {
                let name = chain + place.county + rng.pick(departments)
                return Entity(level: .department, region: region, isAmbiguous: false, organizations: [name], shortName: place.county + name.suffix(name.count - chain.count - place.county.count),
                              chainPrefix: chain, selfReference: "我局", areaReference: "全" + word,
                              addressees: rng.chance(0.5) ? ["中共\(place.county)委员会", "\(place.county)人民政府"] : [],
                              code: place.code, provinceShort: place.provinceShort)
            }
            return Entity(level: .county, region: region, isAmbiguous: ambiguous,
                          organizations: joint ? ["中共\(chain)\(place.county)委员会", "\(chain)\(place.county)人民政府"] : ["\(chain)\(place.county)人民政府"],
                          shortName: place.county, chainPrefix: chain, selfReference: "本" + word, areaReference: "全" + word,
                          addressees: ambiguous || rng.chance(0.5) ? [] : ["中共\(place.city)委员会", "\(place.city)人民政府"],
                          code: place.code, provinceShort: place.provinceShort)
        case .city:
            let place = rng.pick(catalog.cities)
            return Entity(level: .city, region: Region(province: place.province, city: place.city), isAmbiguous: false,
                          organizations: joint ? ["中共\(place.city)委员会", "\(place.city)人民政府"] : ["\(place.city)人民政府"],
                          shortName: place.city, chainPrefix: "", selfReference: "我市", areaReference: "全市",
                          addressees: rng.chance(0.5) ? [] : ["中共\(place.province)委员会", "\(place.province)人民政府"],
                          code: place.code, provinceShort: place.provinceShort)
        case .province:
            let place = rng.pick(catalog.provinces)
            return Entity(level: .province, region: Region(province: place.province), isAmbiguous: false,
                          organizations: joint ? ["中共\(place.province)委员会", "\(place.province)人民政府"] : ["\(place.province)人民政府"],
                          shortName: place.province, chainPrefix: "", selfReference: "我省", areaReference: "全省",
                          addressees: rng.chance(0.5) ? [] : ["党中央", "国务院"], code: place.code, provinceShort: place.provinceShort)
        }
    }

    /// "广东省/深圳市/南山区/桃源街道", the candidate form of an ambiguous place.
    static func path(_ place: PlaceCatalog.Place) -> String {
        [place.province, place.city, place.county, place.township].filter { !$0.isEmpty }.joined(separator: "/")
    }
}
