import Testing

@testable import NearDupCore

@Suite("Candidate store")
struct CandidateStoreTests {
    /// A store whose slices merge their recent filings into their runs when they pass a quarter of the run and
    /// `floor` (0: as soon as they pass a quarter, so small stores merge often).
    static func store(mergeFloor floor: Int) -> InMemoryCandidateStore {
        var store = InMemoryCandidateStore()
        store.shared.table.mergeFloor = floor
        return store
    }

    static func roundTrip(_ store: InMemoryCandidateStore) throws -> InMemoryCandidateStore {
        var writer = ByteWriter()
        store.encode(into: &writer)
        var reader = ByteReader(writer.bytes[...])
        var decoded = try InMemoryCandidateStore(decoding: &reader)
        decoded.shared.table.mergeFloor = store.shared.table.mergeFloor
        #expect(reader.isAtEnd)
        return decoded
    }

    /// Random filings and removals on few keys (long lists, lists shrinking to a lone entry and to nothing, vacant
    /// slots reused and swept by rehashes, an entry filed twice under a key as a document with two paragraphs in one
    /// bucket is) against a dictionary of entry lists, and a checkpoint round trip every ten steps: the store
    /// answers as the dictionary does, in each list's order (newest first), whether its slices merge often, now and
    /// then, or never (all in
    /// the small tables until a round trip puts everything in runs).
    @Test(arguments: [1, 2, 3] as [UInt64], [0, 8, 1 << 30])
    func answersAsADictionaryOfListsDoes(seed: UInt64, mergeFloor: Int) throws {
        var random = SplitMix64(seed: seed)
        var store = Self.store(mergeFloor: mergeFloor)
        var model: [UInt64: [UInt32]] = [:]
        let keySpace = UInt64(50 + 400 * Int(seed))
        for step in 0..<60 {
            var filings: [(key: UInt64, entry: UInt32)] = []
            for _ in 0..<Int(random.next() % 400) {
                let key = random.next() % keySpace
                let entry = UInt32(random.next() % 192)
                // Now and then a second filing of an entry the key has.
                let twice = model[key]?.contains(entry) == true || filings.contains(where: { $0 == (key, entry) })
                if twice && random.next() % 8 != 0 { continue }
                filings.append((key, entry))
            }
            store.insert(filings)
            for (key, entry) in filings { model[key, default: []].insert(entry, at: 0) }
            var removals: [(key: UInt64, entry: UInt32)] = []
            for (key, entries) in model where random.next() % 3 == 0 {
                for entry in entries where random.next() % 2 == 0 { removals.append((key, entry)) }
            }
            removals.append((keySpace + 1, 7))  // a key never filed
            if let (key, entries) = model.first(where: { !$0.value.isEmpty }) {
                removals.append((key, entries[0] | 1 << 30))  // an entry never filed
            }
            store.remove(removals)
            for (key, entry) in removals {
                if let at = model[key]?.firstIndex(of: entry) { model[key]!.remove(at: at) }
            }
            if step % 10 == 9 { store = try Self.roundTrip(store) }
            let keys = Array(0..<(keySpace + 2))
            let expected = keys.map { model[$0] ?? [] }
            #expect(store.entries(for: keys) == expected)
            #expect(store.newest(for: keys, limit: 3).map(\.entries) == expected.map { Array($0.prefix(3)) })
            #expect(store.counts(for: keys) == expected.map(\.count))
            #expect(store.count == expected.reduce(0) { $0 + $1.count })
        }
    }

