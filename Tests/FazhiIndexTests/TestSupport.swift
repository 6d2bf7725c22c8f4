import FazhiCorpus
import FazhiIndex
import FazhiParsing
import Foundation
import Synchronization

/// A fresh temporary directory for one test, removed when the test process exits (every run
/// used to leave some twenty behind). Not at the end of each test: a shard in it may still be
/// merging in the background when the test's last line runs.
func temporaryDirectory(_ name: String = #function) -> String {
    _ = removeTemporaryDirectoriesAtExit
    let path = NSTemporaryDirectory() + "fazhi-index-tests-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    temporaryDirectories.withLock { $0.append(path) }
    return path
}

private let temporaryDirectories = Mutex<[String]>([])

private let removeTemporaryDirectoriesAtExit: Void = {
    atexit {
        for path in temporaryDirectories.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
    }
}()

/// A seeded generator so failures reproduce (the corpus generator's SplitMix64).
typealias SeededGenerator = SplitMix64

/// Synthetic report-like text: common and rare words, punctuation of both widths, digits with
/// units, traditional characters, full-width letters and digits, line breaks.
enum SyntheticText {
    static let words = [
        "法治", "政府", "建设", "行政复议", "调解", "矛盾纠纷", "枫桥经验", "法律明白人", "普法", "依法行政",
        "網格員", "法律顧問", "社區矯正", "营商环境", "政务公开", "信访", "宪法宣传周", "12345热线", "互联网+政务服务",
        "ＬＥＤ", "LED", "数据", "街道", "乡镇", "人民", "工作", "推进", "全面", "落实", "机制",
    ]
    static let punctuation = ["，", "。", "、", "“", "”", "：", "；", "（", "）", ",", ".", " ", "\n", "　", "《", "》"]
    static let units = ["件", "次", "人", "%", "场", "万元", "个"]

    static func text(words count: Int, using rng: inout SeededGenerator) -> String {
        var text = ""
        for _ in 0..<count {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0...5: text += Self.words.randomElement(using: &rng)!
            case 6, 7: text += Self.punctuation.randomElement(using: &rng)!
            case 8:
                let number = Int.random(in: 0..<5000, using: &rng)
                text += (Bool.random(using: &rng) ? String(number) : Self.fullWidth(String(number)))
                text += Self.units.randomElement(using: &rng)!
            default:
                text += String(Character(Unicode.Scalar(UInt32.random(in: 0x4E00..<0x4E80, using: &rng))!))
            }
        }
        return text
    }

    static func fullWidth(_ ascii: String) -> String {
        String(String.UnicodeScalarView(ascii.unicodeScalars.map { Unicode.Scalar($0.value + 0xFEE0)! }))
    }
}

func document(_ id: String, _ text: String, title: String = "", year: Int? = nil, province: String? = nil,
              level: String? = nil, parts: [String] = [], indicators: [String] = [], stored: [UInt8] = []) -> IndexDocument {
    IndexDocument(
        docID: id, contentHash: String(text.hashValue ^ title.hashValue), text: text, title: title, year: year,
        province: province, level: level, parts: parts, indicators: indicators, stored: stored
    )
}

func ids(_ result: SearchResult) -> [String] { result.hits.map(\.docID) }

func search(_ shard: IndexShard, _ query: String, limit: Int = 1000, facets: [String] = []) throws -> SearchResult {
    try shard.search(QueryParser.parse(query), options: SearchOptions(limit: limit, facets: facets))
}
