/// Where a live index files its band keys: the LSH buckets of document and paragraph signatures.
///
/// An entry names what was banded (`document << 32 | paragraph`, with paragraph 0 for a document signature). The
/// store answers, for many keys at once, the entries filed under each; a store kept elsewhere (a table of band keys
/// shared by several processes) answers a batch's lookups in one round trip. Order within a key is not part of the
/// contract: the index orders entries itself.
public protocol CandidateStore: Sendable {
    /// The entries under each key, in the order of `keys`.
    func entries(for keys: [UInt64]) -> [[UInt64]]
    /// Files each entry under its key.
    mutating func insert(_ filings: [(key: UInt64, entry: UInt64)])
    /// Removes each entry from its key; entries not filed are ignored.
    mutating func remove(_ filings: [(key: UInt64, entry: UInt64)])
    /// The number of entries filed.
    var count: Int { get }
}

/// A `CandidateStore` in memory: a hash table from key to a small array of entries.
public struct InMemoryCandidateStore: CandidateStore {
    private var buckets: [UInt64: [UInt64]] = [:]
    public private(set) var count = 0

    public init() {}

    public func entries(for keys: [UInt64]) -> [[UInt64]] { keys.map { buckets[$0] ?? [] } }

    public mutating func insert(_ filings: [(key: UInt64, entry: UInt64)]) {
        for (key, entry) in filings { buckets[key, default: []].append(entry) }
        count += filings.count
    }

    public mutating func remove(_ filings: [(key: UInt64, entry: UInt64)]) {
        for (key, entry) in filings {
            guard var entries = buckets[key], let index = entries.firstIndex(of: entry) else { continue }
            entries.swapAt(index, entries.count - 1)
            entries.removeLast()
            buckets[key] = entries.isEmpty ? nil : entries
            count -= 1
        }
    }
}