    /// While a copy of the store is held (a checkpoint being written from it), changes go to side tables: the copy
    /// keeps answering as the store did when it was taken, the store answers as the model (a multiset: an entry may
    /// be filed twice under a key, and a removal takes one filing), an entry taken out and filed again is the
    /// table's own again, and once the copy is dropped the next change folds the side tables in.
    @Test(arguments: [4, 5] as [UInt64], [0, 1 << 30])
    func aCopyKeepsItsAnswersWhileTheStoreChanges(seed: UInt64, mergeFloor: Int) throws {
        var random = SplitMix64(seed: seed)
        var store = Self.store(mergeFloor: mergeFloor)
        var model: [UInt64: [UInt32]] = [:]
        let keys = Array(0..<UInt64(300))
        func expected(_ model: [UInt64: [UInt32]]) -> [[UInt32]] { keys.map { model[$0] ?? [] } }
        var copy: (store: InMemoryCandidateStore, answers: [[UInt32]], count: Int)?
        for step in 0..<40 {
            if step % 8 == 2 { copy = (store, expected(model), store.count) }
            if step % 8 == 6 { copy = nil }
            var filings: [(key: UInt64, entry: UInt32)] = []
            var removals: [(key: UInt64, entry: UInt32)] = []
            for (key, entries) in model where random.next() % 4 == 0 {
                for entry in entries where random.next() % 2 == 0 { removals.append((key, entry)) }
            }
            for _ in 0..<Int(random.next() % 200) {
                let key = keys[Int(random.next() % 300)]
                let entry = UInt32(random.next() % 40)
                // Mostly new filings; one in four may file an entry its key already has.
                if model[key]?.contains(entry) == true && random.next() % 4 != 0 { continue }
                filings.append((key, entry))
            }
            // Some of the removed filings come straight back.
            filings += removals.filter { _ in random.next() % 3 == 0 }
            // Entries never filed: under a key nobody has, and under a key that has others.
            var absent: [(key: UInt64, entry: UInt32)] = [(key: 999, entry: 1)]
            if let key = model.first(where: { !$0.value.isEmpty })?.key { absent.append((key, 1_000)) }
            store.remove(removals + absent)
            for (key, entry) in removals {
                if let at = model[key]?.firstIndex(of: entry) { model[key]!.remove(at: at) }
            }
            store.insert(filings)
            for (key, entry) in filings { model[key, default: []].insert(entry, at: 0) }
            #expect(store.entries(for: keys) == expected(model))
            #expect(store.newest(for: keys, limit: 2).map(\.entries) == expected(model).map { Array($0.prefix(2)) })
            #expect(store.counts(for: keys) == expected(model).map(\.count))
            #expect(store.count == model.values.reduce(0) { $0 + $1.count })
            if let copy {
                #expect(store.added != nil || store.removed != nil || filings.isEmpty && removals.isEmpty)
                #expect(copy.store.entries(for: keys) == copy.answers)
                #expect(copy.store.counts(for: keys) == copy.answers.map(\.count))
                #expect(copy.store.count == copy.count)
            } else if step % 8 == 7 {
                #expect(store.added == nil && store.removed == nil)
            }
            if step % 5 == 4 {
                #expect(try Self.roundTrip(store).entries(for: keys) == expected(model))
            }
        }
    }

    /// Keys that come and go (a window sliding over a feed) leave vacant slots in the slices' small tables;
    /// rebuilding sweeps them out without growing the tables, and no answer changes. Removals from a loaded run are
    /// marked beside it until a quarter of it is gone, and then merged away.
    @Test func keysThatComeAndGoLeaveNothingBehind() throws {
        var store = InMemoryCandidateStore()
        store.insert([(key: 1_000_000, entry: 1)])
        for round in 0..<20 {
            let filings = (0..<500).map { (key: UInt64(round * 500 + $0), entry: UInt32($0)) }
            store.insert(filings)
            #expect(store.counts(for: filings.map(\.key)).allSatisfy { $0 == 1 })
            store.remove(filings)
            #expect(store.counts(for: filings.map(\.key)).allSatisfy { $0 == 0 })
        }
        #expect(store.table.slices.allSatisfy { ($0.recent?.keys.count ?? 0) <= 16 })
        #expect(store.count == 1)
        #expect(store.entries(for: [1_000_000]) == [[1]])

        let filings = (0..<100_000).map { (key: UInt64($0), entry: UInt32($0 % 1_000)) }
        store.insert(filings)
        store = try Self.roundTrip(store)
        #expect(store.table.slices.allSatisfy { $0.recent == nil && $0.removedCount == 0 })
        #expect(store.table.slices.map(\.run.count).reduce(0, +) == 100_001)
        // A fifth of the filings out: marked in their runs, which stay.
        store.remove(Array(filings[..<20_000]))
        #expect(store.table.slices.map(\.removedCount).reduce(0, +) == 20_000)
        #expect(store.counts(for: [0, 19_999, 20_000]) == [0, 0, 1])
        // Another tenth: a slice is merged once a quarter of its run is gone (each has about 390 filings; the floor
        // is lowered from its 1,024 for them).
        store.shared.table.mergeFloor = 16
        store.remove(Array(filings[20_000..<30_000]))
        #expect(store.table.slices.allSatisfy { $0.removedCount <= $0.run.count / 4 + 1 })
        #expect(store.table.slices.map(\.run.count).reduce(0, +) < 100_001)
        #expect(store.count == 70_001)
        #expect(store.counts(for: [0, 29_999, 30_000, 1_000_000]) == [0, 0, 1, 1])
    }

