/// Slots kept in full blocks of 1,024 and a short tail, so that adding one to a list that a copy of the index shares
/// copies the tail (and the list of blocks), not the whole list. In the order they were added until one is removed;
/// the lists are read as counts and sets.
///
/// The live index's lead-word postings hold every story under each distinct word of its headline and lead: at a
/// million documents the common words' lists run to hundreds of thousands of slots. As plain arrays, the first batch
/// after a checkpoint or a report took its copy of the index copied every list it added to, and grew each to twice
/// its length: 0.8 GB of fresh memory on the ingest thread, held until the checkpoint was written.
struct PostingList: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable, Equatable {
    /// Full blocks of `blockSize` slots each.
    private var blocks: [[Int32]] = []
    private var tail: [Int32] = []

    static var blockShift: Int { 10 }
    static var blockSize: Int { 1 << blockShift }

    init() {}

    init(arrayLiteral slots: Int32...) { self.init(slots) }

    /// The slots of an array, cut into blocks (a checkpoint being loaded: tens of millions of slots).
    init(_ slots: [Int32]) {
        var start = 0
        while slots.count - start >= Self.blockSize {
            blocks.append(Array(slots[start..<(start + Self.blockSize)]))
            start += Self.blockSize
        }
        tail = Array(slots[start...])
    }

    var startIndex: Int { 0 }
    var endIndex: Int { (blocks.count << Self.blockShift) + tail.count }

    subscript(position: Int) -> Int32 {
        precondition(position >= 0 && position < endIndex, "index out of range")
        let block = position >> Self.blockShift
        let offset = position & (Self.blockSize - 1)
        return block < blocks.count ? blocks[block][offset] : tail[offset]
    }

    /// Adds a slot at the end.
    mutating func append(_ slot: Int32) {
        tail.append(slot)
        if tail.count == Self.blockSize {
            blocks.append(tail)
            tail = []
        }
    }

    /// Removes every occurrence of `slot`; the last slots move into the gaps, so the order of the others changes.
    /// A walk over the list, as the removal from an array was, without moving what follows each gap.
    mutating func removeAll(_ slot: Int32) {
        tail.removeAll { $0 == slot }
        // From the last block down: the blocks after the one being cleared, and the tail, hold no `slot` any more,
        // so whatever fills a gap is kept.
        var block = blocks.count - 1
        while block >= 0 {
            var from = 0
            while let offset = blocks[block][from...].firstIndex(of: slot) {
                from = offset + 1
                if tail.isEmpty {
                    tail = blocks.removeLast()
                    if block == blocks.count {
                        tail.removeAll { $0 == slot }
                        break
                    }
                }
                blocks[block][offset] = tail.removeLast()
            }
            block -= 1
        }
    }

    /// Writes the list as `ByteWriter.write(_:)` writes an array of its slots, block by block.
    func encode(into writer: inout ByteWriter) {
        writer.write(UInt32(count))
        for block in blocks { writer.write(contentsOf: block) }
        writer.write(contentsOf: tail)
    }
}
