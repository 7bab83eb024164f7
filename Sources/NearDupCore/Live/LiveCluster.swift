/// A cluster of the live index, by document id.
public struct LiveCluster: Sendable, Equatable {
    /// `c` and the XXH64 of the canonical member's id, as in the one-shot report.
    public var id: String
    /// The member with the most words, ties broken by the smallest id.
    public var canonical: String
    /// Canonical member first, then the others by id.
    public var members: [LiveMember]
    /// As in `DocumentCluster.flags`.
    public var flags: [String]

    public init(id: String, canonical: String, members: [LiveMember], flags: [String]) {
        self.id = id
        self.canonical = canonical
        self.members = members
        self.flags = flags
    }
}

/// One document's place in a live cluster.
public struct LiveMember: Sendable, Equatable {
    public var id: String
    /// nil for the canonical member; otherwise how it joined.
    public var kind: RelationKind?
    /// The member it is linked to on the path to the canonical member.
    public var via: String?
    /// The evidence of that link, seen from this member.
    public var evidence: PairEvidence?

    public init(id: String, kind: RelationKind? = nil, via: String? = nil, evidence: PairEvidence? = nil) {
        self.id = id
        self.kind = kind
        self.via = via
        self.evidence = evidence
    }
}

/// What one batch changed: the clusters of every connected component the batch touched, as they are now.
///
/// A document in none of them is where it was before the batch. Together with the documents removed, this is all a
/// follower (the watch daemon's event journal, a poller) needs to stay in step.
public struct LiveUpdate: Sendable {
    /// The clusters of the re-decided components, largest first.
    public var clusters: [LiveCluster]
    /// Ids removed by the batch.
    public var removed: [String]
    /// Candidate pairs verified by the batch.
    public var verifiedPairs: Int
    /// Representatives whose candidates were searched again.
    public var searched: Int

    public init(clusters: [LiveCluster], removed: [String], verifiedPairs: Int, searched: Int) {
        self.clusters = clusters
        self.removed = removed
        self.verifiedPairs = verifiedPairs
        self.searched = searched
    }
}

/// A document of the index that a queried text would be clustered with or shares paragraphs with.
public struct LiveMatch: Sendable, Equatable {
    public var id: String
    /// nil when the two only share paragraphs.
    public var kind: RelationKind?
    /// Seen from the queried text.
    public var evidence: PairEvidence
}
