/// An array kept in chunks of 4,096 elements, so that a copy of it costs the next change a copy of the chunk that
/// change touches, not of the whole array.
///
/// The daemon's document fingerprints (one per document, each holding six arrays) were copied whole by the first
/// batch after a full report or a checkpoint took a copy of the index: at a million documents two such arrays, a
/// few hundred megabytes of fresh memory and millions of retains, on the ingest thread.
public struct ChunkedArray<Element>: RandomAccessCollection, MutableCollection {
    private var chunks: [[Element]] = []
    /// The number of elements.
    public private(set) var count = 0

    static var shift: Int { 12 }
    static var chunkSize: Int { 1 << shift }

    /// An empty array.
    public init() {}

    /// The elements of a sequence, in order.
    public init<S: Sequence>(_ elements: S) where S.Element == Element {
        for element in elements { append(element) }
    }

    /// `count` copies of `element`.
    public init(repeating element: Element, count: Int) {
        var remaining = count
        while remaining > 0 {
            let length = Swift.min(remaining, Self.chunkSize)
            chunks.append([Element](repeating: element, count: length))
            remaining -= length
        }
        self.count = count
    }

    /// 0.
    public var startIndex: Int { 0 }
    /// `count`.
    public var endIndex: Int { count }

    /// The element at `position`.
    public subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < count, "index out of range")
            return chunks[position >> Self.shift][position & (Self.chunkSize - 1)]
        }
        _modify {
            precondition(position >= 0 && position < count, "index out of range")
            yield &chunks[position >> Self.shift][position & (Self.chunkSize - 1)]
        }
    }

    /// Adds an element at the end.
    public mutating func append(_ element: Element) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
