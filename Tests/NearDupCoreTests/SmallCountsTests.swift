import Testing

@testable import NearDupCore

@Suite("Small counts")
struct SmallCountsTests {
    /// Random additions and subtractions over a few keys answer as a dictionary that drops zero counts does,
    /// through one key, many, and back to one or none.
    @Test(arguments: [1, 2, 3, 8])
    func answersAsADictionaryDoes(keyCount: Int) {
        var random = SplitMix64(seed: UInt64(keyCount))
        var counts = SmallCounts<UInt64>()
        var model: [UInt64: Int] = [:]
        for _ in 0..<5_000 {
            let key = random.next() % UInt64(keyCount)
            let step = Int(random.next() % 5) - 2
            counts.add(key, step)
            model[key, default: 0] += step
            if model[key] == 0 { model[key] = nil }
            #expect(counts.count == model.count)
            #expect(counts.isEmpty == model.isEmpty)
            #expect(Set(counts.keys) == Set(model.keys))
            #expect(Dictionary(uniqueKeysWithValues: counts.entries.map { ($0.key, $0.count) }) == model)
            #expect(counts[key] == model[key] ?? 0)
        }
    }
}
