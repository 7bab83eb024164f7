/// Band filings in an open-addressing table that takes changes in place: a slice's filings since its last merge
/// (`BandSlice.recent`), and the side tables of `InMemoryCandidateStore`. Slots are (key, reference) pairs. Most band
/// keys hold one entry (a document or paragraph signature nobody else has), so a slot keeps a lone entry itself; only
/// a key with two or more entries points into a pool of linked nodes, whose first node (the list's header) holds the
/// count. 12 bytes per slot at a load of at most three quarters, and 8 bytes per pooled entry: about 15 bytes a
/// filing, where a sorted run (`BandRun`) takes 9 to 11.
struct BandTable: Sendable {
    var keys: [UInt64]
    /// Per slot: `empty`, `vacant` (a key whose entries are all gone, kept so that probes go on past it), a lone
    /// entry (top bit clear), or a list (`listFlag` with the pool node of its header).
    var references: [UInt32]
    /// The pool. A list is a header node (value: the list's size; link: its first entry) and one node per entry,
    /// newest first; a free node's link is the next free node.
    var values: [UInt32] = []
    var next: [Int32] = []
    var free: Int32 = -1
    /// Slots not empty (vacant ones included).
    var used = 0
    var count = 0
    static let empty = UInt32.max
    static let vacant = UInt32.max - 1
    static let listFlag: UInt32 = 1 << 31
    /// Entries use 31 bits (a document's slot in the index).
    static let largestEntry = listFlag - 1

