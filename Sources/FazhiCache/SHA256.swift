/// SHA-256 (FIPS 180-4), implemented in Swift so that cache keys need no crypto dependency.
///
/// Used only to name cache entries, never for security decisions; a package such as swift-crypto
/// would be the right choice for that. Feed data with ``update(_:)`` as often as needed, then call
/// ``finalize()`` once; or use ``hash(_:)`` for one buffer.
package struct SHA256: Sendable {
    /// The digest length in bytes.
    package static let digestCount = 32

    private static let blockCount = 64

    // First 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    // First 32 bits of the fractional parts of the square roots of the first 8 primes.
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    private var pending: [UInt8] = []
    private var totalCount: UInt64 = 0

    /// Creates a hasher with no data.
    package init() {
        self.pending.reserveCapacity(Self.blockCount)
    }

    /// The digest of `bytes` in one call.
    package static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Appends `bytes` to the data being hashed.
    package mutating func update(_ bytes: some Collection<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ self.update(buffer: UnsafeRawBufferPointer($0)) }) == nil {
            Array(bytes).withUnsafeBytes { self.update(buffer: $0) }
        }
    }

    private mutating func update(buffer: UnsafeRawBufferPointer) {
        self.totalCount &+= UInt64(buffer.count)
        var offset = 0
        if !self.pending.isEmpty {
            let take = min(Self.blockCount - self.pending.count, buffer.count)
            self.pending.append(contentsOf: buffer[0..<take])
            offset = take
            guard self.pending.count == Self.blockCount else { return }
            let block = self.pending
            block.withUnsafeBytes { self.compress(block: $0) }
            self.pending.removeAll(keepingCapacity: true)
        }
        while buffer.count - offset >= Self.blockCount {
            self.compress(block: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + Self.blockCount)]))
            offset += Self.blockCount
        }
        self.pending.append(contentsOf: buffer[offset...])
    }

    /// Pads the data, processes the last blocks and returns the 32-byte digest.
    ///
    /// The hasher must not be used after this call; `consuming` makes the compiler enforce it.
    package consuming func finalize() -> [UInt8] {
        let bitCount = self.totalCount &* 8
        var tail = self.pending
        tail.append(0x80)
        while tail.count % Self.blockCount != Self.blockCount - 8 {
            tail.append(0)
        }
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitCount >> UInt64(shift)))
        }
        tail.withUnsafeBytes { buffer in
            for start in stride(from: 0, to: buffer.count, by: Self.blockCount) {
                self.compress(block: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + Self.blockCount)]))
            }
        }
        let words = [
            self.state.0, self.state.1, self.state.2, self.state.3,
            self.state.4, self.state.5, self.state.6, self.state.7,
        ]
        var digest: [UInt8] = []
        digest.reserveCapacity(Self.digestCount)
        for word in words {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    private mutating func compress(block: UnsafeRawBufferPointer) {
        // The message schedule lives on the stack: a heap array per 64-byte block would dominate.
        self.state = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for i in 0..<16 {
                w[i] =
                    UInt32(block[i * 4]) << 24 | UInt32(block[i * 4 + 1]) << 16
                    | UInt32(block[i * 4 + 2]) << 8 | UInt32(block[i * 4 + 3])
            }
            for i in 16..<64 {
                let s0 = w[i - 15].rotatedRight(7) ^ w[i - 15].rotatedRight(18) ^ (w[i - 15] >> 3)
                let s1 = w[i - 2].rotatedRight(17) ^ w[i - 2].rotatedRight(19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            return Self.k.withUnsafeBufferPointer { k in
                var (a, b, c, d, e, f, g, h) = self.state
                for i in 0..<64 {
                    let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                    let choose = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ choose &+ k[i] &+ w[i]
                    let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ majority
                    h = g
                    g = f
                    f = e
                    e = d &+ t1
                    d = c
                    c = b
                    b = a
                    a = t1 &+ t2
                }
                return (
                    self.state.0 &+ a, self.state.1 &+ b, self.state.2 &+ c, self.state.3 &+ d,
                    self.state.4 &+ e, self.state.5 &+ f, self.state.6 &+ g, self.state.7 &+ h
                )
            }
        }
    }
}

extension UInt32 {
    fileprivate func rotatedRight(_ count: UInt32) -> UInt32 {
        (self >> count) | (self << (32 - count))
    }
}
