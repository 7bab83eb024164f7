/// Verification results kept between clusterings of a growing corpus (the watch daemon's batches).
///
/// A pair's evidence depends only on the two documents' fingerprints (fixed once a document is ingested), the
/// configuration, and the furniture set; entries are therefore reused as long as the furniture set is the same and
/// dropped as a whole when it changes. Only the pairs that were candidates in the last clustering are kept, so the
/// cache never outgrows one clustering's candidate list. Results are the same as without a cache.
public struct VerificationCache: Sendable {
    /// Evidence by pair key; nil for pairs verified to be neither related nor sharing a paragraph.
    var entries: [UInt64: PairEvidence?] = [:]
    var furnitureSignature: UInt64?
    /// Above this many candidate pairs, caching is skipped (memory).
    public var maximumEntries: Int
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init(maximumEntries: Int = 2_000_000) { self.maximumEntries = maximumEntries }

    /// An order-independent signature of a furniture set.
    static func signature(_ furniture: HashSet64, count: Int, members: [UInt64]) -> UInt64 {
        var sum = UInt64(count)
        for member in members { sum &+= StableMix.finalize(member) }
        return sum
    }

    mutating func record(hits: Int, misses: Int) {
        self.hits += hits
        self.misses += misses
    }
}
