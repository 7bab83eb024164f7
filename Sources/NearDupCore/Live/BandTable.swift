/// The table behind `InMemoryCandidateStore`: open addressing over (key, reference) slots. Most band keys hold one
/// entry (a document or paragraph signature nobody else has), so a slot keeps a lone entry itself; only a key with two
/// or more entries points into a pool of linked nodes. 16 bytes per slot at a load of at most three quarters: about 30
/// bytes per band key of one entry, where a table of list heads beside a pool of every entry took about 58.
struct BandTable: Sendable {
    var keys: [UInt64]
    /// Per slot: `empty`, `vacant` (a key whose entries are all gone, kept so that probes go on past it), a lone
    /// entry (top bit clear), or a list (`listFlag`, the count in bits 32–62, the pool node of its head below).
    var references: [UInt64]
    var values: [UInt64] = []
    var next: [Int32] = []
    var free: Int32 = -1
    /// Slots not empty (vacant ones included).
    var used = 0
    var count = 0
    static let empty = UInt64.max
    static let vacant = UInt64.max - 1
    static let listFlag: UInt64 = 1 << 63

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

    func counts(for keys: [UInt64]) -> [Int] { keys.map(count(of:)) }

    func entries(for keys: [UInt64]) -> [[UInt64]] { keys.map(entries(of:)) }

    func entries(of key: UInt64) -> [UInt64] {
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

    /// How many entries `key` holds, and the first `limit` of its list: the most recently filed (a filing is put at
    /// the head of its list).
    func newest(of key: UInt64, limit: Int) -> (count: Int, entries: [UInt64]) {
        guard let index = find(key) else { return (0, []) }
        let reference = references[index]
        if reference & Self.listFlag == 0 { return (1, [reference]) }
        var list: [UInt64] = []
        list.reserveCapacity(min(limit, Self.size(reference)))
        var node = Int32(truncatingIfNeeded: reference)
        while node >= 0 && list.count < limit {
            list.append(values[Int(node)])
            node = next[Int(node)]
        }
        return (Self.size(reference), list)
    }

    func count(of key: UInt64) -> Int { find(key).map { Self.size(references[$0]) } ?? 0 }

    /// How many times `entry` is filed under `key`.
    func occurrences(of entry: UInt64, under key: UInt64) -> Int {
        guard let index = find(key) else { return 0 }
        let reference = references[index]
        if reference & Self.listFlag == 0 { return reference == entry ? 1 : 0 }
        var found = 0
        var node = Int32(truncatingIfNeeded: reference)
        while node >= 0 {
            if values[Int(node)] == entry { found += 1 }
            node = next[Int(node)]
        }
        return found
    }

    /// Every filing, in slot order.
    var filings: [(key: UInt64, entry: UInt64)] {
        var all: [(key: UInt64, entry: UInt64)] = []
        all.reserveCapacity(count)
        for index in keys.indices where references[index] < Self.vacant {
            for entry in entries(of: keys[index]) { all.append((keys[index], entry)) }
        }
        return all
    }

    mutating func insert(_ filings: [(key: UInt64, entry: UInt64)]) {
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

    mutating func remove(_ filings: [(key: UInt64, entry: UInt64)]) {
        for (key, entry) in filings { removeOne(entry, under: key) }
    }

    /// Takes one filing of `entry` under `key` out; false when there is none.
    @discardableResult
    mutating func removeOne(_ entry: UInt64, under key: UInt64) -> Bool {
        guard let index = find(key) else { return false }
        let reference = references[index]
        if reference & Self.listFlag == 0 {
            guard reference == entry else { return false }
            references[index] = Self.vacant
            count -= 1
            return true
        }
        var previous: Int32 = -1
        var node = Int32(truncatingIfNeeded: reference)
        while node >= 0 && values[Int(node)] != entry {
            previous = node
            node = next[Int(node)]
        }
        guard node >= 0 else { return false }
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
        return true
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

extension BandTable {
    /// The slots that hold entries, then the entries of their lists. Lists are renumbered as they are written: each
    /// list's entries are consecutive, in list order, and the lists follow one another in slot order, so the links
    /// are not written and loading rebuilds them in one pass instead of checking a linked pool (which, at a million
    /// documents, took a fifth of a start). Loading puts the keys back in the smallest table an insert would accept
    /// for them, without the vacant slots; empty slots are not written.
    func encode(into writer: inout ByteWriter) {
        writer.write(UInt64(keys.count))
        let live = references.lazy.filter { $0 < Self.vacant }.count
        writer.write(UInt64(live))
        var pooled = 0
        for index in keys.indices where references[index] < Self.vacant {
            writer.write(keys[index])
            let reference = references[index]
            if reference & Self.listFlag == 0 {
                writer.write(reference)
            } else {
                writer.write(Self.list(head: Int32(pooled), size: Self.size(reference)))
                pooled += Self.size(reference)
            }
        }
        // Written as an array of `pooled` values, streamed rather than gathered first.
        writer.write(UInt32(pooled))
        for index in keys.indices where references[index] < Self.vacant && references[index] & Self.listFlag != 0 {
            var node = Int32(truncatingIfNeeded: references[index])
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
        guard stored.nonzeroBitCount == 1, stored >= 1024, stored <= 1 << 40, live <= UInt64(reader.remaining / 16),
            live * 4 <= stored * 3
        else { throw ByteReader.Truncated() }
        // Sized for the keys it holds, at the load an insert allows (at most three quarters), as the table grows
        // while documents come: a table loaded at half that load could take twice the memory after a restart.
        var capacity = 1024
        while capacity * 3 < 4 * Int(live) { capacity *= 2 }
        self.init(capacity: capacity)
        // Each list must start where the one before it ended.
        var pooled = 0
        var lone = 0
        for _ in 0..<Int(live) {
            let key: UInt64 = try reader.read()
            let reference: UInt64 = try reader.read()
            guard reference < Self.vacant else { throw ByteReader.Truncated() }
            if reference & Self.listFlag == 0 {
                lone += 1
            } else {
                guard Self.size(reference) >= 2, Int32(truncatingIfNeeded: reference) == pooled,
                    pooled <= Int(Int32.max) - Self.size(reference)
                else { throw ByteReader.Truncated() }
                pooled += Self.size(reference)
            }
            let index = place(key)
            guard references[index] == Self.empty else { throw ByteReader.Truncated() }
            keys[index] = key
            references[index] = reference
        }
        used = Int(live)
        values = try reader.readArray()
        count = Int(try reader.read(Int64.self))
        guard values.count == pooled, count == lone + pooled else { throw ByteReader.Truncated() }
        next = [Int32](unsafeUninitializedCapacity: pooled) { links, initialized in
            for reference in references where reference < Self.vacant && reference & Self.listFlag != 0 {
                let head = Int(Int32(truncatingIfNeeded: reference))
                let last = head + Self.size(reference) - 1
                for node in head..<last { links[node] = Int32(node + 1) }
                links[last] = -1
            }
            initialized = pooled
        }
    }
}
