/// An open-addressing hash map from 64-bit term keys to dense slot numbers, for inversion.
/// Much cheaper than `Dictionary` on the indexing hot path (one multiply, linear probing).
struct KeyTable {
    private(set) var keys: [UInt64]
    private var slots: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 12) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        self.keys = Array(repeating: 0, count: size)
        self.slots = Array(repeating: -1, count: size)
        self.mask = size - 1
    }

    /// The slot of `key`, inserting it with slot number `count` when new; `isNew` tells which.
    @inline(__always)
    mutating func slot(for key: UInt64, isNew: inout Bool) -> Int {
        var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & self.mask
        while true {
            let slot = self.slots[index]
            if slot < 0 {
                let new = self.count
                self.keys[index] = key
                self.slots[index] = Int32(new)
                self.count += 1
                isNew = true
                if self.count * 2 > self.mask { self.grow() }
                return new
            }
            if self.keys[index] == key {
                isNew = false
                return Int(slot)
            }
            index = (index + 1) & self.mask
        }
    }

    private mutating func grow() {
        let oldKeys = self.keys
        let oldSlots = self.slots
        let size = (self.mask + 1) * 2
        self.keys = Array(repeating: 0, count: size)
        self.slots = Array(repeating: -1, count: size)
        self.mask = size - 1
        for index in 0..<oldSlots.count where oldSlots[index] >= 0 {
            let key = oldKeys[index]
            var probe = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & self.mask
            while self.slots[probe] >= 0 { probe = (probe + 1) & self.mask }
            self.keys[probe] = key
            self.slots[probe] = oldSlots[index]
        }
    }
}
