/// One document's place in its cluster.
public struct ClusterMember: Sendable, Equatable {
    /// Index of the document in the engine's input.
    public var document: Int
    /// nil for the canonical member; otherwise how it joined.
    public var kind: RelationKind?
    /// The member it is linked to on the path to the canonical member (nil for the canonical member).
    public var via: Int?
    /// The evidence of that link, seen from this member.
    public var evidence: PairEvidence?
}

/// A group of documents that are duplicates or reprints of one another.
public struct DocumentCluster: Sendable, Equatable {
    /// Stable identifier: derived from the canonical member's id, so it survives unrelated changes to the corpus.
    public var id: String
    /// Index of the canonical document: the one with the most words, ties broken by the smallest id.
    public var canonical: Int
    /// Canonical member first, then the others by id.
    public var members: [ClusterMember]
    /// Warnings: `large` (more members than `Configuration.suspiciousClusterSize`) and `guarded` (the chaining guard
    /// refused at least one merge into this cluster).
    public var flags: [String]
}

/// Two documents that are not duplicates but share paragraphs (a quote, a wire paragraph).
public struct ParagraphLink: Sendable, Equatable {
    public var first: Int
    public var second: Int
    public var matches: [ParagraphMatch]
}

/// A verified edge the chaining guard refused: the two clusters it would join are too far apart overall, or it is
/// an untimed flash between two clusters that each hold a story (`ChainingGuard.flashBridges`).
public struct RefusedMerge: Sendable, Equatable {
    public var first: Int
    public var second: Int
    public var evidence: PairEvidence
    /// Mean similarity over sampled pairs of the two clusters' members, or, when that is below
    /// `Configuration.chainFloor`, both clusters have two members or more and the edge has an article at one end and
    /// is not between reports, the larger of it and the ends' linkage (`ChainingGuard.endLinkage`): below the floor
    /// for a merge refused for it, at or above for one refused by the flash-bridge rule.
    public var meanLinkage: Double
}

/// Counts of the candidate search and verification.
public struct ClusteringStatistics: Sendable, Equatable, Codable {
    public var documents = 0
    public var exactDuplicates = 0
    public var documentCandidates = 0
    public var paragraphCandidates = 0
    /// Headline-only documents paired with stories whose headline and lead hold their words.
    public var flashCandidates = 0
    public var candidatePairs = 0
    public var edges: [String: Int] = [:]
    public var furnitureParagraphs = 0
    public var skippedBuckets = 0
    public var refusedMerges = 0
    public var evidenceParagraphs = 0

    public init() {}

    /// Counts missing from a report written before they existed read as 0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read(_ key: CodingKeys) throws -> Int { try container.decodeIfPresent(Int.self, forKey: key) ?? 0 }
        documents = try read(.documents)
        exactDuplicates = try read(.exactDuplicates)
        documentCandidates = try read(.documentCandidates)
        paragraphCandidates = try read(.paragraphCandidates)
        flashCandidates = try read(.flashCandidates)
        candidatePairs = try read(.candidatePairs)
        edges = try container.decodeIfPresent([String: Int].self, forKey: .edges) ?? [:]
        furnitureParagraphs = try read(.furnitureParagraphs)
        skippedBuckets = try read(.skippedBuckets)
        refusedMerges = try read(.refusedMerges)
        evidenceParagraphs = try read(.evidenceParagraphs)
    }

    enum CodingKeys: String, CodingKey {
        case documents, exactDuplicates, documentCandidates, paragraphCandidates, flashCandidates, candidatePairs
        case edges, furnitureParagraphs, skippedBuckets, refusedMerges, evidenceParagraphs
    }
}

/// The outcome of clustering a corpus.
public struct ClusteringResult: Sendable {
    /// Every input document is a member of exactly one cluster; largest clusters first, then by canonical id.
    public var clusters: [DocumentCluster]
    public var paragraphLinks: [ParagraphLink]
    public var refusedMerges: [RefusedMerge]
    /// The document banding (nil with SimHash).
    public var documentScheme: LSHScheme?
    public var paragraphScheme: LSHScheme
    /// SimHash tables (nil with MinHash).
    public var simhashTables: Int?
    public var statistics: ClusteringStatistics
    /// Seconds spent in each phase.
    public var timings: [String: Double]
}
