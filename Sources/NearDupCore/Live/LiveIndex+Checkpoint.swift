/// The index in binary form, for a checkpoint that a restart loads instead of rebuilding the index from the
/// documents (which verifies every candidate pair again).
///
/// Everything the index keeps is written as it is — statistics, verified pairs with their evidence, components and
/// their clusters, band stores — so a decoded index is the same index: the next batch gives what it would have
/// given without the round trip. Dictionaries are written in their iteration order, which nothing depends on.
/// The configuration is not written: the caller keeps it beside the bytes and decodes only under an equal one.
extension LiveIndex where Store == InMemoryCandidateStore {
    /// Changes whenever the layout below changes; a checkpoint of another version is not read.
    public static var checkpointVersion: UInt32 { 10 }

    /// Writes the whole index: its documents and statistics, then its link tables (`LinkTables`); returns the offset
    /// in `writer` at which the link tables begin.
    ///
    /// Each table is let go of as soon as it is written. A checkpoint writes a copy of an index that goes on taking
    /// batches for the 20 s a million documents take to write, and a batch copies every shard or chunk it changes
    /// that the copy still shares: held to the end, the copies added about half a gigabyte to the daemon's peak. So
    /// the tables that batches change are written first (the verified pairs and components before the band
    /// stores, which take a batch's changes in side tables instead), and the tables rebuilt on load are let go of
    /// before anything is written.
    @discardableResult
    public consuming func encode(into writer: inout ByteWriter) -> Int {
        slotOf = ShardedDictionary()
        groupKeys = ChunkedArray()
        encodeDocuments(into: &writer)
        let links = writer.count
        encodeLinks(into: &writer)
        return links
    }

    /// The documents (ids, fingerprints, exact groups), the corpus statistics and the flash postings.
    private mutating func encodeDocuments(into writer: inout ByteWriter) {
        writer.write(Self.checkpointVersion)
        writer.write(ids)
        fingerprints.store.encode(into: &writer)
        writer.write(freeSlots)
        freeSlots = []
        writer.write(UInt32(groups.count))
        for (key, members) in groups {
            writer.write(key.contentHash)
            writer.write(Int64(key.tokenCount))
            writer.write(key.emptySlot)
            writer.write(key.period)
            writer.write(Array(members))
        }
        groups = ShardedDictionary()
        Self.write(segmentOwners, into: &writer) { $0.write(Array($1)) }
        segmentOwners = ShardedDictionary()
        writer.write(UInt32(templateUse.count))
        for (template, use) in templateUse {
            writer.write(template)
            Self.write(use.owners, into: &writer)
            Self.write(use.fillings, into: &writer)
        }
        templateUse = ShardedDictionary()
        writer.write(Array(segmentFurniture))
        segmentFurniture = []
        Self.write(templateFillings, into: &writer) { $0.write(Array($1)) }
        templateFillings = [:]
        writer.write(Array(templateContent))
        templateContent = []
        Self.write(nearFurniture, into: &writer) { $0.write(Int64($1)) }
        nearFurniture = [:]
        Self.write(skippedParagraphBuckets, into: &writer) { $0.write($1) }
        skippedParagraphBuckets = [:]
        writer.write(Array(chainedParagraphBuckets))
        chainedParagraphBuckets = []
        writer.write(Array(chainedDocumentBuckets))
        chainedDocumentBuckets = []
        writer.write(furniture.members)
        furniture = HashSet64()
        writer.write(templates.members)
        templates = HashSet64()
        Self.write(leadPostings, into: &writer) { $1.encode(into: &$0) }
        leadPostings = [:]
        Self.write(flashesByWord, into: &writer) { $1.encode(into: &$0) }
        flashesByWord = [:]
    }

