import Testing

@testable import NearDupCore

@Suite("Posting list")
struct PostingListTests {
    /// Appends across block boundaries, removals from blocks and tail, and a copy taken midway that keeps its
    /// contents: all against a plain array.
    @Test(arguments: [0, 1, 1_023, 1_024, 3_000])
    func answersAsAnArrayDoes(start: Int) {
        var random = SplitMix64(seed: UInt64(start) + 7)
        var list = PostingList((0..<Int32(start)).map { $0 % 50 })
        var model = (0..<Int32(start)).map { $0 % 50 }
        #expect(Array(list) == model)
        var copy: (list: PostingList, model: [Int32])?
        for step in 0..<6_000 {
            if random.next() % 97 == 0 {
                let slot = Int32(random.next() % 60)
                list.removeAll(slot)
                model.removeAll { $0 == slot }
            } else {
                let slot = Int32(random.next() % 5_000)
                list.append(slot)
                model.append(slot)
            }
            if step == 3_000 { copy = (list, model) }
            if step % 500 == 0 { #expect(list.count == model.count) }
        }
        #expect(Array(list) == model)
        #expect(list.elements == model)
        #expect(list.indices == model.indices)
        #expect(model.indices.allSatisfy { list[$0] == model[$0] })
        if let copy { #expect(Array(copy.list) == copy.model) }
        #expect(PostingList(model) == list)
    }

    @Test func removingTheLastOfASlotEmptiesTheList() {
        var list: PostingList = [4, 4]
        list.removeAll(5)
        #expect(Array(list) == [4, 4])
        list.removeAll(4)
        #expect(list.isEmpty)
    }
}
