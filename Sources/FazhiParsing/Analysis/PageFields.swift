/// Metadata found in page furniture (labelled rows, bullet lists, breadcrumbs) and `<meta>` tags.
struct PageFields: Sendable, Hashable {
    /// 索引号.
    var indexNumber: String?
    /// 发布日期 / 发布时间 as written.
    var published: String?
    /// 成文日期 / 发文日期 as written.
    var written: String?
    /// 来源 / 发布机构.
    var source: String?
    /// The breadcrumb without its label (`首页 > 政务公开 > … > 坡子街街道`).
    var breadcrumb: String?
    /// Title from a labelled row or `<meta name="ArticleTitle">`.
    var title: String?
    /// Dates listed without a label, in order (a bullet block's 成文日期 then 发布日期).
    var unlabeledDates: [String] = []
    /// Short unlabelled bullet values that may name the publisher (`铜梁区永嘉镇`).
    var unlabeledNames: [String] = []
    /// Site name from `<meta name="SiteName">`.
    var siteName: String?
}
