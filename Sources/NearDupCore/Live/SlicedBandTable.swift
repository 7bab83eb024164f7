/// The table behind `InMemoryCandidateStore`: band keys in 256 slices by their mixed key (`StableMix.finalize`),
/// each a compact sorted run of its filings and a small table of the filings made since (`BandSlice`).
///
/// A slice whose recent filings, or whose removed filings, pass a quarter of its run is merged into a new run after
/// the change that took it there: merges come one slice at a time, each a 256th of the table, so no batch pays for
/// the whole table, and a filing is copied about five times over the life of an index that grows (the run grows by
/// a quarter at least at each merge). A key's list is the same as an open-addressing table's (newest first), so
/// answers do not depend on where filings are kept.
struct SlicedBandTable: Sendable {
    static let sliceCount = 1 << BandRun.sliceBits
    var slices: [BandSlice]
    private(set) var count = 0
    /// A slice is merged only once its recent or removed filings pass this many too (a few hundred bytes of run
    /// beside a table of 16 slots is no saving). Tests lower it to merge often.
    var mergeFloor = 1024

    init() { slices = (0..<Self.sliceCount).map { BandSlice(number: $0) } }

    @inline(__always)
    static func mix(_ key: UInt64) -> UInt64 { StableMix.finalize(key) }

    @inline(__always)
    static func slice(of mixed: UInt64) -> Int { Int(mixed >> UInt64(64 - BandRun.sliceBits)) }

    /// The slice of a mixed key, borrowed: read through the array, a slice was copied (a retain and a release of
    /// each of its arrays) for every lookup.
    @inline(__always)
    private func withSlice<Result>(of mixed: UInt64, _ body: (borrowing BandSlice) -> Result) -> Result {
        slices.withUnsafeBufferPointer { body($0.baseAddress![Self.slice(of: mixed)]) }
    }

    func count(of key: UInt64) -> Int {
        let mixed = Self.mix(key)
        return withSlice(of: mixed) { $0.count(of: mixed) }
    }

    func counts(for keys: [UInt64]) -> [Int] { keys.map(count(of:)) }

    func entries(for keys: [UInt64]) -> [[UInt32]] { keys.map(entries(of:)) }

    func entries(of key: UInt64) -> [UInt32] { newest(of: key, limit: Int.max).entries }

    /// How many entries `key` holds, and the first `limit` of its list: the most recently filed first.
    func newest(of key: UInt64, limit: Int) -> (count: Int, entries: [UInt32]) {
        let mixed = Self.mix(key)
        return withSlice(of: mixed) { $0.newest(of: mixed, limit: limit) }
    }

    /// How many times `entry` is filed under `key`.
    func occurrences(of entry: UInt32, under key: UInt64) -> Int {
        let mixed = Self.mix(key)
        return withSlice(of: mixed) { $0.occurrences(of: entry, under: mixed) }
    }

    mutating func insert(_ filings: [(key: UInt64, entry: UInt32)]) {
        guard !filings.isEmpty else { return }
        // Partitioned by slice, in the order given within each (the later filing of a key is the newer), so that
        // each slice takes its filings in one call.
        var starts = [Int](repeating: 0, count: Self.sliceCount + 1)
        let mixed = filings.map { Self.mix($0.key) }
        for key in mixed { starts[Self.slice(of: key) + 1] += 1 }
        for slice in 0..<Self.sliceCount { starts[slice + 1] += starts[slice] }
        var next = starts
        var partitioned = [(key: UInt64, entry: UInt32)](repeating: (0, 0), count: filings.count)
        for (index, key) in mixed.enumerated() {
            let slice = Self.slice(of: key)
            partitioned[next[slice]] = (key, filings[index].entry)
            next[slice] += 1
        }
        for slice in 0..<Self.sliceCount where starts[slice] < starts[slice + 1] {
            slices[slice].insert(Array(partitioned[starts[slice]..<starts[slice + 1]]))
            mergeIfDue(slice)
        }
        count += filings.count
    }

    /// Takes one filing out per pair given (pairs not filed are ignored), the newest of a key's first. The filings
    /// of one key are taken out in one walk of its list: taking a paragraph that became furniture out of its
    /// buckets, a start-up batch takes thousands of entries out of one list.
    mutating func remove(_ filings: [(key: UInt64, entry: UInt32)]) {
        guard !filings.isEmpty else { return }
        // Sorted by mixed key, so slices come in order (the slice is the key's top byte): each is merged, if due,
        // once its removals are done.
        let sorted = filings.map { (mixed: Self.mix($0.key), entry: $0.entry) }.sorted { $0.mixed < $1.mixed }
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && sorted[end].mixed == sorted[start].mixed { end += 1 }
            let slice = Self.slice(of: sorted[start].mixed)
            count -= slices[slice].remove(sorted[start..<end].map(\.entry), under: sorted[start].mixed)
            if end == sorted.count || Self.slice(of: sorted[end].mixed) != slice { mergeIfDue(slice) }
            start = end
        }
    }

    private mutating func mergeIfDue(_ slice: Int) {
        if slices[slice].isDueForMerge(floor: mergeFloor) { slices[slice].merge() }
    }

}

extension SlicedBandTable {
    /// Each slice as one run (`BandSlice.compacted()`): its number of filings and, when it has any, the run's
    /// arrays as they are in memory (bucket directory, searched bits, middles, entries); then the total. Loading
    /// reads each array in one copy and checks it, and places no key: a table of a hundred million filings loads in
    /// about the time it takes to read it.
    func encode(into writer: inout ByteWriter) {
        writer.write(UInt32(Self.sliceCount))
        for slice in slices {
            let run = slice.compacted()
            writer.write(UInt64(run.count))
            guard run.count > 0 else { continue }
            writer.write(run.starts)
            writer.write(run.highs)
            writer.write(run.middles)
            writer.write(run.entries)
        }
        writer.write(Int64(count))
    }

    init(decoding reader: inout ByteReader) throws(ByteReader.Truncated) {
        // The checkpoint's checksum, checked before decoding, catches damage; these checks are for a file made to
        // crash the loader (a trap, a hang, a huge allocation), and keep a loaded run a run
        // (`BandRun.init?(slice:starts:highs:middles:entries:)`).
        guard try reader.read(UInt32.self) == UInt32(Self.sliceCount) else { throw ByteReader.Truncated() }
        self.init()
        var total = 0
        for number in 0..<Self.sliceCount {
            let filings = try reader.read(UInt64.self)
            guard filings > 0 else { continue }
            guard filings <= UInt64(reader.remaining / 9) else { throw ByteReader.Truncated() }
            guard
                let run = BandRun(
                    slice: number, starts: try reader.readArray(), highs: try reader.readArray(),
                    middles: try reader.readArray(), entries: try reader.readArray()),
                run.count == Int(filings)
            else { throw ByteReader.Truncated() }
            slices[number] = BandSlice(number: number, run: run)
            total += Int(filings)
        }
        count = Int(try reader.read(Int64.self))
        guard count == total else { throw ByteReader.Truncated() }
    }
}