    init(capacity: Int) {
        keys = [UInt64](repeating: 0, count: capacity)
        references = [UInt32](repeating: Self.empty, count: capacity)
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
    static func isList(_ reference: UInt32) -> Bool { reference & listFlag != 0 && reference < vacant }

    @inline(__always)
    static func header(_ reference: UInt32) -> Int { Int(reference & ~listFlag) }

    /// The number of entries a slot's reference holds.
    @inline(__always)
    func size(_ reference: UInt32) -> Int {
        if reference >= Self.vacant { return 0 }
        return Self.isList(reference) ? Int(values[Self.header(reference)]) : 1
    }

    func entries(of key: UInt64) -> [UInt32] { newest(of: key, limit: Int.max).entries }

    /// How many entries `key` holds, and the first `limit` of its list: the most recently filed (a filing is put at
    /// the head of its list).
    func newest(of key: UInt64, limit: Int) -> (count: Int, entries: [UInt32]) {
        guard let index = find(key) else { return (0, []) }
        let reference = references[index]
        guard Self.isList(reference) else { return (1, limit > 0 ? [reference] : []) }
        let header = Self.header(reference)
        let size = Int(values[header])
        var list: [UInt32] = []
        list.reserveCapacity(min(limit, size))
        var node = next[header]
        while node >= 0 && list.count < limit {
            list.append(values[Int(node)])
            node = next[Int(node)]
        }
        return (size, list)
    }

    /// Calls `body` with each entry of the list `reference` names, newest first.
    @inline(__always)
    func forEachEntry(ofList reference: UInt32, _ body: (UInt32) -> Void) {
        var node = next[Self.header(reference)]
        while node >= 0 {
            body(values[Int(node)])
            node = next[Int(node)]
        }
    }

    func count(of key: UInt64) -> Int { find(key).map { size(references[$0]) } ?? 0 }

    /// How many times `entry` is filed under `key`.
    func occurrences(of entry: UInt32, under key: UInt64) -> Int {
        guard let index = find(key) else { return 0 }
        let reference = references[index]
        guard Self.isList(reference) else { return reference == entry ? 1 : 0 }
        var found = 0
        var node = next[Self.header(reference)]
        while node >= 0 {
            if values[Int(node)] == entry { found += 1 }
            node = next[Int(node)]
        }
        return found
    }

    /// Every filing, in slot order.
    var filings: [(key: UInt64, entry: UInt32)] {
        var all: [(key: UInt64, entry: UInt32)] = []
        all.reserveCapacity(count)
        for index in keys.indices where references[index] < Self.vacant {
            for entry in entries(of: keys[index]) { all.append((keys[index], entry)) }
        }
        return all
    }

    mutating func insert(_ filings: [(key: UInt64, entry: UInt32)]) {
        for (key, entry) in filings {
            precondition(entry <= Self.largestEntry, "entries use 31 bits")
            if (used + 1) * 4 > keys.count * 3 { rehash() }
            let index = place(key)
            let reference = references[index]
            if reference >= Self.vacant {
                if reference == Self.empty { used += 1 }
                keys[index] = key
                references[index] = entry
            } else if !Self.isList(reference) {
                let older = node(holding: reference, next: -1)
                let newer = node(holding: entry, next: older)
                references[index] = Self.listFlag | UInt32(node(holding: 2, next: newer))
            } else {
                let header = Self.header(reference)
                next[header] = node(holding: entry, next: next[header])
                values[header] += 1
            }
            count += 1
        }
    }

    /// Takes one filing of each of `entries` (a multiset) out of `key`'s list, the newest first, in one walk;
    /// returns the entries it did not find.
    mutating func remove(_ entries: [UInt32], under key: UInt64) -> [UInt32] {
        guard let index = find(key) else { return entries }
        let reference = references[index]
        guard Self.isList(reference) else {
            guard let at = entries.firstIndex(of: reference) else { return entries }
            references[index] = Self.vacant
            count -= 1
            var left = entries
            left.remove(at: at)
            return left
        }
        if entries.count == 1 { return removeOne(entries[0], under: key) ? [] : entries }
        var wanted: [UInt32: Int] = [:]
        for entry in entries { wanted[entry, default: 0] += 1 }
        let header = Self.header(reference)
        var previous = Int32(header)
        var node = next[header]
        var taken = 0
        while node >= 0 && !wanted.isEmpty {
            let following = next[Int(node)]
            if let left = wanted[values[Int(node)]] {
                wanted[values[Int(node)]] = left == 1 ? nil : left - 1
                next[Int(previous)] = following
                release(node)
                taken += 1
            } else {
                previous = node
            }
            node = following
        }
        values[header] -= UInt32(taken)
        count -= taken
        switch values[header] {
        case 0:
            references[index] = Self.vacant
            release(Int32(header))
        case 1:
            let last = next[header]
            references[index] = values[Int(last)]
            release(last)
            release(Int32(header))
        default:
            break
        }
        guard !wanted.isEmpty else { return [] }
        return wanted.flatMap { entry, count in [UInt32](repeating: entry, count: count) }
    }

    /// Takes one filing of `entry` under `key` out; false when there is none.
    @discardableResult
    mutating func removeOne(_ entry: UInt32, under key: UInt64) -> Bool {
        guard let index = find(key) else { return false }
        let reference = references[index]
        guard Self.isList(reference) else {
            guard reference == entry else { return false }
            references[index] = Self.vacant
            count -= 1
            return true
        }
        let header = Self.header(reference)
        var previous = Int32(header)
        var node = next[header]
        while node >= 0 && values[Int(node)] != entry {
            previous = node
            node = next[Int(node)]
        }
        guard node >= 0 else { return false }
        next[Int(previous)] = next[Int(node)]
        release(node)
        values[header] -= 1
        if values[header] == 1 {
            let last = next[header]
            references[index] = values[Int(last)]
            release(last)
            release(Int32(header))
        }
        count -= 1
        return true
    }

    private mutating func node(holding value: UInt32, next link: Int32) -> Int32 {
        if free >= 0 {
            let node = free
            free = next[Int(node)]
            values[Int(node)] = value
            next[Int(node)] = link
            return node
        }
        // A header at 2^31 - 2 would read as `vacant` once flagged.
        precondition(values.count < Int(Self.largestEntry) - 1, "the pool holds fewer than 2^31 - 2 nodes")
        values.append(value)
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
