import NearDupCore

/// Gives clusters ids that survive new documents, merges and restarts, and turns successive clusterings into events.
///
/// A cluster's id is derived from its *earliest-ingested* member (`c` + XXH64 of that document's id, as in the
/// one-shot report). A new document never changes the earliest member of the cluster it joins, and a merge keeps
/// the id of the cluster whose first member came first — the older one — so ids stay put; and since ingestion order
/// is in the state log, a restart derives the same ids without storing them.
public struct ClusterTracker: Sendable {
    private var clusterOf: [String: String] = [:]

    public init() {}

    /// Renames the clusters of `result` and returns what changed since the last call (nothing is reported for
    /// documents the tracker has not seen when `announce` is false, as after a restart).
    public mutating func track(
        _ result: inout ClusteringResult, ids: [String], sequences: [UInt64], at time: Double, announce: Bool = true
    ) -> [WatchEvent] {
        var events: [WatchEvent] = []
        var next: [String: String] = [:]
        var previousParts: [String: Set<String>] = [:]
        for index in result.clusters.indices {
            let members = result.clusters[index].members
            let earliest = members.min {
                (sequences[$0.document], ids[$0.document]) < (sequences[$1.document], ids[$1.document])
            }!
            let id = ClusterEngine.clusterID(ids[earliest.document])
            result.clusters[index].id = id
            var previousIDs = Set<String>()
            for member in members {
                let document = ids[member.document]
                next[document] = id
                if let previous = clusterOf[document] {
                    previousIDs.insert(previous)
                    previousParts[previous, default: []].insert(id)
                } else if announce {
                    events.append(
                        .added(document: document, cluster: id, kind: member.kind?.rawValue ?? "canonical", at: time))
                }
            }
            let absorbed = previousIDs.subtracting([id])
            if !absorbed.isEmpty { events.append(.merged(cluster: id, absorbed: absorbed.sorted(), at: time)) }
        }
        for (previous, parts) in previousParts.sorted(by: { $0.key < $1.key }) where parts.count > 1 {
            events.append(.split(cluster: previous, into: parts.sorted(), at: time))
        }
        clusterOf = next
        return announce ? events : []
    }
}
