/// The visible text of an HTML page, with block boundaries as newlines, and its `<title>`.
///
/// Extraction is a single linear pass over the UTF-8 bytes that never fails:
/// - `<script>`, `<style>`, `<noscript>`, `<template>`, `<textarea>`, `<iframe>`, comments and
///   processing instructions are dropped;
/// - site chrome is dropped: `<nav>` (except breadcrumbs, whose class, id or label mentions
///   *bread*, *crumb*, *position*, *location* or 位置, since the breadcrumb names the publishing
///   unit), `<aside>`, `<header>`/`<footer>` outside `<article>`/`<main>`, form controls
///   (`<select>`, `<button>`, …), elements hidden with `hidden`, `display:none` or
///   `visibility:hidden`, and `div`/`ul`/`ol`/`section`/`table` elements whose class or id is a
///   chrome name such as `header`, `footer`, `nav`, `menu`, `sidebar` or `share`.
///   A dropped element is removed only when its end tag is found, so an unclosed one can never
///   swallow the rest of the page. `<form>` itself is kept: ASP.NET sites wrap whole pages in one;
/// - block elements (`p`, `div`, `li`, `tr`, `h1`–`h6`, `table`, `br`, …) end the current line;
///   non-empty table cells on the same row are joined with `" | "`, so metadata rows like
///   `发布日期：2025-03-25 | 来源：…` stay on one line;
/// - runs of whitespace (including `&nbsp;`) collapse to one space, lines are trimmed, and a
///   source line break between two CJK characters disappears (as CSS does for Chinese text);
/// - named (common ones) and numeric character references are decoded; C0 control characters
///   are dropped; broken or unclosed tags and a bare `<` in text are tolerated.
///
/// `<pre>` whitespace is collapsed like any other text; reports do not use it for layout.
package struct HTMLText: Hashable, Sendable {
    /// The visible text: lines separated by `"\n"`, no leading or trailing whitespace.
    package var text: String { String(decoding: self.utf8, as: UTF8.self) }
    /// ``text`` as UTF-8 bytes (well-formed), as the parser reads it.
    package var utf8: [UInt8]
    /// The content of the first `<title>`, whitespace-collapsed, or `nil` if absent or empty.
    package var title: String?
    /// `<meta>` tags with a `name`, `property` or `http-equiv` and a `content`, in document order
    /// (at most 256). Government CMSs put publication data here (`PubDate`, `ArticleTitle`,
    /// `ContentSource`, `SiteName`), which the metadata stage can prefer over body text.
    package var metadata: [MetaTag]

    /// One `<meta name=… content=…>` pair.
    package struct MetaTag: Hashable, Sendable {
        /// The `name` (or `property`/`http-equiv`) attribute, lower-cased.
        package var name: String
        /// The `content` attribute with character references decoded and whitespace collapsed.
        package var content: String

        /// Creates a pair.
        package init(name: String, content: String) {
            self.name = name
            self.content = content
        }
    }

    /// The content of the first meta tag called `name` (compared case-insensitively).
    package func meta(_ name: String) -> String? {
        let key = name.lowercased()
        return self.metadata.first { $0.name == key }?.content
    }

    /// Extracts the text and title of `html`.
    package init(html: String) {
        self.init(utf8: Array(html.utf8))
    }

    /// Extracts the text and title of an HTML page given as well-formed UTF-8 bytes.
    package init(utf8 html: [UInt8]) {
        assert(html.withUnsafeBufferPointer(ValidUTF8.isValid), "HTMLText(utf8:) needs well-formed UTF-8")
        let result = html.withUnsafeBufferPointer { bytes in
            var extractor = HTMLTextExtractor(input: bytes)
            return extractor.run()
        }
        // The extractor copies runs of the (well-formed) input cut at ASCII bytes or before a
        // lead byte, and encodes the scalars it decodes, so its output is well-formed
        // (HTMLTextTests feed it byte soup). Checked all the same, in release builds too: the
        // line splitter reads these bytes without bounds checks, and only a whole check shows
        // that no sequence in them announces more bytes than follow (about 1% of a parse).
        if result.utf8.withUnsafeBufferPointer(ValidUTF8.isValid) {
            self.utf8 = result.utf8
        } else {
            assertionFailure("the HTML extractor wrote malformed UTF-8")
            self.utf8 = Array(String(decoding: result.utf8, as: UTF8.self).utf8)
        }
        self.title = result.title
        self.metadata = result.metadata
    }
}
