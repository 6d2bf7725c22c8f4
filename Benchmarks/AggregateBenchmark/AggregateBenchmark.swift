// fazhi-aggregate-benchmark: builds N synthetic facts in memory, times ingest and grouped
// aggregates, prints one JSON object. Build with FAZHI_BENCHMARKS=1 (see Package.swift):
//
//   FAZHI_BENCHMARKS=1 swift run -c release fazhi-aggregate-benchmark --facts 1000000 --repeat 5 [--csv facts.csv]
//
// With --csv it also writes the same data as one denormalised CSV (year, province, level,
// indicator, unit, value, doc), so DuckDB and SQLite can run the same query on the same rows.
internal import FazhiAggregation
internal import FazhiParsing

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

@main
struct AggregateBenchmark {
    static func main() throws {
        var facts = 1_000_000
        var repeats = 5
        var csvPath: String?
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--facts": facts = Int(arguments.next() ?? "") ?? facts
            case "--repeat": repeats = Int(arguments.next() ?? "") ?? repeats
            case "--csv": csvPath = arguments.next()
            default:
                print("usage: fazhi-aggregate-benchmark [--facts N] [--repeat R] [--csv PATH]")
                return
            }
        }
        let clock = ContinuousClock()
        let records = Self.records(facts: facts)
        if let csvPath { try Self.writeCSV(records, to: csvPath) }

        var table = FactsTable()
        let ingest = clock.measure { _ = table.add(records) }

        let byYearProvince = AggregateQuery(groupBy: ["year", "province"], allowCrossLevelSum: true)
        let oneIndicator = AggregateQuery(indicators: ["disputes_mediated"], groupBy: ["year", "province"], allowCrossLevelSum: true)
        func time(_ query: AggregateQuery) throws -> (best: Double, median: Double, rows: Int) {
            var times: [Double] = []
            var rows = 0
            for _ in 0..<max(1, repeats) {
                var result: [AggregateGroupResult] = []
                let elapsed = try clock.measure {
                    result = AggregateMerge.finalize(try AggregateMerge.merge([try table.aggregate(query)], query: query))
                }
                rows = result.count
                times.append(Self.seconds(elapsed))
            }
            times.sort()
            return (times[0], times[times.count / 2], rows)
        }
        let all = try time(byYearProvince)
        let single = try time(oneIndicator)
        let compliance = try clock.measure { _ = try table.compliance(ComplianceQuery(groupBy: ["year", "province"])) }
        print(
            """
            {"facts": \(table.factCount), "reports": \(table.reportCount), "ingest_seconds": \(Self.seconds(ingest)), \
            "ingest_facts_per_second": \(Int(Double(table.factCount) / Self.seconds(ingest))), \
            "aggregate_year_province_all_indicators": {"best_seconds": \(all.best), "median_seconds": \(all.median), "rows": \(all.rows)}, \
            "aggregate_year_province_one_indicator": {"best_seconds": \(single.best), "median_seconds": \(single.median), "rows": \(single.rows)}, \
            "compliance_year_province_seconds": \(Self.seconds(compliance)), "repeat": \(repeats)}
            """
        )
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// 20 facts per report over 2019–2024, 31 provinces, four levels and every indicator.
    static func records(facts: Int) -> [ReportRecord] {
        let indicators = IndicatorTaxonomy.shared.indicators
        let provinces = (0..<31).map { "省\($0)" }
        let levels = ["county", "township", "street", "city"]
        var state: UInt64 = 42
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let perReport = 20
        var records: [ReportRecord] = []
        records.reserveCapacity(facts / perReport + 1)
        var remaining = facts
        var index = 0
        while remaining > 0 {
            let count = min(perReport, remaining)
            remaining -= count
            let org = Int(next() % 20_000)
            var rows: [FactRow] = []
            rows.reserveCapacity(count)
            for _ in 0..<count {
                let indicator = indicators[Int(next() % UInt64(indicators.count))]
                let unit = indicator.units.first ?? "件"
                let value = Double(next() % 100_000) / Double(1 + next() % 4)
                let qualifier: Qualifier = next() % 10 == 0 ? .approxOver : .exact
                rows.append(FactRow(indicator: indicator.id, value: value, unit: unit, qualifier: qualifier))
            }
            records.append(
                ReportRecord(
                    docID: "bench-\(index)",
                    contentHash: "h",
                    organization: "org\(org)",
                    year: 2019 + Int(next() % 6),
                    province: provinces[org % provinces.count],
                    level: levels[org % levels.count],
                    publishedDate: CalendarDate(year: 2025, month: 1 + Int(next() % 6), day: 1 + Int(next() % 28)),
                    parts: [.a, .b, .d],
                    facts: rows
                )
            )
            index += 1
        }
        return records
    }

    /// The same rows after unit normalisation, one line per fact.
    static func writeCSV(_ records: [ReportRecord], to path: String) throws {
        guard let file = fopen(path, "w") else { throw CSVError(path: path) }
        defer { fclose(file) }
        fputs("year,province,level,indicator,unit,value,doc\n", file)
        for record in records {
            for fact in record.facts {
                let normalized = UnitNormalization.normalize(fact.unit)
                let line = "\(record.year ?? 0),\(record.province ?? ""),\(record.level ?? ""),\(fact.indicator),\(normalized.unit),\(fact.value * normalized.multiplier),\(record.docID)\n"
                fputs(line, file)
            }
        }
    }

    struct CSVError: Error {
        var path: String
    }
}
