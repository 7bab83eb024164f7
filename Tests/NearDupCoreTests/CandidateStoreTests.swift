import Testing

@testable import NearDupCore

@Suite("Candidate store")
struct CandidateStoreTests {
    /// Random filings and removals on few keys (long lists, lists shrinking to a lone entry and to nothing, vacant
    /// slots reused and swept by rehashes, an entry filed twice under a key as a document with two paragraphs in one
    /// bucket is) against a dictionary of entry lists, and a checkpoint round trip every ten steps: the store
    /// answers as the dictionary does.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func answersAsADictionaryOfListsDoes(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var store = InMemoryCandidateStore()
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
            for (key, entry) in filings { model[key, default: []].append(entry) }
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
            if step % 10 == 9 {
                var writer = ByteWriter()
                store.encode(into: &writer)
                var reader = ByteReader(writer.bytes[...])
                store = try InMemoryCandidateStore(decoding: &reader)
            }
            let keys = Array(0..<(keySpace + 2))
            let expected = keys.map { (model[$0] ?? []).sorted() }
            #expect(store.entries(for: keys).map { $0.sorted() } == expected)
            #expect(store.counts(for: keys) == expected.map(\.count))
            #expect(store.count == expected.reduce(0) { $0 + $1.count })
        }
    }

    /// While a copy of the store is held (a checkpoint being written from it), changes go to side tables: the copy
    /// keeps answering as the store did when it was taken, the store answers as the model (a multiset: an entry may
    /// be filed twice under a key, and a removal takes one filing), an entry taken out and filed again is the
    /// table's own again, and once the copy is dropped the next change folds the side tables in.
    @Test(arguments: [4, 5] as [UInt64])
    func aCopyKeepsItsAnswersWhileTheStoreChanges(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var store = InMemoryCandidateStore()
        var model: [UInt64: [UInt32]] = [:]
        let keys = Array(0..<UInt64(300))
        func expected(_ model: [UInt64: [UInt32]]) -> [[UInt32]] { keys.map { (model[$0] ?? []).sorted() } }
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
            for (key, entry) in filings { model[key, default: []].append(entry) }
            #expect(store.entries(for: keys).map { $0.sorted() } == expected(model))
            #expect(store.counts(for: keys) == expected(model).map(\.count))
            #expect(store.count == model.values.reduce(0) { $0 + $1.count })
            if let copy {
                #expect(store.added != nil || store.removed != nil || filings.isEmpty && removals.isEmpty)
                #expect(copy.store.entries(for: keys).map { $0.sorted() } == copy.answers)
                #expect(copy.store.counts(for: keys) == copy.answers.map(\.count))
                #expect(copy.store.count == copy.count)
            } else if step % 8 == 7 {
                #expect(store.added == nil && store.removed == nil)
            }
            if step % 5 == 4 {
                var writer = ByteWriter()
                store.encode(into: &writer)
                var reader = ByteReader(writer.bytes[...])
                #expect(
                    try InMemoryCandidateStore(decoding: &reader).entries(for: keys).map { $0.sorted() }
                        == expected(model))
            }
        }
    }

    /// Keys that come and go (a window sliding over a feed) leave vacant slots; rebuilding sweeps them out without
    /// growing the table, and no answer changes.
    @Test func vacantSlotsAreSweptWithoutGrowing() {
        var store = InMemoryCandidateStore()
        store.insert([(key: 1_000_000, entry: 1)])
        for round in 0..<20 {
            let filings = (0..<500).map { (key: UInt64(round * 500 + $0), entry: UInt32($0)) }
            store.insert(filings)
            #expect(store.counts(for: filings.map(\.key)).allSatisfy { $0 == 1 })
            store.remove(filings)
            #expect(store.counts(for: filings.map(\.key)).allSatisfy { $0 == 0 })
        }
        #expect(store.table.keys.count == 1024)
        #expect(store.count == 1)
        #expect(store.entries(for: [1_000_000]) == [[1]])
    }

    /// A store with a list (key 1: two entries) and a lone entry (key 2), encoded, with the byte offsets of its
    /// parts: the header (capacity, slots, pool nodes), the two slots (key, reference, a list's entries), the count.
    static func encoded() -> (bytes: [UInt8], list: Int, lone: Int, count: Int) {
        var store = InMemoryCandidateStore()
        store.insert([(key: 1, entry: 5), (key: 1, entry: 6), (key: 2, entry: 7)])
        var writer = ByteWriter()
        store.encode(into: &writer)
        let bytes = writer.bytes
        // The slots are in table order: the list's slot is 20 bytes (key, reference, two entries), the lone one 12.
        let listFirst = bytes[24 + 11] & 0x80 != 0
        return (bytes, listFirst ? 24 : 44, listFirst ? 44 : 24, 24 + 20 + 12)
    }

    static func decodes(_ bytes: [UInt8]) -> Bool {
        var reader = ByteReader(bytes[...])
        return (try? InMemoryCandidateStore(decoding: &reader)) != nil
    }

    /// A damaged or crafted checkpoint is refused, never trusted: every cut, a capacity that is not a power of two
    /// or too small, a list whose size is not the entries written or is below two, a pool total that is not the
    /// lists', an entry with the list flag, a key twice, a wrong count.
    @Test func aDamagedCheckpointIsRefused() throws {
        let (bytes, list, lone, count) = Self.encoded()
        #expect(Self.decodes(bytes))
        #expect(bytes.count == count + 8)
        #expect(Array(bytes[(list + 8)..<(list + 20)]) == [2, 0, 0, 0x80, 6, 0, 0, 0, 5, 0, 0, 0])
        for length in 0..<bytes.count { #expect(!Self.decodes(Array(bytes[..<length]))) }
        func damaged(_ change: (inout [UInt8]) -> Void) -> [UInt8] {
            var copy = bytes
            change(&copy)
            return copy
        }
        #expect(!Self.decodes(damaged { $0[0] = 3 }))  // capacity 1027
        #expect(!Self.decodes(damaged { $0.replaceSubrange(0..<8, with: [0, 2, 0, 0, 0, 0, 0, 0]) }))  // 512
        #expect(!Self.decodes(damaged { $0[list + 8] = 3 }))  // a list of three with two entries
        #expect(!Self.decodes(damaged { $0[list + 8] = 1 }))  // a list of one
        #expect(!Self.decodes(damaged { $0[16] = 4 }))  // four pool nodes for a list of two
        #expect(!Self.decodes(damaged { $0[lone + 11] = 0xFF }))  // a lone entry with the list flag
        #expect(!Self.decodes(damaged { $0[list + 15] = 0x80 }))  // an entry with the list flag
        #expect(!Self.decodes(damaged { $0.replaceSubrange(lone..<(lone + 8), with: bytes[list..<(list + 8)]) }))
        #expect(!Self.decodes(damaged { $0[count] = 4 }))
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
        func roundTrip(_ store: InMemoryCandidateStore) -> InMemoryCandidateStore {
            var writer = ByteWriter()
            store.encode(into: &writer)
            var reader = ByteReader(writer.bytes[...])
            return try! InMemoryCandidateStore(decoding: &reader)
        }
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
