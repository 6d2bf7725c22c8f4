extension CacheStore {
    /// What ``CacheStore/verify()`` found.
    package struct VerifyReport: Sendable, Hashable {
        /// One damaged entry file that verify removed.
        package struct CorruptEntry: Sendable, Hashable {
            /// The entry's key.
            package var key: CacheKey
            /// How it was damaged, for logs.
            package var reason: String

            /// Creates a record of a damaged entry.
            package init(key: CacheKey, reason: String) {
                self.key = key
                self.reason = reason
            }
        }

        /// Entry files read and checked.
        package var checked: Int = 0
        /// Entries that passed every check.
        package var valid: Int = 0
        /// Damaged entries, all of them removed.
        package var corrupt: [CorruptEntry] = []
        /// Temporary files seen (in-flight or left by a killed writer); verify leaves them to gc.
        package var temporaryFiles: Int = 0
        /// Other files in the cache directories, which the cache neither reads nor removes.
        package var unrecognizedFiles: Int = 0

        /// Creates an empty report.
        package init() {}
    }
}
