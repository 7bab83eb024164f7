import Testing

@testable import NearDupCore

@Suite("Owner list")
struct OwnerListTests {
    /// Random inserts and removals at any position, and removals by slot, answer as an array does: through empty,
    /// one slot (inline), many, and back.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func answersAsAnArrayDoes(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var list = OwnerList()
        var model: [Int32] = []
        for _ in 0..<3_000 {
            switch random.next() % 5 {
            case 0, 1:
                let slot = Int32(random.next() % 20)
                let at = Int(random.next() % UInt64(model.count + 1))
                list.insert(slot, at: at)
                model.insert(slot, at: at)
            case 2 where !model.isEmpty:
                let at = Int(random.next() % UInt64(model.count))
                list.remove(at: at)
                model.remove(at: at)
            default:
                let slot = Int32(random.next() % 20)
                list.removeAll(slot)
                model.removeAll { $0 == slot }
            }
            #expect(Array(list) == model)
            #expect(list.count == model.count && list.first == model.first)
        }
        #expect(OwnerList([4, 2, 9]) == [4, 2, 9] && Array(OwnerList([])) == [])
    }
}
