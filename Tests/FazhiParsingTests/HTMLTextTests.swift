import FazhiCorpus
import FazhiParsing
import Testing

@Suite("HTMLText")
struct HTMLTextTests {
    // A page shaped like a county government CMS article, written for this test.
    static let articlePage = """
        <!DOCTYPE html>
        <html><head>
        <meta charset="utf-8">
        <meta name="ArticleTitle" content="某镇2024年法治政府建设情况报告">
        <meta name="PubDate" content="2025-03-20 09:30">
        <title>某镇2024年法治政府建设情况报告_某县人民政府</title>
        <style>.nav{color:red} p > span {}</style>
        <script type="text/javascript">var s = "<p>不是正文</p>"; if (a < b && c > d) {}</script>
        </head>
        <body>
        <div class="header"><a href="/">首页</a><a href="/zwgk">政务公开</a></div>
        <nav class="main-menu"><ul><li>机构概况</li><li>政策文件</li></ul></nav>
        <div class="breadcrumb">您当前的位置：<a href="/">首页</a> &gt; <a>政务公开</a> &gt; 法治政府建设年度报告</div>
        <article>
        <h1>某镇2024年法治政府建设情况报告</h1>
        <table class="info"><tr><td>发布日期：2025-03-20</td><td></td><td>来源：某镇人民政府</td></tr></table>
        <p>&nbsp;&nbsp;一、主要举措和成效</p>
        <p>全年组织集体学法&nbsp;6&nbsp;次，开展&ldquo;宪法宣传周&rdquo;活动&mdash;&mdash;共计3场&middot;覆盖居民1,200余人次。</p>
        <p>依法审查合同
        12份，出具法律意见&#8220;书&#8221;&#x34;份。</p>
        <!-- 编辑注释：不要显示 -->
        <div style="display: none">隐藏的统计代码</div>
        <select name="site"><option>市政府网站</option><option>县政府网站</option></select>
        </article>
        <div class="footer">主办单位：某县人民政府办公室 备案号：示例ICP备00000000号</div>
        <noscript>请开启脚本</noscript>
        </body></html>
        """

