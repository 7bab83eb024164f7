import Testing

@testable import NearDupCore

@Suite("Candidate store")
struct CandidateStoreTests {
    /// Random filings and removals on few keys (long lists, lists shrinking to a lone entry and to nothing, vacant
    /// slots reused and swept by rehashes) against a dictionary of entry lists, and a checkpoint round trip at each
    /// step: the store answers as the dictionary does.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func answersAsADictionaryOfListsDoes(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var store = InMemoryCandidateStore()
        var model: [UInt64: [UInt64]] = [:]
        let keySpace = UInt64(50 + 400 * Int(seed))
        for step in 0..<60 {
            var filings: [(key: UInt64, entry: UInt64)] = []
            for _ in 0..<Int(random.next() % 400) {
                let key = random.next() % keySpace
                let entry = (random.next() % 64) << 32 | random.next() % 3
                guard model[key]?.contains(entry) != true, !filings.contains(where: { $0 == (key, entry) }) else {
                    continue
                }
                filings.append((key, entry))
            }
            store.insert(filings)
            for (key, entry) in filings { model[key, default: []].append(entry) }
            var removals: [(key: UInt64, entry: UInt64)] = []
            for (key, entries) in model where random.next() % 3 == 0 {
                for entry in entries where random.next() % 2 == 0 { removals.append((key, entry)) }
            }
            removals.append((keySpace + 1, 7))  // a key never filed
            if let (key, entries) = model.first(where: { !$0.value.isEmpty }) {
                removals.append((key, entries[0] | 1 << 40))  // an entry never filed
            }
            store.remove(removals)
            for (key, entry) in removals { model[key]?.removeAll { $0 == entry } }
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

    @Test func aDamagedCheckpointIsRefused() {
        var store = InMemoryCandidateStore()
        store.insert([(key: 1, entry: 5), (key: 1, entry: 6), (key: 2, entry: 7)])
        var writer = ByteWriter()
        store.encode(into: &writer)
        var bytes = writer.bytes
        bytes[0] = 3  // a capacity that is not a power of two
        var reader = ByteReader(bytes[...])
        #expect(throws: ByteReader.Truncated.self) { try InMemoryCandidateStore(decoding: &reader) }
    }
}
