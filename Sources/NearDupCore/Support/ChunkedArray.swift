/// An array kept in chunks of 4,096 elements (512 of elements larger than 8 bytes), so that a copy of it costs the
/// next change a copy of the chunk that change touches, not of the whole array. Chunks of a verified pair's evidence
/// (88 bytes) were 360 KB: while a checkpoint shared them, the batches' writes to pairs anywhere in the index copied
/// most of them within its first seconds (chunks of 512 took 0.05–0.07 GB off the peak at a million documents).
///
/// The daemon's document fingerprints (one per document, each holding six arrays) were copied whole by the first
/// batch after a full report or a checkpoint took a copy of the index: at a million documents two such arrays, a
/// few hundred megabytes of fresh memory and millions of retains, on the ingest thread.
///
/// Inlinable, as `ShardedDictionary`: the daemon's module calls it for every document, and unspecialised generic calls
/// across modules (a metadata lookup each) made a restart three seconds slower.
public struct ChunkedArray<Element>: RandomAccessCollection, MutableCollection {
    @usableFromInline var chunks: [[Element]] = []
    /// The number of elements.
    @inlinable public var count: Int { elementCount }
    @usableFromInline var elementCount = 0

    @inlinable static var shift: Int { MemoryLayout<Element>.stride > 8 ? 9 : 12 }
    @inlinable static var chunkSize: Int { 1 << shift }

    /// An empty array.
    @inlinable public init() {}

    /// The elements of an array, cut into chunks.
    @inlinable public init(_ elements: [Element]) {
        var start = 0
        while start < elements.count {
            let end = Swift.min(start + Self.chunkSize, elements.count)
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunk.append(contentsOf: elements[start..<end])
            chunks.append(chunk)
            start = end
        }
        elementCount = elements.count
    }

    /// `count` copies of `element`.
    @inlinable public init(repeating element: Element, count: Int) {
        var remaining = count
        while remaining > 0 {
            let length = Swift.min(remaining, Self.chunkSize)
            chunks.append([Element](repeating: element, count: length))
            remaining -= length
        }
        self.elementCount = count
    }

    /// 0.
    @inlinable public var startIndex: Int { 0 }
    /// `count`.
    @inlinable public var endIndex: Int { count }

    /// The element at `position`.
    @inlinable public subscript(position: Int) -> Element {
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
    @inlinable public mutating func append(_ element: Element) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        elementCount += 1
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
