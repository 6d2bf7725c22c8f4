internal import FazhiCorpus
internal import Testing

@testable internal import FazhiParsing

/// `mentions(in:)` looks spans up by running scalar hashes; these tests hold it to the plain
/// `String`-keyed lookups it replaced, on texts dense with names, suffixes and near misses.
@Suite("Gazetteer span table")
struct GazetteerSpanTableTests {
    @Test("every indexed key is found, and only under its own indexes")
    func everyKeyFound() throws {
        let gazetteer = Gazetteer.shared
        for (key, ids) in gazetteer.namesIndex {
            let entry = try #require(gazetteer.spanTable.entry(for: key.string))
            #expect(entry.names.map(Array.init) == Array(ids))
        }
        for (key, ids) in gazetteer.stemsIndex {
            #expect(gazetteer.spanTable.entry(for: key.string)?.stems.map(Array.init) == Array(ids))
        }
        for (key, ids) in gazetteer.formerNamesIndex {
            #expect(gazetteer.spanTable.entry(for: key.string)?.formerNames.map(Array.init) == Array(ids))
        }
        #expect(gazetteer.spanTable.entry(for: "依法行政") == nil)
        #expect(gazetteer.spanTable.entry(for: "") == nil)
    }

    @Test("the first-scalar and two-scalar prefix tests are exact")
    func prefixTestsAreExact() {
        let table = Gazetteer.shared.spanTable
        let gazetteer = Gazetteer.shared
        let keys = (Array(gazetteer.namesIndex.keys) + Array(gazetteer.stemsIndex.keys) + Array(gazetteer.formerNamesIndex.keys))
            .map { Array($0.string.unicodeScalars) }
        var firsts = Set<UInt32>()
        var singles = Set<UInt32>()
        var pairs = Set<UInt64>()
        for key in keys where !key.isEmpty {
            firsts.insert(key[0].value)
            if key.count == 1 { singles.insert(key[0].value) }
            if key.count >= 2 { pairs.insert(UInt64(key[0].value) << 32 | UInt64(key[1].value)) }
        }
        // Every Han character of the basic block, as a first scalar and alone.
        var mismatches: [String] = []
        for value in UInt32(0x4E00)...0x9FFF {
            let scalar = Unicode.Scalar(value)!
            if table.beginsKey(scalar) != firsts.contains(value) { mismatches.append("begins \(scalar)") }
            if table.isKey(scalar) != singles.contains(value) { mismatches.append("key \(scalar)") }
        }
        // Every real pair says yes; pairs of the same first scalars with other second ones say no.
        let seconds = Array(Set(pairs.map { UInt32(truncatingIfNeeded: $0) })).sorted().prefix(400)
        for first in firsts.sorted().prefix(300) where Gazetteer.SpanTable.pairFirstRange.contains(first) {
            for second in seconds {
                let a = Unicode.Scalar(first)!
                let b = Unicode.Scalar(second)!
                let hash = Gazetteer.SpanTable.extend(Gazetteer.SpanTable.extend(Gazetteer.SpanTable.emptyHash, with: a), with: b)
                if table.mayBePrefix(a, b, hash: hash) != pairs.contains(UInt64(first) << 32 | UInt64(second)) {
                    mismatches.append("pair \(a)\(b)")
                }
            }
        }
        for pair in pairs {
            let a = Unicode.Scalar(UInt32(pair >> 32))!
            let b = Unicode.Scalar(UInt32(truncatingIfNeeded: pair))!
            let hash = Gazetteer.SpanTable.extend(Gazetteer.SpanTable.extend(Gazetteer.SpanTable.emptyHash, with: a), with: b)
            if !table.mayBePrefix(a, b, hash: hash) { mismatches.append("missing pair \(a)\(b)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(10))")
    }

    @Test("mentions match a String-keyed reference on 400 generated texts")
    func matchesReference() {
        let gazetteer = Gazetteer.shared
        let names = gazetteer.divisions.map(\.name)
        let fillers = Array("的法治政府建设年度报告依法行政全面推进市县区镇乡街道委员会人民").map(String.init)
        let extras = ["街道", "县委", "人民政府", "乡镇", "城区", "中共", "关于", "，", "A1", "自治县", "市", "区", "镇"]
        var generator = TestSupport.SplitMix64(seed: 20_261_122)
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<40 {
                switch generator.next() % 4 {
                case 0: text += names[Int(generator.next() % UInt64(names.count))]
                case 1: text += extras[Int(generator.next() % UInt64(extras.count))]
                case 2:
                    let name = names[Int(generator.next() % UInt64(names.count))]
                    text += String(name.unicodeScalars.prefix(max(1, name.unicodeScalars.count - 1)))
                default: text += fillers[Int(generator.next() % UInt64(fillers.count))]
                }
            }
            let found = gazetteer.mentions(in: text).map(Summary.init)
            let expected = ReferenceMatcher(gazetteer: gazetteer).mentions(in: text)
            #expect(found == expected, "text: \(text)")
        }
    }

    struct Summary: Equatable, CustomStringConvertible {
        var range: Range<Int>
        var surface: String
        var candidates: [Gazetteer.Division.ID: Gazetteer.MatchKind]
        var isWeak: Bool

        init(range: Range<Int>, surface: String, candidates: [Gazetteer.Division.ID: Gazetteer.MatchKind], isWeak: Bool) {
            self.range = range
            self.surface = surface
            self.candidates = candidates
            self.isWeak = isWeak
        }

        init(_ mention: Gazetteer.Mention) {
            self.init(range: mention.range, surface: mention.surface, candidates: mention.candidates, isWeak: mention.isWeak)
        }

        var description: String { "\(self.surface)@\(self.range)" }
    }

    /// The span lookup as first written: a `String` per span, looked up in the dictionaries,
    /// then the same boundary filter.
    struct ReferenceMatcher {
        let gazetteer: Gazetteer

        func mentions(in text: String) -> [Summary] {
            let scalars = Array(text.unicodeScalars)
            var raw: [Gazetteer.Mention] = []
            for start in scalars.indices where Gazetteer.isHan(scalars[start]) {
                var end = start
                while end < scalars.count, Gazetteer.isHan(scalars[end]), end - start < self.gazetteer.maxNameLength { end += 1 }
                for length in stride(from: end - start, through: 2, by: -1) {
                    if let mention = self.match(scalars, start: start, length: length) { raw.append(mention) }
                }
            }
            return self.gazetteer.filter(raw, scalars: scalars).map(Summary.init)
        }

        private func match(_ scalars: [Unicode.Scalar], start: Int, length: Int) -> Gazetteer.Mention? {
            let span = scalars[start..<(start + length)]
            func string(_ part: ArraySlice<Unicode.Scalar>) -> String {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: part)
                return String(view)
            }
            let surface = string(span)
            var candidates: [Gazetteer.Division.ID: Gazetteer.MatchKind] = [:]
            func add(_ ids: some Sequence<Gazetteer.Division.ID>, _ kind: Gazetteer.MatchKind) {
                for id in ids where candidates[id].map({ $0 > kind }) ?? true { candidates[id] = kind }
            }
            if let ids = self.gazetteer.namesIndex[.init(surface)] { add(ids, .exact) }
            if let ids = self.gazetteer.formerNamesIndex[.init(surface)] { add(ids, .former) }
            for suffix in Gazetteer.typeSuffixes where length - suffix.length >= 2 && surface.hasSuffix(suffix.text) {
                if suffix.length == 1, Gazetteer.compoundWordEndings.contains(string(span.suffix(2))) { continue }
                if let ids = self.gazetteer.stemsIndex[.init(string(span.dropLast(suffix.length)))] {
                    add(ids.filter { suffix.kinds.contains(self.gazetteer[$0].kind) }, .stem)
                }
            }
            var isShort = false
            if candidates.isEmpty, let ids = self.gazetteer.stemsIndex[.init(surface)] {
                let provinces = ids.filter { self.gazetteer[$0].kind == .province }
                add(provinces, .short)
                isShort = !provinces.isEmpty
            }
            guard !candidates.isEmpty else { return nil }
            return Gazetteer.Mention(
                range: start..<(start + length),
                surface: surface,
                candidates: candidates,
                isWeak: isShort || length <= 2 || Gazetteer.phraseLikeNames.contains(surface)
            )
        }
    }
}
