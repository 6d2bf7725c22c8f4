extension Gazetteer {
    /// Why a gazetteer table could not be loaded.
    package struct LoadError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What went wrong, including the line number when one applies.
        package var message: String

        /// Creates an error with a human-readable message.
        package init(message: String) {
            self.message = message
        }

        package var description: String {
            "gazetteerLoadFailed: \"\(self.message)\""
        }
    }
}
