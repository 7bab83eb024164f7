/// Manku-style permuted tables for SimHash: finds all pairs of 64-bit fingerprints within Hamming distance `k`.
///
/// The 64 bits are cut into `k + m` blocks. Two fingerprints that differ in at most `k` bits differ in at most `k`
/// blocks, so they agree exactly on at least `m` of them: one table per choice of `m` blocks, keyed by those blocks'
/// bits, finds every such pair with no misses (recall 1), and each table's key has about 64·m/(k+m) bits.
public struct SimHashIndex: Sendable {
    public let maximumDistance: Int
    public let blocksPerKey: Int
    private let blockMasks: [UInt64]

    public init(maximumDistance: Int, blocksPerKey: Int = 2) {
        precondition(maximumDistance >= 0 && blocksPerKey >= 1)
        self.maximumDistance = maximumDistance
        self.blocksPerKey = blocksPerKey
        let blocks = maximumDistance + blocksPerKey
        var masks: [UInt64] = []
        var start = 0
        for block in 0..<blocks {
            let width = 64 / blocks + (block < 64 % blocks ? 1 : 0)
            let mask: UInt64 = width == 64 ? .max : ((1 << UInt64(width)) - 1) << UInt64(start)
            masks.append(mask)
            start += width
        }
        blockMasks = masks
    }

    /// The number of tables (choices of `blocksPerKey` blocks among all blocks).
    public var tableCount: Int { Self.combinations(blockMasks.count, blocksPerKey).count }

    /// All pairs `(low << 32) | high` of owners whose fingerprints are within `maximumDistance`; sorted, unique.
    public func pairs(fingerprints: [UInt64], owners: [UInt32]) -> [UInt64] {
        precondition(fingerprints.count == owners.count)
        var result: [UInt64] = []
        let count = fingerprints.count
        var keys = [UInt64](repeating: 0, count: count)
        var sortedKeys = keys
        var scratchKeys = keys
        var scratchOwners = owners
        var positions = (0..<count).map { UInt32($0) }
        var sortedPositions = positions
        for choice in Self.combinations(blockMasks.count, blocksPerKey) {
            let mask = choice.reduce(UInt64(0)) { $0 | blockMasks[$1] }
            for index in 0..<count { keys[index] = fingerprints[index] & mask }
            positions = (0..<count).map { UInt32($0) }
            RadixSort.sort(
                keys: keys, owners: positions, into: &sortedKeys, &sortedPositions, scratch: &scratchKeys,
                &scratchOwners)
            var start = 0
            while start < count {
                var end = start + 1
                while end < count && sortedKeys[end] == sortedKeys[start] { end += 1 }
                if end - start > 1 {
                    for i in start..<(end - 1) {
                        for j in (i + 1)..<end {
                            let a = Int(sortedPositions[i])
                            let b = Int(sortedPositions[j])
                            guard SimHash.distance(fingerprints[a], fingerprints[b]) <= maximumDistance else {
                                continue
                            }
                            let low = min(owners[a], owners[b])
                            let high = max(owners[a], owners[b])
                            if low != high { result.append(UInt64(low) << 32 | UInt64(high)) }
                        }
                    }
                }
                start = end
            }
        }
        RadixSort.sort(&result)
        return result.uniqued()
    }

    /// One key per table: the fingerprint's bits of that table's blocks, mixed with the table's number. Two
    /// fingerprints within `maximumDistance` share at least one key.
    public func keys(_ fingerprint: UInt64) -> [UInt64] {
        Self.combinations(blockMasks.count, blocksPerKey).enumerated().map { table, choice in
            let mask = choice.reduce(UInt64(0)) { $0 | blockMasks[$1] }
            return StableMix.combine(UInt64(table) &* 0x9E37_79B9_7F4A_7C15, fingerprint & mask)
        }
    }

    static func combinations(_ n: Int, _ k: Int) -> [[Int]] {
        guard k <= n else { return [] }
        if k == 0 { return [[]] }
        var output: [[Int]] = []
        func walk(_ start: Int, _ chosen: [Int]) {
            if chosen.count == k {
                output.append(chosen)
                return
            }
            guard start < n else { return }
            for index in start..<n { walk(index + 1, chosen + [index]) }
        }
        walk(0, [])
        return output
    }
}
