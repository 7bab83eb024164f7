import Testing

@testable import NearDupCore

@Suite("Component clusters")
struct ComponentClusterTests {
    // Slots 0–2 hold "a", "b", "c"; slot 3 holds "d", an exact copy of "b" (no verified pairs of its own).
    static let ids = ["a", "b", "c", "d"]
    static let documents: [Int32] = [0, 1, 2, 3]

    static func pairs() -> VerifiedPairs {
        var pairs = VerifiedPairs()
        // Kept as seen from the smaller id: from "a" for the first pair, from "b" for the second.
        pairs.set(0, 1, VerifiedPairsTests.evidence(6))
        pairs.set(1, 2, VerifiedPairsTests.evidence(8))
        return pairs
    }

    static func member(_ document: Int, via: Int, _ evidence: PairEvidence) -> ClusterMember {
        ClusterMember(document: document, kind: evidence.kind, via: via, evidence: evidence)
    }

    /// "b" canonical; "a" joined it (evidence seen from "a", the smaller id, as kept), "c" joined it (seen from "c":
    /// the kept evidence turned round), "d" is its exact copy.
    static func cluster() -> DocumentCluster {
        let pairs = pairs()
        return DocumentCluster(
            id: ClusterEngine.clusterID("b"), canonical: 1,
            members: [
                ClusterMember(document: 1, kind: nil, via: nil, evidence: nil),
                member(0, via: 1, pairs[0, 1]!), member(2, via: 1, pairs[1, 2]!.swapped()),
                member(3, via: 1, .identical),
            ],
            flags: ["guarded", "loose"])
    }

    /// What a component keeps gives back the whole cluster: each member's evidence read from its verified pair and
    /// turned to be seen from the member, an exact copy's the identical evidence, the id and the flags.
    @Test func aKeptClusterGivesBackTheWholeOne() throws {
        let pairs = Self.pairs()
        let cluster = Self.cluster()
        // Turned round, the kept evidence differs: reading it from the wrong side would be seen.
        #expect(pairs[1, 2]!.swapped() != pairs[1, 2]!)
        let kept = try #require(ComponentCluster(cluster, documents: Self.documents, pairs: pairs))
        #expect(kept.members.map(\.evidence) == [.none, .pair, .pair, .identical])
        #expect(kept.cluster(documents: Self.documents, ids: Self.ids, pairs: pairs) == cluster)
        #expect(kept.count == 4 && kept.contains(3) && !kept.contains(4))
    }

    /// A cluster whose member carries evidence that is neither its pair's nor an exact copy's, or a flag the
    /// compact form does not know (or one out of order), is not kept: a checkpoint holding it is refused.
    @Test func aClusterThatCannotBeKeptIsRefused() {
        let pairs = Self.pairs()
        var cluster = Self.cluster()
        // "d" and "c" have no verified pair, so evidence other than the identical one has no source.
        cluster.members[3] = Self.member(3, via: 2, VerifiedPairsTests.evidence(6))
        #expect(ComponentCluster(cluster, documents: Self.documents, pairs: pairs) == nil)
        for flags in [["large", "odd"], ["loose", "guarded"]] {
            var flagged = Self.cluster()
            flagged.flags = flags
            #expect(ComponentCluster(flagged, documents: Self.documents, pairs: pairs) == nil)
        }
        var outside = Self.cluster()
        outside.members[3].via = 4
        #expect(ComponentCluster(outside, documents: Self.documents, pairs: pairs) == nil)
    }
}
