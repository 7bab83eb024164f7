/// An incrementally updated index: documents come and go in batches, and a batch costs work proportional to what it
/// touches, not to the size of the index.
///
/// The contract is exactness: after any sequence of inserts and removals, the clusters, paragraph links and refused
/// merges equal those of `ClusterEngine` over the same documents. Every corpus-wide decision of the one-shot engine
/// is kept as a count or a list that a batch updates in place, and re-decided only where the batch changed it:
/// - exact groups, per filing period (`Verifier.filingPeriod`; the representative is the member with the smallest
///   id);
/// - furniture: segment document frequencies with their cohesion test, template fillings, and the paragraph buckets
///   skipped as furniture;
/// - candidates: document and paragraph band buckets (in a `CandidateStore`), with the one-shot engine's rule for
///   buckets over the limit (chained in id order, or skipped), and the lead-word postings of headline flashes;
/// - verified pairs: only a representative whose candidates or furniture changed is searched and verified again;
/// - the chaining guard (`ChainingGuard`) and assembly: re-run over each connected component of the edge graph that
///   the batch touched.
public struct LiveIndex<Store: CandidateStore>: Sendable {
    public let configuration: Configuration
    /// Workers for verifying a large batch (a start-up); small batches verify on the caller's thread.
    public var jobs = 1
    var documentBands: Store
    var paragraphBands: Store
    let documentScheme: LSHScheme
    let paragraphScheme: LSHScheme
    let simhashIndex: SimHashIndex

    // Documents by slot; a removed document's slot is reused.
    var ids: [String] = []
    var fingerprints: IndexFingerprints
    /// The exact group of each slot's document (`groupKey(of:slot:)`).
    var groupKeys = ChunkedArray<GroupKey>()
    var slotOf = ShardedDictionary<String, Int32>()
    var freeSlots: [Int32] = []

    /// Exact groups (identical texts of one filing period), members in id order; the first is the representative.
    var groups = ShardedDictionary<GroupKey, OwnerList>()

    // Corpus statistics over representatives.
    /// Representatives carrying each segment, in id order.
    var segmentOwners = ShardedDictionary<UInt64, OwnerList>()
    var templateUse = ShardedDictionary<UInt64, TemplateUse>()
    var segmentFurniture = Set<UInt64>()
    /// Fillings of each template that passes the template limits.
    var templateFillings: [UInt64: Set<UInt64>] = [:]
    /// Content hash → how many qualifying templates list it (a content has one template, so 0 or 1).
    var templateContent = Set<UInt64>()
    /// Content hash → the number of skipped paragraph buckets holding it, when it is no document's headline there.
    var nearFurniture: [UInt64: Int] = [:]
    /// Paragraph bucket over the limit → the content hashes it made furniture (skipped buckets only).
    var skippedParagraphBuckets: [UInt64: [UInt64]] = [:]
    /// Paragraph buckets over the limit whose owners are chained.
    var chainedParagraphBuckets = Set<UInt64>()
    /// Document buckets over the limit (their owners are chained).
    var chainedDocumentBuckets = Set<UInt64>()
    var furniture = HashSet64()
    var templates = HashSet64()

    // Headline flashes.
    /// Stories (two or more segments, not a flash) by the words of their headline and lead.
    var leadPostings: [UInt32: PostingList] = [:]
    /// Flashes with enough words to be matched, by their words.
    var flashesByWord: [UInt32: PostingList] = [:]

    /// Verified pairs of representatives that are an edge or share paragraphs; evidence seen from the smaller id.
    var pairs = VerifiedPairs()

    // Connected components of the edge graph and their clusters.
    var componentOf = ShardedDictionary<Int32, Int>()
    var components = ShardedDictionary<Int, Component>()
    var nextComponent = 0
    /// The number of clusters.
    public internal(set) var clusterCount = 0

