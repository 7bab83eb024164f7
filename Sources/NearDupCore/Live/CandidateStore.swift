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

/// A `CandidateStore` in memory: an open-addressing table of (key, reference) slots. Most band keys hold one entry
/// (a document or paragraph signature nobody else has), so a slot keeps a lone entry itself; only a key with two or
/// more entries points into a pool of linked nodes. 16 bytes per slot at a load of at most three quarters: about 30
/// bytes per band key of one entry, where a table of list heads beside a pool of every entry took about 58.
public struct InMemoryCandidateStore: CandidateStore {
    var keys: [UInt64]
    /// Per slot: `empty`, `vacant` (a key whose entries are all gone, kept so that probes go on past it), a lone
    /// entry (top bit clear), or a list (`listFlag`, the count in bits 32–62, the pool node of its head below).
    var references: [UInt64]
    var values: [UInt64] = []
    var next: [Int32] = []
    var free: Int32 = -1
    /// Slots not empty (vacant ones included).
    var used = 0
    public internal(set) var count = 0
    static let empty = UInt64.max
    static let vacant = UInt64.max - 1
    static let listFlag: UInt64 = 1 << 63

    public init() { self.init(capacity: 1024) }

    init(capacity: Int) {
        keys = [UInt64](repeating: 0, count: capacity)
        references = [UInt64](repeating: Self.empty, count: capacity)
    }

    /// The slot holding `key`, or nil.
    @inline(__always)
    func find(_ key: UInt64) -> Int? {
        let index = place(key)
        return references[index] < Self.vacant && keys[index] == key ? index : nil
    }

    /// The slot for `key`: its own, else the first vacant slot on its probe, else the empty one that ends it.
    @inline(__always)
    func place(_ key: UInt64) -> Int {
        let mask = keys.count - 1
        var index = Int(truncatingIfNeeded: StableMix.finalize(key)) & mask
        var reusable: Int? = nil
        while references[index] != Self.empty {
            if references[index] == Self.vacant {
                if reusable == nil { reusable = index }
            } else if keys[index] == key {
                return index
            }
            index = (index + 1) & mask
        }
        return reusable ?? index
    }

    @inline(__always)
    static func size(_ reference: UInt64) -> Int {
        if reference >= vacant { return 0 }
        return reference & listFlag == 0 ? 1 : Int((reference >> 32) & 0x7FFF_FFFF)
    }

    @inline(__always)
    static func list(head: Int32, size: Int) -> UInt64 { listFlag | UInt64(size) << 32 | UInt64(UInt32(head)) }

    public func counts(for keys: [UInt64]) -> [Int] { keys.map { find($0).map { Self.size(references[$0]) } ?? 0 } }

    public func entries(for keys: [UInt64]) -> [[UInt64]] {
        keys.map { key in
            guard let index = find(key) else { return [] }
            let reference = references[index]
            if reference & Self.listFlag == 0 { return [reference] }
            var list: [UInt64] = []
            list.reserveCapacity(Self.size(reference))
            var node = Int32(truncatingIfNeeded: reference)
            while node >= 0 {
                list.append(values[Int(node)])
                node = next[Int(node)]
            }
            return list
        }
    }

    public mutating func insert(_ filings: [(key: UInt64, entry: UInt64)]) {
        for (key, entry) in filings {
            precondition(entry & Self.listFlag == 0, "entries use 63 bits")
            if (used + 1) * 4 > keys.count * 3 { rehash() }
            let index = place(key)
            let reference = references[index]
            if reference >= Self.vacant {
                if reference == Self.empty { used += 1 }
                keys[index] = key
                references[index] = entry
            } else if reference & Self.listFlag == 0 {
                let tail = node(holding: reference, next: -1)
                references[index] = Self.list(head: node(holding: entry, next: tail), size: 2)
            } else {
                let head = Int32(truncatingIfNeeded: reference)
                references[index] = Self.list(head: node(holding: entry, next: head), size: Self.size(reference) + 1)
            }
            count += 1
        }
    }

    public mutating func remove(_ filings: [(key: UInt64, entry: UInt64)]) {
        for (key, entry) in filings {
            guard let index = find(key) else { continue }
            let reference = references[index]
            if reference & Self.listFlag == 0 {
                guard reference == entry else { continue }
                references[index] = Self.vacant
                count -= 1
                continue
            }
            var previous: Int32 = -1
            var node = Int32(truncatingIfNeeded: reference)
            while node >= 0 && values[Int(node)] != entry {
                previous = node
                node = next[Int(node)]
            }
            guard node >= 0 else { continue }
            var head = Int32(truncatingIfNeeded: reference)
            if previous >= 0 { next[Int(previous)] = next[Int(node)] } else { head = next[Int(node)] }
            release(node)
            let size = Self.size(reference) - 1
            if size == 1 {
                references[index] = values[Int(head)]
                release(head)
            } else {
                references[index] = Self.list(head: head, size: size)
            }
            count -= 1
        }
    }

    private mutating func node(holding entry: UInt64, next link: Int32) -> Int32 {
        if free >= 0 {
            let node = free
            free = next[Int(node)]
            values[Int(node)] = entry
            next[Int(node)] = link
            return node
        }
        values.append(entry)
        next.append(link)
        return Int32(values.count - 1)
    }

    private mutating func release(_ node: Int32) {
        next[Int(node)] = free
        free = node
    }

    /// Grows the table, or (when vacant slots fill much of it) rebuilds it at the same size without them.
    private mutating func rehash() {
        let live = references.lazy.filter { $0 < Self.vacant }.count
        let capacity = live * 2 > keys.count ? keys.count * 2 : keys.count
        let (oldKeys, oldReferences) = (keys, references)
        self = Self(rebuilding: self, capacity: capacity)
        for index in oldKeys.indices where oldReferences[index] < Self.vacant {
            let slot = place(oldKeys[index])
            keys[slot] = oldKeys[index]
            references[slot] = oldReferences[index]
            used += 1
        }
    }

    /// An empty table of `capacity` slots with this store's pool.
    private init(rebuilding store: Self, capacity: Int) {
        self.init(capacity: capacity)
        values = store.values
        next = store.next
        free = store.free
        count = store.count
    }
}
