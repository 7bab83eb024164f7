/// The table behind `InMemoryCandidateStore`: open addressing over (key, reference) slots. Most band keys hold one
/// entry (a document or paragraph signature nobody else has), so a slot keeps a lone entry itself; only a key with two
/// or more entries points into a pool of linked nodes, whose first node (the list's header) holds the count. 12 bytes
/// per slot at a load of at most three quarters, and 8 bytes per pooled entry: slots of 16 bytes and pooled nodes of
/// 12 with 64-bit entries took a quarter more (369 against 294 MB at 100,000 documents, 200 band keys a document).
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

    func counts(for keys: [UInt64]) -> [Int] { keys.map(count(of:)) }

    func entries(for keys: [UInt64]) -> [[UInt32]] { keys.map(entries(of:)) }

    func entries(of key: UInt64) -> [UInt32] { newest(of: key, limit: Int.max).entries }

    /// How many entries `key` holds, and the first `limit` of its list: the most recently filed (a filing is put at
    /// the head of its list).
    func newest(of key: UInt64, limit: Int) -> (count: Int, entries: [UInt32]) {
        guard let index = find(key) else { return (0, []) }
        let reference = references[index]
        guard Self.isList(reference) else { return (1, [reference]) }
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

    /// Takes one filing out per pair given (pairs not filed are ignored). The filings of one key are taken out in
    /// one walk of its list: taking a paragraph that became furniture out of its buckets, a start-up batch takes
    /// thousands of entries out of one list, and a walk for each was quadratic (a million-document replay did not
    /// finish in ten minutes).
    mutating func remove(_ filings: [(key: UInt64, entry: UInt32)]) {
        // Sorted by key rather than grouped in a dictionary of arrays: a document's own removal has 200 keys, each
        // once.
        let sorted = filings.sorted { $0.key < $1.key }
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && sorted[end].key == sorted[start].key { end += 1 }
            if end - start == 1 {
                removeOne(sorted[start].entry, under: sorted[start].key)
            } else {
                remove(sorted[start..<end].map(\.entry), under: sorted[start].key)
            }
            start = end
        }
    }

    /// Takes one filing of each of `entries` (a multiset) out of `key`'s list, in one walk.
    private mutating func remove(_ entries: [UInt32], under key: UInt64) {
        guard let index = find(key) else { return }
        let reference = references[index]
        guard Self.isList(reference) else {
            if entries.contains(reference) {
                references[index] = Self.vacant
                count -= 1
            }
            return
        }
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

extension BandTable {
    /// The slots that hold entries, each a key and its reference, a list's entries right after its slot, newest
    /// first. A list is renumbered as it is read (its header, then its entries, in consecutive nodes; the lists in
    /// the order written), so neither links nor the free list are written, and loading makes each list contiguous in
    /// one sequential pass instead of checking a linked pool (which, at a million documents, took a fifth of a
    /// start). Loading puts the keys back in the smallest table an insert would accept for them, without the vacant
    /// slots; empty slots are not written.
    func encode(into writer: inout ByteWriter) {
        writer.write(UInt64(keys.count))
        var live = 0
        var nodes = 0
        for reference in references where reference < Self.vacant {
            live += 1
            if Self.isList(reference) { nodes += size(reference) + 1 }
        }
        writer.write(UInt64(live))
        writer.write(UInt64(nodes))
        for index in keys.indices where references[index] < Self.vacant {
            writer.write(keys[index])
            let reference = references[index]
            guard Self.isList(reference) else {
                writer.write(reference)
                continue
            }
            let header = Self.header(reference)
            writer.write(Self.listFlag | values[header])
            var node = next[header]
            while node >= 0 {
                writer.write(values[Int(node)])
                node = next[Int(node)]
            }
        }
        writer.write(Int64(count))
    }

    init(decoding reader: inout ByteReader) throws(ByteReader.Truncated) {
        // The checkpoint's checksum catches damage; these checks are for a file made to crash the loader (a trap, a
        // hang, a huge allocation).
        let stored = try reader.read(UInt64.self)
        let live = try reader.read(UInt64.self)
        let nodes = try reader.read(UInt64.self)
        guard stored.nonzeroBitCount == 1, stored >= 1024, stored <= 1 << 40, live <= UInt64(reader.remaining / 12),
            live * 4 <= stored * 3, nodes <= UInt64(reader.remaining / 2), nodes < UInt64(Self.largestEntry) - 1
        else { throw ByteReader.Truncated() }
        // Sized for the keys it holds, at the load an insert allows (at most three quarters), as the table grows
        // while documents come: a table loaded at half that load could take twice the memory after a restart.
        var capacity = 1024
        while capacity * 3 < 4 * Int(live) { capacity *= 2 }
        self.init(capacity: capacity)
        values = [UInt32](repeating: 0, count: Int(nodes))
        next = [Int32](repeating: -1, count: Int(nodes))
        var pooled = 0
        var total = 0
        for _ in 0..<Int(live) {
            let key: UInt64 = try reader.read()
            var reference: UInt32 = try reader.read()
            guard reference < Self.vacant else { throw ByteReader.Truncated() }
            if Self.isList(reference) {
                let size = Int(reference & ~Self.listFlag)
                guard size >= 2, size < Int(nodes) - pooled else { throw ByteReader.Truncated() }
                let header = pooled
                try reader.read(into: &values, at: (header + 1)..<(header + 1 + size))
                values[header] = UInt32(size)
                for node in header..<(header + size) { next[node] = Int32(node + 1) }
                guard values[(header + 1)...(header + size)].allSatisfy({ $0 <= Self.largestEntry }) else {
                    throw ByteReader.Truncated()
                }
                reference = Self.listFlag | UInt32(header)
                pooled += size + 1
                total += size
            } else {
                total += 1
            }
            let index = place(key)
            guard references[index] == Self.empty else { throw ByteReader.Truncated() }
            keys[index] = key
            references[index] = reference
        }
        used = Int(live)
        count = Int(try reader.read(Int64.self))
        guard pooled == Int(nodes), count == total else { throw ByteReader.Truncated() }
    }
}
