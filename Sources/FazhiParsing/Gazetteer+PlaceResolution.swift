extension Gazetteer {
    /// A place in the table, spelled out from province down to township.
    package struct Place: Sendable, Hashable, CustomStringConvertible {
        /// The province-level name (`四川省`).
        package var province: String
        /// The prefecture-level name (`达州市`); `nil` for provinces and for counties directly
        /// under a province (仙桃市).
        package var city: String?
        /// The county-level name (`渠县`); `nil` above county level and for townships directly
        /// under a prefecture (东莞市's towns).
        package var county: String?
        /// The county's 6-digit code; `nil` above county level or when the table has none.
        package var countyCode: String?
        /// The township-level name. For a resolved place this is the name as the report writes
        /// it (`渠南街道`), which may be newer than the table's (``tableName``).
        package var township: String?
        /// The level of the unit (街道 → ``Level/street``).
        package var level: Level
        /// The code of the deepest coded unit (county, else prefecture, else province).
        package var code: String?
        /// The table's own name for the unit when the report spells it differently
        /// (`渠南镇` for `渠南街道`); `nil` otherwise.
        package var tableName: String?
        /// Whether the township is in the table. `false` when the report names a township-level
        /// unit right after its county that the table lacks; ``division`` is then the county.
        package var isListed: Bool
        /// The division this place denotes.
        package var division: Division.ID

        /// Creates a place.
        package init(
            province: String,
            city: String? = nil,
            county: String? = nil,
            countyCode: String? = nil,
            township: String? = nil,
            level: Level,
            code: String? = nil,
            tableName: String? = nil,
            isListed: Bool = true,
            division: Division.ID
        ) {
            self.province = province
            self.city = city
            self.county = county
            self.countyCode = countyCode
            self.township = township
            self.level = level
            self.code = code
            self.tableName = tableName
            self.isListed = isListed
            self.division = division
        }

        /// `四川省/达州市/渠县/渠南街道`, skipping absent tiers.
        package var description: String {
            [self.province, self.city, self.county, self.township].compactMap { $0 }.joined(separator: "/")
        }
    }

    /// What decided a resolution.
    package enum EvidenceKind: String, Sendable, Hashable {
        /// Place names in the explicit fields (title, signature, addressee, source, breadcrumb).
        case explicitNames
        /// The site host's entry in the domain table.
        case domain
        /// Place names co-occurring in the body chose among explicit candidates.
        case body
        /// Nothing decided: the place is unresolved.
        case none
    }

    /// The evidence behind a resolution, for audit and debugging.
    package struct Evidence: Sendable, Hashable {
        /// The deciding step.
        package var kind: EvidenceKind
        /// The fields whose names supported the result, in ``Field`` order.
        package var fields: [Field]
        /// The names as written that supported the result (`渠县`, `渠南街道`), in order.
        package var names: [String]

        /// Creates evidence.
        package init(kind: EvidenceKind, fields: [Field] = [], names: [String] = []) {
            self.kind = kind
            self.fields = fields
            self.names = names
        }
    }

    /// The outcome of ``Gazetteer/resolve(_:)``: a place, or the candidates when the context
    /// does not decide between them. Unresolved results never carry a guessed place.
    package struct PlaceResolution: Sendable, Hashable {
        /// The resolved place; `nil` when unresolved.
        package var place: Place?
        /// The places still possible when unresolved, in table order (best supported first
        /// when the body ranked them); empty when resolved or when nothing matched.
        package var candidates: [Place]
        /// What decided the result.
        package var evidence: Evidence

        /// Creates a resolution.
        package init(place: Place?, candidates: [Place], evidence: Evidence) {
            self.place = place
            self.candidates = candidates
            self.evidence = evidence
        }

        /// Whether a place was resolved.
        package var isResolved: Bool { self.place != nil }
        /// The resolved province, if any.
        package var province: String? { self.place?.province }
        /// The resolved prefecture, if any.
        package var city: String? { self.place?.city }
        /// The resolved county, if any.
        package var county: String? { self.place?.county }
        /// The resolved county code, if any.
        package var countyCode: String? { self.place?.countyCode }
        /// The resolved township as written in the report, if any.
        package var township: String? { self.place?.township }
        /// The level the resolved place implies, if any.
        package var level: Level? { self.place?.level }
    }
}
