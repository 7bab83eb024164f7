/// Small sets of 32-bit hashes kept as sorted arrays without repeats (facts, lead words): compact to store and
/// compared by one merge.
enum SortedSet32 {
    /// Sorts `values` and removes repeats, in place.
    static func normalise(_ values: inout [UInt32]) {
        values.sort()
        var unique = 0
        for index in values.indices where unique == 0 || values[unique - 1] != values[index] {
            values[unique] = values[index]
            unique += 1
        }
        values.removeLast(values.count - unique)
    }

    /// Number of values two sorted, repeat-free sequences share.
    static func sharedCount(_ a: ArraySlice<UInt32>, _ b: ArraySlice<UInt32>) -> Int {
        var i = a.startIndex
        var j = b.startIndex
        var shared = 0
        while i < a.endIndex && j < b.endIndex {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return shared
    }

    /// Whether a sorted, repeat-free array holds `value` (binary search).
    static func contains(_ values: [UInt32], _ value: UInt32) -> Bool {
        let index = values.lowerBound(of: value)
        return index < values.count && values[index] == value
    }
}
