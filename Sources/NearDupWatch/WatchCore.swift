import NearDupCore
import NearDupIO

/// The watch daemon's state core: the ingested documents, the live index over those inside the window, and the
/// cluster names. Pure: no files, no clock (every call is told the time), so it is tested in-process.
///
/// The daemon's I/O loop appends a batch's records to the state log first and hands them here only once they are
/// durable; what comes back are the batch's events.
public struct WatchCore: Sendable {
    public let configuration: Configuration
    /// Documents ingested longer ago than this many seconds leave the index (nil: never).
    public let window: Double?
    var state = WatchState()
    var index: LiveIndex<InMemoryCandidateStore>
    var tracker = ClusterTracker()
    /// Documents `0..<windowStart` (in ingestion order) have left the index.
    var windowStart = 0

    /// An empty core whose index keeps its fingerprints in `fingerprintStore` (in memory unless said otherwise; the
    /// daemon reads them back from its state log, `LogFingerprints`).
    public init(
        configuration: Configuration, window: Double?, jobs: Int = 1,
        fingerprintStore: any FingerprintStore = InMemoryFingerprints()
    ) {
        self.configuration = configuration
        self.window = window
        index = LiveIndex(configuration: configuration, fingerprintStore: fingerprintStore)
        index.jobs = jobs
    }

    /// Documents per batch when the whole state log is replayed. A batch's working memory (its band-key changes,
    /// sorted, and its candidate pairs) grows with the batch: a million documents in one batch passed 23 GB. The
    /// index is the same whatever the batches (its contract), and so are the cluster ids (each is named after its
    /// earliest-ingested member).
    var replayBatch = 50_000

    /// Replays the state log at start-up, in batches of `replayBatch` documents in ingestion order, with no events.
    /// `locations` says where each record lies in the log (`StateRecovery.locations`), for the fingerprint store.
    public mutating func load(_ records: [StateRecord], locations: [UInt64?]? = nil, now: Double) {
        let first = state.ids.count
        for record in records { state.apply(record) }
        advanceWindow(now: now)
        let (documents, placed) = indexed(records, locations: locations, from: first)
        // The records hold every fingerprint while the log is replayed: the index reads them from memory meanwhile
        // (reading each back from the log made the replay of a million documents half as slow again), and keeps
        // them where its store keeps them afterwards.
        let store = index.fingerprintStore.store
        let fromMemory = !(store is InMemoryFingerprints) && store.count == 0
        if fromMemory { index.replaceFingerprintStore(InMemoryFingerprints()) }
        for start in stride(from: 0, to: documents.count, by: replayBatch) {
            let part = start..<min(start + replayBatch, documents.count)
            let update = index.apply(
                inserting: Array(documents[part]), removing: [], locations: Array(placed[part]))
            _ = tracker.track(update, sequence: sequence, at: now, announce: false)
        }
        if fromMemory {
            var located: [String: UInt64] = [:]
            for (document, location) in zip(documents, placed) { located[document.id] = location }
            index.moveFingerprints(into: store) { located[$0] }
        }
    }

    /// The documents of `records` (applied to the state from position `first` on) that go into the index: inside
    /// the window and not deleted; with their locations.
    private func indexed(_ records: [StateRecord], locations: [UInt64?]?, from first: Int) -> (
        documents: [(id: String, fingerprint: DocumentFingerprint)], locations: [UInt64?]
    ) {
        precondition(locations == nil || locations!.count == records.count, "WatchCore: one location a record")
        var documents: [(id: String, fingerprint: DocumentFingerprint)] = []
        var placed: [UInt64?] = []
        var position = first
        for (number, record) in records.enumerated() {
            guard case .document(_, let id, _, _, let fingerprint) = record else { continue }
            defer { position += 1 }
            guard position >= windowStart, !state.removed.contains(id) else { continue }
            documents.append((id, fingerprint))
            placed.append(locations?[number] ?? nil)
        }
        return (documents, placed)
    }

    /// Applies the records a checkpoint does not cover (the state log after its position), in one batch and with
    /// no events, as `load` does for the whole log.
    public mutating func resume(_ records: [StateRecord], locations: [UInt64?]? = nil, now: Double) {
        _ = commit(records, locations: locations, now: now, announce: false)
    }

    /// Applies a committed batch's records and returns its events: rejections, documents added, merges and splits,
    /// and the documents that left the window. `locations` as for `load`.
    public mutating func commit(
        _ records: [StateRecord], locations: [UInt64?]? = nil, now: Double, announce: Bool = true
    ) -> [WatchEvent] {
        let first = state.ids.count
        var events: [WatchEvent] = []
        var deleted: [String] = []
        for record in records {
            state.apply(record)
            switch record {
            case .rejected(let origin, let reason, let message, _):
                events.append(.rejected(origin: origin, reason: reason, message: message, at: now))
            case .removed(let id, _):
                if index.contains(id) { deleted.append(id) }
            default:
                break
            }
        }
        let leaving = deleted + advanceWindow(now: now).filter { !state.removed.contains($0) }
        let (documents, placed) = indexed(records, locations: locations, from: first)
        guard !documents.isEmpty || !leaving.isEmpty else { return events }
        let update = index.apply(inserting: documents, removing: leaving, locations: placed)
        let changes = tracker.track(update, sequence: sequence, at: now, announce: announce).map { event in
            if case .evicted(let document, let cluster, let at) = event, state.removed.contains(document) {
                return WatchEvent.deleted(document: document, cluster: cluster, at: at)
            }
            return event
        }
        return announce ? events + changes : []
    }

