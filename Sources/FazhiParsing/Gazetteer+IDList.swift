extension Gazetteer {
    /// The divisions that share one index key. Most keys name a single division, which is
    /// stored inline, so building the indexes does not allocate an array per key.
    struct IDList: Sequence, Sendable {
        private let first: Division.ID
        private var rest: [Division.ID] = []

        init(_ id: Division.ID) {
            self.first = id
        }

        /// The number of divisions.
        var count: Int { 1 + self.rest.count }

        /// Appends `id` unless it is already the last element, so that
        /// `dictionary[key, default: IDList(id)].appendIfNew(id)` hashes the key once.
        mutating func appendIfNew(_ id: Division.ID) {
            if (self.rest.last ?? self.first) != id {
                self.rest.append(id)
            }
        }

        func makeIterator() -> Iterator {
            Iterator(list: self)
        }

        struct Iterator: IteratorProtocol {
            let list: IDList
            var position = -1

            mutating func next() -> Division.ID? {
                defer { self.position += 1 }
                if self.position < 0 { return self.list.first }
                return self.position < self.list.rest.count ? self.list.rest[self.position] : nil
            }
        }
    }
}

extension Dictionary where Key == Gazetteer.NameKey, Value == Gazetteer.IDList {
    /// Adds `id` under `key`.
    mutating func insert(_ id: Gazetteer.Division.ID, for name: String) {
        self[Gazetteer.NameKey(name), default: Gazetteer.IDList(id)].appendIfNew(id)
    }
}
