extension IndexShard {
    /// Limits and tuning of a shard.
    package struct Configuration: Sendable, Hashable {
        /// In-memory documents that trigger writing a segment file (and trimming the log).
        package var flushDocuments: Int
        /// In-memory segment bytes that trigger writing a segment file.
        package var flushBytes: Int
        /// In-memory segments (one per `index` call) beyond which the smallest half are merged.
        /// High, because the flush merges them all anyway: every earlier merge rewrites postings.
        /// At 128, documents indexed 100 per call reach a flush (8,192) with no merge in memory
        /// (BENCHMARKS.md: 18% more documents/s than at 32); searches meanwhile visit more
        /// small segments.
        package var maximumMemorySegments: Int
        /// On-disk segments beyond this count have the smallest ones merged together.
        package var mergeFactor: Int
        /// zlib level for the document store (1 = fastest … 9 = smallest).
        package var compressionLevel: Int
        /// Documents per in-memory segment when replaying the log at open.
        package var replayBatch: Int
        /// Ranking parameters (k1 1.2, b 0.75).
        package var scorer: BM25

        /// A configuration; see the properties for what each value does.
        package init(
            flushDocuments: Int = 8192,
            flushBytes: Int = 96 << 20,
            maximumMemorySegments: Int = 128,
            mergeFactor: Int = 8,
            compressionLevel: Int = 1,
            replayBatch: Int = 1024,
            scorer: BM25 = BM25()
        ) {
            precondition(flushDocuments > 0 && flushBytes > 0 && maximumMemorySegments > 0 && mergeFactor > 1)
            precondition((0...9).contains(compressionLevel), "zlib levels are 0...9")
            self.flushDocuments = flushDocuments
            self.flushBytes = flushBytes
            self.maximumMemorySegments = maximumMemorySegments
            self.mergeFactor = mergeFactor
            self.compressionLevel = compressionLevel
            self.replayBatch = max(1, replayBatch)
            self.scorer = scorer
        }

        /// The defaults.
        package static var defaults: Self { Self() }
    }
}