    /// The link tables: what `LinkTables(decoding:)` reads.
    private mutating func encodeLinks(into writer: inout ByteWriter) {
        writer.write(Self.checkpointVersion)
        pairs.encode(into: &writer)
        Self.write(componentOf, into: &writer) { $0.write(Int64($1)) }
        componentOf = ShardedDictionary()
        writer.write(UInt32(components.count))
        for (number, component) in components {
            writer.write(Int64(number))
            writer.write(component.documents)
            writer.write(component.representatives)
            writer.write(UInt32(component.clusters.count))
            for cluster in component.clusters {
                documentCluster(cluster, in: component).encode(into: &writer)
            }
            writer.write(UInt32(component.refused.count))
            for merge in component.refused {
                writer.write(Int64(merge.first))
                writer.write(Int64(merge.second))
                merge.evidence.encode(into: &writer)
                writer.write(merge.meanLinkage)
            }
        }
        // A cluster is built from the pairs and the ids while the components are written.
        pairs = VerifiedPairs()
        components = ShardedDictionary()
        ids = []
        writer.write(Int64(nextComponent))
        writer.write(Int64(clusterCount))
        documentBands.encode(into: &writer)
        paragraphBands.encode(into: &writer)
    }

    /// Reads what `encode(into:)` wrote, under the configuration it was written with; `fingerprintStore` reads what
    /// the index's `FingerprintStore` wrote (in memory unless the caller says otherwise).
    public init(
        configuration: Configuration, decoding reader: inout ByteReader,
        fingerprintStore: (inout ByteReader) throws(ByteReader.Truncated) -> any FingerprintStore = {
            reader throws(ByteReader.Truncated) in try InMemoryFingerprints(decoding: &reader)
        }
    ) throws(ByteReader.Truncated) {
        try self.init(configuration: configuration, decodingDocuments: &reader, fingerprintStore: fingerprintStore)
        try adopt(try LinkTables(decoding: &reader))
    }

    /// Reads the documents' part of what `encode(into:)` wrote: an index without its link tables until it adopts them
    /// (`adopt(_:)`), which a second thread decodes meanwhile.
    public init(
        configuration: Configuration, decodingDocuments reader: inout ByteReader,
        fingerprintStore: (inout ByteReader) throws(ByteReader.Truncated) -> any FingerprintStore = {
            reader throws(ByteReader.Truncated) in try InMemoryFingerprints(decoding: &reader)
        }
    ) throws(ByteReader.Truncated) {
        self.init(configuration: configuration)
        guard try reader.read(UInt32.self) == Self.checkpointVersion else { throw ByteReader.Truncated() }
        ids = try reader.readStrings()
        fingerprints = IndexFingerprints(store: try fingerprintStore(&reader))
        guard fingerprints.store.count == ids.count else { throw ByteReader.Truncated() }
        groupKeys = ChunkedArray(repeating: GroupKey(contentHash: 0, tokenCount: 0, emptySlot: -1), count: ids.count)
        freeSlots = try reader.readArray()
        let free = Set(freeSlots)
        slotOf = ShardedDictionary(expectedCount: ids.count - free.count)
        for (slot, id) in ids.enumerated() where !free.contains(Int32(slot)) { slotOf[id] = Int32(slot) }
        let groupCount = try reader.readCount()
        groups = ShardedDictionary(expectedCount: groupCount.count)
        for _ in groupCount {
            let contentHash: UInt64 = try reader.read()
            guard let tokenCount = Int32(exactly: try reader.read(Int64.self)) else { throw ByteReader.Truncated() }
            let emptySlot: Int32 = try reader.read()
            let key = GroupKey(
                contentHash: contentHash, tokenCount: tokenCount, emptySlot: emptySlot, period: try reader.read())
            let members: [Int32] = try reader.readArray()
            guard !members.isEmpty, members.allSatisfy({ $0 >= 0 && Int($0) < ids.count }) else {
                throw ByteReader.Truncated()
            }
            for member in members { groupKeys[Int(member)] = key }
            groups[key] = OwnerList(members)
        }
        segmentOwners = try Self.readSharded(&reader) { reader throws(ByteReader.Truncated) in
            let owners: [Int32] = try reader.readArray()
            guard !owners.isEmpty, owners.allSatisfy({ $0 >= 0 }) else { throw ByteReader.Truncated() }
            return OwnerList(owners)
        }
        let templateCount = try reader.readCount()
        templateUse = ShardedDictionary(expectedCount: templateCount.count)
        for _ in templateCount {
            let template: UInt64 = try reader.read()
            templateUse[template] = TemplateUse(owners: try Self.read(&reader), fillings: try Self.read(&reader))
        }
        segmentFurniture = Set(try reader.readArray(UInt64.self))
        templateFillings = try Self.read(&reader) { reader throws(ByteReader.Truncated) in
            Set(try reader.readArray(UInt64.self))
        }
        templateContent = Set(try reader.readArray(UInt64.self))
        nearFurniture = try Self.read(&reader) { reader throws(ByteReader.Truncated) in
            Int(try reader.read(Int64.self))
        }
        skippedParagraphBuckets = try Self.read(&reader) { reader throws(ByteReader.Truncated) in
            try reader.readArray()
        }
        chainedParagraphBuckets = Set(try reader.readArray(UInt64.self))
        chainedDocumentBuckets = Set(try reader.readArray(UInt64.self))
        furniture = HashSet64(try reader.readArray(UInt64.self))
        templates = HashSet64(try reader.readArray(UInt64.self))
        leadPostings = try Self.read(&reader) { reader throws(ByteReader.Truncated) in
            PostingList(try reader.readArray(Int32.self))
        }
        flashesByWord = try Self.read(&reader) { reader throws(ByteReader.Truncated) in
            PostingList(try reader.readArray(Int32.self))
        }
    }

