/// A small set of scalars tested by linear scan: for a handful of members this is much cheaper
/// than hashing every scalar of a long text into a `Set`.
struct ScalarMatcher {
    private let members: [UInt32]

    /// The scalars of `members`.
    init(_ members: String) {
        self.members = members.unicodeScalars.map(\.value)
    }

    /// Whether `scalar` is a member.
    @inline(__always)
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        for member in self.members where member == value { return true }
        return false
    }
}