    /// A store with a list (key 1: two entries) and a lone entry (key 2) in two slices, encoded, with the byte
    /// offsets of the list slice's parts: its header (its number of filings), then its run's arrays, each a 4-byte
    /// count and the values (bucket directory of two, two searched bits, two 3-byte middles, two entries); and of
    /// the total.
    static func encoded() -> (
        bytes: [UInt8], header: Int, starts: Int, highs: Int, middles: Int, entries: Int, count: Int
    ) {
        var store = InMemoryCandidateStore()
        store.insert([(key: 1, entry: 5), (key: 1, entry: 6), (key: 2, entry: 7)])
        var writer = ByteWriter()
        store.encode(into: &writer)
        let (listSlice, loneSlice) = (
            SlicedBandTable.slice(of: StableMix.finalize(1)),
            SlicedBandTable.slice(of: StableMix.finalize(2))
        )
        // A slice of n filings (n ≤ 8: one bucket, 3-byte middles) takes 8 + 4 × 4 + 8 + 11 × n bytes; 8 if empty.
        let (list, lone) = (8 + 16 + 8 + 22, 8 + 16 + 8 + 11)
        let header = 4 + 8 * listSlice + (loneSlice < listSlice ? lone - 8 : 0)
        let starts = header + 8
        return (
            writer.bytes, header, starts, starts + 12, starts + 12 + 12, starts + 12 + 12 + 10,
            4 + 8 * 256 + list - 8 + lone - 8
        )
    }

    static func decodes(_ bytes: [UInt8]) -> Bool {
        var reader = ByteReader(bytes[...])
        return (try? InMemoryCandidateStore(decoding: &reader)) != nil
    }

