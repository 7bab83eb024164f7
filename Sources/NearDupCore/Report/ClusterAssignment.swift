/// A flat assignment of document ids to cluster ids, read from `labels.tsv`-style text.
public struct ClusterAssignment: Sendable, Equatable {
    public var clusterOf: [String: String]

    public init(clusterOf: [String: String]) { self.clusterOf = clusterOf }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Parses `doc_id<TAB>cluster_id` lines; a first line `doc_id<TAB>cluster_id` is a header, blank lines are
    /// ignored, and an id listed twice is an error.
    public static func parseTSV(_ text: String) throws(ParseError) -> ClusterAssignment {
        var clusterOf: [String: String] = [:]
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2 else {
                throw ParseError(line: index + 1, message: "expected doc_id<TAB>cluster_id")
            }
            if index == 0 && fields[0] == "doc_id" { continue }
            let id = TSVField.unescape(fields[0])
            guard clusterOf[id] == nil else { throw ParseError(line: index + 1, message: "id '\(id)' listed twice") }
            clusterOf[id] = TSVField.unescape(fields[1])
        }
        return ClusterAssignment(clusterOf: clusterOf)
    }

    /// The assignment a report makes.
    public init(report: ClusterReport) {
        var clusterOf: [String: String] = [:]
        for cluster in report.clusters { for member in cluster.members { clusterOf[member.id] = cluster.id } }
        self.clusterOf = clusterOf
    }
}
