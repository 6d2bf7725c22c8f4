internal import Crypto

/// SHA-256, for cache keys and document ids: swift-crypto's implementation (BoringSSL, which
/// uses the CPU's SHA extensions where present) behind the small API the cache and the parser
/// pipeline use.
///
/// It replaced a hand-written Swift version: hashing the raw bytes is on every parse and every
/// cache hit, and at about 100 MB/s it was most of a hit's time. Feed data with
/// ``update(_:)`` as often as needed, then call ``finalize()`` once; or use ``hash(_:)`` for
/// one buffer.
package struct SHA256: Sendable {
    /// The digest length in bytes.
    package static let digestCount = 32

    private var hasher = Crypto.SHA256()

    /// Creates a hasher with no data.
    package init() {}

    /// The digest of `bytes` in one call.
    package static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Appends `bytes` to the data being hashed.
    package mutating func update(_ bytes: some Collection<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ self.hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) == nil {
            Array(bytes).withUnsafeBytes { self.hasher.update(bufferPointer: $0) }
        }
    }

    /// The 32-byte digest. The hasher must not be used after this call; `consuming` makes the
    /// compiler enforce it.
    package consuming func finalize() -> [UInt8] {
        Array(self.hasher.finalize())
    }
}
