package import FazhiParsing

/// A set of administrative levels (plus "unknown"), as one byte: bit 0 is unknown, bit i
/// (1...6) is `AdministrativeLevel.allCases[i - 1]`.
package struct LevelSet: Sendable, Hashable, OptionSet, CustomStringConvertible {
    package var rawValue: UInt8

    package init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Reports whose level is not known.
    package static let unknown = LevelSet(rawValue: 1)

    /// The set holding one level (`nil` → ``unknown``).
    package init(_ level: AdministrativeLevel?) {
        self.rawValue = 1 << UInt8(LevelSet.code(of: level))
    }

    /// 0 for unknown, 1...6 for the levels in `AdministrativeLevel.allCases` order.
    package static func code(of level: AdministrativeLevel?) -> Int {
        guard let level, let index = AdministrativeLevel.allCases.firstIndex(of: level) else { return 0 }
        return index + 1
    }

    /// The level of a code, `nil` for 0 (unknown).
    package static func level(ofCode code: Int) -> AdministrativeLevel? {
        code == 0 ? nil : AdministrativeLevel.allCases[code - 1]
    }

    /// How many distinct levels (counting unknown as one).
    package var levelCount: Int { self.rawValue.nonzeroBitCount }

    /// Level names ("county, township, unknown").
    package var description: String {
        var names: [String] = []
        for code in 1...AdministrativeLevel.allCases.count where self.rawValue & (1 << UInt8(code)) != 0 {
            names.append(AdministrativeLevel.allCases[code - 1].rawValue)
        }
        if self.contains(.unknown) { names.append("unknown") }
        return names.joined(separator: ", ")
    }
}
