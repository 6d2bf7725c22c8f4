extension Gazetteer {
    /// A name used as an index key, hashed and compared by its UTF-8 bytes.
    ///
    /// `String`'s own `Hashable` conformance normalizes non-ASCII text before hashing, which
    /// made hashing the ~90,000 Chinese keys the largest part of the load time. Names in the
    /// table and in reports are compared code point for code point anyway: CJK ideographs
    /// are stable under normalization (the CJK compatibility block aside).
    struct NameKey: Hashable, Sendable {
        var string: String

        init(_ string: String) {
            self.string = string
        }

        static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.string.utf8.elementsEqual(rhs.string.utf8)
        }

        func hash(into hasher: inout Hasher) {
            var string = self.string
            string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }
}
