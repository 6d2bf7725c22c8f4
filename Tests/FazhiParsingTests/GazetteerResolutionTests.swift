internal import Testing

@testable internal import FazhiParsing

/// Context strings here are written for the tests, modelled on the seed reports' headers,
/// addressee lines and signature blocks; no report text is copied.
@Suite("Gazetteer resolution")
struct GazetteerResolutionTests {
    typealias Context = Gazetteer.PlaceContext

    let gazetteer = Gazetteer.shared

    @Test("a street office named in the title and addressee resolves on the county's stem (seed 000)")
    func streetOnOutdatedTownship() throws {
        let resolution = self.gazetteer.resolve(
            Context(
                title: "中共渠县渠南街道工作委员会 渠县人民政府渠南街道办事处关于2024年法治政府建设完成情况的报告",
                addressees: ["中共渠县县委、渠县人民政府:"],
                source: "来源:渠县人民政府渠南街道办事处"
            )
        )
        let place = try #require(resolution.place)
        #expect(place.province == "四川省")
        #expect(place.city == "达州市")
        #expect(place.county == "渠县")
        #expect(place.countyCode == "511725")
        #expect(place.township == "渠南街道")
        #expect(place.tableName == "渠南镇")
        #expect(place.level == .street)
        #expect(resolution.evidence.kind == .explicitNames)
        #expect(resolution.evidence.names.contains("渠县"))
        #expect(resolution.evidence.names.contains("渠南街道"))
    }

    @Test("names in traditional characters resolve as their simplified forms (mirror sites)")
    func traditionalCharacters() throws {
        let resolution = self.gazetteer.resolve(
            Context(title: "清水縣黃門鎮2023年法治政府建設工作報告", organizations: ["清水縣黃門鎮人民政府"])
        )
        #expect(resolution.place?.description == "甘肃省/天水市/清水县/黄门镇")
        #expect(resolution.evidence.names.contains("黄门镇"))
    }

    @Test("a simplified name with a character the folding table also maps is kept (乾元镇, not 干元镇)")
    func simplifiedNameNotFolded() throws {
        let resolution = self.gazetteer.resolve(Context(title: "德清县乾元镇2023年法治政府建设工作报告"))
        #expect(resolution.place?.description == "浙江省/湖州市/德清县/乾元镇")
    }

    @Test(
        "a traditional name with a character simplified Chinese also uses resolves (乾安縣 is 乾安县, not 干安县)",
        arguments: [
            ("乾安縣人民政府2023年法治政府建設年度報告", "吉林省/松原市/乾安县"),
            ("乾縣人民政府關於2023年法治政府建設情況的報告", "陕西省/咸阳市/乾县"),
            ("德清縣乾元鎮2023年法治政府建設工作報告", "浙江省/湖州市/德清县/乾元镇"),
        ]
    )
    func traditionalNameKeepingAlsoSimplified(title: String, expected: String) throws {
        let resolution = self.gazetteer.resolve(Context(title: title))
        #expect(resolution.place?.description == expected)
    }

    @Test("the folding that keeps 乾 and 於 keeps only those")
    func foldingKeepingAlsoSimplified() {
        #expect(HanFolding.simplified("乾縣於潛鎮") == "干县于潜镇")
        #expect(HanFolding.simplified("乾縣於潛鎮", keepingAlsoSimplified: true) == "乾县於潜镇")
        #expect(HanFolding.simplified("乾於", keepingAlsoSimplified: true) == nil)
    }

    @Test("the addressee and a short street mention alone are enough (seed 000)")
    func addresseePlusStreet() throws {
        let resolution = self.gazetteer.resolve(
            Context(organizations: ["渠南街道"], addressees: ["中共渠县县委、渠县人民政府:"])
        )
        #expect(resolution.place?.description == "四川省/达州市/渠县/渠南街道")
    }

    @Test("a town under a Chongqing district resolves from its breadcrumb and organization (seed 001)")
    func chongqingTown() throws {
        let resolution = self.gazetteer.resolve(
            Context(
                title: "永嘉镇2019年法治政府建设工作报告",
                organizations: ["中共重庆市铜梁区永嘉镇委员会"],
                breadcrumb: "铜梁区永嘉镇"
            )
        )
        let place = try #require(resolution.place)
        #expect(place.province == "重庆市")
        #expect(place.county == "铜梁区")
        #expect(place.township == "永嘉镇")
        #expect(place.level == .township)
        #expect(place.tableName == nil)
    }

    @Test("a street office resolves from its signature block (seed 002)")
    func shenzhenStreet() throws {
        let resolution = self.gazetteer.resolve(
            Context(signatures: ["深圳市南山区桃源街道办事处", "2024年12月9日"])
        )
        let place = try #require(resolution.place)
        #expect(place.description == "广东省/深圳市/南山区/桃源街道")
        #expect(place.countyCode == "440305")
        #expect(place.level == .street)
        #expect(resolution.evidence.fields == [.signature])
    }

