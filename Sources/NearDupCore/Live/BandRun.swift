/// The band filings of one slice of a `SlicedBandTable` as one sorted, compact run: 9–11 bytes a filing, where an
/// open-addressing table takes about 15 (12-byte slots at a load between 3/8 and 3/4, and 8-byte pool nodes for
/// lists), and a run is loaded from a checkpoint as its arrays, without placing each key.
///
/// Filings are ordered by mixed key (`StableMix.finalize` of the band key, so that any band keys spread evenly), a
/// key's filings together, newest first. The mixed key is not stored whole: its top 8 bits are the slice, the next
/// `bucketBits` pick a bucket (`starts`), and only the rest is kept: the next 32 bits (`highs`, which a lookup
/// searches, four bytes a probe) and the bits below them (`middles`, one to three bytes a filing, read only to tell
/// apart keys whose 32 bits agree). A run never changes once built; its slice marks removed filings beside it and
/// merges it with newer filings into a new run.
struct BandRun: Sendable {
    static let sliceBits = 8
    /// The slice's bits, at the top of every mixed key in the run.
    let prefix: UInt64
    let bucketBits: Int
    /// Bytes a filing of the bits between the bucket's and the low 32.
    let middleWidth: Int
    /// Bucket `b` holds filings `starts[b]..<starts[b + 1]`; empty for a run without filings.
    private(set) var starts: [UInt32] = []
    private(set) var highs: [UInt32] = []
    private(set) var middles: [UInt8] = []
    private(set) var entries: [UInt32] = []
    /// While building: the last bucket whose start is set, and the last mixed key appended.
    private var filledBuckets = 0
    private var last: UInt64?

    var count: Int { entries.count }

    /// An empty run for the slice `slice`, with room for `capacity` filings (buckets of about eight).
    init(slice: Int, capacity: Int) {
        prefix = UInt64(slice) << UInt64(64 - Self.sliceBits)
        (bucketBits, middleWidth) = Self.layout(count: capacity)
        guard capacity > 0 else { return }
        starts = [UInt32](repeating: 0, count: (1 << bucketBits) + 1)
        highs.reserveCapacity(capacity)
        middles.reserveCapacity(capacity * middleWidth)
        entries.reserveCapacity(capacity)
    }

    /// A run from its arrays as a checkpoint holds them, or nil when they are not a run of `slice`: the wrong sizes
    /// for its number of filings, a directory that is not ascending from 0 to the count, keys out of order within a
    /// bucket, a middle wider than its bits, an entry with the list flag.
    init?(slice: Int, starts: [UInt32], highs: [UInt32], middles: [UInt8], entries: [UInt32]) {
        let count = entries.count
        prefix = UInt64(slice) << UInt64(64 - Self.sliceBits)
        (bucketBits, middleWidth) = Self.layout(count: count)
        guard highs.count == count, middles.count == count * middleWidth,
            starts.count == (count == 0 ? 0 : (1 << bucketBits) + 1), starts.first ?? 0 == 0,
            Int(starts.last ?? 0) == count, entries.allSatisfy({ $0 <= BandTable.largestEntry })
        else { return nil }
        (self.starts, self.highs, self.middles, self.entries) = (starts, highs, middles, entries)
        filledBuckets = max(starts.count - 1, 0)
        guard Self.isOrdered(starts: starts, highs: highs, middles: middles, width: middleWidth, bits: middleBits)
        else { return nil }
    }

    /// Whether each bucket's filings are in key order with middles within their bits. Through buffer pointers: a
    /// start checks a hundred million filings.
    private static func isOrdered(
        starts: [UInt32], highs: [UInt32], middles: [UInt8], width: Int, bits: Int
    ) -> Bool {
        starts.withUnsafeBufferPointer { starts in
            highs.withUnsafeBufferPointer { highs in
                middles.withUnsafeBufferPointer { middles in
                    let limit = UInt64(1) << UInt64(bits)
                    for bucket in 0..<max(starts.count - 1, 0) {
                        let (first, end) = (Int(starts[bucket]), Int(starts[bucket + 1]))
                        guard first <= end, end <= highs.count else { return false }
                        var previous: UInt64 = 0
                        for index in first..<end {
                            var middle: UInt64 = 0
                            for byte in 0..<width {
                                middle |= UInt64(middles[index * width + byte]) << UInt64(8 * byte)
                            }
                            let rest = UInt64(highs[index]) << UInt64(bits) | middle
                            guard middle < limit, index == first || previous <= rest else { return false }
                            previous = rest
                        }
                    }
                    return true
                }
            }
        }
    }

    /// The bucket bits and middle width of a run of `count` filings (buckets of about eight): a function of the count,
    /// so that a checkpoint need not write them.
    private static func layout(count: Int) -> (bucketBits: Int, middleWidth: Int) {
        var bits = 0
        while bits < 16 && (8 << bits) < count { bits += 1 }
        return (bits, (64 - sliceBits - bits - 32 + 7) / 8)
    }

    /// An empty run that holds nothing and reserves nothing.
    static func empty(slice: Int) -> BandRun { BandRun(slice: slice, capacity: 0) }

