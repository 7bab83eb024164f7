/// Classic k-permutation MinHash: one independent hash function per slot.
///
/// About 40 times slower than `OnePermutationMinHash`; kept as the reference the fast path is tested against.
public struct ReferenceMinHash: Sendable {
    public let slots: Int
    private let seeds: [UInt64]

    public init(slots: Int, seed: UInt64) {
        self.slots = slots
        var state = seed
        seeds = (0..<slots).map { _ in
            state = StableMix.finalize(state)
            return state
        }
    }

    /// The minimum of each slot's hash over `shingles` (at least one).
    public func sketch(_ shingles: [UInt64]) -> [UInt64] {
        seeds.map { slotSeed in
            var minimum = UInt64.max
            for shingle in shingles {
                let value = StableMix.finalize(shingle ^ slotSeed)
                if value < minimum { minimum = value }
            }
            return minimum
        }
    }

    /// Fraction of slots on which two sketches agree: an unbiased estimate of Jaccard similarity.
    public static func estimate(_ a: [UInt64], _ b: [UInt64]) -> Double {
        precondition(a.count == b.count && !a.isEmpty)
        var equal = 0
        for index in a.indices where a[index] == b[index] { equal += 1 }
        return Double(equal) / Double(a.count)
    }
}
