/// MinHash by one-permutation hashing with optimal densification (Shrivastava, ICML 2017).
///
/// Each shingle hash is mixed once; its top bits choose one of `slots` bins and its low 32 bits compete for that
/// bin's minimum. Bins that stay empty borrow the value of a non-empty bin chosen by a fixed pseudo-random probe
/// sequence that depends only on the bin number, so two documents with the same content fill their empty bins the
/// same way and the fraction of equal slots stays an unbiased estimate of Jaccard similarity. This costs one hash per
/// shingle instead of one per shingle and slot.
public struct OnePermutationMinHash: Sendable, Hashable {
    /// Number of slots; a power of two.
    public let slots: Int
    /// Mixed into every shingle hash, so that document and paragraph sketches are independent.
    public let seed: UInt64
    private let shift: UInt64
    /// The first `probeDepth` donors of every bin's probe sequence, precomputed: densifying a sparse paragraph
    /// sketch would otherwise hash once per probe.
    private let probes: [UInt16]
    static let probeDepth = 16

    /// The value an empty bin holds before densification; never produced by a shingle.
    static let empty = UInt32.max

    public init(slots: Int, seed: UInt64) {
        precondition(slots >= 2 && slots.nonzeroBitCount == 1, "slots must be a power of two")
        self.slots = slots
        self.seed = seed
        let shift = UInt64(64 - slots.trailingZeroBitCount)
        self.shift = shift
        var probes: [UInt16] = []
        probes.reserveCapacity(slots * Self.probeDepth)
        for index in 0..<slots {
            for attempt in 1...Self.probeDepth {
                probes.append(UInt16(Self.probe(seed: seed, index: index, attempt: UInt64(attempt), shift: shift)))
            }
        }
        self.probes = probes
    }

    /// The donor bin tried at `attempt` for empty bin `index`: a fixed function of the two, so two documents with
    /// the same filled bins fill their empty bins the same way.
    @inline(__always)
    static func probe(seed: UInt64, index: Int, attempt: UInt64, shift: UInt64) -> Int {
        Int(
            truncatingIfNeeded: StableMix.finalize(seed ^ 0x6F70_685F_6465_6E73 ^ (UInt64(index) << 32 | attempt))
                >> shift)
    }

    /// Writes the sketch of `shingles` (any order, duplicates allowed, at least one) into `output`.
    public func sketch(_ shingles: UnsafeBufferPointer<UInt64>, into output: UnsafeMutableBufferPointer<UInt32>) {
        precondition(output.count == slots)
        output.update(repeating: Self.empty)
        for shingle in shingles {
            let mixed = StableMix.finalize(shingle ^ seed)
            let bin = Int(truncatingIfNeeded: mixed >> shift)
            let value = min(UInt32(truncatingIfNeeded: mixed), Self.empty - 1)
            if value < output[bin] { output[bin] = value }
        }
        densify(output)
    }

    /// Convenience for tests.
    public func sketch(_ shingles: [UInt64]) -> [UInt32] {
        var output = [UInt32](repeating: 0, count: slots)
        shingles.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { sketch(input, into: $0) }
        }
        return output
    }

    private func densify(_ output: UnsafeMutableBufferPointer<UInt32>) {
        var filled = 0
        for value in output where value != Self.empty { filled += 1 }
        guard filled > 0, filled < slots else { return }
        // Donors must be original bins: copying from an already densified bin would correlate the estimates.
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: slots) { original in
            for index in 0..<slots { original[index] = output[index] != Self.empty }
            probes.withUnsafeBufferPointer { probes in
                for index in 0..<slots where !original[index] {
                    var attempt = 1
                    while true {
                        let donor =
                            attempt <= Self.probeDepth
                            ? Int(probes[index * Self.probeDepth + attempt - 1])
                            : Self.probe(seed: seed, index: index, attempt: UInt64(attempt), shift: shift)
                        if original[donor] {
                            output[index] = output[donor]
                            break
                        }
                        attempt += 1
                    }
                }
            }
        }
    }
}
