/// How a generated page is marked up.
package enum DocumentFormat: String, Sendable, Hashable, CaseIterable {
    /// Plain text as copied from a page, with a metadata header and footer chrome.
    case text
    /// A full HTML page with navigation, breadcrumbs, scripts and share widgets.
    case html

    /// The file-name extension, without the dot.
    package var fileExtension: String {
        switch self {
        case .text: "txt"
        case .html: "html"
        }
    }
}
