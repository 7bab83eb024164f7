import NearDupCore

/// Gives clusters ids that survive new documents, merges and restarts, and turns the live index's updates into
/// events.
///
/// A cluster's id is derived from its *earliest-ingested* member (`c` + XXH64 of that document's id, as in the
/// one-shot report). A new document never changes the earliest member of the cluster it joins, and a merge keeps
/// the id of the cluster whose first member came first — the older one — so ids stay put; and since ingestion order
/// is in the state log, a restart derives the same ids without storing them.
public struct ClusterTracker: Sendable {
    /// Document id → its cluster's id, kept as the hash the id spells (`ClusterEngine.clusterID(hash:)`): a million
    /// documents held a million 17-character texts. Sharded, as the table below: a checkpoint or a report shares
    /// them while it is written, and the next batch copies the shards it changes, not a million names.
    private(set) var names = ShardedDictionary<String, UInt64>()
    /// Cluster id (as its hash) → the earliest-ingested member it is named after. May name a cluster that has since
    /// merged or lost that member (`earliestMember(of:)` checks).
    private var namedAfter = ShardedDictionary<UInt64, String>()

    public init() {}

    /// A tracker that goes on from names given before (a checkpoint's), each as the hash its id spells.
    init(names: ShardedDictionary<String, UInt64>) {
        self.names = names
        namedAfter = ShardedDictionary(expectedCount: names.count)
        for (document, cluster) in names where cluster == XXHash64.hash(document) { namedAfter[cluster] = document }
    }

    /// The id of the cluster holding `document`.
    public func clusterName(of document: String) -> String? { names[document].map(ClusterEngine.clusterID(hash:)) }

    /// The member a cluster id is named after, while that cluster exists under that id.
    public func earliestMember(of cluster: String) -> String? {
        guard let hash = ClusterEngine.clusterHash(cluster) else { return nil }
        return earliestMember(ofHash: hash)
    }

    private func earliestMember(ofHash cluster: UInt64) -> String? {
        guard let member = namedAfter[cluster], names[member] == cluster else { return nil }
        return member
    }

    /// Names the clusters of an update and returns what changed (nothing when `announce` is false, as while the
    /// state log is replayed at start-up). `sequence` gives each document's ingestion sequence number.
    public mutating func track(
        _ update: LiveUpdate, sequence: (String) -> UInt64, at time: Double, announce: Bool = true
    ) -> [WatchEvent] {
        var events: [WatchEvent] = []
        var placed = Set<String>()
        var previousParts: [UInt64: Set<UInt64>] = [:]
        var next: [(String, UInt64)] = []
        var retired = Set<UInt64>()
        // Ids are 16 hex digits with leading zeros, so they sort as their hashes do.
        let name = ClusterEngine.clusterID(hash:)
        for cluster in update.clusters {
            let earliest = cluster.members.min { (sequence($0.id), $0.id) < (sequence($1.id), $1.id) }!
            let id = XXHash64.hash(earliest.id)
            namedAfter[id] = earliest.id
            var previousIDs = Set<UInt64>()
            for member in cluster.members {
                placed.insert(member.id)
                next.append((member.id, id))
                if let previous = names[member.id] {
                    previousIDs.insert(previous)
                    previousParts[previous, default: []].insert(id)
                } else if announce {
                    events.append(
                        .added(
                            document: member.id, cluster: name(id), kind: member.kind?.rawValue ?? "canonical",
                            at: time))
                }
            }
            let absorbed = previousIDs.subtracting([id])
            if !absorbed.isEmpty && announce {
                events.append(.merged(cluster: name(id), absorbed: absorbed.sorted().map(name), at: time))
            }
            retired.formUnion(absorbed)
        }
        if announce {
            for (previous, parts) in previousParts.sorted(by: { $0.key < $1.key }) where parts.count > 1 {
                events.append(.split(cluster: name(previous), into: parts.sorted().map(name), at: time))
            }
        }
        for id in update.removed where !placed.contains(id) {
            if let cluster = names.removeValue(forKey: id) {
                if announce { events.append(.evicted(document: id, cluster: name(cluster), at: time)) }
                if namedAfter[cluster] == id { namedAfter[cluster] = nil }
            }
        }
        for (document, cluster) in next { names[document] = cluster }
        for cluster in retired.union(previousParts.keys) where earliestMember(ofHash: cluster) == nil {
            namedAfter[cluster] = nil
        }
        return events
    }
}
