/// One shard of a `ShardedDictionary`: its entries in two dense arrays, found through a small open-addressing table
/// of their positions.
///
/// A Swift dictionary keeps its keys and values in buckets that are between three eighths and three quarters full, so
/// the statistics of a million-document index (segment owners, template use, exact groups: about ten million entries)
/// took about twice the room of their contents. Here the entries lie packed, the arrays grow by an eighth, and the
/// table of positions costs 4 to 16 bytes an entry (two-byte positions, an eighth to a half full). A removal moves the
/// last entry into the gap: the order of the entries is their shard's own, which nothing depends on.
///
/// Values are kept as optionals so that the dictionary's subscript changes a value in place (an array in it is not
/// copied for an append). An optional of a value holding a reference takes no more room; one of an integer takes
/// twice its room (8 bytes for 32 bits, 16 for 64), which the tables of integers pay.
///
/// A key is placed by its `shardHash` alone, so keys that share one probe the same buckets: a key type hashes
/// every field it is compared by.
@usableFromInline
struct DictionaryShard<Key: ShardKey, Value> {
    @usableFromInline var keys: [Key] = []
    /// Never nil for a position below `count`.
    @usableFromInline var values: [Value?] = []
    /// Per bucket: the position of an entry plus one, or 0 for an empty bucket; a power of two in size (or empty).
    @usableFromInline var buckets: [UInt16] = []

    @inlinable init() {}

    @inlinable var count: Int { keys.count }

    /// A shard holds at most this many entries (its positions are 16 bits); a `ShardedDictionary` keeps about 64.
    @inlinable static var maximumCount: Int { Int(UInt16.max) - 1 }

    /// The hash that places a key: its shard is the top bits, its bucket the bottom ones.
    @inlinable @inline(__always)
    static func mix(_ key: Key) -> UInt64 { StableMix.finalize(key.shardHash) }

    @inlinable @inline(__always)
    func home(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash) & (buckets.count - 1) }

    /// The position of `key`, and the bucket that holds it (or the empty bucket where it would go).
    @inlinable @inline(__always)
    func find(_ key: Key, hash: UInt64) -> (bucket: Int, position: Int?) {
        guard !buckets.isEmpty else { return (0, nil) }
        let mask = buckets.count - 1
        var bucket = home(hash)
        while true {
            let stored = buckets[bucket]
            if stored == 0 { return (bucket, nil) }
            if keys[Int(stored) - 1] == key { return (bucket, Int(stored) - 1) }
            bucket = (bucket + 1) & mask
        }
    }

    @inlinable func value(for key: Key, hash: UInt64) -> Value? {
        find(key, hash: hash).position.flatMap { values[$0] }
    }

    /// Adds an entry for a key the shard does not hold, `bucket` being the empty one `find` gave.
    @inlinable mutating func insert(_ key: Key, _ value: Value, bucket: Int) {
        precondition(count < Self.maximumCount, "DictionaryShard: too many entries")
        if keys.count == keys.capacity || values.count == values.capacity {
            let room = keys.count + max(4, keys.count >> 3)
            keys.reserveCapacity(room)
            values.reserveCapacity(room)
        } else {
            // A copy shared with a checkpoint is copied at its size, not doubled as an append would.
            keys.reserveCapacity(keys.count + 1)
            values.reserveCapacity(keys.count + 1)
        }
        keys.append(key)
        values.append(value)
        if buckets.isEmpty || keys.count * 2 > buckets.count {
            rebuild(buckets: max(8, buckets.count * 2))
        } else {
            buckets[bucket] = UInt16(keys.count)
        }
    }

    /// Removes the entry at `position`, found in `bucket`; its value (nil when the caller set it to nil first).
    @inlinable mutating func remove(bucket: Int, position: Int) -> Value? {
        let mask = buckets.count - 1
        // Backward shift: entries after the gap on its probe move into it, so that no probe stops early.
        var hole = bucket
        var next = (hole + 1) & mask
        while buckets[next] != 0 {
            let home = home(Self.mix(keys[Int(buckets[next]) - 1]))
            if (next &- home) & mask >= (next &- hole) & mask {
                buckets[hole] = buckets[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        buckets[hole] = 0
        let last = keys.count - 1
        if position != last {
            var moved = home(Self.mix(keys[last]))
            while buckets[moved] != UInt16(last + 1) { moved = (moved + 1) & mask }
            buckets[moved] = UInt16(position + 1)
            keys.swapAt(position, last)
            values.swapAt(position, last)
        }
        keys.removeLast()
        let removed = values.removeLast()
        if keys.isEmpty {
            self = DictionaryShard()
        } else if keys.count * 8 < buckets.count && buckets.count > 8 {
            rebuild(buckets: buckets.count / 2)
        }
        return removed
    }

    /// Places every entry again in a table of `size` buckets.
    @inlinable mutating func rebuild(buckets size: Int) {
        var table = [UInt16](repeating: 0, count: size)
        let mask = size - 1
        for position in keys.indices {
            var bucket = Int(truncatingIfNeeded: Self.mix(keys[position])) & mask
            while table[bucket] != 0 { bucket = (bucket + 1) & mask }
            table[bucket] = UInt16(position + 1)
        }
        buckets = table
    }

    /// The value for `key`, changed in place; setting nil removes it.
    @inlinable subscript(key: Key, hash hash: UInt64) -> Value? {
        get { value(for: key, hash: hash) }
        _modify {
            let (bucket, position) = find(key, hash: hash)
            if let position {
                yield &values[position]
                if values[position] == nil { _ = remove(bucket: bucket, position: position) }
            } else {
                var value: Value? = nil
                yield &value
                if let value { insert(key, value, bucket: bucket) }
            }
        }
    }

    /// The value for `key`, inserted as `defaultValue` when absent, changed in place.
    @inlinable subscript(key: Key, hash hash: UInt64, default defaultValue: @autoclosure () -> Value) -> Value {
        get { value(for: key, hash: hash) ?? defaultValue() }
        _modify {
            let found = find(key, hash: hash)
            let position: Int
            if let existing = found.position {
                position = existing
            } else {
                insert(key, defaultValue(), bucket: found.bucket)
                position = keys.count - 1
            }
            yield &values[position]!
        }
    }
}

extension DictionaryShard: Sendable where Key: Sendable, Value: Sendable {}
