/// The cluster report: a versioned, documented JSON schema (`docs/report-format.md`).
///
/// Built from a `ClusteringResult` by `ClusterReport.init(...)`; encoding and compression are the caller's.
public struct ClusterReport: Sendable, Codable, Equatable {
    public static let schemaName = "neardup-report"
    public static let schemaVersion = 1

    public struct Scheme: Sendable, Codable, Equatable {
        public var bands: Int
        public var rows: Int
        public var slots: Int
        public var threshold: Double
        /// Probability that a pair exactly at the threshold becomes a candidate.
        public var probabilityAtThreshold: Double
        /// Similarity at which the probability is one half.
        public var midpoint: Double
    }

    public struct SimHashScheme: Sendable, Codable, Equatable {
        public var tables: Int
        public var maximumDistance: Int
    }

    public struct Candidates: Sendable, Codable, Equatable {
        public var document: Scheme?
        public var paragraph: Scheme
        public var simhash: SimHashScheme?
    }

    public struct Input: Sendable, Codable, Equatable {
        public var documents: Int
        public var bytes: Int
        public var skipped: Int
        public var exactDuplicates: Int
        /// Documents with invalid UTF-8, read lossily, and their invalid sequences.
        public var lossyDocuments: Int
        public var invalidSequences: Int
    }

    public struct Match: Sendable, Codable, Equatable {
        /// Segment ordinals (0-based) in the member and in the document it is linked to.
        public var paragraph: Int
        public var otherParagraph: Int
        public var similarity: Double
        /// Byte ranges `[start, end)` of the two paragraphs in their documents.
        public var bytes: [Int]
        public var otherBytes: [Int]
    }

    public struct Evidence: Sendable, Codable, Equatable {
        public var jaccard: Double?
        /// Share of this member's shingles found in the other document, and the reverse.
        public var containment: Double?
        public var containmentReverse: Double?
        /// Share of this member's evidence-paragraph words in matched paragraphs, and the reverse.
        public var coverage: Double
        public var coverageReverse: Double
        public var simhashDistance: Int?
        /// Share of the figures and dates of the side with fewer found in the other (nil when one has none).
        public var factAgreement: Double?
        /// Headline-only member or via: share of its words in the other's headline and lead.
        public var leadContainment: Double?
        public var matches: [Match]
    }

    public struct Member: Sendable, Codable, Equatable {
        public var id: String
        public var origin: String
        /// `canonical`, `exact`, `near` or `reprint`.
        public var kind: String
        public var via: String?
        public var evidence: Evidence?
        public var words: Int
        public var paragraphs: Int
    }

    public struct Cluster: Sendable, Codable, Equatable {
        public var id: String
        public var size: Int
        public var canonical: String
        public var flags: [String]
        public var members: [Member]
    }

    public struct Link: Sendable, Codable, Equatable {
        public var documents: [String]
        public var clusters: [String]
        /// Paragraph matches seen from the first document.
        public var matches: [Match]
    }

    public struct Refusal: Sendable, Codable, Equatable {
        public var documents: [String]
        public var clusters: [String]
        public var kind: String
        public var score: Double
        /// The clusters' linkage the merge was judged by (`RefusedMerge.meanLinkage`).
        public var meanLinkage: Double
    }

    public var schema = ClusterReport.schemaName
    public var version = ClusterReport.schemaVersion
    public var generator: String
    public var createdAt: String
    public var parameters: Configuration
    public var candidates: Candidates
    public var input: Input
    public var skipped: [SkippedInput]
    public var clusters: [Cluster]
    public var paragraphLinks: [Link]
    public var refusedMerges: [Refusal]
    public var statistics: ClusteringStatistics
    public var timings: [String: Double]

    /// `doc_id<TAB>cluster_id` lines with a header: the layout of the datasets' `labels.tsv`.
    public func labelsTSV() -> String {
        var lines = ["doc_id\tcluster_id"]
        for cluster in clusters {
            for member in cluster.members { lines.append("\(TSVField.escape(member.id))\t\(cluster.id)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ClusterReport {
    /// Assembles the report; `origins[i]` says where document `i` came from. `fingerprints` is read member by member
    /// (a lazy collection can decode each when asked). `StreamedReport` writes the same report without holding it.
    public init<Fingerprints: RandomAccessCollection<DocumentFingerprint>>(
        result: ClusteringResult, ids: [String], origins: [String], fingerprints: Fingerprints,
        skipped: [SkippedInput], configuration: Configuration, bytes: Int, lossyDocuments: Int,
        invalidSequences: Int, generator: String, createdAt: String, timings: [String: Double]
    ) {
        self =
            StreamedReport(
                result: result, ids: ids, origins: origins, fingerprints: fingerprints, skipped: skipped,
                configuration: configuration, bytes: bytes, lossyDocuments: lossyDocuments,
                invalidSequences: invalidSequences, generator: generator, createdAt: createdAt, timings: timings
            ).report
    }
}
