/// Stable least-significant-digit radix sort of 64-bit keys carrying 32-bit owners.
///
/// Stability matters: owners that arrive in ascending order stay ascending within a run of equal keys, which lets
/// the caller deduplicate owners in one pass.
enum RadixSort {
    static func sort(
        keys: [UInt64], owners: [UInt32], into sortedKeys: inout [UInt64], _ sortedOwners: inout [UInt32],
        scratch scratchKeys: inout [UInt64], _ scratchOwners: inout [UInt32]
    ) {
        let count = keys.count
        sortedKeys = keys
        sortedOwners = owners
        guard count > 1 else { return }
        if count < 256 {
            let order = (0..<count).sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
            for (position, index) in order.enumerated() {
                sortedKeys[position] = keys[index]
                sortedOwners[position] = owners[index]
            }
            return
        }
        var counts = [Int](repeating: 0, count: 2048)
        var shift: UInt64 = 0
        while shift < 64 {
            for index in counts.indices { counts[index] = 0 }
            for key in sortedKeys { counts[Int((key >> shift) & 2047)] += 1 }
            var total = 0
            for index in counts.indices {
                let value = counts[index]
                counts[index] = total
                total += value
            }
            for index in 0..<count {
                let key = sortedKeys[index]
                let bucket = Int((key >> shift) & 2047)
                let target = counts[bucket]
                counts[bucket] = target + 1
                scratchKeys[target] = key
                scratchOwners[target] = sortedOwners[index]
            }
            swap(&sortedKeys, &scratchKeys)
            swap(&sortedOwners, &scratchOwners)
            shift += 11
        }
    }

    /// Sorts 64-bit values in place (LSD, 16 bits a pass), skipping passes in which every value has the same digit.
    /// Several times faster than the standard library's comparison sort on millions of candidate pairs.
    static func sort(_ values: inout [UInt64]) {
        let count = values.count
        guard count > 1 else { return }
        if count < 512 {
            values.sort()
            return
        }
        var scratch = [UInt64](repeating: 0, count: count)
        var counts = [Int](repeating: 0, count: 1 << 16)
        var shift: UInt64 = 0
        while shift < 64 {
            for index in counts.indices { counts[index] = 0 }
            for value in values { counts[Int((value >> shift) & 0xFFFF)] += 1 }
            if counts[Int((values[0] >> shift) & 0xFFFF)] == count {
                shift += 16
                continue
            }
            var total = 0
            for index in counts.indices {
                let value = counts[index]
                counts[index] = total
                total += value
            }
            values.withUnsafeBufferPointer { source in
                scratch.withUnsafeMutableBufferPointer { target in
                    counts.withUnsafeMutableBufferPointer { counts in
                        for value in source {
                            let bucket = Int((value >> shift) & 0xFFFF)
                            target[counts[bucket]] = value
                            counts[bucket] += 1
                        }
                    }
                }
            }
            swap(&values, &scratch)
            shift += 16
        }
    }
}
