extension CacheStore {
    /// A snapshot of a store's size and counters since it was opened.
    package struct Statistics: Sendable, Hashable {
        /// Entries in the index.
        package var entries: Int
        /// Sum of the entry files' sizes (not counting directories, temporary files or block rounding).
        package var bytesOnDisk: Int
        /// Gets that returned a value.
        package var hits: Int
        /// Gets that returned `nil`, for any reason.
        package var misses: Int
        /// Successful puts.
        package var writes: Int
        /// Damaged entries removed, by gets and by ``CacheStore/verify()``.
        package var corruptEntriesRemoved: Int
        /// Intact entries of another parser version, removed by gets.
        package var staleEntriesRemoved: Int
        /// Entries removed to stay within the byte budget, after puts and by ``CacheStore/gc(maxBytes:)``.
        package var evictions: Int

        /// Creates a snapshot; all values default to zero.
        package init(
            entries: Int = 0,
            bytesOnDisk: Int = 0,
            hits: Int = 0,
            misses: Int = 0,
            writes: Int = 0,
            corruptEntriesRemoved: Int = 0,
            staleEntriesRemoved: Int = 0,
            evictions: Int = 0
        ) {
            self.entries = entries
            self.bytesOnDisk = bytesOnDisk
            self.hits = hits
            self.misses = misses
            self.writes = writes
            self.corruptEntriesRemoved = corruptEntriesRemoved
            self.staleEntriesRemoved = staleEntriesRemoved
            self.evictions = evictions
        }
    }
}