    /// Takes the link tables decoded beside the rest. They must name no slot the index does not have (a checkpoint is
    /// checked whole before it is decoded; this is for a file made to crash the loader, as are the decoders'
    /// checks); band entries are not checked.
    public mutating func adopt(_ tables: LinkTables) throws(ByteReader.Truncated) {
        guard Int(tables.largestSlot) < ids.count else { throw ByteReader.Truncated() }
        documentBands = tables.documentBands
        paragraphBands = tables.paragraphBands
        pairs = tables.pairs
        componentOf = tables.componentOf
        components = tables.components
        nextComponent = tables.nextComponent
        clusterCount = tables.clusterCount
    }

    private static func write<Key: FixedWidthInteger, Value>(
        _ dictionary: [Key: Value], into writer: inout ByteWriter, value: (inout ByteWriter, Value) -> Void
    ) {
        writer.write(UInt32(dictionary.count))
        for (key, item) in dictionary {
            writer.write(key)
            value(&writer, item)
        }
    }

    private static func write<Key: FixedWidthInteger & ShardKey, Value>(
        _ dictionary: ShardedDictionary<Key, Value>, into writer: inout ByteWriter,
        value: (inout ByteWriter, Value) -> Void
    ) {
        writer.write(UInt32(dictionary.count))
        for (key, item) in dictionary {
            writer.write(key)
            value(&writer, item)
        }
    }

    /// Written as a dictionary of `Int64` counts would be.
    private static func write<Key: FixedWidthInteger>(_ counts: SmallCounts<Key>, into writer: inout ByteWriter) {
        let entries = counts.entries
        writer.write(UInt32(entries.count))
        for (key, count) in entries {
            writer.write(key)
            writer.write(Int64(count))
        }
    }

    private static func read<Key: FixedWidthInteger>(
        _ reader: inout ByteReader
    ) throws(ByteReader.Truncated) -> SmallCounts<Key> {
        var counts = SmallCounts<Key>()
        for _ in try reader.readCount() {
            let key: Key = try reader.read()
            let count = Int(try reader.read(Int64.self))
            // Counts of documents and segments: positive, and within the 32 bits `SmallCounts` keeps inline.
            guard count > 0, count <= Int(Int32.max), counts[key] == 0 else { throw ByteReader.Truncated() }
            counts.add(key, count)
        }
        return counts
    }

