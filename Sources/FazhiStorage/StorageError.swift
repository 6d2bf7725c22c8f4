/// Why a storage operation failed: an operating-system call, or data that failed its checks.
package struct StorageError: Error, CustomStringConvertible, Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        /// A system call failed with `errno`.
        case io(operation: String, errno: Int32)
        /// Bytes on disk failed a checksum or structural check.
        case corrupt
        /// The store was used after `close()`.
        case closed
    }

    package var kind: Kind
    /// The file or directory concerned.
    package var path: String
    /// What went wrong, for people.
    package var message: String

    package init(_ kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    package var description: String { "\(self.path): \(self.message)" }
}
