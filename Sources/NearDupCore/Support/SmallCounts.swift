/// Counts per key, kept inline while there is one key: a template's owners and fillings are one document and one
/// filling for most templates, and two dictionaries each cost a few hundred bytes a template at a million documents.
/// Only non-zero counts are kept.
struct SmallCounts<Key: Hashable & Sendable>: Sendable {
    private var single: (key: Key, count: Int)?
    /// Two or more keys (then `single` is nil); an empty dictionary allocates nothing.
    private var many: [Key: Int] = [:]

    init() {}

    /// The number of keys.
    var count: Int { many.isEmpty ? (single == nil ? 0 : 1) : many.count }

    var isEmpty: Bool { count == 0 }

    var keys: [Key] { many.isEmpty ? single.map { [$0.key] } ?? [] : Array(many.keys) }

    /// Every key with its count, in no particular order.
    var entries: [(key: Key, count: Int)] {
        many.isEmpty ? single.map { [$0] } ?? [] : many.map { (key: $0.key, count: $0.value) }
    }

    subscript(key: Key) -> Int {
        if many.isEmpty { return single.map { $0.key == key ? $0.count : 0 } ?? 0 }
        return many[key] ?? 0
    }

    /// Adds `step` (which may be negative) to the count of `key`.
    mutating func add(_ key: Key, _ step: Int) {
        guard step != 0 else { return }
        if many.isEmpty {
            guard let current = single else {
                single = (key, step)
                return
            }
            if current.key == key {
                single = current.count + step == 0 ? nil : (key, current.count + step)
            } else {
                many = [current.key: current.count, key: step]
                single = nil
            }
            return
        }
        let updated = many[key, default: 0] + step
        many[key] = updated == 0 ? nil : updated
        if many.count == 1, let last = many.first {
            single = (last.key, last.value)
            many = [:]
        }
    }
}
