import Testing

@testable import NearDupCore

@Suite("Chunked array")
struct ChunkedArrayTests {
    /// Appends across chunk boundaries, writes in place, a start from `repeating:` with a partial last chunk, and a
    /// copy taken midway that keeps its contents: all against a plain array.
    @Test(arguments: [0, 1, 4_095, 4_096, 5_000])
    func answersAsAnArrayDoes(start: Int) {
        var random = SplitMix64(seed: UInt64(start) + 1)
        var chunked = ChunkedArray(repeating: -1, count: start)
        var model = [Int](repeating: -1, count: start)
        var copy: (chunked: ChunkedArray<Int>, model: [Int])?
        for step in 0..<12_000 {
            if random.next() % 3 == 0 && !model.isEmpty {
                let position = Int(random.next() % UInt64(model.count))
                chunked[position] = step
                model[position] = step
            } else {
                chunked.append(step)
                model.append(step)
            }
            if step == 6_000 { copy = (chunked, model) }
        }
        #expect(chunked.count == model.count)
        #expect(Array(chunked) == model)
        #expect(chunked.indices == model.indices)
        if let copy { #expect(Array(copy.chunked) == copy.model) }
        #expect(Array(ChunkedArray(model)) == model)
    }

    /// Elements larger than 8 bytes go in chunks of 512: appends across those boundaries, writes in place, a copy
    /// that keeps its contents.
    @Test(arguments: [0, 511, 512, 1_500])
    func largeElementsAnswerAsAnArrayDoes(start: Int) {
        #expect(ChunkedArray<String>.chunkSize == 512 && ChunkedArray<Int>.chunkSize == 4_096)
        var chunked = ChunkedArray((0..<start).map { "s\($0)" })
        var model = (0..<start).map { "s\($0)" }
        for step in 0..<2_000 {
            chunked.append("a\(step)")
            model.append("a\(step)")
            let position = (step * 7919) % model.count
            let copy = chunked
            chunked[position] = "w\(step)"
            model[position] = "w\(step)"
            #expect(copy[position] != chunked[position])
        }
        #expect(chunked.count == model.count && Array(chunked) == model)
        #expect(Array(ChunkedArray(model)) == model)
    }

    /// Loaded whole at a chunk boundary, then grown and changed in place; written as the array's bytes.
    @Test func anArrayLoadedWholeGrowsAndEncodesAsTheArray() {
        var model = Array(0..<UInt64(2 * 4_096))
        var chunked = ChunkedArray(model)
        let copy = chunked
        for value in 0..<UInt64(10) {
            chunked.append(value)
            model.append(value)
        }
        chunked[4_096] = 7
        model[4_096] = 7
        #expect(Array(chunked) == model)
        #expect(Array(copy) == Array(0..<UInt64(2 * 4_096)))
        var fromChunks = ByteWriter()
        fromChunks.write(chunked)
        var fromArray = ByteWriter()
        fromArray.write(model)
        #expect(fromChunks.bytes == fromArray.bytes)
    }
}
