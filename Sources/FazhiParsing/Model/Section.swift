/// A heading of a report and the span of text it governs.
package struct Section: Sendable, Hashable {
    /// Index of the parent in ``ParsedReport/sections``; `nil` at top level.
    package var parent: Int?
    /// 1 for top-level sections.
    package var depth: Int
    /// The numbering as written: "一、", "(一)", "1.", "一是".
    package var numbering: String
    /// The heading without its numbering.
    package var heading: String
    /// Mandated parts the section holds (two when a report merges B and D).
    package var parts: [MandatedPart]
    /// 纲要 area id (indicators.json `area`) when the heading matches one.
    package var area: String?
    /// Byte range of the heading line in the text.
    package var headingRange: Range<Int>
    /// Byte range of the section body (to the next heading at the same or a lower depth).
    package var bodyRange: Range<Int>

    /// A section.
    package init(
        parent: Int?,
        depth: Int,
        numbering: String,
        heading: String,
        parts: [MandatedPart] = [],
        area: String? = nil,
        headingRange: Range<Int>,
        bodyRange: Range<Int>
    ) {
        self.parent = parent
        self.depth = depth
        self.numbering = numbering
        self.heading = heading
        self.parts = parts
        self.area = area
        self.headingRange = headingRange
        self.bodyRange = bodyRange
    }
}