    /// 24 bytes: a million documents keep one per slot and one per group.
    struct GroupKey: ShardKey {
        var contentHash: UInt64
        /// The document's token count (32 bits: a text of more tokens would take gigabytes).
        var tokenCount: Int32
        /// Set for an empty document, which is never an exact duplicate of another.
        var emptySlot: Int32
        /// `Verifier.filingPeriod`, `Int64.min` for none.
        var period = Int64.min

        /// Every field: a shard places a key by this hash alone, and copies of one notice filed in many periods
        /// differ only in `period`.
        var shardHash: UInt64 {
            let length = UInt64(UInt32(bitPattern: tokenCount)) << 32 | UInt64(UInt32(bitPattern: emptySlot))
            return StableMix.combine(StableMix.combine(contentHash, length), UInt64(bitPattern: period))
        }
    }

    struct TemplateUse {
        /// Representative → number of its segments on this template.
        var owners = SmallCounts<Int32>()
        /// Filling (content hash) → number of segments with it.
        var fillings = SmallCounts<UInt64>()
    }

    /// A connected component of the edge graph, clustered by the chaining guard.
    struct Component {
        /// The documents of the component (representatives and their exact duplicates); cluster members and
        /// refused merges refer to positions in it.
        var documents: [Int32]
        var representatives: [Int32]
        var clusters: [ComponentCluster]
        var refused: [RefusedMerge]
    }

    /// The number of documents.
    public var count: Int { slotOf.count }

    /// Whether a document with this id is in the index.
    public func contains(_ id: String) -> Bool { slotOf[id] != nil }

    /// The fingerprint of a document in the index.
    public func fingerprint(of id: String) -> DocumentFingerprint? { slotOf[id].map { fingerprints[Int($0)] } }

    /// The fingerprint store, and the id of each of its slots ("" for a free one): what moving the store needs (a
    /// state log rewritten by a compaction).
    public var fingerprintStore: (store: any FingerprintStore, ids: [String]) { (fingerprints.store, ids) }

    /// Replaces the fingerprint store by one that holds the same fingerprints in the same slots.
    public mutating func replaceFingerprintStore(_ store: any FingerprintStore) {
        precondition(store.count == fingerprints.store.count, "LiveIndex: a replacement store has the same slots")
        fingerprints.store = store
    }

    /// Moves every fingerprint into `store` (empty), each with its location by document id: for an index filled
    /// from fingerprints at hand (a replay of the state log) that keeps them elsewhere afterwards.
    public mutating func moveFingerprints(into store: any FingerprintStore, locations: (String) -> UInt64?) {
        precondition(store.count == 0, "LiveIndex: fingerprints move into an empty store")
        var store = store
        for slot in 0..<fingerprints.store.count {
            let id = ids[slot]
            store.keep(fingerprints.store[slot], of: id, location: id.isEmpty ? nil : locations(id), at: slot)
            if id.isEmpty { store.release(slot) }
        }
        fingerprints.store = store
    }

    public init(
        configuration: Configuration, documentStore: Store, paragraphStore: Store,
        fingerprintStore: any FingerprintStore = InMemoryFingerprints()
    ) {
        self.configuration = configuration
        documentBands = documentStore
        paragraphBands = paragraphStore
        fingerprints = IndexFingerprints(store: fingerprintStore)
        documentScheme = LSHScheme.choose(
            slots: configuration.slots, threshold: configuration.candidateThreshold,
            targetRecall: configuration.targetRecall)
        paragraphScheme = ClusterEngine.paragraphScheme(configuration)
        simhashIndex = SimHashIndex(maximumDistance: configuration.simhashDistance)
    }

    /// Adds documents (ids must be new) and returns what changed.
    @discardableResult
    public mutating func insert(_ documents: [(id: String, fingerprint: DocumentFingerprint)]) -> LiveUpdate {
        apply(inserting: documents, removing: [])
    }

    /// Removes documents (unknown ids are ignored) and returns what changed.
    @discardableResult
    public mutating func remove(_ ids: [String]) -> LiveUpdate { apply(inserting: [], removing: ids) }

