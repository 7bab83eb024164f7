extension LiveIndex where Store == InMemoryCandidateStore {
    /// What links an index's documents, as a checkpoint holds it: the verified pairs with their evidence, the
    /// components with their clusters, and the band stores. A checkpoint writes them after the rest
    /// (`encode(into:)`), so that a start decodes them on a second thread while the first decodes the documents and
    /// statistics; at a million documents each half is about half of the start.
    public struct LinkTables: Sendable {
        var documentBands: InMemoryCandidateStore
        var paragraphBands: InMemoryCandidateStore
        var pairs: VerifiedPairs
        var componentOf: ShardedDictionary<Int32, Int>
        var components: ShardedDictionary<Int, Component>
        var nextComponent: Int
        var clusterCount: Int
        /// The largest slot the pairs and components name (-1 for none), which the index adopting them must hold.
        var largestSlot: Int32 = -1

        /// Reads the link tables as `LiveIndex.encode(into:)` wrote them.
        public init(decoding reader: inout ByteReader) throws(ByteReader.Truncated) {
            guard try reader.read(UInt32.self) == LiveIndex.checkpointVersion else { throw ByteReader.Truncated() }
            let pairs = try VerifiedPairs(decoding: &reader)
            self.pairs = pairs
            componentOf = try LiveIndex.readSharded(&reader) { reader throws(ByteReader.Truncated) in
                Int(try reader.read(Int64.self))
            }
            var (smallest, largest) = (Int32.max, pairs.largestRepresentative)
            let componentCount = try reader.readCount()
            components = ShardedDictionary(expectedCount: componentCount.count)
            for _ in componentCount {
                let number = Int(try reader.read(Int64.self))
                let documents: [Int32] = try reader.readArray()
                let representatives: [Int32] = try reader.readArray()
                for slots in [documents, representatives] {
                    (smallest, largest) = (min(smallest, slots.min() ?? 0), max(largest, slots.max() ?? -1))
                }
                let clusters = try reader.readCount().map { _ throws(ByteReader.Truncated) in
                    let cluster = try DocumentCluster(decoding: &reader)
                    guard let stored = ComponentCluster(cluster, documents: documents, pairs: pairs) else {
                        throw ByteReader.Truncated()
                    }
                    return stored
                }
                let refused = try reader.readCount().map { _ throws(ByteReader.Truncated) in
                    RefusedMerge(
                        first: Int(try reader.read(Int64.self)), second: Int(try reader.read(Int64.self)),
                        evidence: try PairEvidence(decoding: &reader), meanLinkage: try reader.readDouble())
                }
                components[number] = Component(
                    documents: documents, representatives: representatives, clusters: clusters, refused: refused)
            }
            nextComponent = Int(try reader.read(Int64.self))
            clusterCount = Int(try reader.read(Int64.self))
            // Slots are never negative, and every document's component is one of them.
            for (slot, component) in componentOf {
                guard components[component] != nil else { throw ByteReader.Truncated() }
                (smallest, largest) = (min(smallest, slot), max(largest, slot))
            }
            guard smallest >= 0 else { throw ByteReader.Truncated() }
            largestSlot = largest
            documentBands = try InMemoryCandidateStore(decoding: &reader)
            paragraphBands = try InMemoryCandidateStore(decoding: &reader)
        }
    }
}
