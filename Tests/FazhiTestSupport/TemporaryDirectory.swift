internal import Foundation

/// A fresh directory under the system's temporary directory, for one test's files.
package struct TemporaryDirectory: Sendable {
    package let path: String

    package init(_ prefix: String = "fazhi-test") {
        self.path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: self.path, withIntermediateDirectories: true)
    }

    package func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}
