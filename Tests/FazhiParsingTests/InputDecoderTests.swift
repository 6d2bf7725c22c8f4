import FazhiCorpus
import FazhiParsing
import Testing

@Suite("InputDecoder")
struct InputDecoderTests {
    // Our own sentence, in the register of a report.
    static let sample = "关于２０２４年度法治建设情况的说明：全年开展普法讲座12场，调解纠纷86件。"

    @Test("UTF-8 without and with a byte-order mark", arguments: [false, true])
    func utf8(withBOM: Bool) throws {
        let bytes = (withBOM ? [0xEF, 0xBB, 0xBF] : []) + Array(Self.sample.utf8)
        let decoded = try InputDecoder().decode(bytes)
        #expect(decoded.text == Self.sample)
        #expect(decoded.encoding == .utf8)
        #expect(decoded.isHTML == false)
        #expect(decoded.replacedSequenceCount == 0)
        #expect(decoded.plausibility > 0.95)
    }

    @Test("plausibility weighs each non-ASCII scalar by its class, whatever its UTF-8 length")
    func plausibilityWeights() throws {
        // 法治: common hanzi (1 each); é and 😀 (2- and 4-byte UTF-8): 0.5 each; U+0001: a control,
        // 0; 𠀀 (U+20000, 4 bytes): a rare hanzi, 0.1; Ω: 0.3. ASCII letters, tab and newline do
        // not count. (2 + 0.5 + 0.5 + 0 + 0.1 + 0.3) / 7.
        let text = "ab法治\té\n😀\u{1}c𠀀Ω"
        let decoded = try InputDecoder().decode(Array(text.utf8))
        #expect(abs(decoded.plausibility - 3.4 / 7) < 1e-9)
        let ascii = try InputDecoder().decode(Array("plain\ttext\r\n".utf8))
        #expect(ascii.plausibility == 1)
    }

