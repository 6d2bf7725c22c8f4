/// The name of a cache entry: a lowercase hexadecimal digest.
///
/// The parser names an entry after what it was computed from, so equal inputs find each other:
/// ``forContent(_:parserVersion:)`` hashes the raw document bytes together with the parser
/// version. A caller with its own digest uses ``init(digest:)`` or ``init(hex:)``.
///
/// Keys become file names (`root/ab/cdef…`), which is why only `[0-9a-f]` is accepted: no key
/// can name a path outside the cache, a temporary file or a hidden file.
package struct CacheKey: Hashable, Sendable, CustomStringConvertible {
    /// The key as lowercase hexadecimal, 4 to 128 characters, an even number of them.
    package let hex: String

    /// The shortest key: two characters name the fan-out directory, and the file needs a name.
    package static let minimumHexCount = 4
    /// The longest key (a 512-bit digest); longer names would risk the file system's name limit.
    package static let maximumHexCount = 128

    /// Creates a key from hexadecimal text, or returns `nil` if the text is not a valid key.
    ///
    /// Upper-case digits are accepted and stored in lower case, so that one digest has one file name
    /// even on case-insensitive file systems.
    package init?(hex: String) {
        let lowered = hex.lowercased()
        let utf8 = lowered.utf8
        guard (Self.minimumHexCount...Self.maximumHexCount).contains(utf8.count), utf8.count % 2 == 0,
            utf8.allSatisfy({
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
            })
        else {
            return nil
        }
        self.hex = lowered
    }

    /// Creates a key from a binary digest, such as SHA-256 output.
    ///
    /// - Precondition: `digest` is 2 to 64 bytes long.
    package init(digest: some Collection<UInt8>) {
        self.init(digest: Array(digest))
    }

    /// Creates a key from a binary digest held in an array: every parse and every cache hit
    /// makes one, and the generic collection path cost a few microseconds of a hit.
    ///
    /// - Precondition: `digest` is 2 to 64 bytes long.
    package init(digest: [UInt8]) {
        precondition(
            (Self.minimumHexCount...Self.maximumHexCount).contains(digest.count * 2),
            "a digest must be 2 to 64 bytes long, got \(digest.count)"
        )
        self.hex = Hex.encode(digest)
    }

    /// The key for a parse result: SHA-256 of the raw document bytes and the parser version.
    ///
    /// The hashed message is the byte count of `content` as a big-endian UInt64, then `content`,
    /// then the UTF-8 of `parserVersion`. The length prefix keeps the two parts from running into
    /// each other: no other (content, version) pair hashes the same message.
    ///
    /// - Parameters:
    ///   - content: The raw document bytes, exactly as fetched.
    ///   - parserVersion: The parser's version; a new parser version gets new keys.
    package static func forContent(_ content: some Collection<UInt8>, parserVersion: String) -> CacheKey {
        var hasher = SHA256()
        let count = UInt64(content.count)
        hasher.update((0..<8).map { UInt8(truncatingIfNeeded: count >> (56 - 8 * UInt64($0))) })
        hasher.update(content)
        hasher.update(Array(parserVersion.utf8))
        return CacheKey(digest: hasher.finalize())
    }

    /// The fan-out directory name: the first two hexadecimal characters.
    package var directoryName: Substring {
        self.hex.prefix(2)
    }

    /// The file name inside the fan-out directory: the remaining characters.
    package var fileName: Substring {
        self.hex.dropFirst(2)
    }

    /// The hexadecimal text.
    package var description: String {
        self.hex
    }
}
