/// A cluster as a live index's component keeps it: positions in the component, and for each member where its
/// evidence is rather than the evidence itself.
///
/// A member joined by a verified edge has that pair's evidence, which the index's `VerifiedPairs` already holds (and
/// keeps current: an edge whose evidence changes re-decides its component); an exact copy has
/// `PairEvidence.identical`. A `DocumentCluster` held the evidence of every member again, 192 bytes a member where
/// this takes 12: at a million documents about a fifth of a gigabyte.
struct ComponentCluster: Sendable, Equatable {
    /// Where a member's evidence is.
    enum Evidence: UInt8, Sendable {
        /// The canonical member: none.
        case none
        /// `PairEvidence.identical`: an exact copy and its representative.
        case identical
        /// The verified pair of the member and its `via`, as the pair keeps it (seen from the member).
        case pair
        /// The verified pair's evidence turned round (the pair keeps it seen from the `via`).
        case turnedPair
    }

    /// One member, by position in the component.
    struct Member: Sendable, Equatable {
        /// Position in the component.
        var document: Int32
        /// Position in the component of the member it is linked to, -1 for the canonical member.
        var via: Int32
        /// The position of the relation in `RelationKind.allCases`, `noKind` for the canonical member.
        var kind: UInt8
        /// Where its evidence is.
        var evidence: Evidence
    }

    /// The `kind` of the canonical member.
    static let noKind: UInt8 = 255

    /// Position in the component of the canonical member, which is listed first.
    var canonical: Int32 { members[0].document }
    /// Canonical member first, then the others by id.
    var members: [Member]
    /// A bit per case of `ClusterFlag`, in its order.
    var flags: UInt8

    /// A cluster of one: the component's only document.
    static let single = ComponentCluster(
        members: [Member(document: 0, via: -1, kind: noKind, evidence: .none)], flags: 0)

    private init(members: [Member], flags: UInt8) {
        self.members = members
        self.flags = flags
    }

    /// The compact form of `cluster` (positions in `documents`), or nil when it is not one a component can hold:
    /// the canonical member is not listed first; a member's evidence is neither that of its verified edge with its
    /// `via` (which `pairs` must hold, between their slots, with the member's kind), seen from either side, nor an
    /// identical copy's (of kind `exact`); a position is outside the component; or a flag is unknown or out of order.
    init?(_ cluster: DocumentCluster, documents: [Int32], pairs: VerifiedPairs) {
        var flags: UInt8 = 0
        var last = -1
        for flag in cluster.flags {
            guard let bit = ClusterFlag.allCases.firstIndex(where: { $0.rawValue == flag }), bit > last else {
                return nil
            }
            flags |= 1 << UInt8(bit)
            last = bit
        }
        let positions = 0..<documents.count
        guard positions.contains(cluster.canonical), cluster.members.first?.document == cluster.canonical else {
            return nil
        }
        var members: [Member] = []
        members.reserveCapacity(cluster.members.count)
        for member in cluster.members {
            guard positions.contains(member.document) else { return nil }
            guard let via = member.via, let kind = member.kind, let evidence = member.evidence else {
                guard member.via == nil && member.kind == nil && member.evidence == nil,
                    member.document == cluster.canonical
                else { return nil }
                members.append(Member(document: Int32(member.document), via: -1, kind: Self.noKind, evidence: .none))
                continue
            }
            guard positions.contains(via) else { return nil }
            let source: Evidence
            if let stored = pairs[documents[member.document], documents[via]] {
                guard stored.kind == kind else { return nil }
                if evidence == stored {
                    source = .pair
                } else if evidence == stored.swapped() {
                    source = .turnedPair
                } else {
                    return nil
                }
            } else {
                guard evidence == .identical, kind == .exact else { return nil }
                source = .identical
            }
            members.append(
                Member(
                    document: Int32(member.document), via: Int32(via),
                    kind: UInt8(RelationKind.allCases.firstIndex(of: kind)!), evidence: source))
        }
        self.members = members
        self.flags = flags
    }

    /// The cluster in full, with positions in the component: the id from `canonicalID` (the canonical member's),
    /// each member's evidence from `pairs`, which must hold the pair of each member joined by an edge.
    func cluster(documents: [Int32], canonicalID: String, pairs: VerifiedPairs) -> DocumentCluster {
        DocumentCluster(
            id: ClusterEngine.clusterID(canonicalID), canonical: Int(canonical),
            members: members.map { member in
                let evidence: PairEvidence
                switch member.evidence {
                case .none:
                    return ClusterMember(document: Int(member.document), kind: nil, via: nil, evidence: nil)
                case .identical:
                    evidence = .identical
                case .pair, .turnedPair:
                    let (slot, other) = (documents[Int(member.document)], documents[Int(member.via)])
                    guard let stored = pairs[slot, other] else {
                        preconditionFailure("LiveIndex: no verified pair of slots \(slot) and \(other) for a member")
                    }
                    evidence = member.evidence == .pair ? stored : stored.swapped()
                }
                return ClusterMember(
                    document: Int(member.document), kind: RelationKind.allCases[Int(member.kind)],
                    via: Int(member.via), evidence: evidence)
            },
            flags: ClusterFlag.allCases.indices.filter { flags & (1 << UInt8($0)) != 0 }.map {
                ClusterFlag.allCases[$0].rawValue
            })
    }

    /// The number of members.
    var count: Int { members.count }

    /// Whether the document at `position` in the component is a member.
    func contains(_ position: Int32) -> Bool { members.contains { $0.document == position } }
}
