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
}
