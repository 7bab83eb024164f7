/// Slots in an order the caller keeps (id order for a segment's owners), the first kept inline: most segments have
/// one owner, and an array of one cost an allocation of 48 bytes beside the dictionary's 8-byte reference.
struct OwnerList: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable, Equatable {
    /// The first slot, or -1 for an empty list.
    private var head: Int32 = -1
    private var rest: [Int32] = []

    init() {}

    init(arrayLiteral slots: Int32...) { self.init(slots) }

    init(_ slots: [Int32]) {
        precondition(slots.allSatisfy { $0 >= 0 }, "slots are not negative")
        guard let first = slots.first else { return }
        head = first
        rest = Array(slots.dropFirst())
    }

    var startIndex: Int { 0 }
    var endIndex: Int { head < 0 ? 0 : 1 + rest.count }

    subscript(position: Int) -> Int32 { position == 0 ? head : rest[position - 1] }

    /// Inserts `slot` at `index`.
    mutating func insert(_ slot: Int32, at index: Int) {
        precondition(slot >= 0, "slots are not negative")
        if index == 0 {
            if head >= 0 { rest.insert(head, at: 0) }
            head = slot
        } else {
            rest.insert(slot, at: index - 1)
        }
    }

    /// Removes every occurrence of `slot`.
    mutating func removeAll(_ slot: Int32) {
        rest.removeAll { $0 == slot }
        if head == slot { remove(at: 0) }
    }

    /// Removes the slot at `index`.
    mutating func remove(at index: Int) {
        if index == 0 {
            head = rest.isEmpty ? -1 : rest.removeFirst()
        } else {
            rest.remove(at: index - 1)
        }
    }
}
