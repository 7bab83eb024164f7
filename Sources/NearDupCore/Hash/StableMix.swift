/// Fixed integer mixing functions used to derive shingle hashes, bin indices and LSH keys.
///
/// All of them are pure functions of their inputs, so signatures written by one run or machine compare equal
/// with those of any other.
public enum StableMix {
    /// The SplitMix64 finaliser: a bijection on `UInt64` with full avalanche.
    @inlinable @inline(__always)
    public static func finalize(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Order-dependent combination of a running hash with the next value.
    @inlinable @inline(__always)
    public static func combine(_ seed: UInt64, _ value: UInt64) -> UInt64 {
        finalize(((seed << 5) | (seed >> 59)) ^ value)
    }
}