    /// The cluster holding a document.
    public func cluster(of id: String) -> LiveCluster? {
        guard let slot = slotOf[id], let rep = groups[groupKey(slot)]?.first, let number = componentOf[rep],
            let component = components[number]
        else { return nil }
        guard let position = component.documents.firstIndex(of: slot),
            let cluster = component.clusters.first(where: { $0.contains(Int32(position)) })
        else { return nil }
        return liveCluster(cluster, in: component)
    }

    /// Every cluster, largest first, then by canonical id.
    public var clusters: [LiveCluster] {
        var all: [LiveCluster] = []
        for component in components.values {
            for cluster in component.clusters { all.append(liveCluster(cluster, in: component)) }
        }
        return all.sorted { ($1.members.count, $0.canonical) < ($0.members.count, $1.canonical) }
    }

    func liveCluster(_ stored: ComponentCluster, in component: Component) -> LiveCluster {
        let cluster = documentCluster(stored, in: component)
        func id(_ local: Int) -> String { ids[Int(component.documents[local])] }
        return LiveCluster(
            id: cluster.id, canonical: id(cluster.canonical),
            members: cluster.members.map {
                LiveMember(id: id($0.document), kind: $0.kind, via: $0.via.map(id), evidence: $0.evidence)
            }, flags: cluster.flags)
    }

    /// A cluster of a component in full, with positions in the component.
    func documentCluster(_ stored: ComponentCluster, in component: Component) -> DocumentCluster {
        stored.cluster(
            documents: component.documents, canonicalID: ids[Int(component.documents[Int(stored.canonical)])],
            pairs: pairs)
    }

    /// The exact group of the document in `slot`, kept when it is filed: a store elsewhere would read the
    /// fingerprint back for every representative test.
    func groupKey(_ slot: Int32) -> GroupKey { groupKeys[Int(slot)] }

    func groupKey(of fingerprint: DocumentFingerprint, slot: Int32) -> GroupKey {
        fingerprint.tokenCount > 0 ? exactKey(fingerprint) : GroupKey(contentHash: 0, tokenCount: 0, emptySlot: slot)
    }

    /// The group of a document with words: its identical copies filed in the same period.
    func exactKey(_ fingerprint: DocumentFingerprint) -> GroupKey {
        GroupKey(
            contentHash: fingerprint.contentHash, tokenCount: Int32(clamping: fingerprint.tokenCount), emptySlot: -1,
            period: Verifier.filingPeriod(fingerprint, configuration) ?? Int64.min)
    }

    func idOrder(_ a: Int32, _ b: Int32) -> Bool { ids[Int(a)] < ids[Int(b)] }

    /// `idOrder` as a closure that holds the ids only: a method reference would hold a copy of the whole index,
    /// and every table mutated while it lives would be copied.
    var idLess: (Int32, Int32) -> Bool {
        let ids = self.ids
        return { ids[Int($0)] < ids[Int($1)] }
    }

    var verifier: Verifier { Verifier(configuration: configuration, furniture: furniture, templates: templates) }
}

extension LiveIndex where Store == InMemoryCandidateStore {
    /// An empty index with its band keys in memory, and its fingerprints in `fingerprintStore` (empty).
    public init(configuration: Configuration, fingerprintStore: any FingerprintStore = InMemoryFingerprints()) {
        precondition(fingerprintStore.count == 0, "LiveIndex: a new index starts with an empty fingerprint store")
        self.init(
            configuration: configuration, documentStore: InMemoryCandidateStore(),
            paragraphStore: InMemoryCandidateStore(), fingerprintStore: fingerprintStore)
    }

    /// Folds changes made while a copy of the index shared its band tables back into them, when the copy is gone;
    /// call before handing out another copy, so that the copy does not carry side tables. False while a copy still
    /// holds them.
    @discardableResult
    public mutating func settle() -> Bool {
        let document = documentBands.settle()
        let paragraph = paragraphBands.settle()
        return document && paragraph
    }
}
