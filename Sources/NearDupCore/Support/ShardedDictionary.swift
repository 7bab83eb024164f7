/// A dictionary cut by key into many small ones (up to 65,536, about 64 entries each), so that a copy of it costs the
/// next change a copy of the shards that change touches, not of the whole table.
///
/// The daemon hands a copy of the index to the thread that writes a checkpoint; with plain dictionaries the next
/// batch copied every statistics table it changed — at a million documents 5–8 s of copying (template use and
/// segment owners the largest) while files waited. A batch touches a few thousand keys, so it copies a few thousand
/// shards of about a hundred entries each. The shards double in number as the table grows (a small index keeps one),
/// each doubling a pass over the entries; the last is at about four million. Iteration order is by shard, then the
/// shard's own: nothing depends on it. Inlinable: the daemon's module keeps its names and positions in these, and
/// unspecialised generic calls across modules (a metadata lookup each) made a restart three seconds slower.
public struct ShardedDictionary<Key: ShardKey, Value>: Sequence {
    @usableFromInline var shards: [[Key: Value]] = [[:]]
    @usableFromInline var bits = 0
    /// The number of entries.
    @inlinable public var count: Int { entryCount }
    @usableFromInline var entryCount = 0

    @inlinable static var maximumBits: Int { 16 }
    /// Entries per shard on average before the shards double.
    @inlinable static var shardLoad: Int { 64 }

    /// An empty dictionary (one shard).
    @inlinable public init() {}

    /// An empty dictionary with the shards of one that holds `expectedCount` entries, so that filling it (a
    /// checkpoint being loaded) does not double the shards on the way, each doubling a pass over every entry. The
    /// shards themselves grow as they fill: room reserved for the average shard doubled the room of those below it.
    @inlinable public init(expectedCount: Int) {
        while bits < Self.maximumBits && expectedCount > Self.shardLoad << bits { bits += 1 }
        shards = [[Key: Value]](repeating: [:], count: 1 << bits)
    }

    @inlinable @inline(__always)
    static func shard(_ key: Key, bits: Int) -> Int {
        guard bits > 0 else { return 0 }
        return Int(truncatingIfNeeded: StableMix.finalize(key.shardHash) >> UInt64(64 - bits))
    }

    @inlinable @inline(__always)
    func shard(_ key: Key) -> Int { Self.shard(key, bits: bits) }

    @inlinable mutating func growIfFull() {
        guard bits < Self.maximumBits, count > Self.shardLoad << bits else { return }
        bits += 1
        var grown = [[Key: Value]](repeating: [:], count: 1 << bits)
        for shard in shards {
            for (key, value) in shard { grown[Self.shard(key, bits: bits)][key] = value }
        }
        shards = grown
    }

    /// The value for `key`; setting nil removes it.
    @inlinable public subscript(key: Key) -> Value? {
        get { shards[shard(key)][key] }
        _modify {
            let index = shard(key)
            let before = shards[index].count
            defer {
                entryCount += shards[index].count - before
                growIfFull()
            }
            yield &shards[index][key]
        }
    }

    /// The value for `key`, or `defaultValue` (inserted when changed in place).
    @inlinable public subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        get { shards[shard(key)][key] ?? defaultValue() }
        _modify {
            let index = shard(key)
            let before = shards[index].count
            defer {
                entryCount += shards[index].count - before
                growIfFull()
            }
            yield &shards[index][key, default: defaultValue()]
        }
    }

    /// Sets the value for `key`; the value it replaced, if there was one.
    @discardableResult
    @inlinable public mutating func updateValue(_ value: Value, forKey key: Key) -> Value? {
        let replaced = shards[shard(key)].updateValue(value, forKey: key)
        if replaced == nil {
            entryCount += 1
            growIfFull()
        }
        return replaced
    }

    /// Removes the entry for `key`; its value, if there was one.
    @discardableResult
    @inlinable public mutating func removeValue(forKey key: Key) -> Value? {
        let removed = shards[shard(key)].removeValue(forKey: key)
        if removed != nil { entryCount -= 1 }
        return removed
    }

    /// The values, in iteration order.
    public var values: LazyMapSequence<ShardedDictionary, Value> { lazy.map(\.value) }

    /// The entries, shard by shard.
    @inlinable public func makeIterator() -> Iterator { Iterator(shards: shards) }

    /// Iterates the entries shard by shard.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let shards: [[Key: Value]]
        @usableFromInline var shard = 0
        @usableFromInline var inner: Dictionary<Key, Value>.Iterator?

        @inlinable init(shards: [[Key: Value]]) {
            self.shards = shards
        }

        /// The next entry.
        @inlinable public mutating func next() -> (key: Key, value: Value)? {
            while true {
                if let element = inner?.next() { return element }
                guard shard < shards.count else { return nil }
                inner = shards[shard].makeIterator()
                shard += 1
            }
        }
    }
}

extension ShardedDictionary: Sendable where Key: Sendable, Value: Sendable {}

extension ShardedDictionary: Equatable where Value: Equatable {
    /// The same entries, however the two are sharded.
    public static func == (lhs: ShardedDictionary, rhs: ShardedDictionary) -> Bool {
        lhs.count == rhs.count && lhs.allSatisfy { rhs[$0.key] == $0.value }
    }
}

extension ShardedDictionary: ExpressibleByDictionaryLiteral {
    /// The entries given; a key given twice keeps its last value.
    public init(dictionaryLiteral elements: (Key, Value)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }
}

/// A key that a `ShardedDictionary` can place: a stable 64-bit hash of it (never `Hasher`, whose seed changes with
/// every run).
public protocol ShardKey: Hashable {
    /// The stable hash that places the key.
    var shardHash: UInt64 { get }
}

extension UInt64: ShardKey {
    public var shardHash: UInt64 { self }
}

extension UInt32: ShardKey {
    public var shardHash: UInt64 { UInt64(self) }
}

extension Int32: ShardKey {
    public var shardHash: UInt64 { UInt64(UInt32(bitPattern: self)) }
}

extension Int: ShardKey {
    public var shardHash: UInt64 { UInt64(bitPattern: Int64(self)) }
}

extension String: ShardKey {
    public var shardHash: UInt64 { XXHash64.hash(self) }
}
