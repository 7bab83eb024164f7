/// One slice of a `SlicedBandTable`: a compact sorted run of its filings as of the slice's last merge, the run's
/// filings removed since (a bit each), and a small open-addressing table of the filings made since (`recent`). A
/// key's list is its recent filings, newest first, then its run's filings that are not removed.
///
/// Keys here are mixed keys (`StableMix.finalize` of a band key).
struct BandSlice: Sendable {
    let number: Int
    var run: BandRun
    /// A bit per filing of the run: set when the filing is removed.
    var removed: [UInt64] = []
    var removedCount = 0
    var recent: BandTable?

    init(number: Int, run: BandRun? = nil) {
        self.number = number
        self.run = run ?? .empty(slice: number)
    }

    var count: Int { run.count - removedCount + (recent?.count ?? 0) }

    @inline(__always)
    func isRemoved(_ index: Int) -> Bool {
        !removed.isEmpty && removed[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    private mutating func markRemoved(_ index: Int) {
        if removed.isEmpty { removed = [UInt64](repeating: 0, count: (run.count + 63) / 64) }
        removed[index >> 6] |= 1 << UInt64(index & 63)
        removedCount += 1
    }

    /// How many of the run's filings in `range` are not removed: a word of marks at a time, as a template's bucket
    /// holds thousands of filings and is counted for every document that has it.
    private func live(in range: Range<Int>) -> Int {
        guard removedCount > 0 && !range.isEmpty else { return range.count }
        let (first, last) = (range.lowerBound >> 6, (range.upperBound - 1) >> 6)
        var marked = 0
        for word in first...last {
            var bits = removed[word]
            if word == first { bits &= UInt64.max << UInt64(range.lowerBound & 63) }
            if word == last && range.upperBound & 63 != 0 { bits &= UInt64.max >> UInt64(64 - (range.upperBound & 63)) }
            marked += bits.nonzeroBitCount
        }
        return range.count - marked
    }

    func count(of mixed: UInt64) -> Int {
        (recent?.count(of: mixed) ?? 0) + live(in: run.range(of: mixed))
    }

    /// The entries of a key: recent first, newest first, at most `limit`; and how many the key holds.
    func newest(of mixed: UInt64, limit: Int) -> (count: Int, entries: [UInt32]) {
        var (count, entries) = recent?.newest(of: mixed, limit: limit) ?? (0, [])
        let range = run.range(of: mixed)
        guard !range.isEmpty else { return (count, entries) }
        count += live(in: range)
        var index = range.lowerBound
        while index < range.upperBound && entries.count < limit {
            if !isRemoved(index) { entries.append(run.entries[index]) }
            index += 1
        }
        return (count, entries)
    }

    func occurrences(of entry: UInt32, under mixed: UInt64) -> Int {
        var found = recent?.occurrences(of: entry, under: mixed) ?? 0
        for index in run.range(of: mixed) where !isRemoved(index) && run.entries[index] == entry { found += 1 }
        return found
    }

    mutating func insert(_ filings: [(key: UInt64, entry: UInt32)]) {
        if recent == nil { recent = BandTable(capacity: 16) }
        recent!.insert(filings)
    }

    /// Takes one filing of each of `entries` (a multiset) out of a key's list, the newest first; returns how many
    /// were filed.
    mutating func remove(_ entries: [UInt32], under mixed: UInt64) -> Int {
        var left = entries
        if recent != nil { left = recent!.remove(left, under: mixed) }
        var taken = entries.count - left.count
        guard !left.isEmpty else { return taken }
        let range = run.range(of: mixed)
        guard !range.isEmpty else { return taken }
        if left.count == 1 {
            for index in range where !isRemoved(index) && run.entries[index] == left[0] {
                markRemoved(index)
                return taken + 1
            }
            return taken
        }
        // Thousands of entries out of one list (a bucket that became furniture) in one walk.
        var wanted: [UInt32: Int] = [:]
        for entry in left { wanted[entry, default: 0] += 1 }
        for index in range where !isRemoved(index) {
            guard let count = wanted[run.entries[index]] else { continue }
            wanted[run.entries[index]] = count == 1 ? nil : count - 1
            markRemoved(index)
            taken += 1
            if wanted.isEmpty { break }
        }
        return taken
    }

    /// Whether the filings since the last merge, or the run's removed filings, are enough to merge: a quarter of
    /// the run, so that a filing is copied about five times over the life of an index that grows (the run grows by
    /// a quarter at least at each merge), and the recent table stays small beside the run.
    func isDueForMerge(floor: Int) -> Bool {
        let threshold = max(run.count / 4, floor)
        return (recent?.count ?? 0) > threshold || removedCount > threshold
    }

    /// The recent table's keys, in run order, each with its slot.
    private var recentKeys: [(mixed: UInt64, slot: Int)] {
        guard let recent else { return [] }
        var keys: [(mixed: UInt64, slot: Int)] = []
        keys.reserveCapacity(recent.count)
        for slot in recent.keys.indices where recent.references[slot] < BandTable.vacant {
            keys.append((recent.keys[slot], slot))
        }
        keys.sort { $0.mixed < $1.mixed }
        return keys
    }

    /// Folds the recent filings into a new run without the removed ones.
    mutating func merge() {
        run = compacted()
        removed = []
        removedCount = 0
        recent = nil
    }

    /// The slice's filings as one run: the run itself when nothing was filed or removed since it was built, a merge
    /// of the recent filings and the run's that are not removed otherwise. Filings go from run to run without a list
    /// per key: an index that grows copies every filing several times, and a list per key cost more than the copy (a
    /// replay from the log took twice as long).
    func compacted() -> BandRun {
        guard recent != nil || removedCount > 0 else { return run }
        let recentKeys = recentKeys
        var merged = BandRun(slice: number, capacity: count)
        var next = 0
        func appendRecent(_ index: Int) {
            let reference = recent!.references[recentKeys[index].slot]
            let mixed = recentKeys[index].mixed
            guard BandTable.isList(reference) else { return merged.append(mixed: mixed, entry: reference) }
            recent!.forEachEntry(ofList: reference) { merged.append(mixed: mixed, entry: $0) }
        }
        run.forEachKey { mixed, range in
            // Recent keys before this one, and this one's recent filings (newer than its run's) first.
            while next < recentKeys.count && recentKeys[next].mixed <= mixed {
                appendRecent(next)
                next += 1
            }
            for index in range where !isRemoved(index) { merged.append(mixed: mixed, entry: run.entries[index]) }
        }
        while next < recentKeys.count {
            appendRecent(next)
            next += 1
        }
        merged.finish()
        return merged
    }
}
