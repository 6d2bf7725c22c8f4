extension Gazetteer {
    /// The place names in `text` as written, plus those found only once traditional characters
    /// are read as simplified ones (a mirror site's 黃門鎮 is 黄门镇), and the simplified text
    /// (same scalar positions). Where the two overlap, the longer name wins and names as written
    /// win ties, so a simplified name whose character the table would also fold (乾元镇, not
    /// 干元镇) is kept; the text returned is the one the mentions were found in (the simplified
    /// one only when it added a name). `minimumFolded`: fewer characters with a simplified form
    /// than this, and the text is read as written only.
    ///
    /// A third reading folds every character but those simplified Chinese also uses as they are
    /// (乾, 於: ``HanFolding/isAlsoSimplified(_:)``): a traditional page's 乾安縣 is 乾安县, which
    /// neither the written text (縣) nor the full folding (干安县) names, while its 乾河鄉 would
    /// be the full folding's 干河乡. Its names come last, by the same rule.
    func mentionsAsSimplified(in text: String, minimumFolded: Int = 1) -> (text: String, mentions: [Mention]) {
        let written = self.mentions(in: text)
        guard let simplified = HanFolding.simplified(text, minimumFolded: minimumFolded) else {
            return (text, written)
        }
        var kept = written
        var source: String?
        if Self.add(self.mentions(in: simplified), to: &kept) { source = simplified }
        if let partial = HanFolding.simplified(text, keepingAlsoSimplified: true), partial != simplified,
            Self.add(self.mentions(in: partial), to: &kept)
        {
            source = partial
        }
        guard let source else { return (text, written) }
        return (source, kept.sorted { $0.range.lowerBound < $1.range.lowerBound })
    }

    /// Adds each of `mentions` (read from another reading of the same text, scalar for scalar)
    /// that is longer than every kept mention it overlaps, removing those; whether any was added.
    private static func add(_ mentions: [Mention], to kept: inout [Mention]) -> Bool {
        var added = false
        for mention in mentions {
            let overlapping = kept.filter { $0.range.overlaps(mention.range) }
            // A longer name read in simplified characters hides the pieces found as written
            // (貿西街道 read as written may give only 西街道).
            guard overlapping.allSatisfy({ $0.range.count < mention.range.count }) else { continue }
            kept.removeAll { $0.range.overlaps(mention.range) }
            kept.append(mention)
            added = true
        }
        return added
    }

    /// Resolves where a report's issuing body sits, without guessing.
    ///
    /// The steps, taking the first that decides (DOMAIN.md §4.3):
    /// 1. **Explicit names.** Place names in the title, organizations, signatures, addressees,
    ///    source line and breadcrumb are pooled. Each division named is scored by how many
    ///    distinct names lie on its path (itself or an ancestor), then by how many of those
    ///    matched a full name rather than a stem. A single best division wins, so
    ///    `中共渠县县委` + `渠南街道` gives 渠县's 渠南镇 (written 渠南街道), and `深圳市` +
    ///    `南山区` rules out 鹤岗's 南山区. Ties between a unit and its own ancestor (重庆市 as
    ///    province and as prefecture) go to the ancestor.
    /// 2. **Domain.** The host's entry in `gazetteer-domains.tsv` keeps only candidates inside
    ///    (or around) that division; with no explicit names it gives the division itself.
    /// 3. **Body.** Prefecture, province and county names in the body support the candidates
    ///    they lie on the same path as; names that fit every candidate are ignored, and the
    ///    body decides only when exactly one candidate is supported.
    ///
    /// Otherwise the result is unresolved and lists the candidates.
    package func resolve(_ context: PlaceContext) -> PlaceResolution {
        var explicit = Groups()
        let explicitTexts = context.explicitTexts.map { field, text in
            let (simplified, mentions) = self.mentionsAsSimplified(in: text)
            return (field: field, text: simplified, mentions: mentions)
        }
        for (field, _, mentions) in explicitTexts {
            for mention in mentions {
                explicit.add(mention, field: field)
            }
        }
        let ranking = self.rank(explicit)
        if let winner = ranking.winner {
            var result = self.resolved(winner, by: explicit, kind: .explicitNames)
            if self[winner].kind == .county, let unlisted = self.unlistedTownship(under: winner, in: explicitTexts) {
                result.place?.township = unlisted
                result.place?.level = unlisted.hasSuffix("街道") ? .street : .township
                result.place?.isListed = false
                result.evidence.names.append(unlisted)
            }
            return result
        }
        var candidates = ranking.best

        if let host = context.host, let site = self.division(forHost: host) {
            if candidates.isEmpty {
                var hostGroups = Groups()
                hostGroups.add(site, surface: self[site].name, field: .host)
                return self.resolved(site, by: hostGroups, kind: .domain)
            }
            let inside = candidates.filter { self.isRelated($0, site) }
            if inside.count == 1 {
                var groups = explicit
                groups.add(site, surface: self[site].name, field: .host)
                return self.resolved(inside[0], by: groups, kind: .domain)
            }
            if !inside.isEmpty {
                candidates = inside
            }
        }

        var bodyGroups = Groups()
        if let body = context.body {
            // The body is read again in simplified characters only when it is written in
            // traditional ones, not for the odd 乾 or 著 of a simplified text.
            for mention in self.mentionsAsSimplified(in: body, minimumFolded: max(8, body.utf8.count / 300)).mentions {
                var kept = mention
                kept.candidates = mention.candidates.filter { self[$0.key].kind <= .county && $0.value != .short }
                if !kept.candidates.isEmpty {
                    bodyGroups.add(kept, field: .body)
                }
            }
        }
        if candidates.isEmpty {
            // Nothing explicit: the body alone may list places but never decides.
            let fallback = self.rank(bodyGroups).best.prefix(Gazetteer.maximumBodyOnlyCandidates)
            return PlaceResolution(
                place: nil,
                candidates: fallback.map { self.place($0, surface: nil) },
                evidence: Evidence(kind: .none)
            )
        }
        // A body name related to every candidate (南山区 itself when choosing between the two
        // 南山区) tells nothing apart, so only the others count.
        let informative = bodyGroups.groups.filter { group in
            !candidates.allSatisfy { candidate in group.candidates.keys.contains { self.isRelated($0, candidate) } }
        }
        if !informative.isEmpty {
            let support = candidates.map { candidate in
                informative.filter { group in
                    group.candidates.keys.contains { self.isRelated($0, candidate) }
                }
            }
            let supported = support.indices.filter { !support[$0].isEmpty }
            if supported.count == 1 {
                var groups = explicit
                for group in support[supported[0]] {
                    groups.groups.append(group)
                }
                return self.resolved(candidates[supported[0]], by: groups, kind: .body)
            }
            // Still ambiguous: best-supported candidates first, table order otherwise.
            let order = candidates.indices.sorted { (support[$0].count, -$0) > (support[$1].count, -$1) }
            candidates = order.map { candidates[$0] }
        }
        return PlaceResolution(
            place: nil,
            candidates: candidates.map { self.place($0, surface: nil) },
            evidence: Evidence(kind: .none)
        )
    }

    /// A township-level unit named right after its county in an issuing-body field but absent
    /// from the table (a 街道 created after the data was collected): `渠县人民政府XX街道办事处`
    /// gives `XX街道`. Only 2–4 Han characters directly followed by 街道/镇/乡/苏木 count.
    ///
    /// `texts` are the context's explicit texts with their mentions, found once by ``resolve(_:)``.
    private func unlistedTownship(
        under county: Division.ID,
        in texts: [(field: Field, text: String, mentions: [Mention])]
    ) -> String? {
        let fields: Set<Field> = [.title, .organization, .signature, .source, .breadcrumb]
        let suffixes = ["街道", "苏木", "镇", "乡"]
        let forbidden = Set("省市州盟县区旗人民政府委员会党工全各本该我".unicodeScalars)
        for (field, text, mentions) in texts where fields.contains(field) {
            let scalars = ScalarText.scalars(text)
            for mention in mentions where mention.candidates[county] != nil {
                var start = mention.range.upperBound
                if Self.has("人民政府", in: scalars, at: start) { start += 4 }
                for length in 2...4 {
                    let stemEnd = start + length
                    guard stemEnd <= scalars.count,
                        scalars[start..<stemEnd].allSatisfy({ Gazetteer.isHan($0) && !forbidden.contains($0) }),
                        let suffix = suffixes.first(where: { Self.has($0, in: scalars, at: stemEnd) })
                    else { continue }
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[start..<stemEnd])
                    let name = String(view) + suffix
                    if suffix.count == 1, Gazetteer.compoundWordEndings.contains(String(name.suffix(2))) { continue }
                    return name
                }
            }
        }
        return nil
    }

    /// Whether `word` occurs in `scalars` at `offset`.
    static func has(_ word: String, in scalars: [Unicode.Scalar], at offset: Int) -> Bool {
        var index = offset
        for scalar in word.unicodeScalars {
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
        }
        return true
    }

    /// At most this many candidates are listed when only the body names places.
    static let maximumBodyOnlyCandidates = 20

    /// Whether one division lies on the other's path (either way round).
    func isRelated(_ lhs: Division.ID, _ rhs: Division.ID) -> Bool {
        self.isAncestor(lhs, ofOrSame: rhs) || self.isAncestor(rhs, ofOrSame: lhs)
    }

    /// The outcome of scoring pooled mentions.
    struct Ranking {
        /// The best-scored divisions in table order (all tied).
        var best: [Division.ID]
        /// The single division the evidence decides, if any.
        var winner: Division.ID?
    }

    /// Scores every candidate division by (names on its path, full-name matches among them).
    func rank(_ pool: Groups) -> Ranking {
        var universe = Set<Division.ID>()
        for group in pool.groups {
            universe.formUnion(group.candidates.keys)
        }
        var bestScore = (0, 0)
        var best: [Division.ID] = []
        var hasFullForm: [Division.ID: Bool] = [:]
        for id in universe {
            let path = self.path(id)
            var support = 0
            var exact = 0
            var fullForm = false
            for group in pool.groups {
                guard let kind = path.compactMap({ group.candidates[$0] }).min() else { continue }
                support += 1
                if kind <= .former { exact += 1 }
                if kind != .short { fullForm = true }
            }
            let score = (support, exact)
            if score > bestScore {
                bestScore = score
                best = [id]
            } else if score == bestScore {
                best.append(id)
            }
            hasFullForm[id] = fullForm
        }
        best.sort()
        guard !best.isEmpty else { return Ranking(best: [], winner: nil) }
        // Tied divisions on one path (重庆市 as province and as prefecture) are one answer:
        // take the shallowest, as nothing evidences the deeper one.
        let shallowest = best.min { self[$0].kind < self[$1].kind }!  // '!' is fine: best is not empty
        let onePath =
            best.allSatisfy { self.isAncestor(shallowest, ofOrSame: $0) }
            && best.allSatisfy { lhs in best.allSatisfy { self.isRelated(lhs, $0) } }
        guard onePath else { return Ranking(best: best, winner: nil) }
        // A name elsewhere in the pool that cannot lie on the winner's path (a title naming
        // one town, a signature another county) is a conflict: list both sides, decide nothing.
        let conflicting = pool.groups.filter { group in
            group.candidates.values.contains { $0 != .short }
                && !group.candidates.keys.contains { self.isRelated($0, shallowest) }
        }
        if !conflicting.isEmpty {
            var sides = Set([shallowest])
            for group in conflicting {
                sides.formUnion(group.candidates.keys)
            }
            return Ranking(best: sides.sorted(), winner: nil)
        }
        return Ranking(best: [shallowest], winner: hasFullForm[shallowest] == true ? shallowest : nil)
    }

    /// Builds a resolved result for `id`, citing the groups that lie on its path.
    private func resolved(_ id: Division.ID, by pool: Groups, kind: EvidenceKind) -> PlaceResolution {
        let path = self.path(id)
        var fields = Set<Field>()
        var names: [String] = []
        var townshipSurface: String?
        for group in pool.groups {
            let onPath = path.filter { group.candidates[$0] != nil }
            guard !onPath.isEmpty else { continue }
            fields.formUnion(group.fields)
            names += group.surfaces.filter { !names.contains($0) }
            if onPath.contains(id), self[id].kind == .township, group.candidates[id] == .stem {
                townshipSurface = group.surfaces.first
            }
        }
        return PlaceResolution(
            place: self.place(id, surface: townshipSurface),
            candidates: [],
            evidence: Evidence(kind: kind, fields: fields.sorted(), names: names)
        )
    }

    /// Spells out a division; `surface` replaces an outdated township name (渠南镇 → 渠南街道).
    func place(_ id: Division.ID, surface: String?) -> Place {
        let division = self[id]
        var province = ""
        var city: String?
        var county: String?
        var countyCode: String?
        var township: String?
        for node in self.path(id) {
            let unit = self[node]
            switch unit.kind {
            case .province: province = unit.name
            case .prefecture: city = unit.name
            case .county:
                county = unit.name
                countyCode = unit.code.isEmpty ? nil : unit.code
            case .township: township = surface ?? unit.name
            }
        }
        let level: Level
        switch division.kind {
        case .province: level = .province
        case .prefecture: level = .city
        case .county: level = .county
        case .township: level = (township ?? division.name).hasSuffix("街道") ? .street : .township
        }
        return Place(
            province: province,
            city: city,
            county: county,
            countyCode: countyCode,
            township: township,
            level: level,
            code: division.code.isEmpty ? nil : division.code,
            tableName: surface != nil && surface != division.name ? division.name : nil,
            isListed: true,
            division: id
        )
    }

    /// Mentions pooled by candidate set, so one place named in several fields counts once.
    struct Groups {
        struct Group {
            var candidates: [Division.ID: MatchKind]
            var surfaces: [String]
            var fields: Set<Field>
        }

        var groups: [Group] = []
        private var positions: [[Division.ID]: Int] = [:]

        var isEmpty: Bool { self.groups.isEmpty }

        mutating func add(_ mention: Mention, field: Field) {
            let key = mention.candidates.keys.sorted()
            if let position = self.positions[key] {
                if !self.groups[position].surfaces.contains(mention.surface) {
                    self.groups[position].surfaces.append(mention.surface)
                }
                self.groups[position].fields.insert(field)
                // Same key, so the same candidate set: keep the better match kind of each.
                for (id, kind) in mention.candidates where kind < (self.groups[position].candidates[id] ?? kind) {
                    self.groups[position].candidates[id] = kind
                }
            } else {
                self.positions[key] = self.groups.count
                self.groups.append(Group(candidates: mention.candidates, surfaces: [mention.surface], fields: [field]))
            }
        }

        mutating func add(_ id: Division.ID, surface: String, field: Field) {
            self.add(Mention(range: 0..<0, surface: surface, candidates: [id: .exact], isWeak: false), field: field)
        }
    }
}
