/// A set of 64-bit hash values, looked up by the values' own low bits.
///
/// The values are outputs of a good hash already, so they need no rehashing; `Set<UInt64>` would run SipHash on each
/// lookup, and furniture is looked up for every segment of every verified pair.
public struct HashSet64: Sendable, Equatable {
    private var slots: [UInt64]
    private var mask: Int
    private var containsZero = false
    public private(set) var count = 0

    public init() {
        slots = [UInt64](repeating: 0, count: 16)
        mask = 15
    }

    public init<S: Sequence>(_ values: S) where S.Element == UInt64 {
        self.init()
        for value in values { insert(value) }
    }

    public var isEmpty: Bool { count == 0 }

    /// The members, in no particular order.
    public var members: [UInt64] { slots.filter { $0 != 0 } + (containsZero ? [0] : []) }

    @inlinable
    public func contains(_ value: UInt64) -> Bool {
        if value == 0 { return containsZeroValue }
        return slotsContain(value)
    }

    @usableFromInline var containsZeroValue: Bool { containsZero }

    @usableFromInline
    func slotsContain(_ value: UInt64) -> Bool {
        var index = Int(truncatingIfNeeded: value) & mask
        while true {
            let slot = slots[index]
            if slot == value { return true }
            if slot == 0 { return false }
            index = (index + 1) & mask
        }
    }

    public mutating func insert(_ value: UInt64) {
        if value == 0 {
            if !containsZero { count += 1 }
            containsZero = true
            return
        }
        if (count + 1) * 2 > slots.count { grow() }
        var index = Int(truncatingIfNeeded: value) & mask
        while true {
            let slot = slots[index]
            if slot == value { return }
            if slot == 0 {
                slots[index] = value
                count += 1
                return
            }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        let zero = containsZero
        count = zero ? 1 : 0
        for value in old where value != 0 { insert(value) }
    }
}
