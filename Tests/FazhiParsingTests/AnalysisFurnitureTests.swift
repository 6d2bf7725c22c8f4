internal import Testing

@testable internal import FazhiParsing

/// Page furniture in every shape we have seen, on short reports written for these tests.
@Suite("Document analysis: page furniture and metadata blocks")
struct AnalysisFurnitureTests {
    /// A small report body reused under different page furniture.
    static let report = """
        青石镇2023年法治政府建设年度报告
        2023年，青石镇围绕年度法治工作要点推进各项工作，现将有关情况报告如下：
        一、主要举措和成效
        （一）健全行政决策制度体系。全年召开会议研究重大事项，坚持集体讨论。
        二、存在的不足
        一是学法形式不够多样；二是执法人员力量偏弱。
        三、下一年度工作安排
        （一）加强执法队伍建设
        （二）丰富普法宣传形式
        """

    @Test("a breadcrumb, a labelled row with widgets, a view counter and share widgets are removed")
    func labelledRow() {
        let text = """
            您当前的位置：首页 > 政务公开 > 青石镇 > 法治政府建设
            发布时间 : 2024-02-05 来源:青石镇人民政府 字体大小:
            点击数:人次
            \(Self.report)
            分享到：
            扫一扫在手机打开当前页
            """
        let document = DocumentAnalyzer.analyze(text: text, html: nil, sourceURL: nil)
        #expect(document.metadata.publishedDate == CalendarDate(year: 2024, month: 2, day: 5, raw: "2024-02-05"))
        #expect(document.metadata.sourceName == "青石镇人民政府")
        for furniture in ["您当前的位置", "字体大小", "点击数", "分享到", "扫一扫", "首页 >"] {
            #expect(!document.body.contains(furniture), "\(furniture) left in the body")
        }
        #expect(document.body.hasPrefix("青石镇2023年法治政府建设年度报告"))
    }

    @Test("a footer word inside a sentence of the report keeps the sentence; a contact row is dropped")
    func footerWordInSentence() {
        let sentence = "（四）畅通诉求渠道。全年受理热线工单1520件，办结率100%，联系电话：0123-4567890。"
        let text = """
            \(Self.report)
            \(sentence)
            联系电话：0123-4567890　传真：0123-4567891　邮编：123456
            """
        let document = DocumentAnalyzer.analyze(text: text, html: nil, sourceURL: nil)
        #expect(document.body.contains(sentence))
        #expect(!document.body.contains("传真"))
    }

    @Test("a row led by its date, and labels with their values inside brackets, give their fields")
    func dateLedAndBracketedValues() {
        let dateLed = DocumentAnalyzer.analyze(
            text: "2024-03-28 来源：青石镇人民政府 浏览次数：120\n\(Self.report)", html: nil, sourceURL: nil
        )
        #expect(dateLed.metadata.publishedDate?.description == "2024-03-28")
        #expect(dateLed.metadata.sourceName == "青石镇人民政府")
        #expect(!dateLed.body.contains("浏览次数"))
        let bracketed = DocumentAnalyzer.analyze(
            text: "【发布时间：2024-03-28 】【来源：司法所】【字号：大 中 小】\n\(Self.report)", html: nil, sourceURL: nil
        )
        #expect(bracketed.metadata.publishedDate?.description == "2024-03-28")
        #expect(bracketed.metadata.sourceName == "司法所")
        #expect(!bracketed.body.contains("发布时间"))
    }

    @Test("a pipe table row and a bracketed row give their fields")
    func pipeAndBrackets() {
        let text = """
            索引号：000014349/2024-00031 | 发布日期：2024-03-12 | 来源：司法所
            【成文日期】2024年03月10日
            \(Self.report)
            """
        let document = DocumentAnalyzer.analyze(text: text, html: nil, sourceURL: nil)
        #expect(document.metadata.indexNumber == "000014349/2024-00031")
        #expect(document.metadata.publishedDate?.description == "2024-03-12")
        #expect(document.metadata.sourceName == "司法所")
        #expect(document.metadata.writtenDate?.description == "2024-03-10")
        #expect(!document.body.contains("索引号"))
        #expect(!document.body.contains("成文日期"))
    }

    @Test("a label alone on its line takes the next line as its value")
    func labelThenValue() {
        let text = """
            发布日期：
            2024-03-28
            索引号
            ABC-2024-0077
            \(Self.report)
            """
        let document = DocumentAnalyzer.analyze(text: text, html: nil, sourceURL: nil)
        #expect(document.metadata.publishedDate?.description == "2024-03-28")
        #expect(document.metadata.indexNumber == "ABC-2024-0077")
        #expect(!document.body.contains("2024-03-28"))
    }

    @Test("a bullet block without labels: index number, written then published date, publisher")
    func unlabelledBullets() {
        let text = """
            首页 > 信息公开 > 法治政府建设年度报告
              • 4400000000/2024-11111
              • 政务
              • 青石县青石镇
              • 2024-03-01
              • 2024-03-06
            \(Self.report)
            """
        let document = DocumentAnalyzer.analyze(text: text, html: nil, sourceURL: nil)
        #expect(document.metadata.indexNumber == "4400000000/2024-11111")
        #expect(document.metadata.writtenDate?.description == "2024-03-01")
        #expect(document.metadata.publishedDate?.description == "2024-03-06")
        #expect(!document.body.contains("•"))
    }

    @Test("labelled bullets are read by label")
    func labelledBullets() {
        let text = """
            • 发布机构：青石镇人民政府
            • 发布日期：2024-03-20
            \(Self.report)
            """
        let document = DocumentAnalyzer.analyze(text: text, html: nil, sourceURL: nil)
        #expect(document.metadata.sourceName == "青石镇人民政府")
        #expect(document.metadata.publishedDate?.description == "2024-03-20")
    }

    @Test("site chrome after the closing date and menu rows are removed")
    func siteChrome() {
        let text = """
            \(Self.report)
            青石镇人民政府
            2024年2月1日
            网站形象
            客服机器人
            智能问答 政策问答 政策文件 便民地图
            """
        let document = DocumentAnalyzer.analyze(text: text, html: nil, sourceURL: nil)
        #expect(document.body.hasSuffix("2024年2月1日"))
        #expect(document.metadata.signedDate?.description == "2024-02-01")
    }

    @Test("HTML meta tags supply the title, publication date and source")
    func htmlMeta() {
        let html = HTMLText(
            html: """
                <html><head><title>青石镇2023年法治政府建设年度报告_青石县人民政府</title>
                <meta name="ArticleTitle" content="青石镇2023年法治政府建设年度报告">
                <meta name="PubDate" content="2024-03-15 09:30">
                <meta name="ContentSource" content="青石镇人民政府"></head>
                <body><div class="content"><p>2023年，青石镇推进依法行政，现报告如下。</p>
                <p>一、主要举措和成效</p><p>全年开展普法活动。</p>
                <p>二、存在的问题</p><p>一是宣传不足；二是队伍偏弱。</p></div></body></html>
                """
        )
        let document = DocumentAnalyzer.analyze(text: html.text, html: html, sourceURL: "https://www.example.gov.cn/a.html")
        #expect(document.metadata.title == "青石镇2023年法治政府建设年度报告")
        #expect(document.metadata.publishedDate?.description == "2024-03-15")
        #expect(document.metadata.sourceName == "青石镇人民政府")
        #expect(document.metadata.reportYear == 2023)
        #expect(document.problems == ["宣传不足", "队伍偏弱"])
    }
}
