/// Counts per key, kept inline while there is one key: a template's owners and fillings are one document and one
/// filling for most templates, and two dictionaries each cost a few hundred bytes a template at a million documents.
/// Only non-zero counts are kept. The inline count is 32 bits and zero means none, so that no optional tag and its
/// padding are stored (16 bytes with 32-bit keys, 24 with 64-bit ones, where an optional pair took 32).
///
/// Two to `listLimit` keys are a short list in key order (a template shared by a few reprints: an array of 48–64
/// bytes where a dictionary of two keys took about 130); more make it a dictionary, so that a line in a great many
/// documents is not a list moved on every change, which stays one until a single key is left.
struct SmallCounts<Key: FixedWidthInteger & Sendable>: Sendable {
    private var singleKey: Key = 0
    /// The count of `singleKey`; 0 when there is no single key.
    private var singleCount: Int32 = 0
    /// Two or more keys (then `singleCount` is 0); an empty list allocates nothing.
    private var many = Many.list([])

    private enum Many: Sendable {
        case list([Entry])
        case table([Key: Int])
    }

    private struct Entry: Sendable {
        var key: Key
        var count: Int32
    }

    static var listLimit: Int { 16 }

    init() {}

    /// The number of keys.
    var count: Int {
        switch many {
        case .list(let list): list.isEmpty ? (singleCount == 0 ? 0 : 1) : list.count
        case .table(let table): table.count
        }
    }

    var isEmpty: Bool { count == 0 }

    var keys: [Key] { entries.map(\.key) }

    /// Every key with its count, in no particular order.
    var entries: [(key: Key, count: Int)] {
        switch many {
        case .list(let list):
            list.isEmpty
                ? (singleCount == 0 ? [] : [(singleKey, Int(singleCount))]) : list.map { ($0.key, Int($0.count)) }
        case .table(let table): table.map { (key: $0.key, count: $0.value) }
        }
    }

    subscript(key: Key) -> Int {
        switch many {
        case .list(let list):
            if list.isEmpty { return singleCount != 0 && singleKey == key ? Int(singleCount) : 0 }
            let at = Self.position(of: key, in: list)
            return at < list.count && list[at].key == key ? Int(list[at].count) : 0
        case .table(let table): return table[key] ?? 0
        }
    }

    /// The first position in `list` whose key is not below `key`.
    private static func position(of key: Key, in list: [Entry]) -> Int {
        var (low, high) = (0, list.count)
        while low < high {
            let middle = (low + high) / 2
            if list[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Adds `step` (which may be negative) to the count of `key`.
    mutating func add(_ key: Key, _ step: Int) {
        guard step != 0 else { return }
        switch many {
        case .list(var list):
            if list.isEmpty {
                if singleCount == 0 {
                    (singleKey, singleCount) = (key, Int32(step))
                } else if singleKey == key {
                    singleCount = Int32(Int(singleCount) + step)
                } else {
                    let pair = [Entry(key: singleKey, count: singleCount), Entry(key: key, count: Int32(step))]
                    many = .list(singleKey < key ? pair : pair.reversed())
                    singleCount = 0
                }
                return
            }
            // Let go of the stored list first, so that the change is made in place.
            many = .list([])
            let at = Self.position(of: key, in: list)
            if at < list.count && list[at].key == key {
                let updated = Int(list[at].count) + step
                if updated == 0 { list.remove(at: at) } else { list[at].count = Int32(updated) }
            } else {
                list.insert(Entry(key: key, count: Int32(step)), at: at)
            }
            if list.count == 1 {
                (singleKey, singleCount) = (list[0].key, list[0].count)
            } else if list.count > Self.listLimit {
                many = .table(Dictionary(uniqueKeysWithValues: list.map { ($0.key, Int($0.count)) }))
            } else {
                many = .list(list)
            }
        case .table(var table):
            many = .list([])
            let updated = table[key, default: 0] + step
            table[key] = updated == 0 ? nil : updated
            if table.count == 1, let last = table.first {
                (singleKey, singleCount) = (last.key, Int32(last.value))
            } else {
                many = .table(table)
            }
        }
    }
}
