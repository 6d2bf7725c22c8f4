internal import FazhiParsing

/// The facts table of one partition, in memory, as columns (struct of arrays).
///
/// Report columns are indexed by a report ordinal; fact columns by a fact ordinal, with each
/// report's facts contiguous. Strings are dictionary-encoded (``StringDictionary``); each fact
/// stores the code of its (indicator, normalised unit) pair, its normalised value, its
/// qualifier and its precomputed sketch bucket, so that a grouped scan touches only contiguous
/// `Int32`/`Double`/`Int16` arrays and never hashes a string or allocates per row.
///
/// Replacing a report marks the old ordinal dead; dead rows are dropped by ``compact()``, which
/// ``upsert(_:)`` runs when they exceed a quarter of the table. A value type: copies are cheap
/// until written (copy-on-write columns).
package struct FactsTable: Sendable {
    /// Sentinel bucket key of values that count as zero in the sketch.
    static let zeroKey = Int16.min

    // MARK: Dictionaries
    var organizations = StringDictionary()
    var provinces = StringDictionary()
    var cities = StringDictionary()
    var counties = StringDictionary()
    var indicators = StringDictionary()
    var units = StringDictionary()
    /// (indicator code, unit code, ``StoredReport/periodCode(_:)``) of each measure code: the
    /// period is part of the measure, so that a scan decides what to count per measure, never
    /// per fact.
    var measureIndicator: [Int32] = []
    var measureUnit: [Int32] = []
    var measurePeriod: [UInt8] = []
    private var measureCodes: [Int64: Int32] = [:]
    /// Unit as written → (normalised unit code, multiplier, implies a lower bound).
    private var unitCache: [String: (code: Int32, multiplier: Double, lowerBound: Bool)] = [:]

    // MARK: Report columns
    var docIDs: [String] = []
    var contentHashes: [String] = []
    var titles: [String] = []
    var texts: [String] = []
    var sequences: [UInt64] = []
    var alive: [Bool] = []
    var years: [Int32] = []
    var organizationCodes: [Int32] = []
    var provinceCodes: [Int32] = []
    var cityCodes: [Int32] = []
    var countyCodes: [Int32] = []
    /// ``LevelSet/code(of:)``.
    var levelCodes: [UInt8] = []
    var publishedDates: [CalendarDate?] = []
    /// Bit i = `MandatedPart.allCases[i]` present.
    var partMasks: [UInt8] = []
    var factStarts: [Int32] = []
    /// MinHash signatures, ``TextFingerprint/signatureLength`` per report that has one.
    var signatures: [UInt32] = []
    /// Offset of each report's signature in ``signatures``; -1 when the text was too short.
    var signatureOffsets: [Int32] = []

    // MARK: Fact columns
    var factReports: [Int32] = []
    var factMeasures: [Int32] = []
    var factValues: [Double] = []
    var factBuckets: [Int16] = []
    /// `Qualifier` index in `allCases`.
    var factQualifiers: [UInt8] = []
    /// Upper ends of ranges, for the facts that have one.
    var factRangeMax: [Int32: Double] = [:]

    // MARK: Indexes
    var ordinalByDocID: [String: Int32] = [:]
    private(set) var liveReports = 0
    private(set) var liveFacts = 0
    /// Highest sequence number applied so far.
    private(set) var lastSequence: UInt64 = 0

    /// An empty table.
    package init() {}

    /// Live reports.
    package var reportCount: Int { self.liveReports }
    /// Live facts (rows that are aggregated).
    package var factCount: Int { self.liveFacts }

    /// Documents stored that are not annual reports (``ReportRecord/isAnnualReport``): their
    /// content hash and sequence only, so that a re-add is unchanged and a later version
    /// replaces them; no query sees them.
    private(set) var excluded: [String: (contentHash: String, sequence: UInt64)] = [:]

    /// The current content hash and sequence of a live report (or of a document stored as not
    /// an annual report).
    func current(_ docID: String) -> (contentHash: String, sequence: UInt64)? {
        guard let ordinal = self.ordinalByDocID[docID] else { return self.excluded[docID] }
        return (self.contentHashes[Int(ordinal)], self.sequences[Int(ordinal)])
    }

    /// Adds records in memory (no durability), replacing reports with the same id; a record
    /// whose id and content hash are already present is "unchanged".
    package mutating func add(_ records: [ReportRecord]) -> (added: Int, unchanged: Int) {
        var added = 0
        var unchanged = 0
        for record in records {
            if let current = self.current(record.docID), current.contentHash == record.contentHash {
                unchanged += 1
                continue
            }
            let sequence = self.lastSequence + 1
            self.upsert(StoredReport(record: record, sequence: sequence))
            added += 1
        }
        return (added, unchanged)
    }

    /// Applies one stored report: it replaces a live report with the same id unless that one
    /// has a later sequence number (so replays and snapshots in any order converge). Returns
    /// whether it was applied.
    @discardableResult
    mutating func upsert(_ stored: StoredReport) -> Bool {
        let record = stored.record
        if let previous = self.current(record.docID), previous.sequence >= stored.sequence { return false }
        if let existing = self.ordinalByDocID[record.docID] { self.kill(existing) }
        guard record.isAnnualReport else {
            self.excluded[record.docID] = (record.contentHash, stored.sequence)
            self.lastSequence = Swift.max(self.lastSequence, stored.sequence)
            return true
        }
        self.excluded[record.docID] = nil
        let ordinal = Int32(self.docIDs.count)
        self.docIDs.append(record.docID)
        self.contentHashes.append(record.contentHash)
        self.titles.append(record.title)
        self.texts.append(record.text)
        self.sequences.append(stored.sequence)
        self.alive.append(true)
        self.years.append(Int32(clamping: record.year ?? 0))
        self.organizationCodes.append(self.organizations.encode(record.organization))
        self.provinceCodes.append(self.provinces.encode(record.province))
        self.cityCodes.append(self.cities.encode(record.city))
        self.countyCodes.append(self.counties.encode(record.county))
        self.levelCodes.append(UInt8(LevelSet.code(of: record.level.flatMap(AdministrativeLevel.init(rawValue:)))))
        self.publishedDates.append(record.publishedDate)
        var mask: UInt8 = 0
        for part in record.parts { mask |= Self.partBit(part) }
        self.partMasks.append(mask)
        self.factStarts.append(Int32(self.factReports.count))
        if stored.signature.count == TextFingerprint.signatureLength {
            self.signatureOffsets.append(Int32(self.signatures.count))
            self.signatures.append(contentsOf: stored.signature)
        } else {
            self.signatureOffsets.append(-1)
        }
        for fact in record.facts where !fact.isRequirement && fact.value.isFinite && fact.valueMax.isFinite {
            let normalized = self.normalizedUnit(fact.unit)
            let value = fact.value * normalized.multiplier
            let valueMax = fact.valueMax * normalized.multiplier
            guard value.isFinite, valueMax.isFinite else { continue }
            var qualifier = fact.qualifier
            if normalized.lowerBound && qualifier == .exact { qualifier = .approxOver }
            let measure = self.measure(
                indicator: self.indicators.encode(fact.indicator), unit: normalized.code, period: StoredReport.periodCode(fact.period))
            if valueMax != value { self.factRangeMax[Int32(self.factReports.count)] = valueMax }
            self.factReports.append(ordinal)
            self.factMeasures.append(measure)
            self.factValues.append(value)
            self.factBuckets.append(QuantileSketch.defaultKey(forMagnitude: Swift.abs(value)).map { Int16($0) } ?? Self.zeroKey)
            // '!' is fine: every case is in allCases.
            self.factQualifiers.append(UInt8(Qualifier.allCases.firstIndex(of: qualifier)!))
            self.liveFacts += 1
        }
        self.ordinalByDocID[record.docID] = ordinal
        self.liveReports += 1
        self.lastSequence = Swift.max(self.lastSequence, stored.sequence)
        let dead = self.factReports.count - self.liveFacts
        if dead > 1024 && dead * 4 > self.factReports.count { self.compact() }
        return true
    }

    /// The end of a report's fact rows.
    func factEnd(_ ordinal: Int) -> Int {
        ordinal + 1 < self.factStarts.count ? Int(self.factStarts[ordinal + 1]) : self.factReports.count
    }

    private mutating func kill(_ ordinal: Int32) {
        let index = Int(ordinal)
        guard self.alive[index] else { return }
        self.alive[index] = false
        self.liveReports -= 1
        self.liveFacts -= self.factEnd(index) - Int(self.factStarts[index])
        self.texts[index] = ""
        self.ordinalByDocID[self.docIDs[index]] = nil
    }

    private mutating func normalizedUnit(_ written: String) -> (code: Int32, multiplier: Double, lowerBound: Bool) {
        if let known = self.unitCache[written] { return known }
        let normalized = UnitNormalization.normalize(written)
        let entry = (self.units.encode(normalized.unit), normalized.multiplier, normalized.impliesLowerBound)
        self.unitCache[written] = entry
        return entry
    }

    private mutating func measure(indicator: Int32, unit: Int32, period: UInt8) -> Int32 {
        let key = Int64(indicator) << 32 | Int64(unit) << 8 | Int64(period)
        if let code = self.measureCodes[key] { return code }
        let code = Int32(self.measureIndicator.count)
        self.measureIndicator.append(indicator)
        self.measureUnit.append(unit)
        self.measurePeriod.append(period)
        self.measureCodes[key] = code
        return code
    }

    /// Rebuilds the columns without dead reports and their facts.
    package mutating func compact() {
        var table = FactsTable()
        table.organizations = self.organizations
        table.provinces = self.provinces
        table.cities = self.cities
        table.counties = self.counties
        table.indicators = self.indicators
        table.units = self.units
        table.measureIndicator = self.measureIndicator
        table.measureUnit = self.measureUnit
        table.measurePeriod = self.measurePeriod
        table.measureCodes = self.measureCodes
        table.unitCache = self.unitCache
        for ordinal in self.docIDs.indices where self.alive[ordinal] {
            let newOrdinal = Int32(table.docIDs.count)
            table.docIDs.append(self.docIDs[ordinal])
            table.contentHashes.append(self.contentHashes[ordinal])
            table.titles.append(self.titles[ordinal])
            table.texts.append(self.texts[ordinal])
            table.sequences.append(self.sequences[ordinal])
            table.alive.append(true)
            table.years.append(self.years[ordinal])
            table.organizationCodes.append(self.organizationCodes[ordinal])
            table.provinceCodes.append(self.provinceCodes[ordinal])
            table.cityCodes.append(self.cityCodes[ordinal])
            table.countyCodes.append(self.countyCodes[ordinal])
            table.levelCodes.append(self.levelCodes[ordinal])
            table.publishedDates.append(self.publishedDates[ordinal])
            table.partMasks.append(self.partMasks[ordinal])
            table.factStarts.append(Int32(table.factReports.count))
            let offset = Int(self.signatureOffsets[ordinal])
            if offset >= 0 {
                table.signatureOffsets.append(Int32(table.signatures.count))
                table.signatures.append(contentsOf: self.signatures[offset..<offset + TextFingerprint.signatureLength])
            } else {
                table.signatureOffsets.append(-1)
            }
            for fact in Int(self.factStarts[ordinal])..<self.factEnd(ordinal) {
                if let high = self.factRangeMax[Int32(fact)] { table.factRangeMax[Int32(table.factReports.count)] = high }
                table.factReports.append(newOrdinal)
                table.factMeasures.append(self.factMeasures[fact])
                table.factValues.append(self.factValues[fact])
                table.factBuckets.append(self.factBuckets[fact])
                table.factQualifiers.append(self.factQualifiers[fact])
            }
            table.ordinalByDocID[self.docIDs[ordinal]] = newOrdinal
        }
        table.liveReports = self.liveReports
        table.liveFacts = self.liveFacts
        table.lastSequence = self.lastSequence
        table.excluded = self.excluded
        self = table
    }

    /// The stored form of a live report (its facts as normalised rows), for snapshots.
    func storedReport(_ ordinal: Int) -> StoredReport {
        var facts: [FactRow] = []
        for fact in Int(self.factStarts[ordinal])..<self.factEnd(ordinal) {
            let measure = Int(self.factMeasures[fact])
            let value = self.factValues[fact]
            facts.append(
                FactRow(
                    indicator: self.indicators[self.measureIndicator[measure]],
                    value: value,
                    valueMax: self.factRangeMax[Int32(fact)] ?? value,
                    unit: self.units[self.measureUnit[measure]],
                    qualifier: Qualifier.allCases[Int(self.factQualifiers[fact])],
                    // '!' is fine: every stored code came from periodCode.
                    period: StoredReport.period(code: self.measurePeriod[measure])!
                )
            )
        }
        let level = LevelSet.level(ofCode: Int(self.levelCodes[ordinal]))
        let mask = self.partMasks[ordinal]
        let record = ReportRecord(
            docID: self.docIDs[ordinal],
            contentHash: self.contentHashes[ordinal],
            title: self.titles[ordinal],
            organization: self.organizations.optional(self.organizationCodes[ordinal]),
            year: self.years[ordinal] == 0 ? nil : Int(self.years[ordinal]),
            province: self.provinces.optional(self.provinceCodes[ordinal]),
            city: self.cities.optional(self.cityCodes[ordinal]),
            county: self.counties.optional(self.countyCodes[ordinal]),
            level: level?.rawValue,
            publishedDate: self.publishedDates[ordinal],
            parts: MandatedPart.allCases.filter { mask & Self.partBit($0) != 0 },
            facts: facts,
            text: self.texts[ordinal]
        )
        let offset = Int(self.signatureOffsets[ordinal])
        let signature = offset >= 0 ? Array(self.signatures[offset..<offset + TextFingerprint.signatureLength]) : []
        return StoredReport(record: record, sequence: self.sequences[ordinal], signature: signature)
    }

    /// Every live report in stored form, and the documents stored as not annual reports.
    func storedReports() -> [StoredReport] {
        self.docIDs.indices.filter { self.alive[$0] }.map { self.storedReport($0) }
            + self.excluded.sorted { $0.key < $1.key }.map { docID, entry in
                StoredReport(
                    record: ReportRecord(docID: docID, contentHash: entry.contentHash, isAnnualReport: false),
                    sequence: entry.sequence,
                    signature: []
                )
            }
    }
}

/// A record as logged and snapshotted: the record, its sequence number (later wins) and its
/// MinHash signature (computed once, before logging, so replay never recomputes it).
struct StoredReport: Sendable, Hashable {
    var record: ReportRecord
    var sequence: UInt64
    var signature: [UInt32]

    init(record: ReportRecord, sequence: UInt64, signature: [UInt32]? = nil) {
        self.record = record
        self.sequence = sequence
        self.signature = signature ?? TextFingerprint.signature(of: record.text)
    }
}
