extension Gazetteer {
    /// One administrative division of the table.
    package struct Division: Sendable, Hashable {
        /// Position of a division in ``Gazetteer/divisions``.
        package typealias ID = Int32

        /// The current full name as the table spells it (`渠南镇`, `南山区`, `四川省`).
        package let name: String
        /// The tier of the division in the tree.
        package let kind: Kind
        /// The enclosing division; `nil` for provinces.
        package let parent: ID?
        /// The 6-digit code of this unit for provinces, prefectures and counties; for a
        /// township, the code of its county (or prefecture). Empty when the source has none.
        package let code: String
        /// The short name (`四川`, `恩施`) or township stem (`渠南`); empty when there is none.
        package let alias: String

        /// Creates a division; the gazetteer's loader is the only caller in practice.
        package init(name: String, kind: Kind, parent: ID?, code: String, alias: String) {
            self.name = name
            self.kind = kind
            self.parent = parent
            self.code = code
            self.alias = alias
        }
    }

    /// The tier of a ``Division`` in the table's tree.
    package enum Kind: UInt8, Sendable, Hashable, CaseIterable, Comparable {
        /// 省, 自治区, 直辖市, 特别行政区.
        case province
        /// 地级: 地级市, 地区, 自治州, 盟 (and the municipality repeated under itself).
        case prefecture
        /// 县级: 县, 区, 县级市, 旗, 自治县.
        case county
        /// 乡级: 乡, 镇, 街道, 苏木 and special units such as 农场 or 开发区.
        case township

        package static func < (lhs: Self, rhs: Self) -> Bool {
            lhs.rawValue < rhs.rawValue
        }
    }

    /// The administrative level a resolved place implies for its issuing body.
    package enum Level: String, Sendable, Hashable, CaseIterable {
        /// 省级.
        case province
        /// 地级 (市, 州, 盟).
        case city
        /// 县级 (县, 区, 县级市, 旗).
        case county
        /// 乡级 乡, 镇, 苏木 or special township-level unit.
        case township
        /// 乡级 街道 (a sub-district office).
        case street
    }
}
