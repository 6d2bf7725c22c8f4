/// Recognises issuing-body names (`渠县人民政府渠南街道办事处`, `中共渠县渠南街道工作委员会`,
/// `XX市司法局`) and the administrative level their suffix implies.
enum OrganizationReader {
    private static let suffixes = ScalarText.keywords([
        "委员会", "人民政府", "办事处", "党工委", "党委", "工委", "政府", "县委", "区委", "市委", "州委", "省委", "旗委",
        "常委会", "办公室", "局", "厅", "署", "中心", "司法所", "法院", "检察院", "街道", "镇", "乡", "苏木", "县", "区",
        "市", "州", "盟", "旗", "省", "自治区", "办",
    ])
    private static let partyPrefixes = ScalarText.keywords(["中国共产党", "中共"])
    private static let partySuffixes = ScalarText.keywords(["工作委员会", "委员会", "党工委", "党委", "工委", "委"])
    private static let governmentSuffixes = ScalarText.keywords(["人民政府", "政府"])
    private static let departmentSuffixes = ScalarText.keywords([
        "委员会", "办公室", "局", "厅", "署", "中心", "办", "委", "司法所", "法院", "检察院",
    ])
    private static let streetSuffixes = ScalarText.keywords(["街道办事处", "街道办", "办事处", "街道"])
    private static let municipalities = ScalarText.keywords(["北京市", "上海市", "天津市", "重庆市"])
    /// Joint names written without a space split after these (`…委员会` + `…人民政府`).
    private static let jointBreaks = ScalarText.keywords(["工作委员会", "委员会", "党工委", "党委"])

    /// Whether `token` reads as the name of a body: Han characters (and brackets), ending in a
    /// body or place suffix.
    static func isOrganization(_ token: ArraySlice<Unicode.Scalar>) -> Bool {
        guard token.count >= 2, token.count <= 40 else { return false }
        guard token.allSatisfy({ ScalarText.isHan($0) || "()（）".unicodeScalars.contains($0) }) else { return false }
        return suffixes.contains { ScalarText.hasSuffix(token, $0) && token.count > $0.count }
    }

    /// The body names in `text`, split at spaces, `、` and joint Party + government boundaries.
    static func split(_ text: String) -> [String] {
        let scalars = ScalarText.scalars(text)
        return split(scalars: scalars, normalized: scalars.map(ScalarText.normalize))
    }

    /// ``split(_:)`` on a line's scalars and their normalized forms.
    static func split(_ line: TextLine) -> [String] {
        split(scalars: line.scalars, normalized: line.normalized)
    }

    private static func split(scalars: [Unicode.Scalar], normalized: [Unicode.Scalar]) -> [String] {
        var names: [String] = []
        var start = 0
        func emit(_ end: Int) {
            let token = ScalarText.trimmed(normalized[start..<end])
            if isOrganization(token) {
                names += self.splitJoint(Array(scalars[token.startIndex..<token.endIndex]))
            }
        }
        for index in normalized.indices where normalized[index] == " " || normalized[index] == "、" || normalized[index] == "," {
            emit(index)
            start = index + 1
        }
        emit(normalized.count)
        return names
    }

    /// `中共XX委员会XX人民政府` → both names.
    private static func splitJoint(_ scalars: [Unicode.Scalar]) -> [String] {
        let normalized = scalars.map(ScalarText.normalize)[...]
        for brk in jointBreaks {
            var from = normalized.startIndex
            while let found = ScalarText.find(brk, in: normalized, from: from) {
                let end = found + brk.count
                if end < normalized.count - 1, isOrganization(normalized[end...]), isOrganization(normalized[..<end]) {
                    return [ScalarText.string(scalars[..<end])] + self.splitJoint(Array(scalars[end...]))
                }
                from = found + 1
            }
        }
        return [ScalarText.string(scalars)]
    }

    /// The level an organization's name implies, if any.
    static func level(of name: String) -> AdministrativeLevel? {
        var s = ScalarText.normalized(name)[...]
        if let prefix = partyPrefixes.first(where: { ScalarText.has($0, in: s, at: s.startIndex) }) {
            s = s.dropFirst(prefix.count)
            if let suffix = partySuffixes.first(where: { ScalarText.hasSuffix(s, $0) }) {
                s = s.dropLast(suffix.count)
            }
            return placeLevel(s)
        }
        if let suffix = governmentSuffixes.first(where: { ScalarText.hasSuffix(s, $0) }) {
            return placeLevel(s.dropLast(suffix.count))
        }
        if streetSuffixes.contains(where: { ScalarText.hasSuffix(s, $0) }) {
            return .street
        }
        // 县委, 镇党委, 街道党工委: a Party committee named by its place.
        for suffix in ScalarText.keywords(["党工委", "党委", "工委"]) where ScalarText.hasSuffix(s, suffix) {
            return placeLevel(s.dropLast(suffix.count))
        }
        if let last = s.last, last == "委", s.count >= 2,
            let level = placeLevel(s.dropLast()), "县区市州省旗镇乡".unicodeScalars.contains(s[s.endIndex - 2])
        {
            return level
        }
        if departmentSuffixes.contains(where: { ScalarText.hasSuffix(s, $0) }) { return .department }
        return placeLevel(s)
    }

    /// The level of a place name from its suffix.
    static func placeLevel(_ s: ArraySlice<Unicode.Scalar>) -> AdministrativeLevel? {
        if municipalities.contains(where: { ScalarText.hasSuffix(s, $0) && s.count == $0.count }) { return .province }
        let table: [(String, AdministrativeLevel)] = [
            ("特别行政区", .province), ("街道", .street), ("苏木", .township), ("镇", .township), ("乡", .township), ("自治区", .province),
            ("省", .province), ("县", .county), ("区", .county), ("旗", .county), ("市", .city), ("州", .city),
            ("盟", .city), ("地区", .city),
        ]
        for (suffix, level) in table where ScalarText.hasSuffix(s, ScalarText.normalized(suffix)) && s.count > 1 {
            return level
        }
        return nil
    }
}
