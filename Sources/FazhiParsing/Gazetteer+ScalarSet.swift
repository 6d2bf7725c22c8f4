extension Gazetteer {
    /// A set of Unicode scalars below U+40000 as a bitmap: membership is one load and a mask,
    /// and building it hashes nothing. Han characters, the only members, all lie below.
    struct ScalarSet: Sendable {
        private static let limit: UInt32 = 0x40000
        private var words = [UInt64](repeating: 0, count: Int(ScalarSet.limit / 64))

        init() {}

        mutating func insert(_ scalar: Unicode.Scalar) {
            guard scalar.value < Self.limit else { return }
            self.words[Int(scalar.value >> 6)] |= 1 << UInt64(scalar.value & 63)
        }

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            guard scalar.value < Self.limit else { return false }
            return self.words[Int(scalar.value >> 6)] & (1 << UInt64(scalar.value & 63)) != 0
        }
    }
}
