/// ASCII-level inspection of raw input bytes: charset declarations, HTML markers and binary
/// signatures. All functions look at a bounded prefix, so they are cheap on any input.
enum ByteSniffing {
    /// The charset parameter of a `Content-Type` value such as `text/html; charset=GBK`.
    static func charsetParameter(_ contentType: String) -> String? {
        charsetValue(Array(contentType.utf8)[...])
    }

    /// The charset declared by a `<meta charset=…>` or `<meta http-equiv="Content-Type"
    /// content="…; charset=…">` tag within the first 4 KiB, as the HTML prescan would find it.
    static func metaCharset(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let limit = min(bytes.count, 4096)
        let meta = Array("<meta".utf8)
        var index = 0
        while let start = firstIndex(of: meta, in: bytes, from: index, to: limit) {
            var end = start + meta.count
            while end < limit && bytes[end] != UInt8(ascii: ">") { end += 1 }
            if let charset = charsetValue(Array(bytes[start..<end])[...]) { return charset }
            index = end
        }
        return nil
    }

    /// The value after `charset=` (spaces and quotes allowed around it) in `bytes`, if any.
    private static func charsetValue(_ bytes: ArraySlice<UInt8>) -> String? {
        let key = Array("charset".utf8)
        let base = Array(bytes)
        let found: Int? = base.withUnsafeBufferPointer { firstIndex(of: key, in: $0, from: 0, to: $0.count) }
        guard var index = found.map({ $0 + key.count }) else { return nil }
        func skip(_ set: Set<UInt8>) {
            while index < base.count && set.contains(base[index]) { index += 1 }
        }
        skip([0x20, 0x09])
        guard index < base.count && base[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        skip([0x20, 0x09, UInt8(ascii: "\""), UInt8(ascii: "'")])
        let stops: Set<UInt8> = [
            0x20, 0x09, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ";"),
            UInt8(ascii: ","), UInt8(ascii: "/"), UInt8(ascii: ">"),
        ]
        var end = index
        while end < base.count && !stops.contains(base[end]) { end += 1 }
        return end > index ? String(decoding: base[index..<end], as: UTF8.self) : nil
    }

    /// The first index of `needle` (lower-case ASCII) in `bytes[from..<to]`, ignoring ASCII case.
    static func firstIndex(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard !needle.isEmpty else { return nil }
        var index = from
        while index + needle.count <= to {
            if hasPrefix(needle, in: bytes, at: index, to: to) { return index }
            index += 1
        }
        return nil
    }

    /// Whether the bytes start like an HTML document (after whitespace and a UTF-8 BOM).
    ///
    /// Strong markers (`<!doctype html`, `<html`, `<head`, `<body`) count anywhere in the first
    /// KiB; weaker ones (`<div`, `<p>`, `<table`, `<meta`, `<title`, `<br`) only when the text starts with
    /// `<` or when `hintedByURL` is set (the source URL ends in `.html` and the like).
    static func looksLikeHTML(_ bytes: UnsafeBufferPointer<UInt8>, hintedByURL: Bool) -> Bool {
        let limit = min(bytes.count, 1024)
        var first = 0
        while first < limit && (isASCIIWhitespace(bytes[first]) || bytes[first] >= 0xBB && bytes[first] <= 0xEF) {
            first += 1
        }
        let startsWithTag = first < limit && bytes[first] == UInt8(ascii: "<")
        let weakCounts = startsWithTag || hintedByURL
        // One pass over the prefix, trying the markers only where a `<` is: this runs on every
        // input, and plain text has no `<` at all.
        var sawWeak = false
        for index in 0..<limit where bytes[index] == UInt8(ascii: "<") {
            for marker in Self.strongHTMLMarkers where hasPrefix(marker, in: bytes, at: index, to: limit) {
                return true
            }
            if weakCounts && !sawWeak {
                sawWeak = Self.weakHTMLMarkers.contains { hasPrefix($0, in: bytes, at: index, to: limit) }
            }
        }
        return sawWeak
    }

    private static let strongHTMLMarkers = ["<!doctype html", "<html", "<head", "<body"].map { Array($0.utf8) }
    private static let weakHTMLMarkers = ["<div", "<p>", "<p ", "<table", "<meta", "<title", "<br", "<span", "<!--"]
        .map { Array($0.utf8) }

    /// Whether `bytes[index..<to]` starts with `needle` (lower-case ASCII), ignoring ASCII case.
    private static func hasPrefix(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at index: Int, to: Int) -> Bool {
        guard index >= 0, to - index >= needle.count else { return false }
        for offset in 0..<needle.count where lowerASCII(bytes[index + offset]) != needle[offset] {
            return false
        }
        return true
    }

    /// Whether a source URL's path ends in an extension that usually serves HTML.
    static func urlSuggestsHTML(_ url: String) -> Bool {
        var path = Array(url.utf8)
        if let query = path.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) {
            path.removeSubrange(query...)
        }
        return path.withUnsafeBufferPointer { buffer in
            Self.htmlExtensions.contains { hasPrefix($0, in: buffer, at: buffer.count - $0.count, to: buffer.count) }
        }
    }

    private static let htmlExtensions = [".html", ".htm", ".shtml", ".jhtml", ".jsp", ".asp", ".aspx", ".php"]
        .map { Array($0.utf8) }

    /// A description of a well-known binary file signature at the start of `bytes`, if any.
    static func binarySignature(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let signatures: [(prefix: [UInt8], name: String)] = [
            (Array("%PDF-".utf8), "a PDF document"),
            ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (or DOCX/XLSX document)"),
            ([0xD0, 0xCF, 0x11, 0xE0], "an OLE2 file (DOC/XLS/WPS document)"),
            ([0x1F, 0x8B], "gzip-compressed data"),
            ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
            ([0xFF, 0xD8, 0xFF], "a JPEG image"),
            (Array("GIF8".utf8), "a GIF image"),
            (Array("Rar!".utf8), "a RAR archive"),
            ([0x37, 0x7A, 0xBC, 0xAF], "a 7-Zip archive"),
            ([0x7F, 0x45, 0x4C, 0x46], "an ELF executable"),
        ]
        for signature in signatures where bytes.count >= signature.prefix.count {
            if zip(signature.prefix, bytes).allSatisfy({ $0 == $1 }) { return signature.name }
        }
        return nil
    }

    @inline(__always)
    static func lowerASCII(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    @inline(__always)
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B
    }
}
