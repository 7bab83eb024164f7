import Testing

@testable import NearDupCore

@Suite("Small counts")
struct SmallCountsTests {
    /// Random additions and subtractions over a few keys answer as a dictionary that drops zero counts does,
    /// through one key, many (a list, and a dictionary past `listLimit`), and back to one or none.
    @Test(arguments: [1, 2, 3, 8, 40])
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

    /// Past `listLimit` keys the counts are a dictionary, which becomes one inline key again when the others go.
    @Test func manyKeysAndBackToOne() {
        var counts = SmallCounts<Int32>()
        let keys = (0..<Int32(SmallCounts<Int32>.listLimit + 5)).reversed()
        for key in keys { counts.add(key, Int(key) + 1) }
        #expect(counts.count == keys.count)
        #expect(keys.allSatisfy { counts[$0] == Int($0) + 1 })
        for key in keys where key != 7 { counts.add(key, -(Int(key) + 1)) }
        #expect(counts.count == 1 && counts[7] == 8 && counts[3] == 0)
        #expect(counts.entries.map(\.key) == [7] && counts.entries.map(\.count) == [8])
        counts.add(7, -8)
        #expect(counts.isEmpty && counts.entries.isEmpty)
    }
}
