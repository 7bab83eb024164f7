/// A dictionary cut by key into many small ones (up to 65,536 `DictionaryShard`s, about 64 entries each), so that a
/// copy of it costs the next change a copy of the shards that change touches, not of the whole table.
///
/// The daemon hands a copy of the index to the thread that writes a checkpoint; with plain dictionaries the next
/// batch copied every statistics table it changed — at a million documents 5–8 s of copying (template use and
/// segment owners the largest) while files waited. A batch touches a few thousand keys, so it copies a few thousand
/// shards of about a hundred entries each. The shards double in number as the table grows (a small index keeps one),
/// each doubling a pass over the entries; the last is at about four million. Iteration order is by shard, then the
/// shard's own: nothing depends on it. Inlinable: the daemon's module keeps its names and positions in these, and
/// unspecialised generic calls across modules (a metadata lookup each) made a restart three seconds slower.
public struct ShardedDictionary<Key: ShardKey, Value>: Sequence {
    @usableFromInline var shards: [DictionaryShard<Key, Value>] = [DictionaryShard()]
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
        shards = [DictionaryShard](repeating: DictionaryShard(), count: 1 << bits)
    }

    @inlinable @inline(__always)
    static func shard(hash: UInt64, bits: Int) -> Int {
        bits > 0 ? Int(truncatingIfNeeded: hash >> UInt64(64 - bits)) : 0
    }

    @inlinable mutating func growIfFull() {
        guard bits < Self.maximumBits, count > Self.shardLoad << bits else { return }
        bits += 1
        var grown = [DictionaryShard<Key, Value>](repeating: DictionaryShard(), count: 1 << bits)
        for shard in shards {
            for position in 0..<shard.count {
                let key = shard.keys[position]
                let hash = DictionaryShard<Key, Value>.mix(key)
                grown[Self.shard(hash: hash, bits: bits)][key, hash: hash] = shard.values[position]
            }
        }
        shards = grown
    }

    /// The value for `key`; setting nil removes it.
    @inlinable public subscript(key: Key) -> Value? {
        get {
            let hash = DictionaryShard<Key, Value>.mix(key)
            return shards[Self.shard(hash: hash, bits: bits)].value(for: key, hash: hash)
        }
        _modify {
            let hash = DictionaryShard<Key, Value>.mix(key)
            let index = Self.shard(hash: hash, bits: bits)
            let before = shards[index].count
            defer {
                entryCount += shards[index].count - before
                growIfFull()
            }
            yield &shards[index][key, hash: hash]
        }
    }

    /// The value for `key`, or `defaultValue` (inserted when changed in place).
    @inlinable public subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        get { self[key] ?? defaultValue() }
        _modify {
            let hash = DictionaryShard<Key, Value>.mix(key)
            let index = Self.shard(hash: hash, bits: bits)
            let before = shards[index].count
            defer {
                entryCount += shards[index].count - before
                growIfFull()
            }
            yield &shards[index][key, hash: hash, default: defaultValue()]
        }
    }

    /// Sets the value for `key`; the value it replaced, if there was one.
    @discardableResult
    @inlinable public mutating func updateValue(_ value: Value, forKey key: Key) -> Value? {
        let hash = DictionaryShard<Key, Value>.mix(key)
        let index = Self.shard(hash: hash, bits: bits)
        let found = shards[index].find(key, hash: hash)
        if let position = found.position {
            defer { shards[index].values[position] = value }
            return shards[index].values[position]
        }
        shards[index].insert(key, value, bucket: found.bucket)
        entryCount += 1
        growIfFull()
        return nil
    }

    /// Removes the entry for `key`; its value, if there was one.
    @discardableResult
    @inlinable public mutating func removeValue(forKey key: Key) -> Value? {
        let hash = DictionaryShard<Key, Value>.mix(key)
        let index = Self.shard(hash: hash, bits: bits)
        let found = shards[index].find(key, hash: hash)
        guard let position = found.position else { return nil }
        entryCount -= 1
        return shards[index].remove(bucket: found.bucket, position: position)
    }

    /// The values, in iteration order.
    public var values: LazyMapSequence<ShardedDictionary, Value> { lazy.map(\.value) }

    /// The entries, shard by shard.
    @inlinable public func makeIterator() -> Iterator { Iterator(shards: shards) }

    /// Iterates the entries shard by shard.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let shards: [DictionaryShard<Key, Value>]
        @usableFromInline var shard = 0
        @usableFromInline var position = 0

        @inlinable init(shards: [DictionaryShard<Key, Value>]) {
            self.shards = shards
        }

        /// The next entry.
        @inlinable public mutating func next() -> (key: Key, value: Value)? {
            while shard < shards.count {
                if position < shards[shard].count {
                    defer { position += 1 }
                    return (shards[shard].keys[position], shards[shard].values[position]!)
                }
                shard += 1
                position = 0
            }
            return nil
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
    /// The stable hash that places the key, of every field `==` compares (keys that share a hash are told apart by
    /// probing, one after another).
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
