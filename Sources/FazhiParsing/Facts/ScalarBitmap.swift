/// A set of BMP scalar values as one bit each: membership is a shift and a mask, with no hashing,
/// for the tests the extractor runs at every position of the text.
struct ScalarBitmap: Sendable {
    private var bits = [UInt64](repeating: 0, count: 65536 / 64)

    init() {}

    init<S: Sequence>(_ scalars: S) where S.Element == UInt32 {
        for scalar in scalars { self.insert(scalar) }
    }

    init(_ text: String) {
        self.init(text.unicodeScalars.map(\.value))
    }

    /// Adds `scalar`; scalars outside the BMP are ignored (no word of the extractor uses one).
    mutating func insert(_ scalar: UInt32) {
        guard scalar < 65536 else { return }
        self.bits[Int(scalar >> 6)] |= 1 << UInt64(scalar & 63)
    }

    @inline(__always)
    func contains(_ scalar: UInt32) -> Bool {
        scalar < 65536 && (self.bits[Int(scalar >> 6)] >> UInt64(scalar & 63)) & 1 == 1
    }
}
