/// 64-bit SimHash (Charikar 2002) over shingle hashes: each bit is the sign of the sum of ±1 votes of all shingles.
///
/// Similar documents get fingerprints at small Hamming distance; `SimHashIndex` finds them.
public struct SimHash: Sendable {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// The fingerprint of `shingles` (duplicates vote again, as term frequency).
    public func fingerprint(_ shingles: UnsafeBufferPointer<UInt64>) -> UInt64 {
        var votes = [Int32](repeating: 0, count: 64)
        votes.withUnsafeMutableBufferPointer { votes in
            for shingle in shingles {
                let mixed = StableMix.finalize(shingle ^ seed)
                for bit in 0..<64 {
                    votes[bit] &+= Int32(truncatingIfNeeded: (mixed >> UInt64(bit)) & 1) &* 2 &- 1
                }
            }
        }
        var result: UInt64 = 0
        for bit in 0..<64 where votes[bit] > 0 { result |= 1 << UInt64(bit) }
        return result
    }

    public func fingerprint(_ shingles: [UInt64]) -> UInt64 {
        shingles.withUnsafeBufferPointer { fingerprint($0) }
    }

    /// Number of differing bits.
    @inlinable
    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }
}
