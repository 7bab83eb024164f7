/// Counts per key, kept inline while there is one key: a template's owners and fillings are one document and one
/// filling for most templates, and two dictionaries each cost a few hundred bytes a template at a million documents.
/// Only non-zero counts are kept. The inline count is 32 bits and zero means none, so that no optional tag and its
/// padding are stored (16 bytes with 32-bit keys, 24 with 64-bit ones, where an optional pair took 32).
struct SmallCounts<Key: FixedWidthInteger & Sendable>: Sendable {
    private var singleKey: Key = 0
    /// The count of `singleKey`; 0 when there is no single key.
    private var singleCount: Int32 = 0
    /// Two or more keys (then `singleCount` is 0); an empty dictionary allocates nothing.
    private var many: [Key: Int] = [:]

    init() {}

    /// The number of keys.
    var count: Int { many.isEmpty ? (singleCount == 0 ? 0 : 1) : many.count }

    var isEmpty: Bool { count == 0 }

    var keys: [Key] { many.isEmpty ? (singleCount == 0 ? [] : [singleKey]) : Array(many.keys) }

    /// Every key with its count, in no particular order.
    var entries: [(key: Key, count: Int)] {
        many.isEmpty
            ? (singleCount == 0 ? [] : [(singleKey, Int(singleCount))]) : many.map { (key: $0.key, count: $0.value) }
    }

    subscript(key: Key) -> Int {
        if many.isEmpty { return singleCount != 0 && singleKey == key ? Int(singleCount) : 0 }
        return many[key] ?? 0
    }

    /// Adds `step` (which may be negative) to the count of `key`.
    mutating func add(_ key: Key, _ step: Int) {
        guard step != 0 else { return }
        if many.isEmpty {
            if singleCount == 0 {
                singleKey = key
                singleCount = Int32(step)
            } else if singleKey == key {
                singleCount = Int32(Int(singleCount) + step)
            } else {
                many = [singleKey: Int(singleCount), key: step]
                singleCount = 0
            }
            return
        }
        let updated = many[key, default: 0] + step
        many[key] = updated == 0 ? nil : updated
        if many.count == 1, let last = many.first {
            (singleKey, singleCount) = (last.key, Int32(last.value))
            many = [:]
        }
    }
}