    @Test("An article page keeps its text and drops chrome")
    func articlePage() throws {
        let page = HTMLText(html: Self.articlePage)
        #expect(page.title == "某镇2024年法治政府建设情况报告_某县人民政府")
        #expect(page.meta("pubdate") == "2025-03-20 09:30")
        #expect(page.meta("ArticleTitle") == "某镇2024年法治政府建设情况报告")
        let lines = page.text.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "您当前的位置：首页 > 政务公开 > 法治政府建设年度报告",
                "某镇2024年法治政府建设情况报告",
                "发布日期：2025-03-20 | 来源：某镇人民政府",
                "一、主要举措和成效",
                "全年组织集体学法 6 次，开展“宪法宣传周”活动——共计3场·覆盖居民1,200余人次。",
                "依法审查合同 12份，出具法律意见“书”4份。",
            ]
        )
        for dropped in ["不是正文", "机构概况", "编辑注释", "隐藏的", "市政府网站", "主办单位", "请开启脚本", "color"] {
            #expect(!page.text.contains(dropped), "\(dropped) should be dropped")
        }
    }

    @Test(
        "Fragments",
        arguments: [
            ("<p>甲</p><p>乙</p>", "甲\n乙"),
            ("甲<br>乙<br/><br />丙", "甲\n乙\n丙"),
            ("<ul><li>一是学法</li><li>二是普法</li></ul>", "一是学法\n二是普法"),
            ("<h2>标题</h2>正文", "标题\n正文"),
            ("<table><tr><th>项目</th><th>数量</th></tr><tr><td>调解</td><td>130件</td></tr></table>", "项目 | 数量\n调解 | 130件"),
            ("a  b\t\tc", "a b c"),
            ("法治\n  政府", "法治政府"),
            ("Rule of\nlaw", "Rule of law"),
            ("法治 政府", "法治 政府"),
            ("1 &lt; 2 &amp;&amp; 3 &gt; 2", "1 < 2 && 3 > 2"),
            ("&quot;x&quot; &copy 2025 &unknown; &", "\"x\" © 2025 &unknown; &"),
            ("&#20013;&#x6587;&#147;&#0;", "中文“\u{FFFD}"),
            ("甲 < 乙 <3 <", "甲 < 乙 <3 <"),
            ("<P CLASS=x>大写</P><DIV>标签</DIV>", "大写\n标签"),
            ("<p>未闭合<p>段落<div>仍然", "未闭合\n段落\n仍然"),
            ("<div class=\"nav\">被丢弃</div>正文", "正文"),
            ("<div class=\"nav\">未闭合的导航", "未闭合的导航"),
            ("<div class=\"footer\"><div>内</div>外</div>后", "后"),
            ("<nav aria-label=\"当前位置\">首页 &gt; 通知</nav>正文", "首页 > 通知\n正文"),
            ("<article><header>文章头</header><footer>文章尾</footer></article>", "文章头\n文章尾"),
            ("<header>站点头</header>正文<footer>站点尾</footer>", "正文"),
            ("<form id=\"form1\"><p>整页被表单包裹</p><input type=\"text\"><button>搜索</button></form>", "整页被表单包裹"),
            ("<a title='x>y' href=\"/a\">链接</a>", "链接"),
            ("<span hidden>藏</span><span aria-hidden=\"true\">也藏</span>见", "见"),
            ("<script src=\"a.js\"/>正文", "正文"),
            ("<script>未闭合脚本", ""),
            ("<!-- 未闭合注释", ""),
            ("<?xml version=\"1.0\"?><!DOCTYPE html>文", "文"),
            ("<div class=\"content\" title=\"unterminated>正文", "正文"),
            ("零宽\u{200B}字符\u{0007}控制", "零宽\u{200B}字符控制"),
        ] as [(String, String)]
    )
    func fragment(html: String, expected: String) {
        #expect(HTMLText(html: html).text == expected)
    }

    @Test("An unbalanced quote does not swallow the page")
    func unbalancedQuote() {
        let filler = String(repeating: "正文", count: 1500)
        let html = "<div class=\"x>开头</div><p>\(filler)</p>"
        let text = HTMLText(html: html).text
        #expect(text.hasSuffix(filler))
    }

    @Test("Title is separate from the body and decoded")
    func title() {
        let page = HTMLText(html: "<title> 报告 &amp; 说明\n </title><body>正文</body>")
        #expect(page.title == "报告 & 说明")
        #expect(page.text == "正文")
        #expect(HTMLText(html: "<p>无标题</p>").title == nil)
    }

    @Test("byte soup of tags, references and text always gives well-formed UTF-8 bytes")
    func soupIsWellFormed() {
        // The parser reads HTMLText.utf8 without bounds checks, trusting it is well-formed.
        let pieces = [
            "<p>", "</p>", "<div class=\"nav\">", "</div>", "<br/>", "<script>x<y</script>", "<!-- 注释 -->", "<td>", "</tr>",
            "&amp;", "&nbsp;", "&#x4E2D;", "&#20013;", "&#xD800;", "&#0;", "&#x110000;", "&#xFFFF;", "&bogus;", "&#", "&",
            "法治", "政府。", "\u{A0}", "\u{85}", "\u{3000}", "😀", "é", " ", "\n", "\r\n", "\t", "<", ">", "\"", "'", "<title>",
            "</title>", "<meta name=\"PubDate\" content=\"2025&#x5E74;\">", "<style>p{}</style>", "\u{FEFF}", "\u{200B}",
        ]
        var rng = SplitMix64(seed: 11)
        for _ in 0..<3000 {
            var page = ""
            for _ in 0..<Int(rng.next() % 24) { page += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let text = HTMLText(utf8: Array(page.utf8))
            #expect(String(validating: text.utf8, as: UTF8.self) != nil, "malformed output for \(page.debugDescription)")
            #expect(text.text == HTMLText(html: page).text)
        }
    }
}