    /// Takes the documents that fell out of the window out of the index; returns their events.
    public mutating func evict(now: Double) -> [WatchEvent] {
        let leaving = advanceWindow(now: now)
        guard !leaving.isEmpty else { return [] }
        return tracker.track(index.remove(leaving), sequence: sequence, at: now)
    }

    /// Moves the window's start past the documents ingested before `now − window`; returns the ids that were in the
    /// index.
    @discardableResult
    mutating func advanceWindow(now: Double) -> [String] {
        guard let window else { return [] }
        var leaving: [String] = []
        while windowStart < state.ids.count && state.ingestedAt[windowStart] < now - window {
            if index.contains(state.ids[windowStart]) { leaving.append(state.ids[windowStart]) }
            windowStart += 1
        }
        return leaving
    }

    /// Points the index's fingerprints into a state log rewritten by a compaction: `file` is the new log, `moved`
    /// each document's new location. Nothing to do when the index keeps its fingerprints in memory.
    mutating func relocateFingerprints(to file: LogFile, moved: [String: UInt64]) {
        let (store, ids) = index.fingerprintStore
        guard let logged = store as? LogFingerprints else { return }
        index.replaceFingerprintStore(logged.relocated(to: file) { moved[ids[$0]] })
    }

    /// Each document's ingestion sequence number, as a closure that holds only what it reads (a method reference
    /// would hold a copy of the whole core, and the tracker's table would be copied as it changes).
    var sequence: (String) -> UInt64 {
        let (indexOf, sequences) = (state.indexOf, state.sequences)
        return { id in indexOf[id].map { sequences[$0] } ?? .max }
    }

    /// Folds the band-table changes made while a checkpoint copy was being written (see `LiveIndex.settle`).
    @discardableResult
    public mutating func settle() -> Bool { index.settle() }

    /// Whether the index reads its fingerprints back from the state log (`FingerprintPlacement.log`).
    public var keepsFingerprintsInLog: Bool { index.fingerprintStore.store is LogFingerprints }

    /// Documents in the index.
    public var activeDocuments: Int { index.count }

    /// Whether the index holds this document.
    public func contains(_ id: String) -> Bool { index.contains(id) }

    /// What the core knows of a document ever ingested: nil for an unknown id.
    public func document(_ id: String) -> StoredDocument? {
        guard let position = state.indexOf[id] else { return nil }
        return StoredDocument(
            id: id, origin: state.origins[position], ingestedAt: state.ingestedAt[position],
            sequence: state.sequences[position], deleted: state.removed.contains(id),
            inIndex: index.contains(id), submission: state.submissions[id])
    }

    /// The cluster holding a document of the index, with its stable name.
    public func cluster(of id: String) -> (name: String, cluster: LiveCluster)? {
        guard let cluster = index.cluster(of: id), let name = tracker.clusterName(of: id) else { return nil }
        return (name, cluster)
    }

    /// The cluster with this stable name, if it still exists.
    public func cluster(named name: String) -> LiveCluster? {
        guard let member = tracker.earliestMember(of: name) else { return nil }
        return index.cluster(of: member)
    }

    /// The stable cluster name of a document of the index.
    public func clusterName(of id: String) -> String? { tracker.clusterName(of: id) }

    /// The documents of the index a text with this fingerprint would be clustered with or shares paragraphs with,
    /// strongest first; nothing is stored.
    /// `id` names the text when it is a document of the index itself, which is then not its own match.
    public func query(_ fingerprint: DocumentFingerprint, id: String = "") -> [LiveMatch] {
        index.query(fingerprint, id: id).filter { $0.id != id }
    }

    /// The fingerprint of a document of the index.
    public func fingerprint(of id: String) -> DocumentFingerprint? { index.fingerprint(of: id) }

    /// The version of a text posted under `requestedID` before that is in the index (see `WatchState.version`).
    public func version(of requestedID: String, contentHash: UInt64) -> String? {
        state.version(of: requestedID, contentHash: contentHash, isLive: index.contains)
    }

    /// The id a new document posted as `base` gets: `base`, or `base~2`, `base~3`… when it is taken (also by one
    /// of `taken`, the ids of the batch being built).
    public func uniqueID(_ base: String, taken: Set<String> = []) -> String { state.uniqueID(base, taken: taken) }

    /// The sequence number the next document gets.
    public var nextSequence: UInt64 { state.nextSequence }
    /// Documents ever ingested (the state log's).
    public var documents: Int { state.ids.count }
    public var clusterCount: Int { index.clusterCount }