    static func readSharded<Key: FixedWidthInteger & ShardKey, Value>(
        _ reader: inout ByteReader, value: (inout ByteReader) throws(ByteReader.Truncated) -> Value
    ) throws(ByteReader.Truncated) -> ShardedDictionary<Key, Value> {
        let range = try reader.readCount()
        var dictionary = ShardedDictionary<Key, Value>(expectedCount: range.count)
        for _ in range {
            let key: Key = try reader.read()
            dictionary[key] = try value(&reader)
        }
        return dictionary
    }

    private static func read<Key: FixedWidthInteger, Value>(
        _ reader: inout ByteReader, value: (inout ByteReader) throws(ByteReader.Truncated) -> Value
    ) throws(ByteReader.Truncated) -> [Key: Value] {
        let range = try reader.readCount()
        var dictionary: [Key: Value] = [:]
        dictionary.reserveCapacity(min(range.count, reader.remaining / MemoryLayout<Key>.size))
        for _ in range {
            let key: Key = try reader.read()
            dictionary[key] = try value(&reader)
        }
        return dictionary
    }
}

extension PairEvidence {
    func encode(into writer: inout ByteWriter) {
        writer.write(jaccard)
        writer.write(containment)
        writer.write(containmentReverse)
        writer.write(coverage)
        writer.write(coverageReverse)
        writer.write(simhashDistance)
        writer.write(factAgreement)
        writer.write(comparedFacts)
        writer.write(leadContainment)
        writer.write(UInt32(matches.count))
        for match in matches {
            writer.write(match.first)
            writer.write(match.second)
            writer.write(match.similarity)
        }
        writer.write(kind?.rawValue ?? "")
        writer.write(score)
    }

    init(decoding reader: inout ByteReader) throws(ByteReader.Truncated) {
        jaccard = try reader.readOptionalDouble()
        containment = try reader.readOptionalDouble()
        containmentReverse = try reader.readOptionalDouble()
        coverage = try reader.readDouble()
        coverageReverse = try reader.readDouble()
        simhashDistance = try reader.readOptionalInt()
        factAgreement = try reader.readOptionalDouble()
        comparedFacts = try reader.readOptionalInt()
        leadContainment = try reader.readOptionalDouble()
        // Reserved exactly rather than grown by appends (which doubles the room): a million documents keep a few
        // million of these lists.
        let count = try reader.readCount()
        guard count.count <= reader.remaining / 16 else { throw ByteReader.Truncated() }
        matches = []
        matches.reserveCapacity(count.count)
        for _ in count {
            matches.append(
                ParagraphMatch(first: try reader.read(), second: try reader.read(), similarity: try reader.readDouble())
            )
        }
        kind = try RelationKind.decode(from: &reader)
        score = try reader.readDouble()
    }
}

extension RelationKind {
    /// nil for the empty string that stands for no relation.
    static func decode(from reader: inout ByteReader) throws(ByteReader.Truncated) -> RelationKind? {
        let raw = try reader.readString()
        if raw.isEmpty { return nil }
        guard let kind = RelationKind(rawValue: raw) else { throw ByteReader.Truncated() }
        return kind
    }
}

extension DocumentCluster {
    func encode(into writer: inout ByteWriter) {
        writer.write(id)
        writer.write(Int64(canonical))
        writer.write(UInt32(members.count))
        for member in members {
            writer.write(Int64(member.document))
            writer.write(member.kind?.rawValue ?? "")
            writer.write(member.via)
            writer.write(member.evidence != nil)
            member.evidence?.encode(into: &writer)
        }
        writer.write(flags)
    }

    init(decoding reader: inout ByteReader) throws(ByteReader.Truncated) {
        id = try reader.readString()
        canonical = Int(try reader.read(Int64.self))
        members = try reader.readCount().map { _ throws(ByteReader.Truncated) in
            ClusterMember(
                document: Int(try reader.read(Int64.self)), kind: try RelationKind.decode(from: &reader),
                via: try reader.readOptionalInt(),
                evidence: try reader.readBool() ? try PairEvidence(decoding: &reader) : nil)
        }
        flags = try reader.readStrings()
    }
}