    @Test("a full chain in the title resolves (seed 003)")
    func changshaStreet() throws {
        let resolution = self.gazetteer.resolve(
            Context(
                title: "长沙市天心区坡子街街道办事处2022年法治政府建设年度报告",
                source: "来源:天心区坡子街街道",
                breadcrumb: "首页 > 政务公开 > 区属街道信息公开目录 > 坡子街街道 > 规划计划"
            )
        )
        let place = try #require(resolution.place)
        #expect(place.description == "湖南省/长沙市/天心区/坡子街街道")
        #expect(place.countyCode == "430103")
        #expect(place.level == .street)
    }

    @Test("a town unique in the table resolves from the title alone (seed 004)")
    func uniqueTown() throws {
        let resolution = self.gazetteer.resolve(Context(title: "黄门镇2024年法治建设工作报告"))
        let place = try #require(resolution.place)
        #expect(place.description == "甘肃省/天水市/清水县/黄门镇")
        #expect(place.countyCode == "620521")
        #expect(place.level == .township)
    }

    @Test(
        "ambiguous names alone stay unresolved with their candidates",
        arguments: [
            ("南山区", 2), ("桃源街道", 6), ("城关镇", 50), ("市中区", 3), ("鼓楼区", 3),
        ]
    )
    func ambiguousAlone(name: String, atLeast: Int) {
        let resolution = self.gazetteer.resolve(Context(title: "\(name)2024年法治政府建设年度报告"))
        #expect(resolution.place == nil)
        #expect(resolution.candidates.count >= atLeast)
        #expect(resolution.evidence.kind == .none)
        #expect(resolution.province == nil && resolution.county == nil && resolution.township == nil)
    }

    @Test("南山区 lists both Shenzhen and Hegang")
    func nanshanCandidates() {
        let resolution = self.gazetteer.resolve(Context(signatures: ["南山区人民政府"]))
        #expect(resolution.place == nil)
        #expect(Set(resolution.candidates.compactMap(\.city)) == ["深圳市", "鹤岗市"])
    }

    @Test("a prefecture in an explicit field disambiguates")
    func prefectureDisambiguates() throws {
        let resolution = self.gazetteer.resolve(
            Context(title: "南山区2024年法治政府建设年度报告", addressees: ["中共深圳市委、深圳市人民政府:"])
        )
        #expect(resolution.place?.description == "广东省/深圳市/南山区")
        #expect(resolution.level == .county)
    }

    @Test("a prefecture co-occurring in the body disambiguates")
    func bodyDisambiguates() throws {
        let resolution = self.gazetteer.resolve(
            Context(
                title: "桃源街道2024年法治政府建设工作报告",
                body: "桃源街道办围绕市、区法治政府建设部署，按照南山区2024年法治政府建设重点工作安排，落实深圳市的要求。"
            )
        )
        let place = try #require(resolution.place)
        #expect(place.description == "广东省/深圳市/南山区/桃源街道")
        #expect(resolution.evidence.kind == .body)
        #expect(resolution.evidence.fields.contains(.body))
    }

    @Test("the ambiguous name itself in the body does not count, its prefecture does")
    func bodyRepeatsAmbiguousName() throws {
        let resolution = self.gazetteer.resolve(
            Context(
                title: "南山区2024年法治政府建设年度报告",
                body: "南山区认真落实深圳市法治政府建设部署，南山区各街道扎实推进依法行政。"
            )
        )
        #expect(resolution.place?.description == "广东省/深圳市/南山区")
        #expect(resolution.evidence.kind == .body)
        #expect(resolution.evidence.names.contains("深圳市"))

        let undecided = self.gazetteer.resolve(
            Context(title: "南山区2024年法治政府建设年度报告", body: "南山区扎实推进依法行政。")
        )
        #expect(undecided.place == nil)
        #expect(undecided.candidates.count == 2)
    }

    @Test("a body naming places of several candidates does not decide")
    func bodyThatDoesNotDecide() {
        let resolution = self.gazetteer.resolve(
            Context(title: "南山区2024年法治政府建设年度报告", body: "学习深圳市和鹤岗市的经验。")
        )
        #expect(resolution.place == nil)
        #expect(resolution.candidates.count == 2)
    }

    @Test("the site host disambiguates or, alone, gives the site's division")
    func domain() throws {
        let narrowed = self.gazetteer.resolve(Context(title: "桃源街道2024年法治政府建设工作报告", host: "www.szns.gov.cn"))
        #expect(narrowed.place?.description == "广东省/深圳市/南山区/桃源街道")
        #expect(narrowed.evidence.kind == .domain)

        let alone = self.gazetteer.resolve(
            Context(title: "2024年法治政府建设年度报告", host: "https://www.linping.gov.cn/art/1.html")
        )
        #expect(alone.place?.description == "浙江省/杭州市/临平区")
        #expect(alone.level == .county)
        #expect(alone.evidence.fields == [.host])

        let unrelated = self.gazetteer.resolve(Context(title: "南山区2024年法治政府建设年度报告", host: "www.linping.gov.cn"))
        #expect(unrelated.place == nil)
        #expect(unrelated.candidates.count == 2)
    }

