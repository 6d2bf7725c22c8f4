extension Gazetteer {
    /// The three name indexes (full names, former names, stems) merged into one open-addressing
    /// table keyed by Unicode scalar sequences, so that ``mentions(in:)`` can look up a span
    /// of a text from its running hash without building a `String` for it.
    ///
    /// A report's body has thousands of Han characters and each may end a dozen candidate
    /// spans; building and hashing a `String` per span was half of all parsing time. Here a
    /// span's key is an FNV-1a hash over its scalar values, computed for every prefix of the
    /// text from one start in a single pass, so a miss costs one multiply and one probe; a hit
    /// is confirmed by comparing the stored scalars, so hash collisions never produce a match.
    struct SpanTable: Sendable {
        /// What one key names in each index.
        struct Entry: Sendable {
            var names: IDList?
            var formerNames: IDList?
            var stems: IDList?
        }

        /// The hash of the empty sequence; extend it with ``extend(_:with:)``.
        static let emptyHash: UInt64 = 0xcbf2_9ce4_8422_2325

        /// The hash of `hash`'s sequence followed by `scalar` (FNV-1a over scalar values).
        @inline(__always)
        static func extend(_ hash: UInt64, with scalar: Unicode.Scalar) -> UInt64 {
            (hash ^ UInt64(scalar.value)) &* 0x0000_0100_0000_01b3
        }

        private(set) var entries: [Entry] = []
        /// The scalars that begin some key, and the keys of one scalar: exact answers for a span's
        /// first scalar, where the Bloom filter would be probed (and, for a common character,
        /// pass) at almost every Han character of a text. The part of the bitmaps a text touches
        /// (the Han block) stays in cache; the filter and the slots are megabytes, one cache miss
        /// a probe.
        private var firstScalars = ScalarSet()
        private var singleScalarKeys = ScalarSet()
        /// The two-scalar prefixes of the keys, exactly: for a first scalar in
        /// ``pairFirstRange``, `pairSeconds[pairStarts[i]..<pairStarts[i + 1]]` (sorted)
        /// are the scalars that follow it. A span's second scalar is checked here instead of in
        /// the Bloom filter: the probes touch only the rows of characters the text uses.
        private var pairStarts: [UInt32] = []
        private var pairSeconds: [UInt32] = []
        /// `keyBounds[i]..<keyBounds[i + 1]` is entry `i`'s key in `keyScalars`.
        private var keyBounds: [Int32] = [0]
        private var keyScalars: [UInt32] = []
        /// A bit per hash of every prefix of every key (a Bloom filter with one hash): a clear bit
        /// means no key starts with that prefix, so a scan from one start can stop extending.
        private var prefixBits: [UInt64]
        private let prefixShift: UInt64
        /// Entry index per slot, or -1 when the slot is empty.
        private var slots: [Int32]
        /// The full hash of the key in each slot, compared before the scalars.
        private var slotHashes: [UInt64]
        private let shift: UInt64

        /// Builds the table from the loaded indexes.
        init(names: [NameKey: IDList], formerNames: [NameKey: IDList], stems: [NameKey: IDList]) {
            let keyCount = names.count + formerNames.count + stems.count
            var bits: UInt64 = 4
            while (1 << bits) < keyCount * 2 { bits += 1 }  // load factor at most 1/2
            self.shift = 64 - bits
            self.slots = [Int32](repeating: -1, count: 1 << Int(bits))
            self.slotHashes = [UInt64](repeating: 0, count: 1 << Int(bits))
            let prefixBitCount: UInt64 = 23  // 8 Mbit, 1 MiB: a few % false positives for ~300k prefixes
            self.prefixShift = 64 - prefixBitCount
            self.prefixBits = [UInt64](repeating: 0, count: 1 << Int(prefixBitCount - 6))
            self.entries.reserveCapacity(keyCount)
            for (key, ids) in names { self.insert(key.string) { $0.names = ids } }
            for (key, ids) in formerNames { self.insert(key.string) { $0.formerNames = ids } }
            for (key, ids) in stems { self.insert(key.string) { $0.stems = ids } }
            self.buildPairPrefixes()
        }

        /// The first scalars whose pairs are listed exactly; CJK extension A and the basic block.
        static let pairFirstRange: Range<UInt32> = 0x3400..<0xA000

        /// Whether some key may start with `first` then `second` (false: none does). Exact for a
        /// first scalar in ``pairFirstRange``; otherwise the Bloom filter answers from `hash`, the
        /// pair's hash.
        @inline(__always)
        func mayBePrefix(_ first: Unicode.Scalar, _ second: Unicode.Scalar, hash: UInt64) -> Bool {
            guard Self.pairFirstRange.contains(first.value) else { return self.mayBePrefix(hash) }
            let row = Int(first.value - Self.pairFirstRange.lowerBound)
            var low = Int(self.pairStarts[row])
            var high = Int(self.pairStarts[row + 1])
            let target = second.value
            while low < high {
                let middle = (low + high) >> 1
                let value = self.pairSeconds[middle]
                if value == target { return true }
                if value < target { low = middle + 1 } else { high = middle }
            }
            return false
        }

        private mutating func buildPairPrefixes() {
            let rows = Self.pairFirstRange.count
            var seconds = [[UInt32]](repeating: [], count: rows)
            for index in self.entries.indices {
                let lower = Int(self.keyBounds[index])
                guard Int(self.keyBounds[index + 1]) - lower >= 2 else { continue }
                let first = self.keyScalars[lower]
                guard Self.pairFirstRange.contains(first) else { continue }
                seconds[Int(first - Self.pairFirstRange.lowerBound)].append(self.keyScalars[lower + 1])
            }
            self.pairStarts.reserveCapacity(rows + 1)
            self.pairStarts.append(0)
            for row in 0..<rows {
                let sorted = Set(seconds[row]).sorted()
                self.pairSeconds.append(contentsOf: sorted)
                self.pairStarts.append(UInt32(self.pairSeconds.count))
            }
        }

        /// The index in ``entries`` of the key `scalars[range]`, given that key's hash.
        @inline(__always)
        func find(hash: UInt64, _ scalars: [Unicode.Scalar], _ range: Range<Int>) -> Int? {
            var slot = self.slot(for: hash)
            while true {
                let index = self.slots[slot]
                if index < 0 { return nil }
                if self.slotHashes[slot] == hash, self.keyMatches(Int(index), scalars, range) {
                    return Int(index)
                }
                slot = (slot + 1) & (self.slots.count - 1)
            }
        }

        /// Whether some key starts with `scalar` (exact).
        @inline(__always)
        func beginsKey(_ scalar: Unicode.Scalar) -> Bool {
            self.firstScalars.contains(scalar)
        }

        /// Whether `scalar` alone is a key (exact).
        @inline(__always)
        func isKey(_ scalar: Unicode.Scalar) -> Bool {
            self.singleScalarKeys.contains(scalar)
        }

        /// Whether some key may start with the sequence whose hash is `hash` (false: none does).
        @inline(__always)
        func mayBePrefix(_ hash: UInt64) -> Bool {
            let bit = (hash &* 0xc2b2_ae3d_27d4_eb4f) >> self.prefixShift
            return self.prefixBits[Int(truncatingIfNeeded: bit >> 6)] & (1 << (bit & 63)) != 0
        }

        /// The entry for a whole string (tests and loading).
        func entry(for name: String) -> Entry? {
            let scalars = Array(name.unicodeScalars)
            return self.find(hash: Self.hash(scalars), scalars, 0..<scalars.count).map { self.entries[$0] }
        }

        static func hash(_ scalars: some Sequence<Unicode.Scalar>) -> UInt64 {
            scalars.reduce(Self.emptyHash) { Self.extend($0, with: $1) }
        }

        @inline(__always)
        private func slot(for hash: UInt64) -> Int {
            // Fibonacci hashing: FNV's low bits depend only on the inputs' low bits.
            Int(truncatingIfNeeded: (hash &* 0x9e37_79b9_7f4a_7c15) >> self.shift)
        }

        @inline(__always)
        private func keyMatches(_ index: Int, _ scalars: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
            let lower = Int(self.keyBounds[index])
            let upper = Int(self.keyBounds[index + 1])
            guard upper - lower == range.count else { return false }
            var position = range.lowerBound
            for offset in lower..<upper {
                if self.keyScalars[offset] != scalars[position].value { return false }
                position += 1
            }
            return true
        }

        private mutating func insert(_ key: String, _ update: (inout Entry) -> Void) {
            let scalars = Array(key.unicodeScalars)
            let hash = Self.hash(scalars)
            var slot = self.slot(for: hash)
            while true {
                let index = self.slots[slot]
                if index < 0 { break }
                if self.slotHashes[slot] == hash, self.keyMatches(Int(index), scalars, 0..<scalars.count) {
                    update(&self.entries[Int(index)])
                    return
                }
                slot = (slot + 1) & (self.slots.count - 1)
            }
            if let first = scalars.first { self.firstScalars.insert(first) }
            if scalars.count == 1 { self.singleScalarKeys.insert(scalars[0]) }
            var prefix = Self.emptyHash
            for scalar in scalars {
                prefix = Self.extend(prefix, with: scalar)
                let bit = (prefix &* 0xc2b2_ae3d_27d4_eb4f) >> self.prefixShift
                self.prefixBits[Int(truncatingIfNeeded: bit >> 6)] |= 1 << (bit & 63)
            }
            var entry = Entry()
            update(&entry)
            self.slots[slot] = Int32(self.entries.count)
            self.slotHashes[slot] = hash
            self.entries.append(entry)
            self.keyScalars.append(contentsOf: scalars.lazy.map(\.value))
            self.keyBounds.append(Int32(self.keyScalars.count))
        }
    }
}
