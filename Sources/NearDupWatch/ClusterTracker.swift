import NearDupCore

/// Gives clusters ids that survive new documents, merges and restarts, and turns the live index's updates into
/// events.
///
/// A cluster's id is derived from its *earliest-ingested* member (`c` + XXH64 of that document's id, as in the
/// one-shot report). A new document never changes the earliest member of the cluster it joins, and a merge keeps
/// the id of the cluster whose first member came first — the older one — so ids stay put; and since ingestion order
/// is in the state log, a restart derives the same ids without storing them.
public struct ClusterTracker: Sendable {
    /// Document id → its cluster's id. Sharded, as the tables below: a checkpoint or a report shares them while it
    /// is written, and the next batch copies the shards it changes, not a million names.
    public private(set) var clusterOf = ShardedDictionary<String, String>()
    /// Cluster id → the earliest-ingested member it is named after. May name a cluster that has since merged or
    /// lost that member (`earliestMember(of:)` checks).
    private var namedAfter = ShardedDictionary<String, String>()

    public init() {}

    /// A tracker that goes on from names given before (a checkpoint's).
    init(clusterOf: ShardedDictionary<String, String>) {
        self.clusterOf = clusterOf
        namedAfter = ShardedDictionary(expectedCount: clusterOf.count)
        for (document, cluster) in clusterOf where ClusterEngine.isClusterID(cluster, of: document) {
            namedAfter[cluster] = document
        }
    }

    /// The member a cluster id is named after, while that cluster exists under that id.
    public func earliestMember(of cluster: String) -> String? {
        guard let member = namedAfter[cluster], clusterOf[member] == cluster else { return nil }
        return member
    }

    /// Names the clusters of an update and returns what changed (nothing when `announce` is false, as while the
    /// state log is replayed at start-up). `sequence` gives each document's ingestion sequence number.
    public mutating func track(
        _ update: LiveUpdate, sequence: (String) -> UInt64, at time: Double, announce: Bool = true
    ) -> [WatchEvent] {
        var events: [WatchEvent] = []
        var placed = Set<String>()
        var previousParts: [String: Set<String>] = [:]
        var next: [(String, String)] = []
        var retired = Set<String>()
        for cluster in update.clusters {
            let earliest = cluster.members.min { (sequence($0.id), $0.id) < (sequence($1.id), $1.id) }!
            let id = ClusterEngine.clusterID(earliest.id)
            namedAfter[id] = earliest.id
            var previousIDs = Set<String>()
            for member in cluster.members {
                placed.insert(member.id)
                next.append((member.id, id))
                if let previous = clusterOf[member.id] {
                    previousIDs.insert(previous)
                    previousParts[previous, default: []].insert(id)
                } else {
                    events.append(
                        .added(document: member.id, cluster: id, kind: member.kind?.rawValue ?? "canonical", at: time))
                }
            }
            let absorbed = previousIDs.subtracting([id])
            if !absorbed.isEmpty { events.append(.merged(cluster: id, absorbed: absorbed.sorted(), at: time)) }
            retired.formUnion(absorbed)
        }
        for (previous, parts) in previousParts.sorted(by: { $0.key < $1.key }) where parts.count > 1 {
            events.append(.split(cluster: previous, into: parts.sorted(), at: time))
        }
        for id in update.removed where !placed.contains(id) {
            if let cluster = clusterOf.removeValue(forKey: id) {
                events.append(.evicted(document: id, cluster: cluster, at: time))
                if namedAfter[cluster] == id { namedAfter[cluster] = nil }
            }
        }
        for (document, cluster) in next { clusterOf[document] = cluster }
        for name in retired.union(previousParts.keys) where earliestMember(of: name) == nil { namedAfter[name] = nil }
        return announce ? events : []
    }
}