    @Test("counties, prefectures and provinces resolve at their own level")
    func higherLevels() {
        let county = self.gazetteer.resolve(Context(title: "渠县人民政府关于2023年法治政府建设情况的报告"))
        #expect(county.place?.description == "四川省/达州市/渠县")
        #expect(county.level == .county)

        let city = self.gazetteer.resolve(Context(title: "达州市人民政府关于2023年法治政府建设情况的报告"))
        #expect(city.place?.description == "四川省/达州市")
        #expect(city.level == .city)
        #expect(city.countyCode == nil)

        let province = self.gazetteer.resolve(Context(title: "四川省人民政府关于2023年法治政府建设情况的报告"))
        #expect(province.place?.description == "四川省")
        #expect(province.level == .province)

        let municipality = self.gazetteer.resolve(Context(title: "重庆市人民政府关于2023年法治政府建设情况的报告"))
        #expect(municipality.level == .province)
        #expect(municipality.province == "重庆市")
    }

    @Test("stems bridge type changes and short forms of autonomous units")
    func stems() {
        let county = self.gazetteer.resolve(Context(title: "城步县2023年法治政府建设年度报告"))
        #expect(county.county == "城步苗族自治县")
        let prefecture = self.gazetteer.resolve(Context(title: "中共恩施州委 恩施州人民政府"))
        #expect(prefecture.city == "恩施土家族苗族自治州")
        #expect(prefecture.level == .city)
    }

    @Test("former county names resolve to the current unit")
    func formerNames() {
        let resolution = self.gazetteer.resolve(Context(title: "宁乡县人民政府2016年法治政府建设工作报告"))
        #expect(resolution.place?.description == "湖南省/长沙市/宁乡市")
    }

    @Test(
        "ordinary text yields no place",
        arguments: [
            "关于2024年法治政府建设情况的报告",
            "全面完成县委交办的各项任务，推进城区和郊区协调发展",
            "深入开展法律进乡镇、进社区活动，加强老城区改造中的依法行政",
            "各街道、各部门要认真贯彻落实，确保取得实效",
            "市司法局、区法院、县检察院联合开展普法宣传",
        ]
    )
    func noFalsePositives(text: String) {
        #expect(self.gazetteer.mentions(in: text).map(\.surface) == [])
        let resolution = self.gazetteer.resolve(Context(title: text, body: text))
        #expect(resolution.place == nil)
        #expect(resolution.candidates.isEmpty)
    }

    @Test("two-character county names need a word boundary")
    func twoCharacterNames() {
        #expect(self.gazetteer.mentions(in: "中共渠县县委").map(\.surface) == ["渠县"])
        #expect(self.gazetteer.mentions(in: "《渠县2024年普法依法治理工作要点》").map(\.surface) == ["渠县"])
        #expect(self.gazetteer.mentions(in: "完成县委部署").isEmpty)
        #expect(self.gazetteer.mentions(in: "中共渠县委员会").map(\.surface) == ["渠县"])
        #expect(self.gazetteer.mentions(in: "渠县教育局2023年法治政府建设工作报告").map(\.surface) == ["渠县"])
        #expect(self.gazetteer.mentions(in: "加快新县城建设").isEmpty)
        #expect(self.gazetteer.mentions(in: "阳泉市城区人民政府").map(\.surface) == ["阳泉市", "城区"])
    }

    @Test("a body alone lists places but never decides")
    func bodyOnly() {
        let resolution = self.gazetteer.resolve(Context(body: "达州市渠县渠南街道2024年开展普法宣传。"))
        #expect(resolution.place == nil)
        #expect(resolution.evidence.kind == .none)
        #expect(!resolution.candidates.isEmpty)
    }

    @Test("conflicting explicit names stay unresolved")
    func conflicting() {
        let resolution = self.gazetteer.resolve(Context(title: "黄门镇2024年法治建设工作报告", signatures: ["长沙市天心区人民政府"]))
        #expect(resolution.place == nil)
        #expect(resolution.candidates.count >= 2)
    }
}

@Suite("Gazetteer resolution of units missing from the table")
struct GazetteerUnlistedTests {
    let gazetteer = Gazetteer.shared

    @Test("a street written right after its county is kept even when the table lacks it")
    func unlistedStreet() throws {
        let resolution = self.gazetteer.resolve(
            Gazetteer.PlaceContext(
                title: "渠县人民政府宕渠街道办事处2024年法治政府建设工作报告",
                addressees: ["中共渠县县委、渠县人民政府:"]
            )
        )
        let place = try #require(resolution.place)
        #expect(place.description == "四川省/达州市/渠县/宕渠街道")
        #expect(place.level == .street)
        #expect(place.isListed == false)
        #expect(place.countyCode == "511725")
    }

    @Test("a county report is not mistaken for a township one")
    func countyReport() throws {
        for title in ["渠县人民政府关于2023年法治政府建设情况的报告", "渠县2023年乡镇法治建设工作报告"] {
            let resolution = self.gazetteer.resolve(Gazetteer.PlaceContext(title: title))
            #expect(resolution.level == .county, "\(title)")
            #expect(resolution.township == nil, "\(title)")
        }
    }
}
