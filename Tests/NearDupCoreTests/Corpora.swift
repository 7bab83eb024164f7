import Foundation

@testable import NearDupCore

/// Files of the embedded corpora (`corpora/` in the package).
enum Corpora {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("corpora")

    /// The seed articles: ids (file names without `.txt`) and texts, in id order.
    static func seeds() throws -> [(id: String, text: String)] {
        let folder = root.appendingPathComponent("seeds")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
            .map { name in
                (String(name.dropLast(4)), try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
            }
    }
}

/// Fingerprints and clusters texts with the given configuration.
func clusterTexts(
    _ documents: [(id: String, text: String)], configuration: Configuration = Configuration(), jobs: Int = 1
) -> ClusteringResult {
    var fingerprinter = Fingerprinter(configuration: configuration)
    let fingerprints = documents.map { fingerprinter.fingerprint($0.text) }
    return ClusterEngine(configuration: configuration, jobs: jobs).cluster(
        ids: documents.map(\.id), fingerprints: fingerprints)
}

extension ClusteringResult {
    /// Member ids of each cluster, in the result's order.
    func groups(_ ids: [String]) -> [[String]] { clusters.map { $0.members.map { ids[$0.document] } } }
}
