import FazhiParsing
import FazhiProto
import Testing
@testable import FazhiCommandLine

@Suite struct ExportRowTests {
    /// 全年调解矛盾纠纷130件，其中口头调解82件。累计接收社区矫正人员50人。
    static func report() -> Fazhi_V1_Report {
        var report = Fazhi_V1_Report()
        report.docID = "d1"
        report.text = "全年调解矛盾纠纷130件，其中口头调解82件。累计接收社区矫正人员50人。"
        let utf8 = Array(report.text.utf8)
        func offset(_ text: String) -> UInt32 {
            let needle = Array(text.utf8)
            let start = (0...(utf8.count - needle.count)).first { Array(utf8[$0..<($0 + needle.count)]) == needle }!
            return UInt32(start)
        }
        let firstSentenceEnd = offset("累计")
        func fact(_ text: String, _ value: Double, indicator: String, period: Fazhi_V1_Period, partOf: Int32, sentence: Range<UInt32>) -> Fazhi_V1_Fact {
            var fact = Fazhi_V1_Fact()
            fact.indicator = indicator
            fact.value = value
            fact.valueMax = value
            fact.unit = String(text.unicodeScalars.last!)
            fact.text = text
            fact.period = period
            fact.partOf = partOf
            fact.start = offset(text)
            fact.end = fact.start + UInt32(text.utf8.count)
            fact.sentenceStart = sentence.lowerBound
            fact.sentenceEnd = sentence.upperBound
            return fact
        }
        report.facts = [
            fact("130件", 130, indicator: "disputes_mediated", period: .fullYear, partOf: -1, sentence: 0..<firstSentenceEnd),
            fact("82件", 82, indicator: "disputes_mediated", period: .fullYear, partOf: 0, sentence: 0..<firstSentenceEnd),
            fact("50人", 50, indicator: "", period: .cumulative, partOf: -1, sentence: firstSentenceEnd..<UInt32(utf8.count)),
        ]
        return report
    }

    @Test("a fact row says its period, what it is a breakdown of, and its sentence")
    func factRowContext() {
        let report = Self.report()
        let rows = report.facts.enumerated().map { FactRow.values(report, $0.element, index: $0.offset) }
        let columns = rows.map { Dictionary(uniqueKeysWithValues: zip(FactRow.header, $0)) }
        #expect(rows.allSatisfy { $0.count == FactRow.header.count })
        #expect(columns[0]["fact_index"] == "0" && columns[1]["fact_index"] == "1")
        #expect(columns[0]["part_of"] == "" && columns[1]["part_of"] == "0")
        #expect(columns[0]["period"] == "fullYear" && columns[2]["period"] == "cumulative")
        #expect(columns[1]["sentence"] == "全年调解矛盾纠纷130件，其中口头调解82件。")
        #expect(columns[2]["sentence"] == "累计接收社区矫正人员50人。")
    }

    @Test("sentence offsets outside the text or inside a character give an empty sentence")
    func badSentenceOffsets() {
        let report = Self.report()
        var fact = report.facts[0]
        fact.sentenceEnd = UInt32(report.text.utf8.count + 1)
        #expect(FactRow.sentence(of: fact, in: report.text) == "")
        fact.sentenceStart = 1
        fact.sentenceEnd = 6  // inside 全 and 年 (three bytes each)
        #expect(FactRow.sentence(of: fact, in: report.text) == "")
        fact.sentenceStart = 6
        fact.sentenceEnd = 3
        #expect(FactRow.sentence(of: fact, in: report.text) == "")
    }
}

@Suite struct StatsPeriodTests {
    @Test("--period takes the stats name or the export's spelling of a window, never an earlier year's")
    func names() {
        #expect(StatsCommand.period(named: "full_year") == .fullYear)
        #expect(StatsCommand.period(named: "fullYear") == .fullYear)
        #expect(StatsCommand.period(named: "ytd_to_month") == .yearToDate)
        #expect(StatsCommand.period(named: "ytdToMonth") == .yearToDate)
        #expect(StatsCommand.period(named: "cumulative") == .cumulative)
        #expect(StatsCommand.period(named: "previous_year") == nil)
        #expect(StatsCommand.period(named: "previousYear") == nil)
        #expect(StatsCommand.period(named: "annual") == nil)
    }

    @Test("the report view names each fact's window, with its month")
    func reportColumn() {
        var fact = Fazhi_V1_Fact()
        #expect(ReportCommand.period(fact) == "")
        fact.period = .ytdToMonth
        fact.periodMonth = 10
        #expect(ReportCommand.period(fact) == "ytd_to_month 10")
        fact.period = .cumulative
        fact.periodMonth = 0
        #expect(ReportCommand.period(fact) == "cumulative")
    }
}
