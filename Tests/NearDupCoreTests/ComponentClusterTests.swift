import Testing

@testable import NearDupCore

@Suite("Component clusters")
struct ComponentClusterTests {
    // Positions 0–3 of the component are slots 7, 2, 9 and 4: "a", "b", "c" and "d", an exact copy of "b" (no
    // verified pairs of its own).
    static let documents: [Int32] = [7, 2, 9, 4]

    static func pairs() -> VerifiedPairs {
        var pairs = VerifiedPairs()
        // Kept as seen from the smaller id: from "a" for the first pair, from "b" for the second.
        pairs.set(7, 2, VerifiedPairsTests.evidence(6))
        pairs.set(2, 9, VerifiedPairsTests.evidence(8))
        return pairs
    }

    static func member(_ document: Int, via: Int, _ evidence: PairEvidence) -> ClusterMember {
        ClusterMember(document: document, kind: evidence.kind, via: via, evidence: evidence)
    }

    /// "b" canonical; "a" joined it (evidence seen from "a", as kept), "c" joined it (seen from "c": the kept
    /// evidence turned round), "d" is its exact copy.
    static func cluster() -> DocumentCluster {
        let pairs = pairs()
        return DocumentCluster(
            id: ClusterEngine.clusterID("b"), canonical: 1,
            members: [
                ClusterMember(document: 1, kind: nil, via: nil, evidence: nil),
                member(0, via: 1, pairs[7, 2]!), member(2, via: 1, pairs[2, 9]!.swapped()),
                member(3, via: 1, .identical),
            ],
            flags: ["guarded", "loose"])
    }

    /// What a component keeps gives back the whole cluster: each member's evidence read from its verified pair and
    /// turned where the member sees it from the other side, an exact copy's the identical evidence, the id and the
    /// flags.
    @Test func aKeptClusterGivesBackTheWholeOne() throws {
        let pairs = Self.pairs()
        let cluster = Self.cluster()
        // Turned round, the kept evidence differs: reading it from the wrong side would be seen.
        #expect(pairs[2, 9]!.swapped() != pairs[2, 9]!)
        let kept = try #require(ComponentCluster(cluster, documents: Self.documents, pairs: pairs))
        #expect(kept.members.map(\.evidence) == [.none, .pair, .turnedPair, .identical])
        #expect(kept.cluster(documents: Self.documents, canonicalID: "b", pairs: pairs) == cluster)
        #expect(kept.count == 4 && kept.contains(3) && !kept.contains(4))
    }

    /// A cluster that a component cannot keep is refused (a checkpoint holding it is not used): a member's
    /// evidence that is neither its pair's (either way round) nor an exact copy's, a kind other than its pair's, the
    /// canonical member not first, a position outside the component, a flag unknown or out of order.
    @Test func aClusterThatCannotBeKeptIsRefused() {
        let pairs = Self.pairs()
        func refused(_ change: (inout DocumentCluster) -> Void) -> Bool {
            var cluster = Self.cluster()
            change(&cluster)
            return ComponentCluster(cluster, documents: Self.documents, pairs: pairs) == nil
        }
        #expect(!refused { _ in })
        // "d" and "c" have no verified pair, so evidence other than the identical one has no source.
        #expect(refused { $0.members[3] = Self.member(3, via: 2, VerifiedPairsTests.evidence(6)) })
        // "a" and "b" have one, but this is not its evidence, nor is its kind the pair's.
        #expect(refused { $0.members[1] = Self.member(0, via: 1, VerifiedPairsTests.evidence(18)) })
        #expect(refused { $0.members[1].kind = .reprint })
        #expect(refused { $0.members.swapAt(0, 1) })
        #expect(refused { $0.members[3].via = 4 })
        #expect(refused { $0.flags = ["large", "odd"] })
        #expect(refused { $0.flags = ["loose", "guarded"] })
    }
}