    /// What a full report needs, detached from the core. Taking it costs nothing now; it shares the core's
    /// document arrays, cluster names and the index's `Clustering`, so the next batch copies the chunks and shards
    /// of those it changes (not the band tables or the statistics). The report is built from it on another thread.
    public func snapshot() -> WatchSnapshot {
        WatchSnapshot(
            configuration: configuration, clustering: index.clustering, ids: state.ids, origins: state.origins,
            byteCounts: state.byteCounts, invalidSequences: state.invalidSequences, windowStart: windowStart,
            clusterNames: tracker.names, rejections: state.rejections)
    }
}

/// One document of the state, as `WatchCore.document(_:)` describes it.
public struct StoredDocument: Sendable, Equatable {
    public var id: String
    public var origin: String
    public var ingestedAt: Double
    public var sequence: UInt64
    /// Deleted on request.
    public var deleted: Bool
    /// In the index now (not deleted, and inside the window).
    public var inIndex: Bool
    /// How it was posted, when it came over HTTP.
    public var submission: DocumentSubmission?
}

/// What a full report is built from.
public struct WatchSnapshot: Sendable {
    let configuration: Configuration
    let clustering: LiveIndex<InMemoryCandidateStore>.Clustering
    /// Every document ever ingested, in ingestion order; those from `windowStart` on that the index holds are
    /// reported.
    let ids: ChunkedArray<String>
    let origins: ChunkedArray<String>
    let byteCounts: ChunkedArray<Int32>
    let invalidSequences: ChunkedArray<Int32>
    let windowStart: Int
    /// The tracker's cluster id of each clustered document, as the hash it spells.
    let clusterNames: ShardedDictionary<String, UInt64>
    let rejections: [SkippedInput]

    /// The report over the documents in the index, in ingestion order, with the tracker's cluster ids.
    public func report(createdAt: String) -> ClusterReport { streamedReport(createdAt: createdAt).report }

    /// The report of `report(createdAt:)`, to be written a cluster at a time without holding it whole.
    public func streamedReport(createdAt: String) -> StreamedReport<Clusters, Fingerprints> {
        let active = (windowStart..<ids.count).filter { clustering.contains(self.ids[$0]) }
        let activeIDs = active.map { self.ids[$0] }
        var (bytes, lossy, invalid) = (0, 0, 0)
        for position in active {
            bytes += Int(byteCounts[position])
            if invalidSequences[position] > 0 { lossy += 1 }
            invalid += Int(invalidSequences[position])
        }
        let (clusters, result) = clustering.outline(order: activeIDs)
        return StreamedReport(
            clusters: Clusters(clusters: clusters, ids: activeIDs, names: clusterNames), result: result,
            ids: activeIDs, origins: active.map { origins[$0] },
            fingerprints: Fingerprints(lookup: clustering.fingerprintLookup, ids: activeIDs), skipped: rejections,
            configuration: configuration, bytes: bytes, lossyDocuments: lossy, invalidSequences: invalid,
            generator: "neardup watch", createdAt: createdAt, timings: [:])
    }

    /// The index's clusters in the report's order, each with the tracker's id, built when asked rather than all
    /// held at once.
    public struct Clusters: ReportClusters, Sendable {
        let clusters: LiveIndex<InMemoryCandidateStore>.OrderedClusters
        /// The reported documents' ids, by position.
        let ids: [String]
        /// The tracker's cluster id by the canonical member's id, as the hash it spells.
        let names: ShardedDictionary<String, UInt64>

        /// 0.
        public var startIndex: Int { 0 }
        /// The number of clusters.
        public var endIndex: Int { clusters.count }
        /// The cluster at `position`.
        public subscript(position: Int) -> DocumentCluster {
            var cluster = clusters[position]
            if let name = name(at: position) { cluster.id = name }
            return cluster
        }

        /// The index's memberships under the tracker's names.
        public func memberships(documents: Int) -> (clusterOf: [Int32], ids: [String]) {
            var memberships = clusters.memberships(documents: documents)
            for index in memberships.ids.indices {
                if let name = name(at: index) { memberships.ids[index] = name }
            }
            return memberships
        }

        /// The tracker's name of the cluster at `position`, by its canonical member.
        private func name(at position: Int) -> String? {
            names[ids[clusters.canonical(at: position)]].map(ClusterEngine.clusterID(hash:))
        }
    }

    /// The fingerprints of the reported documents, read from the index's store when asked rather than all held at
    /// once: `LogFingerprints` decodes each from the state log.
    public struct Fingerprints: RandomAccessCollection, Sendable {
        let lookup: LiveIndex<InMemoryCandidateStore>.FingerprintLookup
        let ids: [String]

        /// 0.
        public var startIndex: Int { 0 }
        /// The number of reported documents.
        public var endIndex: Int { ids.count }
        /// The fingerprint of the reported document at `position`, read from the store.
        public subscript(position: Int) -> DocumentFingerprint { lookup.fingerprint(of: ids[position])! }
    }
}
