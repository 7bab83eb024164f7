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

    init(_ slots: some Sequence<Int32>) {
        for slot in slots { append(slot) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { (blocks.count << Self.blockShift) + tail.count }

    subscript(position: Int) -> Int32 {
        get {
            precondition(position >= 0 && position < endIndex, "index out of range")
            let block = position >> Self.blockShift
            let offset = position & (Self.blockSize - 1)
            return block < blocks.count ? blocks[block][offset] : tail[offset]
        }
        set {
            precondition(position >= 0 && position < endIndex, "index out of range")
            let block = position >> Self.blockShift
            let offset = position & (Self.blockSize - 1)
            if block < blocks.count { blocks[block][offset] = newValue } else { tail[offset] = newValue }
        }
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
            while let offset = blocks[block].firstIndex(of: slot) {
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

    /// The slots as one array.
    var elements: [Int32] { Array(self) }
}
