internal import FazhiParsing

extension FactsTable {
    /// On-time publication and mandated-part completeness per group, sorted by key.
    ///
    /// A report is on time when published on or before 1 April of the year after its report
    /// year (``PublicationDeadline``); with no report year or no complete, valid publication date
    /// it is counted in `unknownDate` only. `complete` means parts A, B, C and D are all present.
    ///
    /// - Throws: ``AggregationError``: `unknownGroupField`, `invalidFilter`.
    package func compliance(_ query: ComplianceQuery) throws(AggregationError) -> [ComplianceRowResult] {
        let fields = try GroupField.validate(query.groupBy)
        let grouping = self.group(fields: fields, filter: try self.resolve(query.filter))
        var rows = grouping.keys.map { ComplianceRowResult(key: $0) }
        for ordinal in self.docIDs.indices {
            let group = Int(grouping.groupOfReport[ordinal])
            guard group >= 0 else { continue }
            let year = self.years[ordinal]
            switch PublicationDeadline.classify(reportYear: year == 0 ? nil : Int(year), published: self.publishedDates[ordinal]) {
            case .onTime(let lag):
                rows[group].onTime += 1
                rows[group].lagDaysSum += UInt64(lag)
            case .late(let lag):
                rows[group].late += 1
                rows[group].lagDaysSum += UInt64(lag)
            case .unknown:
                rows[group].unknownDate += 1
            }
            rows[group].reports += 1
            let mask = self.partMasks[ordinal]
            if mask & Self.partBit(.a) != 0 { rows[group].withPartA += 1 }
            if mask & Self.partBit(.b) != 0 { rows[group].withPartB += 1 }
            if mask & Self.partBit(.c) != 0 { rows[group].withPartC += 1 }
            if mask & Self.partBit(.d) != 0 { rows[group].withPartD += 1 }
            if mask & Self.partBit(.e) != 0 { rows[group].withPartE += 1 }
            if mask & Self.requiredParts == Self.requiredParts { rows[group].complete += 1 }
        }
        return rows.sorted { AggregateMerge.keyOrder($0.key, $1.key) }
    }

    /// The bit of a part in ``partMasks``.
    static func partBit(_ part: MandatedPart) -> UInt8 {
        switch part {
        case .a: 1 << 0
        case .b0: 1 << 1
        case .b: 1 << 2
        case .c: 1 << 3
        case .d: 1 << 4
        case .e: 1 << 5
        }
    }

    /// Bits of A, B, C and D.
    static let requiredParts: UInt8 = MandatedPart.required.reduce(0) { $0 | partBit($1) }
}
