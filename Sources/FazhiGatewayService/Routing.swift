/// Where documents go: stable hashes that every gateway computes alike, run after run.
package enum Routing {
    /// FNV-1a, 64 bits, over `bytes`: fast and stable across processes and versions (Swift's
    /// `Hasher` is seeded per process, so it cannot route).
    package static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        // Contiguous bytes (Data, arrays) are read through a pointer: Data's iterator is a
        // call per byte, which made routing a tenth of the gateway's ingest CPU.
        if let hash = bytes.withContiguousStorageIfAvailable({ Self.fnv1a(buffer: $0) }) { return hash }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    private static func fnv1a(buffer: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in buffer {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// A 64-bit finalizer (splitmix64's) so that nearby inputs spread over all bits.
    package static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The shard (or partition) of `docID` among `count`.
    package static func bucket(of docID: String, count: Int) -> Int {
        precondition(count > 0, "routing needs at least one bucket")
        return Int(Self.mix(Self.fnv1a(docID.utf8)) % UInt64(count))
    }

    /// Rendezvous (highest random weight) score of `member` for `key`: the member with the
    /// highest score owns the key, and removing a member moves only the keys it owned.
    package static func rendezvousScore(key: UInt64, member: UInt64) -> UInt64 {
        Self.mix(key ^ Self.mix(member))
    }
}
