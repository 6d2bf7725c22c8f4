/// A number-like string deliberately placed in a page that a parser must not report as a
/// quantity (DOMAIN.md §3.6).
package struct PlantedTrap: Sendable, Hashable {
    /// What kind of trap it is.
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        /// 3·15, 12.4, 6.26: dates written with dots.
        case dottedDate = "dotted_date"
        /// 〔2024〕3号.
        case documentNumber = "document_number"
        /// 第三十三条.
        case articleNumber = "article_number"
        /// 12345 / 8890 hotline names.
        case hotline
        /// Telephone numbers and postcodes.
        case phone
        /// 八五, 十四五, 七五: programme and plan names.
        case programme
        /// 1+N+X, 1338: strategy names and slogans.
        case strategy
        /// 2021-2025年 and similar spans.
        case yearSpan = "year_span"
        /// 索引号 in page metadata.
        case indexNumber = "index_number"
        /// ICP and public-security registration numbers in the footer.
        case registration
        /// 第二批, 连续四年, 第九期: ordinals and durations.
        case ordinal
        /// 1名…+1名… staffing formulas.
        case formula
        /// 一项重大政治任务: the idiomatic classifier 一.
        case idiom
        /// 点击数 / 浏览次数 counters in page chrome.
        case counter
    }

    /// What kind of trap it is.
    package var kind: Kind
    /// The trap exactly as written in the page.
    package var text: String

    /// A trap; see the properties.
    package init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }
}
