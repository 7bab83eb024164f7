import Synchronization

/// Finds pairs of owners whose signatures agree on a whole band, by sorting band keys rather than by building hash
/// tables: one flat array per band, radix-sorted, so memory stays at 12 bytes per signature and band.
public struct BandedCandidates: Sendable {
    /// What to do with a bucket shared by more than `maximumBucketOwners` distinct owners.
    public enum LargeBucketPolicy: Sendable {
        /// Ignore it: the shared content is furniture.
        case skip
        /// Link its owners in a chain instead of all pairs, so a large group of true near-duplicates stays
        /// reachable at linear cost.
        case chain
        /// Ask: the closure gets the bucket's distinct owners and answers true to chain them, false to skip
        /// the bucket (and report its items as furniture).
        case decide(@Sendable ([UInt32]) -> Bool)
    }

    public var scheme: LSHScheme
    public var maximumBucketOwners: Int
    public var policy: LargeBucketPolicy

    public init(scheme: LSHScheme, maximumBucketOwners: Int, policy: LargeBucketPolicy) {
        self.scheme = scheme
        self.maximumBucketOwners = maximumBucketOwners
        self.policy = policy
    }

    /// Candidate owner pairs `(low << 32) | high`, sorted and unique, from concatenated signatures.
    ///
    /// - Parameters:
    ///   - signatures: `owners.count` signatures of `scheme.slots` values each, concatenated.
    ///   - owners: the owner of each signature; several signatures may share an owner (paragraphs of a document),
    ///     and a bucket's owners are counted distinct. Must be non-decreasing.
    ///   - skippedBuckets: incremented for each bucket the policy skipped or chained.
    public func pairs(signatures: [UInt32], owners: [UInt32], skippedBuckets: inout Int) -> [UInt64] {
        precondition(signatures.count == owners.count * scheme.slots)
        var furniture: [Int] = []
        let slots = scheme.slots
        return pairs(
            owners: owners, skippedBuckets: &skippedBuckets, furniture: &furniture,
            value: { item, slot in signatures[item * slots + slot] })
    }

    /// Candidate owner pairs, reading slot `slot` of item `item`'s signature through `value`, so that signatures
    /// stay where they are (no flat copy of every signature). Items of skipped buckets are added to `furniture`
    /// (sorted, unique). Bands are processed by `jobs` workers, each with its own sort buffers.
    public func pairs(
        owners: [UInt32], skippedBuckets: inout Int, furniture: inout [Int], jobs: Int = 1,
        value: @Sendable (_ item: Int, _ slot: Int) -> UInt32
    ) -> [UInt64] {
        let count = owners.count
        let workers = max(1, min(jobs, scheme.bands))
        let outputs = UnsafeMutableBufferPointer<BandOutput>.allocate(capacity: workers)
        outputs.initialize(repeating: BandOutput())
        defer { outputs.deallocate() }
        let shared = SendableBuffer(buffer: outputs)
        let nextBand = Atomic<Int>(0)
        Parallel.workers(workers) { worker in
            var output = BandOutput()
            var keys = [UInt64](repeating: 0, count: count)
            var sortedKeys = keys
            var sortedOwners = owners
            var sortedItems = owners
            var scratchKeys = keys
            var scratchItems = owners
            var distinct: [UInt32] = []
            let items = (0..<count).map { UInt32($0) }
            var compacted = 0
            while true {
                let band = nextBand.wrappingAdd(1, ordering: .relaxed).oldValue
                if band >= scheme.bands { break }
                let first = band * scheme.rows
                for item in 0..<count {
                    var key = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
                    for row in 0..<scheme.rows { key = StableMix.combine(key, UInt64(value(item, first + row))) }
                    keys[item] = key
                }
                RadixSort.sort(
                    keys: keys, owners: items, into: &sortedKeys, &sortedItems, scratch: &scratchKeys, &scratchItems)
                for index in 0..<count { sortedOwners[index] = owners[Int(sortedItems[index])] }
                var start = 0
                while start < count {
                    var end = start + 1
                    while end < count && sortedKeys[end] == sortedKeys[start] { end += 1 }
                    if end - start > 1 {
                        distinct.removeAll(keepingCapacity: true)
                        for index in start..<end where distinct.last != sortedOwners[index] {
                            distinct.append(sortedOwners[index])
                        }
                        if !emit(distinct, into: &output.pairs, skipped: &output.skipped) {
                            for index in start..<end { output.furniture.append(Int(sortedItems[index])) }
                        }
                    }
                    start = end
                }
                // A pair of near-identical signatures collides in most bands: deduplicate whenever the list doubles,
                // so it holds each pair about once instead of once per band.
                if output.pairs.count > max(1 << 20, 2 * compacted) {
                    RadixSort.sort(&output.pairs)
                    output.pairs = output.pairs.uniqued()
                    compacted = output.pairs.count
                }
            }
            shared.buffer[worker] = output
        }
        var result: [UInt64] = []
        for output in outputs {
            result.append(contentsOf: output.pairs)
            furniture.append(contentsOf: output.furniture)
            skippedBuckets += output.skipped
        }
        RadixSort.sort(&result)
        furniture.sort()
        furniture = furniture.uniqued()
        return result.uniqued()
    }

    struct BandOutput {
        var pairs: [UInt64] = []
        var furniture: [Int] = []
        var skipped = 0
    }

    /// Emits a bucket's pairs; returns false when the bucket was skipped.
    private func emit(_ owners: [UInt32], into result: inout [UInt64], skipped: inout Int) -> Bool {
        guard owners.count > 1 else { return true }
        if owners.count <= maximumBucketOwners {
            for i in 0..<(owners.count - 1) {
                for j in (i + 1)..<owners.count { result.append(UInt64(owners[i]) << 32 | UInt64(owners[j])) }
            }
            return true
        }
        skipped += 1
        let chain: Bool
        switch policy {
        case .skip: chain = false
        case .chain: chain = true
        case .decide(let decide): chain = decide(owners)
        }
        guard chain else { return false }
        for i in 1..<owners.count { result.append(UInt64(owners[i - 1]) << 32 | UInt64(owners[i])) }
        return true
    }
}

extension Array where Element: Equatable {
    /// Removes adjacent repeats (on a sorted array: all repeats).
    func uniqued() -> [Element] {
        var output: [Element] = []
        output.reserveCapacity(count)
        for element in self where output.last != element { output.append(element) }
        return output
    }
}