    /// A damaged or crafted checkpoint is refused, never trusted: every cut, another number of slices, a slice
    /// whose number of filings is not what its run holds, arrays of the wrong size, a directory that does not go
    /// from 0 to the count, an entry with the list flag, keys out of order, a middle wider than its bits, a wrong
    /// total.
    @Test func aDamagedCheckpointIsRefused() throws {
        let (bytes, header, starts, highs, middles, entries, count) = Self.encoded()
        #expect(Self.decodes(bytes))
        #expect(bytes.count == count + 8)
        #expect(Array(bytes[starts..<(starts + 12)]) == [2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0])
        #expect(Array(bytes[entries..<(entries + 12)]) == [2, 0, 0, 0, 6, 0, 0, 0, 5, 0, 0, 0])
        for length in 0..<bytes.count { #expect(!Self.decodes(Array(bytes[..<length]))) }
        func damaged(_ change: (inout [UInt8]) -> Void) -> [UInt8] {
            var copy = bytes
            change(&copy)
            return copy
        }
        #expect(!Self.decodes(damaged { $0[0] = 255 }))  // 511 slices
        #expect(!Self.decodes(damaged { $0[header] = 0 }))  // a run of two in a slice of none
        #expect(!Self.decodes(damaged { $0[header] = 1 }))  // one filing, a run of two held
        #expect(!Self.decodes(damaged { $0[header] = 3 }))  // three filings, two held
        #expect(!Self.decodes(damaged { $0[starts + 4] = 1 }))  // a directory that does not start at 0
        #expect(!Self.decodes(damaged { $0[starts + 8] = 1 }))  // ... or does not end at the count
        #expect(!Self.decodes(damaged { $0[highs] = 1 }))  // one searched value for two filings
        #expect(!Self.decodes(damaged { $0[middles] = 5 }))  // five middle bytes for two 3-byte middles
        #expect(!Self.decodes(damaged { $0[entries + 7] = 0x80 }))  // an entry with the list flag
        #expect(!Self.decodes(damaged { $0[count] = 4 }))
        // A slice that claims more filings than the bytes left could hold: refused before anything is reserved.
        #expect(
            !Self.decodes(damaged { $0.replaceSubrange(header..<(header + 8), with: repeatElement(0xFF, count: 8)) }))
        #expect(
            !Self.decodes(damaged { $0.replaceSubrange(header..<(header + 8), with: [0, 0, 0, 1, 0, 0, 0, 0]) }))
        // Two keys of one slice whose searched bits are swapped: out of order.
        var store = InMemoryCandidateStore()
        let keys = (UInt64(3)...).lazy.filter { SlicedBandTable.slice(of: StableMix.finalize($0)) == 0x11 }.prefix(2)
        store.insert(keys.map { (key: $0, entry: 1) })
        var writer = ByteWriter()
        store.encode(into: &writer)
        let searched = 4 + 8 * 0x11 + 8 + 12 + 4
        let (first, second) = (writer.bytes[searched..<(searched + 4)], writer.bytes[(searched + 4)..<(searched + 8)])
        var swapped = writer.bytes
        swapped.replaceSubrange(searched..<(searched + 8), with: Array(second + first))
        #expect(Self.decodes(writer.bytes))
        #expect(first != second)
        #expect(!Self.decodes(swapped))
    }

    /// A run's arrays that are not a run are refused, never trusted (a lookup would read past them): the wrong
    /// number of searched values or middles, a directory that is not ascending or does not end at the count, keys
    /// out of order within a bucket, a middle wider than its bits.
    @Test func arraysThatAreNotARunAreRefused() {
        // Nine filings of one key: one bucket bit (a directory of three), 3-byte middles of 23 bits.
        let (starts, highs): ([UInt32], [UInt32]) = ([0, 4, 9], .init(repeating: 7, count: 9))
        let middles = [UInt8](repeating: 1, count: 27)
        let nine = (0..<9).map { UInt32($0) }
        func run(
            starts: [UInt32] = starts, highs: [UInt32] = highs, middles: [UInt8] = middles, entries: [UInt32] = nine
        ) -> BandRun? {
            BandRun(slice: 3, starts: starts, highs: highs, middles: middles, entries: entries)
        }
        #expect(run() != nil)
        #expect(run()?.bucketBits == 1 && run()?.middleWidth == 3)
        #expect(run(highs: Array(highs.dropLast())) == nil)
        #expect(run(middles: Array(middles.dropLast())) == nil)
        #expect(run(starts: [0, 4]) == nil)
        #expect(run(starts: [1, 4, 9]) == nil)
        #expect(run(starts: [0, 4, 8]) == nil)
        #expect(run(starts: [0, 100, 9]) == nil)  // a bucket past the filings: never read
        #expect(run(starts: [0, 9, 4]) == nil)
        var descending = highs
        descending[5] = 6
        #expect(run(highs: descending) == nil)
        var wide = middles
        wide[8 * 3 + 2] = 0x80  // the last filing's middle, 24 bits: out of order nowhere, too wide
        #expect(run(middles: wide) == nil)
        wide[8 * 3 + 2] = 0x40
        #expect(run(middles: wide) != nil)
        #expect(run(entries: nine.dropLast() + [BandTable.listFlag]) == nil)
        #expect(BandRun(slice: 3, starts: [], highs: [], middles: [], entries: []) != nil)
    }

    /// A run at each of its layouts (a middle of three, two and one bytes: buckets of 0–6, 7–15 and 16 bits) finds
    /// every key it holds with its whole list, and no key it does not hold: keys of one bucket whose 32 searched bits
    /// agree and whose middles differ (the first with a long list), the first and last buckets, and keys between.
    @Test(arguments: [8, 5_000, 1 << 20])
    func aRunFindsEveryKeyAtEveryLayout(capacity: Int) {
        let slice = 0xA7
        var run = BandRun(slice: slice, capacity: capacity)
        let bits = run.bucketBits
        let middleBits = 24 - bits
        func mixed(bucket: Int, high: UInt32, middle: UInt64) -> UInt64 {
            UInt64(slice) << 56 | (bits == 0 ? 0 : UInt64(bucket) << UInt64(56 - bits)) | UInt64(high)
                << UInt64(middleBits) | middle
        }
        let lastBucket = (1 << bits) - 1
        var keys: [(mixed: UInt64, entries: [UInt32])] = [
            (mixed(bucket: 0, high: 0, middle: 0), [1]),
            (mixed(bucket: 0, high: 7, middle: 1), (0..<40).map { UInt32(100 + $0) }),
            (mixed(bucket: 0, high: 7, middle: 2), [2, 3]),
            (mixed(bucket: 0, high: 7, middle: (1 << UInt64(middleBits)) - 1), [4]),
            (mixed(bucket: lastBucket / 2, high: .max, middle: 5), [5]),
            (mixed(bucket: lastBucket, high: 1, middle: 0), [6, 7, 8]),
            (mixed(bucket: lastBucket, high: .max, middle: (1 << UInt64(middleBits)) - 1), [9]),
        ]
        keys.sort { $0.mixed < $1.mixed }
        for key in keys { run.append(mixed: key.mixed, entries: key.entries[...]) }
        run.finish()
        #expect(run.middleWidth == (middleBits + 7) / 8)
        for key in keys { #expect(Array(run.entries[run.range(of: key.mixed)]) == key.entries) }
        let absent = [
            mixed(bucket: 0, high: 7, middle: 0), mixed(bucket: 0, high: 7, middle: 3),
            mixed(bucket: 0, high: 8, middle: 1),
            mixed(bucket: lastBucket, high: 0, middle: 1), mixed(bucket: lastBucket, high: .max, middle: 0),
        ]
        for key in absent { #expect(run.range(of: key).isEmpty) }
        var walked: [(UInt64, [UInt32])] = []
        run.forEachKey { mixed, range in walked.append((mixed, Array(run.entries[range]))) }
        #expect(walked.map(\.0) == keys.map(\.mixed))
        #expect(walked.map(\.1) == keys.map(\.entries))
    }

    @Test func newestGivesTheSizeAndTheMostRecentlyFiledEntriesFirst() {
        var store = InMemoryCandidateStore()
        store.insert((1...5).map { (key: 9, entry: UInt32($0)) })
        store.insert([(key: 4, entry: 7)])
        let answers = store.newest(for: [9, 4, 5], limit: 2)
        #expect(answers.map(\.count) == [5, 1, 0])
        #expect(answers[0].entries == [5, 4])
        #expect(answers[1].entries == [7] && answers[2].entries.isEmpty)
        // A checkpoint keeps each list's order, also when removals freed nodes that later filings took (the pool is
        // then no longer in list order).
        func roundTrip(_ store: InMemoryCandidateStore) -> InMemoryCandidateStore { try! Self.roundTrip(store) }
        var decoded = roundTrip(store)
        #expect(decoded.newest(for: [9], limit: 5)[0].entries == (1...5).reversed().map { UInt32($0) })
        decoded.remove([(key: 9, entry: 2), (key: 9, entry: 4)])
        decoded.insert([(key: 3, entry: 1), (key: 9, entry: 8), (key: 3, entry: 2), (key: 9, entry: 9)])
        let newest: [[UInt32]] = [[9, 8, 5, 3, 1].map { $0 }, [2, 1]]
        #expect(decoded.newest(for: [9, 3], limit: 9).map(\.entries) == newest)
        #expect(roundTrip(decoded).newest(for: [9, 3], limit: 9).map(\.entries) == newest)
        // Filings made while a copy held the table keep their order once the copy is gone and they are folded in.
        do {
            let held = decoded
            decoded.insert([(key: 9, entry: 10), (key: 9, entry: 11)])
            decoded.remove([(key: 9, entry: 3)])
            #expect(held.count == 8)
            #expect(decoded.newest(for: [9], limit: 3)[0].entries == [11, 10, 9].map { UInt32($0) })
        }
        let settled = decoded.settle()
        #expect(settled)
        #expect(decoded.newest(for: [9], limit: 9)[0].entries == [11, 10, 9, 8, 5, 1].map { UInt32($0) })
        // While a copy holds the table (a checkpoint being written), the answer still has the size and the entries.
        let copy = store
        store.insert([(key: 9, entry: 6)])
        store.remove([(key: 9, entry: 1)])
        let shared = store.newest(for: [9], limit: 10)[0]
        #expect(shared.count == 5 && Set(shared.entries) == Set((2...6).map { UInt32($0) }))
        // And the newest first: the filing made while the copy is held, then the table's own.
        #expect(store.newest(for: [9], limit: 2)[0].entries == [6, 5])
        #expect(copy.count == 6)
    }
}
