/// Where a live index files its band keys: the LSH buckets of document and paragraph signatures.
///
/// An entry names what was banded (`document << 32 | paragraph`, with paragraph 0 for a document signature). The
/// store answers, for many keys at once, the entries filed under each; a store kept elsewhere (a table of band keys
/// shared by several processes) answers a batch's lookups in one round trip. Order within a key is not part of the
/// contract: the index orders entries itself.
public protocol CandidateStore: Sendable {
    /// The entries under each key, in the order of `keys`.
    func entries(for keys: [UInt64]) -> [[UInt64]]
    /// How many entries each key holds, in the order of `keys` (cheaper than the entries: most buckets are small,
    /// and only a bucket over the limit needs a decision).
    func counts(for keys: [UInt64]) -> [Int]
    /// Files each entry under its key.
    mutating func insert(_ filings: [(key: UInt64, entry: UInt64)])
    /// Removes each entry from its key; entries not filed are ignored.
    mutating func remove(_ filings: [(key: UInt64, entry: UInt64)])
    /// The number of entries filed.
    var count: Int { get }
}

/// A `CandidateStore` in memory: an open-addressing table from key to the head of a list of entries, the entries
/// in one pool. No allocation per key or entry (a dictionary of arrays made one array per band key: millions for a
/// large index), 12 bytes per entry and about 24 per key.
public struct InMemoryCandidateStore: CandidateStore {
    var keys: [UInt64]
    /// Head of each key's entry list; `empty` for a slot never used, `vacant` for a key whose entries are all gone.
    var heads: [Int32]
    /// Entries under each slot's key.
    var sizes: [Int32]
    var values: [UInt64] = []
    var next: [Int32] = []
    var free: Int32 = -1
    /// Slots holding a key (vacant ones included) and keys with entries.
    var used = 0
    var live = 0
    public internal(set) var count = 0
    static let empty: Int32 = -1
    private static let vacant: Int32 = -2

    public init() {
        keys = [UInt64](repeating: 0, count: 1024)
        heads = [Int32](repeating: Self.empty, count: 1024)
        sizes = [Int32](repeating: 0, count: 1024)
    }

    /// The slot of `key`, or the empty slot where it would go.
    @inline(__always)
    func slot(_ key: UInt64) -> Int {
        let mask = keys.count - 1
        var index = Int(truncatingIfNeeded: StableMix.finalize(key)) & mask
        while heads[index] != Self.empty && keys[index] != key { index = (index + 1) & mask }
        return index
    }

    public func counts(for keys: [UInt64]) -> [Int] { keys.map { Int(sizes[slot($0)]) } }

    public func entries(for keys: [UInt64]) -> [[UInt64]] {
        keys.map { key in
            var node = heads[slot(key)]
            var list: [UInt64] = []
            while node >= 0 {
                list.append(values[Int(node)])
                node = next[Int(node)]
            }
            return list
        }
    }

    public mutating func insert(_ filings: [(key: UInt64, entry: UInt64)]) {
        for (key, entry) in filings {
            if (used + 1) * 2 > keys.count { rehash() }
            let index = slot(key)
            if heads[index] == Self.empty {
                keys[index] = key
                used += 1
            }
            if heads[index] < 0 {
                heads[index] = Self.empty  // replaced below
                live += 1
            }
            let node: Int32
            if free >= 0 {
                node = free
                free = next[Int(node)]
                values[Int(node)] = entry
            } else {
                node = Int32(values.count)
                values.append(entry)
                next.append(Self.empty)
            }
            next[Int(node)] = heads[index] == Self.empty ? -1 : heads[index]
            heads[index] = node
            sizes[index] += 1
            count += 1
        }
    }

    public mutating func remove(_ filings: [(key: UInt64, entry: UInt64)]) {
        for (key, entry) in filings {
            let index = slot(key)
            var previous: Int32 = -1
            var node = heads[index]
            while node >= 0 && values[Int(node)] != entry {
                previous = node
                node = next[Int(node)]
            }
            guard node >= 0 else { continue }
            if previous >= 0 { next[Int(previous)] = next[Int(node)] } else { heads[index] = next[Int(node)] }
            if heads[index] == -1 {
                heads[index] = Self.vacant
                live -= 1
            }
            next[Int(node)] = free
            free = node
            sizes[index] -= 1
            count -= 1
        }
    }

    /// Grows the table, or (when most used slots are vacant keys) rebuilds it at the same size without them.
    private mutating func rehash() {
        let capacity = live * 4 > keys.count ? keys.count * 2 : keys.count
        let (oldKeys, oldHeads, oldSizes) = (keys, heads, sizes)
        keys = [UInt64](repeating: 0, count: capacity)
        heads = [Int32](repeating: Self.empty, count: capacity)
        sizes = [Int32](repeating: 0, count: capacity)
        used = 0
        for index in oldKeys.indices where oldHeads[index] >= 0 {
            let slot = slot(oldKeys[index])
            keys[slot] = oldKeys[index]
            heads[slot] = oldHeads[index]
            sizes[slot] = oldSizes[index]
            used += 1
        }
    }
}