    @inline(__always)
    private var middleBits: Int { 64 - Self.sliceBits - bucketBits - 32 }

    @inline(__always)
    func bucket(of mixed: UInt64) -> Int {
        bucketBits == 0 ? 0 : Int(truncatingIfNeeded: (mixed << UInt64(Self.sliceBits)) >> UInt64(64 - bucketBits))
    }

    /// The bits of a mixed key below its bucket's, as they are ordered inside the bucket.
    @inline(__always)
    func rest(of mixed: UInt64) -> UInt64 { mixed & ((1 << UInt64(middleBits + 32)) - 1) }

    @inline(__always)
    func middle(at index: Int) -> UInt64 {
        var middle = UInt64(middles[index * middleWidth])
        if middleWidth > 1 { middle |= UInt64(middles[index * middleWidth + 1]) << 8 }
        if middleWidth > 2 { middle |= UInt64(middles[index * middleWidth + 2]) << 16 }
        return middle
    }

    @inline(__always)
    func rest(at index: Int) -> UInt64 { UInt64(highs[index]) << UInt64(middleBits) | middle(at: index) }

    /// The mixed key of the filing at `index`, which is in `bucket`.
    @inline(__always)
    func mixedKey(at index: Int, bucket: Int) -> UInt64 {
        prefix | (bucketBits == 0 ? 0 : UInt64(bucket) << UInt64(64 - Self.sliceBits - bucketBits)) | rest(at: index)
    }

    /// Appends a filing; mixed keys come in ascending order, a key's filings newest first.
    mutating func append(mixed: UInt64, entry: UInt32) {
        precondition(mixed & ~(UInt64.max >> UInt64(Self.sliceBits)) == prefix, "BandRun: a key of another slice")
        precondition(last.map { $0 <= mixed } ?? true, "BandRun: keys are appended in order")
        last = mixed
        let bucket = bucket(of: mixed)
        while filledBuckets < bucket {
            filledBuckets += 1
            starts[filledBuckets] = UInt32(entries.count)
        }
        let rest = rest(of: mixed)
        highs.append(UInt32(truncatingIfNeeded: rest >> UInt64(middleBits)))
        let middle = rest & ((1 << UInt64(middleBits)) - 1)
        for byte in 0..<middleWidth { middles.append(UInt8(truncatingIfNeeded: middle >> UInt64(8 * byte))) }
        entries.append(entry)
    }

    /// Appends a key's filings, newest first; the key comes after every key appended.
    mutating func append(mixed: UInt64, entries: ArraySlice<UInt32>) {
        for entry in entries { append(mixed: mixed, entry: entry) }
    }

    /// Ends the run: buckets after the last filing's are empty.
    mutating func finish() {
        guard !starts.isEmpty else { return }
        while filledBuckets < starts.count - 1 {
            filledBuckets += 1
            starts[filledBuckets] = UInt32(entries.count)
        }
    }

    /// The filings of a mixed key.
    func range(of mixed: UInt64) -> Range<Int> {
        guard !starts.isEmpty else { return 0..<0 }
        let bucket = bucket(of: mixed)
        var (low, high) = (Int(starts[bucket]), Int(starts[bucket + 1]))
        guard low < high else { return low..<low }
        let rest = rest(of: mixed)
        let wanted = UInt32(truncatingIfNeeded: rest >> UInt64(middleBits))
        // The first filing whose 32 bits are not below the key's, searching one array.
        highs.withUnsafeBufferPointer { highs in
            while low < high {
                let middle = (low + high) / 2
                if highs[middle] < wanted { low = middle + 1 } else { high = middle }
            }
        }
        // Keys whose 32 bits agree are a key's own list, and now and then another key (whose list may be long).
        let end = Int(starts[bucket + 1])
        var first = low
        if first < end && highs[first] == wanted && self.rest(at: first) < rest {
            var limit = end
            while first < limit {
                let middle = (first + limit) / 2
                if self.rest(at: middle) < rest { first = middle + 1 } else { limit = middle }
            }
        }
        guard first < end && highs[first] == wanted && self.rest(at: first) == rest else { return first..<first }
        // A lone filing is the usual case; a long list (a template's bucket) is searched for its end.
        if first + 1 == end || self.rest(at: first + 1) != rest { return first..<(first + 1) }
        var (after, limit) = (first + 1, end)
        while after < limit {
            let middle = (after + limit) / 2
            if self.rest(at: middle) <= rest { after = middle + 1 } else { limit = middle }
        }
        return first..<after
    }

    /// Calls `body` for each key of the run in order: its mixed key and the range of its filings.
    func forEachKey(_ body: (UInt64, Range<Int>) -> Void) {
        var bucket = 0
        var index = 0
        while index < count {
            while Int(starts[bucket + 1]) <= index { bucket += 1 }
            let rest = rest(at: index)
            var end = index + 1
            while end < Int(starts[bucket + 1]) && self.rest(at: end) == rest { end += 1 }
            body(mixedKey(at: index, bucket: bucket), index..<end)
            index = end
        }
    }
}
