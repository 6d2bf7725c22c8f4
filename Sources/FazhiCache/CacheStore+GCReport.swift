extension CacheStore {
    /// What ``CacheStore/gc(maxBytes:)`` removed.
    package struct GCReport: Sendable, Hashable {
        /// Entries evicted to get under the budget.
        package var evictedEntries: Int = 0
        /// Bytes of entry files evicted.
        package var evictedBytes: Int = 0
        /// Entries written by another parser version, removed (when asked for).
        package var otherVersionEntries: Int = 0
        /// Bytes of those entry files.
        package var otherVersionBytes: Int = 0
        /// Temporary files older than ``CacheStore/Configuration/strayTemporaryFileAge`` removed.
        package var removedTemporaryFiles: Int = 0

        /// Creates an empty report.
        package init() {}
    }
}
