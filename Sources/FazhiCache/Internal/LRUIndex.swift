/// The cache's in-memory index: each entry's size, in least- to most-recently-used order.
///
/// A dictionary from key to a slot in a node array, with the nodes linked into a doubly linked
/// list by slot number, so that lookup, touch, insertion and eviction are all O(1). Freed slots
/// are reused. A value type, so it can live inside the store's `Mutex` and be tested on its own.
struct LRUIndex {
    private struct Node {
        var key: CacheKey
        var size: Int
        var older: Int
        var newer: Int
    }

    private static let none = -1

    private var nodes: [Node] = []
    private var freeSlots: [Int] = []
    private var slots: [CacheKey: Int] = [:]
    private var oldest = LRUIndex.none
    private var newest = LRUIndex.none

    /// The sum of all entry sizes.
    private(set) var totalBytes = 0

    var count: Int {
        self.slots.count
    }

    func contains(_ key: CacheKey) -> Bool {
        self.slots[key] != nil
    }

    func size(of key: CacheKey) -> Int? {
        self.slots[key].map { self.nodes[$0].size }
    }

    /// Keys from least to most recently used.
    var keysByRecency: [CacheKey] {
        var keys: [CacheKey] = []
        keys.reserveCapacity(self.count)
        var slot = self.oldest
        while slot != Self.none {
            keys.append(self.nodes[slot].key)
            slot = self.nodes[slot].newer
        }
        return keys
    }

    /// Adds `key` or replaces its size, and makes it the most recently used.
    mutating func upsert(_ key: CacheKey, size: Int) {
        if let slot = self.slots[key] {
            self.totalBytes += size - self.nodes[slot].size
            self.nodes[slot].size = size
            self.unlink(slot)
            self.linkAsNewest(slot)
            return
        }
        let node = Node(key: key, size: size, older: Self.none, newer: Self.none)
        let slot: Int
        if let free = self.freeSlots.popLast() {
            self.nodes[free] = node
            slot = free
        } else {
            slot = self.nodes.count
            self.nodes.append(node)
        }
        self.slots[key] = slot
        self.totalBytes += size
        self.linkAsNewest(slot)
    }

    /// Makes `key` the most recently used; returns `false` if it is not in the index.
    @discardableResult
    mutating func touch(_ key: CacheKey) -> Bool {
        guard let slot = self.slots[key] else { return false }
        self.unlink(slot)
        self.linkAsNewest(slot)
        return true
    }

    /// Removes `key`; returns its size, or `nil` if it was not in the index.
    @discardableResult
    mutating func remove(_ key: CacheKey) -> Int? {
        guard let slot = self.slots.removeValue(forKey: key) else { return nil }
        self.unlink(slot)
        self.freeSlots.append(slot)
        let size = self.nodes[slot].size
        self.totalBytes -= size
        return size
    }

    /// Removes and returns the least recently used entry, or `nil` if the index is empty.
    mutating func removeLeastRecentlyUsed() -> (key: CacheKey, size: Int)? {
        guard self.oldest != Self.none else { return nil }
        let key = self.nodes[self.oldest].key
        // '!' is fine: the oldest node is always in `slots`.
        let size = self.remove(key)!
        return (key, size)
    }

    private mutating func unlink(_ slot: Int) {
        let older = self.nodes[slot].older
        let newer = self.nodes[slot].newer
        if older != Self.none {
            self.nodes[older].newer = newer
        } else {
            self.oldest = newer
        }
        if newer != Self.none {
            self.nodes[newer].older = older
        } else {
            self.newest = older
        }
        self.nodes[slot].older = Self.none
        self.nodes[slot].newer = Self.none
    }

    private mutating func linkAsNewest(_ slot: Int) {
        self.nodes[slot].older = self.newest
        self.nodes[slot].newer = Self.none
        if self.newest != Self.none {
            self.nodes[self.newest].newer = slot
        } else {
            self.oldest = slot
        }
        self.newest = slot
    }
}
