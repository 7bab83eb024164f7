/// Counts distinct 64-bit values with a reusable open-addressing table.
///
/// Clearing is O(1) (a generation stamp), so one counter serves every document and paragraph a worker sees.
struct DistinctCounter {
    private var keys: [UInt64] = []
    private var stamps: [UInt32] = []
    private var generation: UInt32 = 0
    private var mask = 0

    /// Distinct values in `values`.
    mutating func count(_ values: UnsafeBufferPointer<UInt64>) -> Int {
        guard values.count > 1 else { return values.count }
        reserve(values.count)
        generation &+= 1
        if generation == 0 {
            for index in stamps.indices { stamps[index] = 0 }
            generation = 1
        }
        let generation = self.generation
        let mask = self.mask
        var distinct = 0
        keys.withUnsafeMutableBufferPointer { keys in
            stamps.withUnsafeMutableBufferPointer { stamps in
                for value in values {
                    var slot = Int(truncatingIfNeeded: StableMix.finalize(value)) & mask
                    while true {
                        if stamps[slot] != generation {
                            stamps[slot] = generation
                            keys[slot] = value
                            distinct += 1
                            break
                        }
                        if keys[slot] == value { break }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        return distinct
    }

    private mutating func reserve(_ count: Int) {
        var capacity = max(64, keys.count)
        while capacity < count * 2 { capacity *= 2 }
        if capacity != keys.count {
            keys = [UInt64](repeating: 0, count: capacity)
            stamps = [UInt32](repeating: 0, count: capacity)
            generation = 0
            mask = capacity - 1
        }
    }
}
