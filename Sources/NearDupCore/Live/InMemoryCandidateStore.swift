/// A `CandidateStore` in memory: a `SlicedBandTable` (compact sorted runs, and small tables of recent filings).
///
/// A copy of the store shares its table: the daemon hands a copy of the whole index to the thread that writes a
/// checkpoint (20–40 s at a million documents). Copy-on-write would make the next batches copy the slices they
/// touch (their small tables and removal marks, up to a quarter of a run each, and a merge's new run) while the
/// checkpoint is read from them. Instead, while the table is shared, changes go to two small side tables —
/// entries added, and entries of the shared table taken out — and answers combine the three; the first change after
/// the copy is dropped folds them into the table, in place.
public struct InMemoryCandidateStore: CandidateStore {
    var shared: SharedTable
    /// Entries filed while the table was shared.
    var added: BandTable?
    /// Entries of the shared table taken out while it was shared (each at most as often as the table has it).
    var removed: BandTable?
    public private(set) var count = 0

    /// A box for the table, so that the store can tell whether a copy of it holds the table too.
    final class SharedTable: @unchecked Sendable {
        // Mutated only by a store that holds the sole reference (`isKnownUniquelyReferenced`), so never while
        // another thread can read it.
        var table: SlicedBandTable
        init(_ table: SlicedBandTable) { self.table = table }
    }

    public init() { self.init(SlicedBandTable()) }

    init(_ table: SlicedBandTable) {
        shared = SharedTable(table)
        count = table.count
    }

    /// The table, with any side tables folded in (a copy when there are side tables).
    var table: SlicedBandTable {
        guard added != nil || removed != nil else { return shared.table }
        var table = shared.table
        Self.fold(added: added, removed: removed, into: &table)
        return table
    }

    public func newest(for keys: [UInt64], limit: Int) -> [(count: Int, entries: [UInt32])] {
        // While the table is shared, the whole lists (filings made meanwhile first) give the order.
        guard added == nil && removed == nil else {
            return entries(for: keys).map { ($0.count, Array($0.prefix(limit))) }
        }
        return keys.map { shared.table.newest(of: $0, limit: limit) }
    }

    public func counts(for keys: [UInt64]) -> [Int] {
        var counts = shared.table.counts(for: keys)
        guard added != nil || removed != nil else { return counts }
        for index in keys.indices {
            counts[index] += (added?.count(of: keys[index]) ?? 0) - (removed?.count(of: keys[index]) ?? 0)
        }
        return counts
    }

    public func entries(for keys: [UInt64]) -> [[UInt32]] {
        var lists = shared.table.entries(for: keys)
        guard added != nil || removed != nil else { return lists }
        for index in keys.indices {
            if let removed, removed.count(of: keys[index]) > 0 {
                for entry in removed.entries(of: keys[index]) {
                    if let at = lists[index].firstIndex(of: entry) { lists[index].remove(at: at) }
                }
            }
            // Filed while the table was shared: newer than anything in it, and newest first among themselves.
            if let added { lists[index] = added.entries(of: keys[index]) + lists[index] }
        }
        return lists
    }

    public mutating func insert(_ filings: [(key: UInt64, entry: UInt32)]) {
        guard !filings.isEmpty else { return }
        count += filings.count
        if settle() {
            shared.table.insert(filings)
            return
        }
        // An entry taken out and filed again goes to the side table too, not back to its old place in the shared
        // table's list: filed now, it is the newest of its key.
        if added == nil { added = BandTable(capacity: 1024) }
        added!.insert(filings)
    }

    public mutating func remove(_ filings: [(key: UInt64, entry: UInt32)]) {
        guard !filings.isEmpty else { return }
        if settle() {
            let before = shared.table.count
            shared.table.remove(filings)
            count -= before - shared.table.count
            return
        }
        for (key, entry) in filings {
            if added?.removeOne(entry, under: key) == true {
                count -= 1
                continue
            }
            let taken = removed?.occurrences(of: entry, under: key) ?? 0
            guard shared.table.occurrences(of: entry, under: key) > taken else { continue }
            if removed == nil { removed = BandTable(capacity: 1024) }
            removed!.insert([(key, entry)])
            count -= 1
        }
    }

    /// Folds the side tables into the table when nothing else holds it; whether the table may be changed in place.
    @discardableResult
    public mutating func settle() -> Bool {
        guard isKnownUniquelyReferenced(&shared) else { return false }
        if added != nil || removed != nil {
            Self.fold(added: added, removed: removed, into: &shared.table)
            (added, removed) = (nil, nil)
        }
        return true
    }

    private static func fold(added: BandTable?, removed: BandTable?, into table: inout SlicedBandTable) {
        if let removed { table.remove(removed.filings) }
        // A side table's lists are newest first, like the table's: filed oldest first, they keep that order.
        if let added { table.insert(added.filings.reversed()) }
    }

    func encode(into writer: inout ByteWriter) { table.encode(into: &writer) }

    init(decoding reader: inout ByteReader) throws(ByteReader.Truncated) {
        self.init(try SlicedBandTable(decoding: &reader))
    }
}
