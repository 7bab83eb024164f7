/// Where a live index files its band keys: the LSH buckets of document and paragraph signatures.
///
/// An entry is 31 bits that the index gives meaning to: a document's slot, or for a paragraph signature the slot and
/// the paragraph (`LiveIndex.paragraphEntry`); an entry may be filed twice under a key. The store answers, for many
/// keys at once, the entries filed under each; a store kept elsewhere (a table of band keys shared by several
/// processes) answers a batch's lookups in one round trip. `entries` may give a key's entries in any order (the index
/// orders them itself); `newest` gives the most recently filed first when the store knows the order.
public protocol CandidateStore: Sendable {
    /// The entries under each key, in the order of `keys`.
    func entries(for keys: [UInt64]) -> [[UInt32]]
    /// How many entries each key holds, in the order of `keys` (cheaper than the entries: most buckets are small,
    /// and only a bucket over the limit needs a decision).
    func counts(for keys: [UInt64]) -> [Int]
    /// Files each entry under its key.
    mutating func insert(_ filings: [(key: UInt64, entry: UInt32)])
    /// Removes each entry from its key (one filing each); entries not filed are ignored.
    mutating func remove(_ filings: [(key: UInt64, entry: UInt32)])
    /// The number of entries filed.
    var count: Int { get }
    /// For each key, how many entries it holds and at most `limit` of them, the most recently filed first when the
    /// store knows the order: what a question about one text needs from a bucket far over the limit, without
    /// reading all of it.
    func newest(for keys: [UInt64], limit: Int) -> [(count: Int, entries: [UInt32])]
}

extension CandidateStore {
    public func newest(for keys: [UInt64], limit: Int) -> [(count: Int, entries: [UInt32])] {
        entries(for: keys).map { ($0.count, Array($0.prefix(limit))) }
    }
}
