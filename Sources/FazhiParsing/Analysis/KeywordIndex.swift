/// A keyword list indexed by first scalar, for scanning text once instead of once per keyword.
///
/// A 65,536-bit filter on the first scalar (its low 16 bits) rejects almost every position
/// without hashing; positions that pass look up the few keywords starting with that scalar,
/// longest first.
struct KeywordIndex {
    /// The keywords, in the order given.
    let keywords: [[Unicode.Scalar]]
    private var filter: [UInt64]
    private var byFirst: [UInt32: [Int]] = [:]

    /// Indexes `keywords` (normalized scalars, as ``ScalarText/keywords(_:)`` makes them).
    init(_ keywords: [[Unicode.Scalar]]) {
        self.keywords = keywords
        self.filter = Array(repeating: 0, count: 1024)
        for (position, keyword) in keywords.enumerated() {
            guard let first = keyword.first else { continue }
            let low = Int(first.value & 0xFFFF)
            self.filter[low >> 6] |= 1 << UInt64(low & 63)
            self.byFirst[first.value, default: []].append(position)
        }
        // Longest first; equal lengths keep the given order.
        for (first, list) in self.byFirst {
            self.byFirst[first] = list.enumerated()
                .sorted { (keywords[$0.element].count, -$0.offset) > (keywords[$1.element].count, -$1.offset) }
                .map(\.element)
        }
    }

    /// Whether some keyword may start with `scalar` (a fast, inexact test).
    @inline(__always)
    func mayStart(_ scalar: Unicode.Scalar) -> Bool {
        let low = Int(scalar.value & 0xFFFF)
        return self.filter[low >> 6] & (1 << UInt64(low & 63)) != 0
    }

    /// The keywords (indexes into ``keywords``) that occur in `s` at `index`, longest first.
    @inline(__always)
    func matches(in s: ArraySlice<Unicode.Scalar>, at index: Int, _ body: (Int) -> Bool) {
        guard self.mayStart(s[index]), let list = self.byFirst[s[index].value] else { return }
        for keyword in list where ScalarText.has(self.keywords[keyword], in: s, at: index) {
            if !body(keyword) { return }
        }
    }

    /// The earliest keyword in `s` (the longest one at that position): its position and index.
    func firstMatch(in s: ArraySlice<Unicode.Scalar>) -> (position: Int, keyword: Int)? {
        var index = s.startIndex
        while index < s.endIndex {
            if self.mayStart(s[index]) {
                var found: Int?
                self.matches(in: s, at: index) { keyword in
                    found = keyword
                    return false
                }
                if let found { return (index, found) }
            }
            index += 1
        }
        return nil
    }

    /// Whether any keyword occurs in `s`.
    func containsAny(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        self.firstMatch(in: s) != nil
    }

    /// Every keyword that occurs in `s`, as a set of indexes (each once).
    func allMatches(in s: ArraySlice<Unicode.Scalar>) -> Set<Int> {
        var found: Set<Int> = []
        var index = s.startIndex
        while index < s.endIndex {
            if self.mayStart(s[index]) {
                self.matches(in: s, at: index) { keyword in
                    found.insert(keyword)
                    return true
                }
            }
            index += 1
        }
        return found
    }
}
