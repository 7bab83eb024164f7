/// A warning on a cluster (`DocumentCluster.flags`), in the order `ClusteringRun.assemble` gives them.
enum ClusterFlag: String, CaseIterable {
    /// More members than `Configuration.suspiciousClusterSize`.
    case large
    /// The chaining guard refused at least one merge into the cluster.
    case guarded
    /// Three or more representatives whose cohesion is under `ChainingGuard.looseCohesion`.
    case loose
}
