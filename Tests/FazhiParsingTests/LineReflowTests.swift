internal import Testing

@testable internal import FazhiParsing

/// Hard-wrapped text joined back into paragraphs; texts written for these tests.
@Suite("Line reflow of hard-wrapped text")
struct LineReflowTests {
    /// `paragraphs` cut every `width` scalars, each paragraph's first line indented.
    static func wrap(_ paragraphs: [String], width: Int) -> String {
        var text = ""
        for paragraph in paragraphs {
            var scalars = Array(paragraph.unicodeScalars)
            text += "\u{3000}\u{3000}"
            while scalars.count > width {
                text += String(String.UnicodeScalarView(scalars[..<width])) + "\n"
                scalars.removeFirst(width)
            }
            text += String(String.UnicodeScalarView(scalars)) + "\n"
        }
        return text
    }

    static let paragraphs = [
        "一、2023年推进法治政府建设的主要举措和成效",
        "(一)加强矛盾纠纷多元化解工作。全年共排查矛盾纠纷85次，调解各类矛盾纠纷1120件，调解成功率达98.5%，"
            + "其中口头调解800件，协议调解320件，有效维护了辖区社会稳定。",
        "(二)深入开展普法宣传。组织开展法治宣传活动46场次，发放宣传资料12000余份，覆盖群众3000余人次，"
            + "群众法治意识明显增强，学法用法氛围日益浓厚。",
        "二、存在的不足和原因",
        "一是法治宣传的针对性还不够强，形式较为单一；二是基层法治队伍力量比较薄弱，专业人员缺乏。",
    ]

    @Test("paragraphs cut at a page width are joined back, numbers and headings whole", arguments: [18, 24, 31])
    func joinsWrappedParagraphs(width: Int) {
        // Twice the paragraphs: a page of text (the wrap width is measured, not assumed).
        let page = Self.paragraphs + Self.paragraphs
        let lines = LineReflow.reflow(TextLine.split(Self.wrap(page, width: width)))
        #expect(lines.map(\.text) == page)
    }

    @Test("the facts of wrapped text are those of the unwrapped text")
    func factsSurvive() throws {
        let parser = ReportParser()
        let plain = try parser.parse(Array(Self.paragraphs.joined(separator: "\n").utf8))
        let wrapped = try parser.parse(Array(Self.wrap(Self.paragraphs, width: 21).utf8))
        #expect(plain.facts.count >= 8)
        #expect(wrapped.facts.map(\.value) == plain.facts.map(\.value))
        #expect(wrapped.facts.map(\.indicator) == plain.facts.map(\.indicator))
        #expect(wrapped.facts.map(\.partOf) == plain.facts.map(\.partOf))
    }

    @Test("a page whose paragraphs are broken with <br> at a fixed width reads as the plain text")
    func brokenHTML() throws {
        let parser = ReportParser()
        let page = Self.paragraphs + Self.paragraphs
        let plain = try parser.parse(Array(page.joined(separator: "\n").utf8))
        var html = "<html><body><div class=\"article\">"
        for paragraph in page {
            var scalars = Array(paragraph.unicodeScalars)
            var pieces: [String] = []
            while !scalars.isEmpty {
                pieces.append(String(String.UnicodeScalarView(scalars.prefix(26))))
                scalars.removeFirst(min(26, scalars.count))
            }
            html += "<p>" + pieces.joined(separator: "<br>") + "</p>"
        }
        html += "</div></body></html>"
        let report = try parser.parse(Array(html.utf8), contentType: "text/html")
        #expect(report.metadata.wasHTML)
        #expect(report.text == plain.text)
        #expect(report.facts.map(\.indicator) == plain.facts.map(\.indicator))
    }

    @Test("an ordinary page, one paragraph a line, is left as it is")
    func ordinaryTextUntouched() {
        let text = Self.paragraphs.joined(separator: "\n") + "\n" + Self.paragraphs.joined(separator: "\n")
        let lines = TextLine.split(text)
        #expect(LineReflow.wrapWidth(of: lines) == nil)
        #expect(LineReflow.reflow(lines).map(\.text) == lines.map(\.text))
    }

    @Test("a line ending a sentence, a blank line, a bullet or a field label is not joined")
    func boundaries() {
        // Twelve lines of 20 scalars make the width 20.
        let filler = Array(repeating: "法治政府建设工作稳步推进各项任务全面落", count: 12).joined(separator: "\n") + "实。"
        let text =
            filler + "\n发布时间：2024-01-05\n" + "责任单位全面落实各项工作任务确保按时完成各项\n\n"
            + "新的段落开始了。\n• 工作报告\n"
        let lines = LineReflow.reflow(TextLine.split(text)).map(\.text)
        #expect(lines.first?.hasSuffix("全面落实。") == true)
        #expect(lines.contains("发布时间:2024-01-05") || lines.contains("发布时间：2024-01-05"))
        #expect(lines.contains("责任单位全面落实各项工作任务确保按时完成各项"))
        #expect(lines.contains("新的段落开始了。"))
        #expect(lines.last == "• 工作报告")
    }

    @Test("one paragraph of a million scalars cut every 30 is joined in one pass")
    func longParagraph() {
        let text = Self.wrap([String(repeating: "推进依法行政", count: 170_000)], width: 30)
        let lines = LineReflow.reflow(TextLine.split(text))
        #expect(lines.count == 1)
        #expect(lines.first?.count == 1_020_000)
    }

    @Test("lines split at LF, CR, CRLF and U+2028; runs of spaces keep one; a last line without a break")
    func lineBreaksAndSpaces() {
        // The last line has no break after it (nothing ends it but the text).
        let text = "a b\r\n  第一行  内容  \r第二行\u{2028}x\t\ty\n\n甲　乙"
        let lines = TextLine.split(text)
        #expect(lines.map(\.text) == ["a b", "第一行 内容", "第二行", "x y", "甲 乙"])
        #expect(lines.map(\.followsBlank) == [false, false, false, false, true])
        #expect(lines[1].indent == 2)
        #expect(lines[1].endsWithSpace)
        #expect(!lines[4].endsWithSpace)
        // Over 1 MiB the scratch buffers are sized by the longest run between LF and CR.
        // The longest run is ASCII, one scalar per byte: the buffers are exactly full there.
        let ascii = String(repeating: "x", count: 200)
        let large = Array(repeating: text, count: 40_000).joined(separator: "\r") + "\n" + ascii
        let largeLines = TextLine.split(large)
        #expect(large.utf8.count > 1 << 20)
        #expect(largeLines.count == 5 * 40_000 + 1)
        #expect(largeLines.first?.text == "a b" && largeLines.last?.text == ascii)
    }
}
