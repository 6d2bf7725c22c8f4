/// The single-pass tag scanner behind ``HTMLText``.
struct HTMLTextExtractor {
    /// An element whose content is removed once its end tag is seen.
    private struct DroppedElement {
        var name: String
        /// Open elements of the same name inside it, so that nested `<div>`s close correctly.
        var depth: Int
        /// Where its content starts in `output`, and the line state to restore on removal.
        var outputStart: Int
        var state: LineState
    }

    /// The line-layout state that decides which separator to write before the next character.
    private struct LineState {
        var lineHasContent = false
        var lastWasCJK = false
        var pendingSpace = false
        var pendingSpaceHadNewline = false
        var pendingBreak = false
        var pendingCell = false
    }

    private let input: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var output: [UInt8] = []
    private var state = LineState()
    private var dropped: [DroppedElement] = []
    private var articleDepth = 0
    private var title: String?
    private var metadata: [HTMLText.MetaTag] = []

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
        self.output.reserveCapacity(input.count / 2)
    }

    // MARK: Driver

    mutating func run() -> (utf8: [UInt8], title: String?, metadata: [HTMLText.MetaTag]) {
        let count = self.input.count
        while self.index < count {
            let byte = self.input[self.index]
            if byte == UInt8(ascii: "<") {
                self.markup()
            } else if byte == UInt8(ascii: "&") {
                self.entity()
            } else if Self.isPlainStart(byte) && !self.isBOM(at: self.index) {
                self.plainRun()
            } else if byte < 0x80 {
                self.asciiText(byte)
                self.index += 1
            } else {
                let (value, length) = self.scalar(at: self.index)
                self.text(value, bytesAt: self.index, length: length)
                self.index += length
            }
        }
        // Content of still-open dropped elements is kept: their end tag never came.
        while let last = self.output.last, last == 0x20 || last == 0x0A { self.output.removeLast() }
        return (self.output, self.title, self.metadata)
    }

    // MARK: Text

    /// Whether `byte` can be copied verbatim as part of a run of visible text. Runs stop at
    /// markup, references, whitespace and controls, and at lead byte 0xC2, which starts U+00A0
    /// (no-break space) and the C1 controls.
    @inline(__always)
    private static func isPlainStart(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte != UInt8(ascii: "<") && byte != UInt8(ascii: "&") && byte != 0x7F && byte != 0xC2
    }

    @inline(__always)
    private func isBOM(at position: Int) -> Bool {
        self.input[position] == 0xEF && position + 2 < self.input.count && self.input[position + 1] == 0xBB
            && self.input[position + 2] == 0xBF
    }

    /// Copies a run of visible text in one go; only its first and last scalars matter for the
    /// separator rules.
    private mutating func plainRun() {
        let start = self.index
        let count = self.input.count
        var end = start + 1
        while end < count && Self.isPlainStart(self.input[end]) && !self.isBOM(at: end) { end += 1 }
        // Never split a scalar: a run may only end on a lead or ASCII byte.
        while end < count && self.input[end] & 0xC0 == 0x80 { end += 1 }
        let first = decodeUTF8Scalar(self.input, at: start).0
        self.flushSeparators(nextIsCJK: Self.isCJK(first))
        self.output.append(contentsOf: UnsafeBufferPointer(rebasing: self.input[start..<end]))
        var lastStart = end - 1
        while lastStart > start && self.input[lastStart] & 0xC0 == 0x80 { lastStart -= 1 }
        self.state.lineHasContent = true
        self.state.lastWasCJK = Self.isCJK(decodeUTF8Scalar(self.input, at: lastStart).0)
        self.index = end
    }

    private mutating func asciiText(_ byte: UInt8) {
        switch byte {
        case 0x20, 0x09, 0x0C:
            self.state.pendingSpace = true
        case 0x0A, 0x0D:
            self.state.pendingSpace = true
            self.state.pendingSpaceHadNewline = true
        case 0..<0x20, 0x7F:
            break  // Control characters carry no text.
        default:
            self.flushSeparators(nextIsCJK: false)
            self.output.append(byte)
            self.state.lineHasContent = true
            self.state.lastWasCJK = false
        }
    }

    /// Appends a non-ASCII scalar whose UTF-8 bytes are at `input[start..<start+length]`, or,
    /// when `start` is negative, encodes `value` (a decoded character reference).
    private mutating func text(_ value: UInt32, bytesAt start: Int, length: Int) {
        if value < 0x80 {
            // Only character references get here with ASCII: "&lt;" prints "<" without starting a tag.
            self.asciiText(UInt8(value))
            return
        }
        if value == 0xA0 || value == 0xFEFF {
            // &nbsp; runs are indentation on these sites; treat them as collapsible space.
            if value == 0xA0 { self.state.pendingSpace = true }
            return
        }
        if value >= 0x80 && value < 0xA0 { return }  // C1 controls.
        let cjk = Self.isCJK(value)
        self.flushSeparators(nextIsCJK: cjk)
        if start >= 0 {
            self.output.append(contentsOf: UnsafeBufferPointer(rebasing: self.input[start..<(start + length)]))
        } else if let scalar = Unicode.Scalar(value) {
            self.output.append(contentsOf: String(scalar).utf8)
        }
        self.state.lineHasContent = true
        self.state.lastWasCJK = cjk
    }

    private mutating func flushSeparators(nextIsCJK: Bool) {
        if self.state.pendingBreak {
            if self.state.lineHasContent { self.output.append(0x0A) }
            self.state.lineHasContent = false
        } else if self.state.pendingCell {
            if self.state.lineHasContent { self.output.append(contentsOf: [0x20, 0x7C, 0x20]) }
        } else if self.state.pendingSpace && self.state.lineHasContent {
            let joinsCJK = self.state.pendingSpaceHadNewline && self.state.lastWasCJK && nextIsCJK
            if !joinsCJK { self.output.append(0x20) }
        }
        self.state.pendingBreak = false
        self.state.pendingCell = false
        self.state.pendingSpace = false
        self.state.pendingSpaceHadNewline = false
    }

    private static func isCJK(_ value: UInt32) -> Bool {
        switch value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x3FFFF: true
        default: false
        }
    }

    /// Decodes the scalar starting at `position`; invalid bytes decode as U+FFFD of length 1.
    private func scalar(at position: Int) -> (UInt32, Int) {
        decodeUTF8Scalar(self.input, at: position)
    }

    // MARK: Character references

    private mutating func entity() {
        let start = self.index
        let count = self.input.count
        var position = start + 1
        if position < count && self.input[position] == UInt8(ascii: "#") {
            position += 1
            var hex = false
            if position < count && (self.input[position] | 0x20) == UInt8(ascii: "x") {
                hex = true
                position += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while position < count, digits < 8, let digit = Self.digitValue(self.input[position], hex: hex) {
                value = value * (hex ? 16 : 10) + digit
                digits += 1
                position += 1
            }
            if digits > 0 {
                if position < count && self.input[position] == UInt8(ascii: ";") { position += 1 }
                self.index = position
                self.text(HTMLEntities.numericScalar(value).value, bytesAt: -1, length: 0)
                return
            }
        } else {
            while position < count && position - start <= 32 && Self.isAlphanumeric(self.input[position]) {
                position += 1
            }
            let name = String(
                decoding: UnsafeBufferPointer(rebasing: self.input[(start + 1)..<position]),
                as: UTF8.self
            )
            let hasSemicolon = position < count && self.input[position] == UInt8(ascii: ";")
            if let scalar = HTMLEntities.named[name], hasSemicolon || HTMLEntities.legacyWithoutSemicolon.contains(name)
            {
                self.index = hasSemicolon ? position + 1 : position
                self.text(scalar.value, bytesAt: -1, length: 0)
                return
            }
        }
        // Not a reference: the ampersand is literal text.
        self.asciiText(UInt8(ascii: "&"))
        self.index = start + 1
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
            || byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
    }

    // MARK: Markup

    private mutating func markup() {
        let start = self.index
        let count = self.input.count
        guard start + 1 < count else {
            self.asciiText(UInt8(ascii: "<"))
            self.index += 1
            return
        }
        let next = self.input[start + 1]
        if next == UInt8(ascii: "!") {
            if start + 3 < count && self.input[start + 2] == UInt8(ascii: "-")
                && self.input[start + 3] == UInt8(ascii: "-")
            {
                // An unterminated comment runs to the end of the input, as in browsers.
                self.index = self.find(Array("-->".utf8), from: start + 4).map { $0 + 3 } ?? count
            } else {
                self.index = self.find([UInt8(ascii: ">")], from: start + 2).map { $0 + 1 } ?? count
            }
            return
        }
        if next == UInt8(ascii: "?") {
            self.index = self.find([UInt8(ascii: ">")], from: start + 2).map { $0 + 1 } ?? count
            return
        }
        let isEnd = next == UInt8(ascii: "/")
        let nameStart = isEnd ? start + 2 : start + 1
        guard nameStart < count, Self.isLetter(self.input[nameStart]) else {
            // "<" not followed by a tag name is text ("a < b", "<3").
            self.asciiText(UInt8(ascii: "<"))
            self.index += 1
            return
        }
        var nameEnd = nameStart
        while nameEnd < count,
            Self.isAlphanumeric(self.input[nameEnd]) || self.input[nameEnd] == UInt8(ascii: "-")
                || self.input[nameEnd] == UInt8(ascii: ":")
        {
            nameEnd += 1
        }
        let name = Self.lowercasedName(UnsafeBufferPointer(rebasing: self.input[nameStart..<nameEnd]))
        let tag = self.scanTagEnd(from: nameEnd)
        self.index = tag.end
        let traits = Self.elementTraits[name] ?? []
        if isEnd {
            self.endTag(name, traits: traits)
        } else {
            self.startTag(name, traits: traits, attributes: tag.attributes, selfClosing: tag.selfClosing)
        }
    }

    private struct TagAttributes {
        var classAndID: [UInt8] = []
        var label: [UInt8] = []
        var style: [UInt8] = []
        var hidden = false
        var metaName: Range<Int>?
        var metaContent: Range<Int>?
    }

    /// Scans attributes up to the closing `>`. A quoted value longer than 2 KiB is treated as
    /// an unbalanced quote and the tag ends at the first `>` instead, which keeps the pass linear.
    private func scanTagEnd(from position: Int) -> (end: Int, attributes: TagAttributes, selfClosing: Bool) {
        let count = self.input.count
        var attributes = TagAttributes()
        var position = position
        var selfClosing = false
        while position < count {
            let byte = self.input[position]
            if byte == UInt8(ascii: ">") { return (position + 1, attributes, selfClosing) }
            if byte == UInt8(ascii: "/") {
                selfClosing = true
                position += 1
                continue
            }
            if ByteSniffing.isASCIIWhitespace(byte) {
                position += 1
                continue
            }
            selfClosing = false
            let attributeStart = position
            while position < count {
                let current = self.input[position]
                if current == UInt8(ascii: "=") || current == UInt8(ascii: ">")
                    || ByteSniffing.isASCIIWhitespace(current)
                    || current == UInt8(ascii: "/") && position > attributeStart
                {
                    break
                }
                position += 1
            }
            let attributeName = Self.lowercasedName(
                UnsafeBufferPointer(rebasing: self.input[attributeStart..<position])
            )
            while position < count && ByteSniffing.isASCIIWhitespace(self.input[position]) { position += 1 }
            var value: Range<Int> = position..<position
            if position < count && self.input[position] == UInt8(ascii: "=") {
                position += 1
                while position < count && ByteSniffing.isASCIIWhitespace(self.input[position]) { position += 1 }
                if position < count
                    && (self.input[position] == UInt8(ascii: "\"") || self.input[position] == UInt8(ascii: "'"))
                {
                    let quote = self.input[position]
                    let limit = min(count, position + 2048)
                    var close = position + 1
                    while close < limit && self.input[close] != quote { close += 1 }
                    if close >= limit {
                        let end = self.find([UInt8(ascii: ">")], from: position).map { $0 + 1 } ?? count
                        return (end, attributes, false)
                    }
                    value = (position + 1)..<close
                    position = close + 1
                } else {
                    let valueStart = position
                    while position < count && !ByteSniffing.isASCIIWhitespace(self.input[position])
                        && self.input[position] != UInt8(ascii: ">")
                    {
                        position += 1
                    }
                    value = valueStart..<position
                }
            }
            switch attributeName {
            case "class", "id":
                attributes.classAndID.append(0x20)
                attributes.classAndID.append(contentsOf: self.input[value].map(ByteSniffing.lowerASCII))
            case "aria-label", "title":
                attributes.label.append(contentsOf: self.input[value].map(ByteSniffing.lowerASCII))
            case "style":
                attributes.style.append(
                    contentsOf: self.input[value].lazy.filter { $0 != 0x20 }.map(ByteSniffing.lowerASCII)
                )
            case "name", "property", "http-equiv":
                attributes.metaName = value
            case "content":
                attributes.metaContent = value
            case "hidden":
                attributes.hidden = true
            case "aria-hidden":
                attributes.hidden = attributes.hidden || self.input[value].elementsEqual("true".utf8)
            default:
                break
            }
        }
        return (count, attributes, selfClosing)
    }

    private static func lowercasedName(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Tag names fit in a small string, so this does not allocate; filling the string's own
        // buffer avoids the generic (lazy collection) decoding path.
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            for (offset, byte) in bytes.enumerated() { buffer[offset] = ByteSniffing.lowerASCII(byte) }
            return bytes.count
        }
    }

    private func find(_ needle: [UInt8], from position: Int) -> Int? {
        ByteSniffing.firstIndex(of: needle, in: self.input, from: position, to: self.input.count)
    }

    // MARK: Elements

    private static let rawTextElements: Set<String> = [
        "script", "style", "noscript", "template", "textarea", "iframe", "noembed", "noframes", "xmp", "title",
    ]
    private static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details", "dialog", "dir",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "tfoot", "thead", "tr", "ul", "body", "html", "option", "legend",
    ]
    private static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]
    private static let controlElements: Set<String> = [
        "select", "button", "datalist", "svg", "canvas", "audio", "video", "object", "map", "math",
    ]
    private static let classDroppable: Set<String> = ["div", "ul", "ol", "section", "table"]

    /// Which of the sets above an element is in.
    private struct ElementTraits: OptionSet {
        let rawValue: UInt8
        static let rawText = ElementTraits(rawValue: 1)
        static let block = ElementTraits(rawValue: 2)
        static let void = ElementTraits(rawValue: 4)
        static let control = ElementTraits(rawValue: 8)
        static let classDroppable = ElementTraits(rawValue: 16)
    }

    /// Every element named in the sets, with its traits: one lookup per tag where each set was
    /// asked in turn (hashing the name each time was a fifth of the extractor's instructions).
    private static let elementTraits: [String: ElementTraits] = {
        var traits: [String: ElementTraits] = [:]
        for (set, trait) in [
            (rawTextElements, ElementTraits.rawText), (blockElements, .block), (voidElements, .void),
            (controlElements, .control), (classDroppable, .classDroppable),
        ] {
            for name in set { traits[name, default: []].insert(trait) }
        }
        return traits
    }()
    private static let chromeTokens: Set<String> = [
        "header", "footer", "nav", "navbar", "navigation", "menu", "mainmenu", "topbar", "top-nav", "topnav",
        "sidebar", "side-nav", "copyright", "share", "bdsharebuttonbox", "bshare-custom", "toolbar", "skip-link",
        "friendlink", "friend-link", "foot", "head-nav",
    ]
    private static let chromeTokenBytes: Set<[UInt8]> = Set(chromeTokens.map { Array($0.utf8) })
    private static let breadcrumbHints = ["bread", "crumb", "position", "location", "weizhi", "dqwz", "位置"].map { Array($0.utf8) }
    private static let hiddenStyles = ["display:none", "visibility:hidden"].map { Array($0.utf8) }

    private mutating func startTag(_ name: String, traits: ElementTraits, attributes: TagAttributes, selfClosing: Bool) {
        if traits.contains(.rawText) {
            if selfClosing { return }  // XHTML "<script ... />" has no content to skip.
            let closing = Array(("</" + name).utf8)
            let end = self.find(closing, from: self.index)
            let contentEnd = end ?? self.input.count
            if name == "title" && self.title == nil {
                let raw = UnsafeBufferPointer(rebasing: self.input[self.index..<contentEnd])
                var inner = HTMLTextExtractor(input: raw)
                let text = String(decoding: inner.run().utf8, as: UTF8.self)
                self.title = text.isEmpty ? nil : text
            }
            self.index = end.flatMap { self.find([UInt8(ascii: ">")], from: $0).map { $0 + 1 } } ?? self.input.count
            return
        }
        if name == "article" || name == "main" { self.articleDepth += 1 }
        if name == "meta", let nameRange = attributes.metaName, let contentRange = attributes.metaContent {
            self.recordMeta(name: nameRange, content: contentRange)
        }
        if traits.contains(.void) {
            if name == "br" || name == "hr" { self.state.pendingBreak = true }
            return
        }
        if selfClosing {
            // Nothing to drop or to count for "<div/>".
        } else if self.shouldDrop(name, traits: traits, attributes: attributes) {
            self.dropped.append(
                DroppedElement(name: name, depth: 1, outputStart: self.output.count, state: self.state)
            )
        } else if let position = self.dropped.lastIndex(where: { $0.name == name }) {
            self.dropped[position].depth += 1
        }
        self.layout(for: name, traits: traits)
    }

    private mutating func recordMeta(name: Range<Int>, content: Range<Int>) {
        guard self.metadata.count < 256 else { return }  // Bounds memory on hostile input.
        let metaName = String(decoding: self.input[name].map(ByteSniffing.lowerASCII), as: UTF8.self)
        var inner = HTMLTextExtractor(input: UnsafeBufferPointer(rebasing: self.input[content]))
        let value = String(decoding: inner.run().utf8, as: UTF8.self)
        if !metaName.isEmpty && !value.isEmpty {
            self.metadata.append(HTMLText.MetaTag(name: metaName, content: value))
        }
    }

    private mutating func endTag(_ name: String, traits: ElementTraits) {
        if name == "article" || name == "main" { self.articleDepth = max(0, self.articleDepth - 1) }
        if let position = self.dropped.lastIndex(where: { $0.name == name }) {
            self.dropped[position].depth -= 1
            if self.dropped[position].depth == 0 {
                let element = self.dropped[position]
                self.dropped.removeSubrange(position...)
                self.output.removeSubrange(element.outputStart...)
                self.state = element.state
            }
        }
        self.layout(for: name, traits: traits)
        if name == "td" || name == "th" { self.state.pendingSpace = true }
    }

    private mutating func layout(for name: String, traits: ElementTraits) {
        if name == "td" || name == "th" {
            if !self.state.pendingBreak { self.state.pendingCell = true }
        } else if traits.contains(.block) {
            self.state.pendingBreak = true
        }
    }

    private func shouldDrop(_ name: String, traits: ElementTraits, attributes: TagAttributes) -> Bool {
        if attributes.hidden { return true }
        if !attributes.style.isEmpty, Self.hiddenStyles.contains(where: { Self.contains(attributes.style, $0) }) {
            return true
        }
        if traits.contains(.control) { return true }
        switch name {
        case "nav":
            return !self.isBreadcrumb(attributes)
        case "aside":
            return true
        case "header", "footer":
            return self.articleDepth == 0
        default:
            break
        }
        guard traits.contains(.classDroppable), !attributes.classAndID.isEmpty else { return false }
        if self.isBreadcrumb(attributes) { return false }
        for token in attributes.classAndID.split(separator: 0x20) where Self.chromeTokenBytes.contains(Array(token)) {
            return true
        }
        return false
    }

    private func isBreadcrumb(_ attributes: TagAttributes) -> Bool {
        Self.breadcrumbHints.contains { Self.contains(attributes.classAndID, $0) || Self.contains(attributes.label, $0) }
    }

    /// Whether `needle` occurs in `haystack`, byte for byte (attribute values are short, and
    /// `String.contains` on them was a tenth of all parsing time).
    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        let first = needle[0]
        var start = 0
        while start <= haystack.count - needle.count {
            if haystack[start] == first {
                var offset = 1
                while offset < needle.count, haystack[start + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            start += 1
        }
        return false
    }
}

/// Decodes the UTF-8 scalar at `position`; malformed bytes decode as U+FFFD of length 1.
func decodeUTF8Scalar(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> (UInt32, Int) {
    let lead = bytes[position]
    if lead < 0x80 { return (UInt32(lead), 1) }
    let length: Int
    var value: UInt32
    switch lead {
    case 0xC2...0xDF:
        length = 2
        value = UInt32(lead & 0x1F)
    case 0xE0...0xEF:
        length = 3
        value = UInt32(lead & 0x0F)
    case 0xF0...0xF4:
        length = 4
        value = UInt32(lead & 0x07)
    default:
        return (0xFFFD, 1)
    }
    guard position + length <= bytes.count else { return (0xFFFD, 1) }
    for offset in 1..<length {
        let byte = bytes[position + offset]
        guard byte & 0xC0 == 0x80 else { return (0xFFFD, 1) }
        value = value << 6 | UInt32(byte & 0x3F)
    }
    return (value, length)
}