    @Test("UTF-16 with a byte-order mark", arguments: [false, true])
    func utf16(bigEndian: Bool) throws {
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in Self.sample.utf16 {
            let high = UInt8(unit >> 8)
            let low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        let decoded = try InputDecoder().decode(bytes)
        #expect(decoded.text == Self.sample)
        #expect(decoded.encoding == (bigEndian ? .utf16BigEndian : .utf16LittleEndian))
    }

    @Test("GB18030 bytes are detected without any declaration")
    func gb18030Detected() throws {
        let bytes = try #require(TestSupport.encode(Self.sample, as: "GB18030"))
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        let decoded = try InputDecoder().decode(bytes)
        #expect(decoded.text == Self.sample)
        #expect(decoded.encoding == .gb18030)
    }

    @Test("GBK declared as gb2312 in a meta tag decodes as GB18030")
    func gbkHTMLWithMeta() throws {
        let html = """
            <html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
            <title>某镇政务公开</title></head><body><p>\(Self.sample)</p></body></html>
            """
        let bytes = try #require(TestSupport.encode(html, as: "GBK"))
        let decoded = try InputDecoder().decode(bytes)
        #expect(decoded.encoding == .gb18030)
        #expect(decoded.declaredEncoding == .gb18030)
        #expect(decoded.isHTML)
        #expect(decoded.text.contains(Self.sample))
    }

    @Test("A wrong declared charset is honoured but not trusted")
    func wrongDeclaration() throws {
        // UTF-8 bytes declared as GBK by the header: UTF-8 still wins on plausibility.
        let utf8 = try InputDecoder().decode(Array(Self.sample.utf8), contentType: "text/plain; charset=GBK")
        #expect(utf8.encoding == .utf8)
        #expect(utf8.declaredEncoding == .gb18030)
        #expect(utf8.text == Self.sample)

        // GB18030 bytes declared as UTF-8 in a meta tag.
        let html = "<html><head><meta charset=\"utf-8\"></head><body>\(Self.sample)</body></html>"
        let gb = try #require(TestSupport.encode(html, as: "GB18030"))
        let decoded = try InputDecoder().decode(gb, contentType: "text/html")
        #expect(decoded.encoding == .gb18030)
        #expect(decoded.declaredEncoding == .utf8)
        #expect(decoded.text == html)
    }

    @Test("Big5 is decoded when declared")
    func big5Declared() throws {
        let traditional = "法治政府建設年度報告：全年辦理行政復議案件３件。"
        let bytes = try #require(TestSupport.encode(traditional, as: "BIG5"))
        let decoded = try InputDecoder().decode(bytes, contentType: "text/plain; charset=big5")
        #expect(decoded.encoding == .big5)
        #expect(decoded.text == traditional)
    }

    @Test("A few bad bytes in GB18030 text are replaced, not fatal")
    func replacements() throws {
        var bytes = try #require(TestSupport.encode(Self.sample + Self.sample, as: "GB18030"))
        bytes.insert(0xFF, at: 20)
        let decoded = try InputDecoder().decode(bytes)
        #expect(decoded.encoding == .gb18030)
        #expect(decoded.replacedSequenceCount == 1)
        #expect(decoded.text.contains("\u{FFFD}"))
    }

    @Test("HTML is detected by content type, markup or URL")
    func htmlDetection() throws {
        let decoder = InputDecoder()
        #expect(try decoder.decode(Array("<!DOCTYPE html><p>正文</p>".utf8)).isHTML)
        #expect(try decoder.decode(Array("  <div>正文</div>".utf8)).isHTML)
        #expect(try decoder.decode(Array("正文 <b>x</b>".utf8), contentType: "text/html").isHTML)
        #expect(try decoder.decode(Array("正文<p>段落</p>".utf8), sourceURL: "http://example.gov.cn/a/b.shtml?id=1").isHTML)
        #expect(try decoder.decode(Array("正文<p>段落</p>".utf8)).isHTML == false)
        #expect(try decoder.decode(Array("甲 < 乙".utf8)).isHTML == false)
        // A strong marker counts anywhere in the first KiB, in any case; a weak one only at the
        // start or with a hint, and only within that KiB.
        #expect(try decoder.decode(Array("正文 < 甲 <BODY>段落".utf8)).isHTML)
        #expect(try decoder.decode(Array("正文<P>段落".utf8), sourceURL: "HTTP://EXAMPLE.GOV.CN/A.HTM#top").isHTML)
        #expect(try decoder.decode(Array("正文<p>段落".utf8), sourceURL: "htm").isHTML == false)
        #expect(try decoder.decode(Array("正文<p>段落".utf8), sourceURL: "http://example.gov.cn/a.txt?x=.html").isHTML == false)
        let late = String(repeating: "正", count: 400) + "<html><p>段落</p>"
        #expect(try decoder.decode(Array(late.utf8)).isHTML == false)
    }

    @Test(
        "Bad input is rejected with a code and a reason",
        arguments: [
            ([], ParseError.Code.emptyInput, "empty"),
            (Array("  \n\t \r\n ".utf8), .emptyInput, "whitespace"),
            (Array("\u{3000}\u{3000}\u{FEFF}".utf8), .emptyInput, "whitespace"),
            ([0x00, 0x01, 0x02, 0x41, 0x42], .binaryInput, "NUL"),
            (Array("%PDF-1.7\n%âãÏÓ".utf8), .binaryInput, "PDF"),
            ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], .binaryInput, "ZIP"),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A], .binaryInput, "PNG"),
            (Array("ab\u{01}\u{02}\u{03}\u{04}\u{05}cd".utf8), .binaryInput, "control bytes"),
            ([UInt8](repeating: 0xFF, count: 64), .undecodable, "GB18030"),
            (
                [0xA1, 0xFF, 0x80, 0xFE, 0x30, 0xFF, 0x81, 0x20] + [UInt8](repeating: 0x80, count: 40), .undecodable,
                "UTF-8"
            ),
        ] as [([UInt8], ParseError.Code, String)]
    )
    func rejected(bytes: [UInt8], code: ParseError.Code, reasonMentions: String) {
        #expect {
            try InputDecoder().decode(bytes)
        } throws: { error in
            guard let error = error as? ParseError else { return false }
            return error.code == code && error.message.contains(reasonMentions)
                && error.statusName == "INVALID_ARGUMENT"
        }
    }

    @Test("Control bytes are found wherever they sit, in any eight-byte word or the tail")
    func controlBytesAnywhere() throws {
        let text = Array(String(repeating: "依法行政abc", count: 700).utf8)  // 10,500 bytes
        for offset in [0, 1, 7, 8, 9, 8183, 8190, 8191, 8192, 8199, text.count - 1] {
            var bytes = text
            bytes[offset] = 0
            if offset < 8192 {
                #expect(throws: ParseError.self) { try InputDecoder().decode(bytes) }
                do {
                    _ = try InputDecoder().decode(bytes)
                } catch {
                    #expect(error.code == .binaryInput && error.message.contains("first at offset \(offset),"), "\(offset)")
                }
            } else {
                // One late NUL is tolerated (a scraper's stray byte), as before.
                #expect((try? InputDecoder().decode(bytes)) != nil, "\(offset)")
            }
        }
        // 120 control bytes spread over 10,500 (more than 1%): not text.
        var noisy = text
        for offset in stride(from: 3, to: noisy.count, by: 87) { noisy[offset] = 0x01 }
        #expect { try InputDecoder().decode(noisy) } throws: { ($0 as? ParseError)?.message.contains("control bytes") == true }
        // Only control whitespace, longer than a word.
        #expect(throws: ParseError.self) { try InputDecoder().decode(Array("\t\n\r\n\t\t\n\r\n\t\n\n\n".utf8)) }
    }

    @Test("Oversize input is rejected before any decoding")
    func tooLarge() {
        let decoder = InputDecoder(configuration: .init(maximumInputBytes: 1024))
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1025)
        #expect(throws: ParseError(code: .tooLarge, message: "input is 1025 bytes; the limit is 1024 bytes")) {
            try decoder.decode(bytes)
        }
        #expect(InputDecoder.Configuration.defaults.maximumInputBytes == 16 << 20)
        #expect((try? decoder.decode([UInt8](repeating: UInt8(ascii: "a"), count: 1024))) != nil)
    }

    @Test("Replacement counts for UTF-8 with a few bad bytes match the repaired text")
    func utf8ReplacementCount() throws {
        // A U+FFFD already in the input is text, not a replacement.
        let literal = try InputDecoder().decode(Array("替换符\u{FFFD}".utf8) + [0x80])
        #expect(literal.replacedSequenceCount == 1)

        var generator = TestSupport.SplitMix64(seed: 42)
        let base = Array((Self.sample + Self.sample).utf8)
        var checked = 0
        for _ in 0..<200 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...5, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                // '!' is fine: the array literal is not empty.
                let bad = [UInt8]([0x80, 0xC3, 0xE4, 0xF0, 0xFF, 0xED]).randomElement(using: &generator)!
                bytes.insert(bad, at: position)
            }
            // One inserted byte can break up to four subparts; past the limit the input is
            // rightly rejected, which is not what this test is about.
            guard let decoded = try? InputDecoder().decode(bytes), decoded.encoding == .utf8 else { continue }
            checked += 1
            let repaired = decoded.text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count
            #expect(decoded.replacedSequenceCount == repaired)
        }
        #expect(checked > 100)
    }

    @Test("Random bytes never crash or hang the text layer")
    func fuzz() {
        var generator = TestSupport.SplitMix64(seed: 0xFA2_4117)
        let alphabets: [[UInt8]] = [
            Array(0...255),
            Array(0x80...0xFF) + Array("<>&;#/ pa".utf8),
            Array("<>&;#x/='\" abcdiv!-scriptp\n".utf8) + [0xE4, 0xB8, 0xAD, 0xEF, 0xBC, 0x91],
        ]
        let decoder = InputDecoder(configuration: .init(maximumInputBytes: 4096))
        var outcomes = [String: Int]()
        for iteration in 0..<2000 {
            let alphabet = alphabets[iteration % alphabets.count]
            let length = Int.random(in: 0...600, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }  // '!' is fine: non-empty.
            do {
                let source = try SourceText(
                    bytes: bytes,
                    contentType: iteration % 2 == 0 ? "text/html" : nil,
                    decoder: decoder
                )
                _ = ChineseNumberScanner(source.folded.folded).numbers()
                outcomes["ok", default: 0] += 1
            } catch {
                outcomes[error.code.description, default: 0] += 1
            }
        }
        #expect(outcomes.values.reduce(0, +) == 2000)
        #expect(outcomes["ok", default: 0] > 0)
    }
}
