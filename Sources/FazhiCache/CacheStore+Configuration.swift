extension CacheStore {
    /// Where a ``CacheStore`` keeps its files and how much it may hold.
    package struct Configuration: Sendable, Hashable {
        /// The cache's root directory; created (with parents) when the store opens.
        ///
        /// Default: `fazhi-cache`, relative to the working directory. Services set it under their
        /// data directory.
        package var directory: String

        /// The byte budget for entry files. After each put, least-recently-used entries are
        /// evicted until the entries' file sizes add up to at most this. Default: 1 GiB.
        package var maxBytes: Int

        /// The largest uncompressed value the store writes or reads. Larger puts throw
        /// ``CacheError/Code/entryTooLarge``; entries declaring more are treated as corrupt. It is
        /// the hard ceiling on decompression. Default: 64 MiB.
        package var maxEntryBytes: Int

        /// The zlib level for new entries. Default: ``Zlib/CompressionLevel/fastest`` (level 1):
        /// every ingested page is a miss that compresses its report, and on generated reports
        /// level 6 costs about a third more CPU for entries only 6% smaller (0.45 vs 0.48 of the
        /// serialized size). Reading is as fast either way.
        package var compressionLevel: Zlib.CompressionLevel

        /// How old a temporary file must be before ``CacheStore/gc(maxBytes:)`` treats it as left
        /// behind by a killed writer and removes it. Longer than any write takes, so that gc never
        /// removes a file that a live writer is about to rename. Default: 10 minutes.
        package var strayTemporaryFileAge: Duration

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - directory: The root directory.
        ///   - maxBytes: The byte budget for entry files. Must not be negative.
        ///   - maxEntryBytes: The largest uncompressed value. Must not be negative.
        ///   - compressionLevel: The zlib level for new entries.
        ///   - strayTemporaryFileAge: The age after which gc removes temporary files.
        package init(
            directory: String,
            maxBytes: Int = 1 << 30,
            maxEntryBytes: Int = 64 << 20,
            compressionLevel: Zlib.CompressionLevel = .fastest,
            strayTemporaryFileAge: Duration = .seconds(600)
        ) {
            self.directory = directory
            self.maxBytes = maxBytes
            self.maxEntryBytes = maxEntryBytes
            self.compressionLevel = compressionLevel
            self.strayTemporaryFileAge = strayTemporaryFileAge
        }

        /// `fazhi-cache` in the working directory, 1 GiB budget, 64 MiB entries, zlib's default
        /// level, temporary files stray after 10 minutes.
        package static var defaults: Self {
            Self(directory: "fazhi-cache")
        }
    }
}
