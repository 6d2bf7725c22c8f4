internal import FazhiParsing
internal import Foundation

/// Wraps a report body in a plain-text or HTML page.
enum PageRenderer {
    static func render(body: String, titleLineCount: Int, title: String, chrome: PageChrome, format: DocumentFormat, encoding: DocumentEncoding,
                       siteName: String, published: CalendarDate?, rng: inout SplitMix64) -> String {
        let lines = body.utf8.split(separator: UInt8(ascii: "\n")).map { String(Substring($0)) }
        let titleLines = Array(lines.prefix(titleLineCount))
        let rest = Array(lines.dropFirst(titleLineCount))
        // The signature block is the trailing run of short lines (organizations and a date).
        var signatureStart = rest.count
        while signatureStart > 0, rest[signatureStart - 1].unicodeScalars.count <= 40, !rest[signatureStart - 1].hasSuffix("。") {
            signatureStart -= 1
        }
        let content = rest[..<signatureStart]
        let signature = rest[signatureStart...]
        switch format {
        case .text:
            var out = ""
            out.reserveCapacity(body.utf8.count + 2048)
            if let crumb = chrome.breadcrumb { out += crumb + "\n\n" }
            let metaFirst = rng.chance(0.3)
            if metaFirst { out += chrome.metaLines.joined(separator: "\n") + "\n\n" }
            out += titleLines.joined(separator: "\n") + "\n"
            if !metaFirst { out += chrome.metaLines.joined(separator: "\n") + "\n" }
            out += "\n"
            let indent = ["　　", "  ", ""][rng.weighted([5, 2, 3])]
            for line in content {
                out += indent
                out += line
                out += "\n\n"
            }
            out += "\n"
            for line in signature { out += String(repeating: " ", count: rng.int(20...50)) + line + "\n" }
            out += "\n" + chrome.footerLines.joined(separator: "\n")
            return out
        case .html:
            let charset = encoding == .gb18030 ? rng.pick(["gb2312", "gbk", "gb18030"]) : "utf-8"
            let entities = rng.chance(0.3)
            func escape(_ line: String) -> String {
                entities ? line.replacingQuotes() : line
            }
            var out = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
            out.reserveCapacity(body.utf8.count * 5 / 4 + 4096)
            out += rng.chance(0.5) ? "<meta charset=\"\(charset)\">\n" : "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=\(charset)\">\n"
            out += "<title>\(title)_\(siteName)</title>\n<meta name=\"ArticleTitle\" content=\"\(title)\">\n"
            if let published { out += "<meta name=\"PubDate\" content=\"\(published.raw)\">\n" }
            out += "<link rel=\"stylesheet\" href=\"/css/common.css\">\n"
            out += "<script>var _hmt = _hmt || []; var pageSize = 20; var channelId = \(rng.int(1000...99999));</script>\n</head>\n<body>\n"
            out += "<div class=\"top-nav\"><a href=\"/\">首页</a> | <a href=\"/zwgk/\">政务公开</a> | <a href=\"/bsfw/\">办事服务</a> | <a href=\"/hdjl/\">互动交流</a></div>\n"
            if let crumb = chrome.breadcrumb { out += "<div class=\"crumb\">\(crumb.replacingOccurrences(of: ">", with: "&gt;"))</div>\n" }
            out += "<div class=\"article\">\n<h1>\(titleLines.joined(separator: "<br>"))</h1>\n"
            out += chrome.metaHTML + "\n<div class=\"TRS_Editor\">\n"
            for line in content {
                out += "<p style=\"text-indent:2em\">"
                if entities { out += "&nbsp;&nbsp;" }
                out += escape(line)
                out += "</p>\n"
            }
            for line in signature { out += "<p style=\"text-align:right\">\(line)</p>\n" }
            out += "</div>\n<div class=\"share\">分享到：<a class=\"bds_weixin\">微信</a><a class=\"bds_tsina\">微博</a></div>\n</div>\n"
            out += "<div class=\"footer\">" + chrome.footerLines.map { "<p>\($0)</p>" }.joined() + "</div>\n"
            out += "<script src=\"/js/jquery.min.js\"></script>\n<script>$(function(){ $('.share a').click(function(){ return false; }); });</script>\n</body>\n</html>\n"
            return out
        }
    }
}

extension String {
    /// Curly quotes as the HTML entities some site editors produce.
    fileprivate func replacingQuotes() -> String {
        // “ and ” are E2 80 9C / E2 80 9D in UTF-8: most lines have neither.
        guard self.utf8.contains(0xE2) else { return self }
        var result = ""
        result.reserveCapacity(self.utf8.count + 32)
        for character in self {
            switch character {
            case "“": result += "&ldquo;"
            case "”": result += "&rdquo;"
            default: result.append(character)
            }
        }
        return result
    }
}
