/// The clusters a report is read off, which may build each cluster anew on every read (a live index builds a
/// cluster's evidence from its verified pairs). A report names every document's cluster before it writes any, and a
/// collection that can say which documents each cluster holds without building it saves the report a pass of
/// building every cluster.
public protocol ReportClusters: RandomAccessCollection<DocumentCluster> where Index == Int {
    /// The id of each cluster, and the cluster (its index) of each of the first `documents` documents, -1 for a
    /// document in none.
    func memberships(documents: Int) -> (clusterOf: [Int32], ids: [String])
}

extension ReportClusters {
    /// Reads every cluster once.
    public func memberships(documents: Int) -> (clusterOf: [Int32], ids: [String]) {
        var clusterOf = [Int32](repeating: -1, count: documents)
        var ids: [String] = []
        ids.reserveCapacity(count)
        for (index, cluster) in enumerated() {
            for member in cluster.members { clusterOf[member.document] = Int32(index) }
            ids.append(cluster.id)
        }
        return (clusterOf, ids)
    }
}

extension Array: ReportClusters where Element == DocumentCluster {}
