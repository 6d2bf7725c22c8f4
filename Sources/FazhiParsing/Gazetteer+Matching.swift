extension Gazetteer {
    /// A type suffix that may follow a stem (`渠南` + `街道`), and the tiers it can name.
    struct TypeSuffix: Sendable {
        let text: String
        let scalars: [Unicode.Scalar]
        let length: Int
        let kinds: Set<Kind>

        init(_ text: String, _ kinds: Set<Kind>) {
            self.text = text
            self.scalars = Array(text.unicodeScalars)
            self.length = self.scalars.count
            self.kinds = kinds
        }
    }

    /// Type suffixes, longest first. 县/区/市/旗 interchange (县改区, 县改市) and
    /// 乡/镇/街道 interchange (撤镇设街道) are both allowed on a shared stem.
    static let typeSuffixes: [TypeSuffix] = [
        TypeSuffix("自治区", [.province]),
        TypeSuffix("自治州", [.prefecture]),
        TypeSuffix("自治县", [.county]),
        TypeSuffix("自治旗", [.county]),
        TypeSuffix("街道", [.township]),
        TypeSuffix("苏木", [.township]),
        TypeSuffix("地区", [.prefecture]),
        TypeSuffix("省", [.province]),
        TypeSuffix("州", [.prefecture]),
        TypeSuffix("盟", [.prefecture]),
        TypeSuffix("市", [.prefecture, .county]),
        TypeSuffix("县", [.county]),
        TypeSuffix("区", [.county]),
        TypeSuffix("旗", [.county]),
        TypeSuffix("镇", [.township]),
        TypeSuffix("乡", [.township]),
    ]

    /// Three-character names that are also everyday phrases (老城区改造, 高新区企业); they
    /// need the same word boundaries as two-character names.
    static let phraseLikeNames: Set<String> = [
        "老城区", "新城区", "城中区", "城东区", "城西区", "城北区", "城南区", "市中区", "新市区",
        "高新区", "开发区", "经开区", "新华区", "中心区", "城关镇", "城关乡", "城关街道", "民族乡", "民族镇",
    ]

    /// ``phraseLikeNames`` as scalars, compared without hashing a `String` (which normalizes
    /// non-ASCII text first).
    static let phraseLikeNameScalars: [[Unicode.Scalar]] = phraseLikeNames.map { Array($0.unicodeScalars) }

    /// Whether `span` is one of ``phraseLikeNames``.
    static func isPhraseLike(_ span: ArraySlice<Unicode.Scalar>) -> Bool {
        phraseLikeNameScalars.contains { $0.elementsEqual(span) }
    }

    /// The last scalar of each of ``typeSuffixes``, in the same order.
    static let typeSuffixLastScalars: [Unicode.Scalar] = typeSuffixes.map { $0.scalars.last ?? " " }

    /// Common words that end a span like a stem plus a one-character suffix would: 法律进乡镇
    /// is not 进乡街道 written as a town, and 全域景区 names no district.
    static let compoundWordEndings: Set<String> = [
        "乡镇", "城镇", "村镇", "集镇", "重镇", "城区", "市区", "郊区", "山区", "社区", "县区", "街区",
        "园区", "景区", "辖区", "片区", "小区", "校区", "营区", "库区", "灾区", "矿区", "城市", "都市",
        "县市", "城乡", "市县", "省市", "全县", "全区", "全市", "全省", "全镇", "全乡", "本县", "本区",
        "本市", "本镇", "本乡", "该县", "该区", "该市", "该镇", "该乡", "各县", "各区", "各市", "各镇",
        "各乡", "我县", "我区", "我市", "我镇", "我乡", "我省",
    ]

    /// Words that may follow a two-character name (`渠县` + `县委`, `人民政府`, `委员会`).
    static let institutionWords: [String] = [
        "县委", "区委", "市委", "旗委", "州委", "盟委", "省委", "党委", "党工委", "工委", "委", "人民",
        "政府", "人大", "政协", "法院", "检察院", "办事处", "法治", "依法", "全面依法",
    ]

    /// Words that may precede a two-character name (`中共渠县县委`, `关于渠县…`).
    static let leadingWords: [String] = ["中共", "关于"]

    /// How a mention's text matched a division.
    enum MatchKind: UInt8, Sendable, Comparable {
        /// The current full name.
        case exact
        /// A former name from the change list (宁乡县 → 宁乡市).
        case former
        /// Stem plus a type suffix of the same tier (渠南街道 → 渠南镇, 城步县 → 城步苗族自治县).
        case stem
        /// A province short name on its own (四川).
        case short

        static func < (lhs: Self, rhs: Self) -> Bool {
            lhs.rawValue < rhs.rawValue
        }
    }

    /// One place name found in a text, with every division it may denote.
    struct Mention: Sendable {
        /// Scalar offsets in the scanned text.
        var range: Range<Int>
        /// The text as written (`渠南街道`).
        var surface: String
        /// Candidate divisions and how each matched, best match kind per division.
        var candidates: [Division.ID: MatchKind]
        /// Two-character names, province short names and phrase-like names: accepted only
        /// at word boundaries.
        var isWeak: Bool
    }

    /// Finds the place names in `text`.
    ///
    /// Every span ending in a name's last character is looked up as a full name, a former
    /// name, a stem plus type suffix, or a province short name. Spans inside a longer
    /// match are dropped (桃源街道 hides 源街道); weak names survive only with a boundary on
    /// both sides: the text's edge, a non-Han character, a neighbouring full-length name, a
    /// neighbouring name that contains or lies inside this one (`佳县螅镇`), 中共/关于 before or an
    /// institution word (县委, 人民政府) or department name after. So 成县 is not found in
    /// 完成县委的任务.
    func mentions(in text: String) -> [Mention] {
        let scalars = ScalarText.scalars(text)
        let count = scalars.count
        var found: [Mention] = []
        var hanRunEnd = 0
        // prefixHashes[k] is the span table hash of scalars[start..<(start + k)].
        var prefixHashes = [UInt64](repeating: SpanTable.emptyHash, count: self.maxNameLength + 1)
        // Read once: each use of a static inside the loop is a lazy-initialization check.
        let suffixFinals = Gazetteer.suffixFinals
        let maxSuffixLength = Gazetteer.maxSuffixLength
        for start in 0..<count {
            guard Gazetteer.isHan(scalars[start]) else { continue }
            if hanRunEnd <= start {
                hanRunEnd = start
                while hanRunEnd < count, Gazetteer.isHan(scalars[hanRunEnd]) { hanRunEnd += 1 }
            }
            let longest = min(self.maxNameLength, hanRunEnd - start)
            guard longest >= 2 else { continue }
            // Spans from this start, shortest first. A span is looked up when it ends in a name's
            // last character; the scan stops once no key starts with the span and no stem ended
            // within a type suffix's length before (so stem + suffix cannot follow either).
            var hash = SpanTable.emptyHash
            var lastStemEnd = Int.min / 2
            for length in 1...longest {
                let last = scalars[start + length - 1]
                hash = SpanTable.extend(hash, with: last)
                prefixHashes[length] = hash
                let isPrefix: Bool
                let entry: Int?
                if length == 1 {
                    isPrefix = self.spanTable.beginsKey(last)
                    entry = self.spanTable.isKey(last) ? self.spanTable.find(hash: hash, scalars, start..<(start + 1)) : nil
                } else if length == 2 {
                    isPrefix = self.spanTable.mayBePrefix(scalars[start], last, hash: hash)
                    entry = isPrefix ? self.spanTable.find(hash: hash, scalars, start..<(start + 2)) : nil
                } else {
                    isPrefix = self.spanTable.mayBePrefix(hash)
                    entry = isPrefix ? self.spanTable.find(hash: hash, scalars, start..<(start + length)) : nil
                }
                if length >= 2, self.finalScalars.contains(last),
                    entry != nil || (suffixFinals.contains(last) && length - lastStemEnd <= maxSuffixLength),
                    let mention = self.match(scalars, start: start, length: length, whole: entry, prefixHashes: prefixHashes)
                {
                    found.append(mention)
                }
                if let entry, self.spanTable.entries[entry].stems != nil { lastStemEnd = length }
                if !isPrefix && length + 1 - lastStemEnd > maxSuffixLength { break }
            }
        }
        return self.filter(found, scalars: scalars)
    }

    /// Looks up the span `scalars[start..<(start + length)]`, whose prefixes' hashes are given;
    /// `whole` is the span's own entry in the span table, if any.
    private func match(
        _ scalars: [Unicode.Scalar],
        start: Int,
        length: Int,
        whole: Int?,
        prefixHashes: [UInt64]
    ) -> Mention? {
        let end = start + length
        // The table itself, not `self`: a closure over `self` copied the whole gazetteer.
        let divisions = self.divisions
        var candidates: [Division.ID: MatchKind] = [:]
        func add(_ ids: some Sequence<Division.ID>, _ kind: MatchKind) {
            for id in ids {
                if let existing = candidates[id], existing <= kind { continue }
                candidates[id] = kind
            }
        }
        if let whole {
            if let ids = self.spanTable.entries[whole].names { add(ids, .exact) }
            if let ids = self.spanTable.entries[whole].formerNames { add(ids, .former) }
        }
        let last = scalars[end - 1]
        // Only the suffixes ending in this span's last scalar are read: copying each suffix out
        // of the table (a string, an array and a set to retain) cost more than the comparison.
        let suffixLasts = Gazetteer.typeSuffixLastScalars
        for index in suffixLasts.indices where suffixLasts[index] == last {
            let suffix = Gazetteer.typeSuffixes[index]
            guard length - suffix.length >= 2, Self.has(suffix.scalars, in: scalars, endingAt: end) else { continue }
            if suffix.length == 1, Gazetteer.compoundWordEndingPairs.contains(Self.pair(scalars[end - 2], scalars[end - 1])) {
                continue
            }
            let stemLength = length - suffix.length
            if let stem = self.spanTable.find(hash: prefixHashes[stemLength], scalars, start..<(start + stemLength)),
                let ids = self.spanTable.entries[stem].stems
            {
                add(ids.lazy.filter { suffix.kinds.contains(divisions[Int($0)].kind) }, .stem)
            }
        }
        var isShort = false
        if candidates.isEmpty, let whole, let ids = self.spanTable.entries[whole].stems {
            let provinces = ids.filter { divisions[Int($0)].kind == .province }
            add(provinces, .short)
            isShort = !provinces.isEmpty
        }
        guard !candidates.isEmpty else { return nil }
        let surface = ScalarText.string(scalars[start..<end])
        return Mention(
            range: start..<end,
            surface: surface,
            candidates: candidates,
            isWeak: isShort || length <= 2 || Self.isPhraseLike(scalars[start..<end])
        )
    }

    /// Whether `scalars[..<end]` ends with `suffix`.
    @inline(__always)
    private static func has(_ suffix: [Unicode.Scalar], in scalars: [Unicode.Scalar], endingAt end: Int) -> Bool {
        guard end >= suffix.count else { return false }
        var position = end - suffix.count
        for scalar in suffix {
            if scalars[position] != scalar { return false }
            position += 1
        }
        return true
    }

    /// The last scalars of the type suffixes: only spans ending in one may be stem + suffix.
    static let suffixFinals: ScalarSet = {
        var set = ScalarSet()
        for suffix in typeSuffixes {
            if let last = suffix.scalars.last { set.insert(last) }
        }
        return set
    }()

    /// The longest type suffix, in scalars.
    static let maxSuffixLength = typeSuffixes.map(\.length).max() ?? 0

    /// Two scalars as one integer key (for ``compoundWordEndingPairs``).
    @inline(__always)
    static func pair(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> UInt64 {
        UInt64(first.value) << 32 | UInt64(second.value)
    }

    /// ``compoundWordEndings`` as scalar pairs, for lookups without a `String`.
    static let compoundWordEndingPairs: Set<UInt64> = Set(
        compoundWordEndings.map { word in
            let scalars = Array(word.unicodeScalars)
            precondition(scalars.count == 2, "compound word endings are two characters: \(word)")
            return pair(scalars[0], scalars[1])
        }
    )

    /// Drops mentions contained in longer ones, then weak mentions without boundaries.
    func filter(_ mentions: [Mention], scalars: [Unicode.Scalar]) -> [Mention] {
        guard !mentions.isEmpty else { return [] }
        let outer = mentions.filter { mention in
            !mentions.contains { other in
                other.range.count > mention.range.count
                    && other.range.lowerBound <= mention.range.lowerBound
                    && other.range.upperBound >= mention.range.upperBound
            }
        }
        // A handful of names per text: a scan is cheaper than building two sets.
        let strong = outer.filter { !$0.isWeak }.map(\.range)
        func strongStarts(at offset: Int) -> Bool { strong.contains { $0.lowerBound == offset } }
        func strongEnds(at offset: Int) -> Bool { strong.contains { $0.upperBound == offset } }
        // A name directly followed by a division inside it (`佳县` + `螅镇`) is a chain of two
        // names, each the other's boundary, even when both are short.
        func encloses(_ outerName: Mention, _ innerName: Mention) -> Bool {
            outerName.candidates.keys.contains { parent in
                innerName.candidates.keys.contains { child in parent != child && self.isAncestor(parent, ofOrSame: child) }
            }
        }
        func chainedBefore(_ mention: Mention) -> Bool {
            outer.contains { $0.range.upperBound == mention.range.lowerBound && encloses($0, mention) }
        }
        func chainedAfter(_ mention: Mention) -> Bool {
            outer.contains { $0.range.lowerBound == mention.range.upperBound && encloses(mention, $0) }
        }
        func has(_ word: String, at offset: Int) -> Bool {
            var index = offset
            for scalar in word.unicodeScalars {
                guard index < scalars.count, scalars[index] == scalar else { return false }
                index += 1
            }
            return true
        }
        func hasBefore(_ word: String, at offset: Int) -> Bool {
            let length = word.unicodeScalars.count
            return offset >= length && has(word, at: offset - length)
        }
        let accepted = outer.filter { mention in
            // A name cannot start inside 中共 or 关于 (中共安镇街道 is 中共 + 安镇街道, not 共安镇).
            let start = mention.range.lowerBound
            if start >= 1, Gazetteer.leadingWords.contains(where: { has($0, at: start - 1) }) { return false }
            guard mention.isWeak else { return true }
            let end = mention.range.upperBound
            let leftOK =
                start == 0 || !Gazetteer.isHan(scalars[start - 1]) || strongEnds(at: start)
                || Gazetteer.leadingWords.contains { hasBefore($0, at: start) }
                || chainedBefore(mention)
            let rightOK =
                end == scalars.count || !Gazetteer.isHan(scalars[end]) || strongStarts(at: end)
                || Gazetteer.institutionWords.contains { has($0, at: end) }
                || Gazetteer.isDepartmentName(scalars[end...])
                || chainedAfter(mention)
            return leftOK && rightOK
        }
        .sorted { ($0.range.lowerBound, $0.range.count) < ($1.range.lowerBound, $1.range.count) }
        // Of two names that overlap without one containing the other, the text can only mean
        // the one that starts first (河津市市场 is 河津市 + 市场, not 河 + 津市市 + 场).
        var kept: [Mention] = []
        for mention in accepted where kept.last.map({ $0.range.upperBound <= mention.range.lowerBound }) ?? true {
            kept.append(mention)
        }
        return kept
    }

    /// Whether `text` starts with a department's name: up to 12 Han characters ending in 局 or
    /// 办公室 (`渠县` + `教育局`, `市场监督管理局`, `城市管理综合行政执法局`).
    static func isDepartmentName(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        var length = 0
        var index = text.startIndex
        while index < text.endIndex, length < 12, Gazetteer.isHan(text[index]) {
            length += 1
            if length >= 2, text[index] == "局" { return true }
            if length >= 3, text[index] == "室", text[index - 1] == "公", text[index - 2] == "办" { return true }
            index += 1
        }
        return false
    }

    /// CJK unified ideographs (basic block, extension A and the supplementary planes).
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x3134F, 0xF900...0xFAFF: true
        default: false
        }
    }
}
