internal import FazhiCorpus
internal import Testing

@testable internal import FazhiParsing

/// ``ValidUTF8/isValid(_:)`` must decide exactly as the standard library does: the parser's
/// byte loops read what it accepts without bounds checks.
@Suite("ValidUTF8")
struct ValidUTF8Tests {
    static func agrees(_ bytes: [UInt8]) -> Bool {
        let ours = bytes.withUnsafeBufferPointer(ValidUTF8.isValid)
        let standard = String(validating: bytes, as: UTF8.self) != nil
        return ours == standard
    }

    @Test("every boundary of Unicode's table of well-formed sequences")
    func boundaries() {
        let cases: [[UInt8]] = [
            [], [0x00], [0x7F], [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xC2, 0x7F], [0xC2, 0xC0],
            [0xDF, 0xBF], [0xE0, 0x9F, 0xBF], [0xE0, 0xA0, 0x80], [0xE0, 0xBF, 0xBF], [0xE1, 0x80, 0x80],
            [0xE1, 0x7F, 0x80], [0xE1, 0x80, 0xC0], [0xEC, 0xBF, 0xBF], [0xED, 0x80, 0x80], [0xED, 0x9F, 0xBF],
            [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF], [0xEF, 0xBB, 0xBF],
            [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF0, 0x90, 0x80, 0x7F], [0xF1, 0x80, 0x80, 0x80],
            [0xF3, 0xBF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0xFE], [0xFF], [0xE4, 0xB8], [0xE4], [0xF0, 0x9F, 0x98], [0xC3], Array("法治政府".utf8),
            Array("法治政府".utf8).dropLast().map { $0 }, Array("a😀b".utf8), Array("a😀b".utf8).dropLast(2).map { $0 },
        ]
        for bytes in cases {
            #expect(Self.agrees(bytes), "disagrees on \(bytes)")
        }
    }

    @Test("a bad byte at every offset of a long ASCII or Han run (the eight-byte and three-byte paths)")
    func runs() {
        let ascii = Array(String(repeating: "report 2025, ", count: 8).utf8)
        let han = Array(String(repeating: "法治政府建设年度报告", count: 4).utf8)
        for base in [ascii, han, ascii + han + ascii] {
            #expect(base.withUnsafeBufferPointer(ValidUTF8.isValid))
            for offset in base.indices {
                for bad: UInt8 in [0x80, 0xC0, 0xE4, 0xF5, 0xFF] {
                    var bytes = base
                    bytes[offset] = bad
                    #expect(Self.agrees(bytes), "disagrees with \(bad) at \(offset)")
                    #expect(Self.agrees(Array(bytes[..<offset])) && Self.agrees(Array(bytes[offset...])))
                }
            }
        }
    }

    @Test("20,000 random byte strings, mostly near-valid")
    func random() {
        var rng = SplitMix64(seed: 7)
        let pieces: [[UInt8]] = ["a", "\n", "é", "法", "治", "。", "😀", "\u{10FFFF}", "\u{FEFF}"].map { Array($0.utf8) }
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 12) {
                switch rng.next() % 4 {
                case 0: bytes.append(UInt8(truncatingIfNeeded: rng.next()))
                default: bytes += pieces[Int(rng.next() % UInt64(pieces.count))]
                }
            }
            if !bytes.isEmpty && rng.next() % 3 == 0 { bytes.removeLast() }
            #expect(Self.agrees(bytes), "disagrees on \(bytes)")
        }
    }
}
