import FazhiParsing
import Testing

/// A rough throughput check of decode + HTML extraction + folding. It only runs when
/// `FAZHI_PARSING_THROUGHPUT=1` is set, and is meant for release builds:
/// `FAZHI_PARSING_THROUGHPUT=1 swift test -c release --filter Throughput`.
@Suite("Throughput")
struct ThroughputTests {
    static let enabled = TestSupport.environment("FAZHI_PARSING_THROUGHPUT") == "1"

    /// About `megabytes` MB of report-like HTML written for this test (or of seed text when available).
    static func page(megabytes: Int) -> String {
        var paragraphs: [String] = []
        if let directory = TestSupport.seedDirectory() {
            for file in TestSupport.textFiles(in: directory) {
                if let bytes = TestSupport.readFile(file) {
                    paragraphs += String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
                }
            }
        }
        if paragraphs.isEmpty {
            paragraphs = [
                "一、2024年法治政府建设的主要举措和成效",
                "全年组织集体学法１２次，开展“宪法宣传周”活动3场，发放宣传资料2.8万份，调解纠纷130件，成功率97.6%。",
                "依法审查合同12份，出具法律意见书4份，行政复议案件0件，行政诉讼案件1件。",
            ]
        }
        var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>测试页面</title>"
        html += "<script>var x = 1 < 2;</script><style>p{margin:0}</style></head><body>"
        html += "<div class=\"header\"><a href=\"/\">首页</a></div><nav><a>导航</a></nav><article>"
        var index = 0
        while html.utf8.count < megabytes << 20 {
            let text = paragraphs[index % paragraphs.count]
            html +=
                index % 7 == 0
                ? "<table><tr><td>\(text)</td><td>&nbsp;</td></tr></table>\n" : "<p>&nbsp;&nbsp;\(text)</p>\n"
            index += 1
        }
        return html + "</article><div class=\"footer\">版权所有</div></body></html>"
    }

    @Test("Decode + HTML + fold throughput (set FAZHI_PARSING_THROUGHPUT=1)", .enabled(if: Self.enabled))
    func throughput() throws {
        let html = Self.page(megabytes: 4)
        let bytes = Array(html.utf8)
        let megabytes = Double(bytes.count) / 1_048_576
        var best = (decode: Double.infinity, html: Double.infinity, fold: Double.infinity, total: Double.infinity)
        var foldedCount = 0
        for _ in 0..<5 {
            let t0 = TestSupport.now()
            let decoded = try InputDecoder().decode(bytes, contentType: "text/html")
            let t1 = TestSupport.now()
            let page = HTMLText(html: decoded.text)
            let t2 = TestSupport.now()
            let folded = FoldedText(page.text)
            let t3 = TestSupport.now()
            foldedCount = folded.folded.utf8.count
            best = (
                min(best.decode, t1 - t0), min(best.html, t2 - t1), min(best.fold, t3 - t2), min(best.total, t3 - t0)
            )
        }
        let gb = try #require(TestSupport.encode(html, as: "GB18030"))
        var gbBest = Double.infinity
        for _ in 0..<3 {
            let t0 = TestSupport.now()
            _ = try InputDecoder().decode(gb)
            gbBest = min(gbBest, TestSupport.now() - t0)
        }
        let text = Self.page(megabytes: 2)
        let t0 = TestSupport.now()
        let count = ChineseNumberScanner(text).numbers().count
        let scan = TestSupport.now() - t0
        func rate(_ seconds: Double, _ size: Double = megabytes) -> String {
            String(Int((size / seconds).rounded())) + " MB/s"
        }
        print(
            """
            throughput on \(bytes.count) bytes of HTML (best of 5; rough):
              decode UTF-8 \(rate(best.decode)), HTML → text \(rate(best.html)), fold \(rate(best.fold)) \
            (on \(foldedCount) text bytes), total \(rate(best.total))
              decode GB18030 (\(gb.count) bytes) \(rate(gbBest, Double(gb.count) / 1_048_576))
              number scan \(rate(scan, Double(text.utf8.count) / 1_048_576)) (\(count) numbers)
            """
        )
        #expect(foldedCount > 0)
    }
}
