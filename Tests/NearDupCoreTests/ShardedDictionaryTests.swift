import Testing

@testable import NearDupCore

@Suite("Sharded dictionary")
struct ShardedDictionaryTests {
    /// Random sets, in-place changes through both subscripts, removals through `nil` and `removeValue`, and
    /// replacements through `updateValue`, against a plain dictionary, over enough keys for the shards to double
    /// several times (from empty) or from the shards of 30,000 entries (as a checkpoint's load makes them); a copy
    /// taken midway keeps its contents while the original changes.
    @Test(arguments: [0, 30_000])
    func answersAsADictionaryDoes(expectedCount: Int) {
        var random = SplitMix64(seed: 9)
        var sharded = ShardedDictionary<UInt64, [Int32]>(expectedCount: expectedCount)
        var model: [UInt64: [Int32]] = [:]
        var copy: (sharded: ShardedDictionary<UInt64, [Int32]>, model: [UInt64: [Int32]])?
        for step in 0..<40_000 {
            let key = random.next() % 30_000
            let value = Int32(truncatingIfNeeded: random.next() % 100)
            switch random.next() % 5 {
            case 0:
                sharded[key] = [value]
                model[key] = [value]
            case 1:
                sharded[key, default: []].append(value)
                model[key, default: []].append(value)
            case 2:
                sharded[key]?.append(value)
                model[key]?.append(value)
            case 3:
                #expect(sharded.removeValue(forKey: key) == model.removeValue(forKey: key))
            case 4 where step % 2 == 0:
                #expect(sharded.updateValue([value, 1], forKey: key) == model.updateValue([value, 1], forKey: key))
            default:
                sharded[key] = nil
                model[key] = nil
            }
            #expect(sharded.count == model.count)
            #expect(sharded[key] == model[key])
            if step == 20_000 { copy = (sharded, model) }
        }
        #expect(Dictionary(uniqueKeysWithValues: sharded.map { ($0.key, $0.value) }) == model)
        #expect(Array(sharded.values).count == model.count)
        if let copy {
            #expect(Dictionary(uniqueKeysWithValues: copy.sharded.map { ($0.key, $0.value) }) == copy.model)
            #expect(copy.sharded.count == copy.model.count)
        }
    }

    /// One shard (under 64 keys) whose entries come and go many times: removals shift the entries after the gap on
    /// their probe and move the last entry into the gap, and the table of positions grows and shrinks.
    @Test func oneShardKeepsEveryEntryThroughRemovals() {
        var random = SplitMix64(seed: 4)
        var sharded = ShardedDictionary<String, Int>()
        var model: [String: Int] = [:]
        var copy: (sharded: ShardedDictionary<String, Int>, model: [String: Int])?
        for step in 0..<20_000 {
            if step == 10_001 { copy = (sharded, model) }
            // Few keys at a time, then many: the shard's table shrinks and grows again.
            let range: UInt64 = (step / 2_000) % 2 == 0 ? 60 : 6
            let key = "k\(random.next() % range)"
            if random.next() % 3 == 0 {
                #expect(sharded.removeValue(forKey: key) == model.removeValue(forKey: key))
            } else {
                sharded[key, default: 0] += step
                model[key, default: 0] += step
            }
            #expect(sharded.count == model.count)
            #expect(sharded.bits == 0)
        }
        #expect(Dictionary(uniqueKeysWithValues: sharded.map { ($0.key, $0.value) }) == model)
        for (key, value) in model { #expect(sharded[key] == value) }
        if let copy { #expect(Dictionary(uniqueKeysWithValues: copy.sharded.map { ($0.key, $0.value) }) == copy.model) }
    }

    /// A key whose hash says little: a third of all keys share each hash.
    struct CrowdedKey: ShardKey {
        var value: Int
        var shardHash: UInt64 { UInt64(value % 3) }
    }

    /// Keys that share their hash are told apart by probing: sets, changes in place and removals among hundreds of
    /// them in a few shards.
    @Test func keysSharingAHashAreToldApart() {
        var random = SplitMix64(seed: 5)
        var sharded = ShardedDictionary<CrowdedKey, [Int]>()
        var model: [Int: [Int]] = [:]
        for step in 0..<20_000 {
            let key = Int(random.next() % 300)
            switch random.next() % 4 {
            case 0:
                #expect(sharded.removeValue(forKey: CrowdedKey(value: key)) == model.removeValue(forKey: key))
            case 1:
                sharded[CrowdedKey(value: key)] = nil
                model[key] = nil
            default:
                sharded[CrowdedKey(value: key), default: []].append(step)
                model[key, default: []].append(step)
            }
            #expect(sharded.count == model.count)
            #expect(sharded[CrowdedKey(value: key)] == model[key])
        }
        #expect(Dictionary(uniqueKeysWithValues: sharded.map { ($0.key.value, $0.value) }) == model)
    }

    @Test func equalEntriesAreEqualHoweverSharded() {
        var grown = ShardedDictionary<String, String>()
        for number in 0..<5_000 { grown["d\(number)"] = "c\(number % 7)" }
        var sized = ShardedDictionary<String, String>(expectedCount: 100_000)
        for number in (0..<5_000).reversed() { sized["d\(number)"] = "c\(number % 7)" }
        #expect(grown == sized)
        sized["d3"] = "c0"
        #expect(grown != sized)
        sized["d3"] = nil
        #expect(grown != sized)
        let literal: ShardedDictionary<String, String> = ["a": "x", "b": "y"]
        #expect(literal.count == 2 && literal["a"] == "x")
    }
}
