import Testing

@testable import NearDupCore

@Suite("Posting list")
struct PostingListTests {
    /// Appends across block boundaries, removals from blocks and tail, and a copy taken midway that keeps its
    /// contents: all against a plain array, as multisets (a removal moves the last slots into its gaps).
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
            if step % 500 == 0 { #expect(list.sorted() == model.sorted()) }
        }
        #expect(list.sorted() == model.sorted())
        #expect(Array(list).sorted() == model.sorted())
        #expect(list.indices == model.indices)
        if let copy { #expect(copy.list.sorted() == copy.model.sorted()) }
        #expect(Array(PostingList(model)) == model)
    }

    /// Every slot of several full blocks removed, the last block's included, and one repeated across blocks.
    @Test func removalsEmptyingBlocksKeepTheRest() {
        var list = PostingList((0..<Int32(3 * PostingList.blockSize + 5)).map { $0 % 3 == 0 ? 7 : $0 })
        var model = Array(list)
        for slot: Int32 in [7, 3 * Int32(PostingList.blockSize) + 1, 1, 9_999] {
            list.removeAll(slot)
            model.removeAll { $0 == slot }
            #expect(list.sorted() == model.sorted())
        }
        list = PostingList([Int32](repeating: 5, count: 2 * PostingList.blockSize + 1))
        list.removeAll(5)
        #expect(list.isEmpty && Array(list).isEmpty)
    }

    /// Two full blocks and no tail, the slot only in the first: the second block becomes the tail that fills the
    /// gaps.
    @Test func aCleanLastBlockFillsTheGaps() {
        let size = PostingList.blockSize
        var list = PostingList((0..<Int32(2 * size)).map { $0 < 10 ? -1 : $0 })
        list.removeAll(-1)
        #expect(list.count == 2 * size - 10)
        #expect(list.sorted() == Array(10..<Int32(2 * size)))
        list.append(-2)
        #expect(list.count == 2 * size - 9 && list.last == -2)
    }

    /// The bytes of an array of the slots, as checkpoints held them before the lists were kept in blocks.
    @Test func encodesAsAnArray() {
        let slots = (0..<Int32(2 * PostingList.blockSize + 17)).map { $0 * 3 }
        var fromList = ByteWriter()
        PostingList(slots).encode(into: &fromList)
        var fromArray = ByteWriter()
        fromArray.write(slots)
        #expect(fromList.bytes == fromArray.bytes)
    }

    @Test func removingTheLastOfASlotEmptiesTheList() {
        var list: PostingList = [4, 4]
        list.removeAll(5)
        #expect(Array(list) == [4, 4])
        list.removeAll(4)
        #expect(list.isEmpty)
    }
}
