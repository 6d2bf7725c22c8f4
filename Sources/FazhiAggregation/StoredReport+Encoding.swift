internal import FazhiParsing

extension StoredReport {
    /// Format version of a stored report (README.md, "Report record"): 4 since each fact has
    /// a period byte; 3 since a record ends with whether it is an annual report; 2 since
    /// signatures are one-permutation MinHash (``TextFingerprint/signatureScheme`` 2). Facts of
    /// versions 1–3 are read with an unspecified period (counted as the report year's); version
    /// 1 and 2 records are read as annual reports; version 1 signatures are recomputed from the
    /// stored text.
    static let formatVersion: UInt8 = 4

    /// The period byte of a fact (format 4 on), also the low byte of a measure's key in
    /// ``FactsTable``. Fixed codes: never renumber.
    static func periodCode(_ period: Period) -> UInt8 {
        switch period {
        case .unspecified: 0
        case .fullYear: 1
        case .yearToDate: 2
        case .sinceDate: 3
        case .cumulative: 4
        case .stockNow: 5
        case .previousYear: 6
        case .partOfYear: 7
        }
    }

    /// The period of a code, or `nil` for an unknown code.
    static func period(code: UInt8) -> Period? {
        Period.allCases.first { Self.periodCode($0) == code }
    }

    /// The record as bytes, for the log and the snapshot.
    func encoded() -> [UInt8] {
        let record = self.record
        var writer = ByteWriter(capacity: 256 + record.text.utf8.count + 40 * record.facts.count + 4 * self.signature.count)
        writer.write(Self.formatVersion)
        writer.writeVarint(self.sequence)
        writer.writeString(record.docID)
        writer.writeString(record.contentHash)
        writer.writeString(record.title)
        writer.writeOptionalString(record.organization)
        if let year = record.year {
            writer.write(1)
            writer.writeSignedVarint(Int64(year))
        } else {
            writer.write(0)
        }
        writer.writeOptionalString(record.province)
        writer.writeOptionalString(record.city)
        writer.writeOptionalString(record.county)
        writer.writeOptionalString(record.level)
        if let date = record.publishedDate {
            writer.write(1)
            writer.writeSignedVarint(Int64(date.year))
            writer.writeVarint(UInt64(clamping: date.month))
            writer.writeVarint(UInt64(clamping: date.day))
            writer.writeString(date.raw)
        } else {
            writer.write(0)
        }
        writer.writeVarint(UInt64(record.parts.count))
        for part in record.parts { writer.writeString(part.rawValue) }
        writer.writeVarint(UInt64(record.facts.count))
        for fact in record.facts {
            writer.writeString(fact.indicator)
            writer.writeDouble(fact.value)
            writer.writeDouble(fact.valueMax)
            writer.writeString(fact.unit)
            writer.writeString(fact.qualifier.rawValue)
            writer.write(fact.isRequirement ? 1 : 0)
            writer.write(Self.periodCode(fact.period))
        }
        writer.writeString(record.text)
        writer.writeVarint(UInt64(self.signature.count))
        for value in self.signature { writer.writeUInt32(value) }
        writer.write(record.isAnnualReport ? 1 : 0)
        return writer.bytes
    }

    /// Decodes ``encoded()`` output; `context` names the source in errors.
    ///
    /// - Throws: ``AggregationError`` (`corruptData`) for anything malformed.
    init(decoding bytes: [UInt8], context: String) throws(AggregationError) {
        var reader = ByteReader(bytes, context: context)
        let version = try reader.readByte()
        guard (1...Self.formatVersion).contains(version) else { throw reader.corrupt("unsupported record version \(version)") }
        let sequence = try reader.readVarint()
        let docID = try reader.readString()
        let contentHash = try reader.readString()
        let title = try reader.readString()
        let organization = try reader.readOptionalString()
        var year: Int?
        switch try reader.readByte() {
        case 0: year = nil
        case 1: year = Int(try reader.readSignedVarint())
        default: throw reader.corrupt("bad presence byte")
        }
        let province = try reader.readOptionalString()
        let city = try reader.readOptionalString()
        let county = try reader.readOptionalString()
        let level = try reader.readOptionalString()
        var published: CalendarDate?
        switch try reader.readByte() {
        case 0: published = nil
        case 1:
            let dateYear = Int(try reader.readSignedVarint())
            let month = try reader.readCount(limit: 12)
            let day = try reader.readCount(limit: 31)
            published = CalendarDate(year: dateYear, month: month, day: day, raw: try reader.readString())
        default: throw reader.corrupt("bad presence byte")
        }
        var parts: [MandatedPart] = []
        for _ in 0..<(try reader.readCount(limit: MandatedPart.allCases.count)) {
            let name = try reader.readString()
            guard let part = MandatedPart(rawValue: name) else { throw reader.corrupt("unknown part '\(name)'") }
            parts.append(part)
        }
        let factCount = try reader.readCount(limit: reader.remaining / 20)
        var facts: [FactRow] = []
        facts.reserveCapacity(factCount)
        for _ in 0..<factCount {
            let indicator = try reader.readString()
            let value = try reader.readDouble()
            let valueMax = try reader.readDouble()
            let unit = try reader.readString()
            let qualifierName = try reader.readString()
            guard let qualifier = Qualifier(rawValue: qualifierName) else {
                throw reader.corrupt("unknown qualifier '\(qualifierName)'")
            }
            let requirement = try reader.readByte()
            guard requirement <= 1 else { throw reader.corrupt("bad requirement flag") }
            var period = Period.unspecified
            if version >= 4 {
                let code = try reader.readByte()
                guard let known = Self.period(code: code) else { throw reader.corrupt("unknown period code \(code)") }
                period = known
            }
            facts.append(
                FactRow(
                    indicator: indicator,
                    value: value,
                    valueMax: valueMax,
                    unit: unit,
                    qualifier: qualifier,
                    isRequirement: requirement == 1,
                    period: period
                )
            )
        }
        let text = try reader.readString()
        let signatureCount = try reader.readCount(limit: TextFingerprint.signatureLength)
        guard signatureCount == 0 || signatureCount == TextFingerprint.signatureLength else {
            throw reader.corrupt("signature of \(signatureCount) values")
        }
        var signature: [UInt32] = []
        signature.reserveCapacity(signatureCount)
        for _ in 0..<signatureCount { signature.append(try reader.readUInt32()) }
        var isAnnualReport = true
        if version >= 3 {
            switch try reader.readByte() {
            case 0: isAnnualReport = false
            case 1: isAnnualReport = true
            default: throw reader.corrupt("bad annual-report byte")
            }
        }
        guard reader.isAtEnd else { throw reader.corrupt("trailing bytes") }
        self.init(
            record: ReportRecord(
                docID: docID,
                contentHash: contentHash,
                title: title,
                organization: organization,
                year: year,
                province: province,
                city: city,
                county: county,
                level: level,
                publishedDate: published,
                parts: parts,
                facts: facts,
                text: text,
                isAnnualReport: isAnnualReport
            ),
            sequence: sequence,
            signature: version == 1 ? nil : signature  // nil: computed with today's scheme
        )
    }
}
