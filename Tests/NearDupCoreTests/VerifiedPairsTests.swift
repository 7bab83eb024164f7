import Testing

@testable import NearDupCore

@Suite("Verified pairs")
struct VerifiedPairsTests {
    static func evidence(_ seed: Int) -> PairEvidence {
        let some = seed % 2 == 0
        return PairEvidence(
            jaccard: some ? 0.1 * Double(seed) : nil, containment: some ? nil : 0.3,
            containmentReverse: seed % 3 == 0 ? 0.7 : nil, coverage: 0.25 * Double(seed % 4),
            coverageReverse: 1 / 3, simhashDistance: seed % 5 == 0 ? seed : nil,
            factAgreement: seed % 7 == 0 ? 0 : nil, comparedFacts: seed % 7 == 0 ? 12 : nil,
            leadContainment: seed % 11 == 0 ? 0.875 : nil,
            matches: (0..<(seed % 3)).map { ParagraphMatch(first: Int32($0), second: Int32(seed), similarity: 0.9) },
            kind: seed % 4 == 3 ? nil : RelationKind.allCases[seed % 3], score: Double(seed) / 13)
    }

    /// Kept once per pair and read from either side, each value as it was given (absent values stay absent, a zero
    /// stays a zero); replacing a pair keeps one partner entry; removing pairs or a representative leaves no trace
    /// on the other side; a checkpoint round trip gives the same answers.
    @Test func aPairIsKeptOnceAndReadFromEitherSide() throws {
        var pairs = VerifiedPairs()
        for seed in 0..<40 { pairs.set(Int32(seed % 8), Int32(8 + seed), Self.evidence(seed)) }
        pairs.set(3, 11, Self.evidence(41))
        #expect(pairs.count == 40)
        for seed in 0..<40 where seed != 3 {
            #expect(pairs[Int32(8 + seed), Int32(seed % 8)] == Self.evidence(seed))
        }
        #expect(pairs[11, 3] == Self.evidence(41))
        #expect(pairs.pairs(of: 3).map(\.partner).sorted() == [11, 19, 27, 35, 43])
        // Edges only: the pairs of seeds 11, 19, 27 and 35 have no relation kind; pair 3–11 now has seed 41's.
        #expect(pairs.edgePartners(of: 3) == [11])
        #expect(pairs.edgePartners(of: 8 + 4) == [4])
        pairs.remove(19, [3, 99])  // a pair never stored is ignored
        #expect(pairs[3, 19] == nil && pairs.pairs(of: 19).isEmpty && pairs.count == 39)
        let removed = pairs.removeAll(of: 3)
        #expect(removed.map(\.partner).sorted() == [11, 27, 35, 43])
        #expect(pairs.count == 35 && pairs.pairs(of: 11).isEmpty && pairs[3, 27] == nil)
        var writer = ByteWriter()
        pairs.encode(into: &writer)
        var reader = ByteReader(writer.bytes[...])
        let decoded = try VerifiedPairs(decoding: &reader)
        #expect(decoded.count == pairs.count)
        var visited = 0
        pairs.forEachPair { first, second, kind, matches in
            let evidence = pairs[first, second]
            #expect(evidence?.kind == kind && evidence?.matches == Array(matches))
            #expect(decoded[second, first] == evidence)
            #expect(Set(decoded.pairs(of: first).map(\.partner)) == Set(pairs.pairs(of: first).map(\.partner)))
            visited += 1
        }
        #expect(visited == pairs.count)
    }

    /// The places of removed pairs, and the runs of their matched paragraphs, are filled by later ones (and a pair
    /// verified again with other matches gives its run back), each pair still reading its own evidence, and a copy
    /// taken before keeps what it had.
    @Test func removedPairsMakeRoomForLaterOnes() {
        var pairs = VerifiedPairs()
        for seed in 0..<30 { pairs.set(Int32(seed), Int32(100 + seed), Self.evidence(seed)) }
        let before = pairs
        for seed in stride(from: 0, to: 30, by: 3) { pairs.remove(Int32(seed), [Int32(100 + seed)]) }
        _ = pairs.removeAll(of: 1)
        pairs.set(2, 102, Self.evidence(4))
        pairs.set(5, 105, Self.evidence(7))
        // The same matched paragraphs with other values: the pair keeps its run, and the pool does not grow.
        let pooled = pairs.pooledMatches
        var rescored = Self.evidence(8)
        rescored.score = 99
        pairs.set(8, 108, rescored)
        #expect(pairs.pooledMatches == pooled)
        for seed in 30..<45 { pairs.set(Int32(seed), Int32(100 + seed), Self.evidence(seed)) }
        #expect(pairs.count == 30 - 10 - 1 + 15)
        for seed in 0..<45 {
            let replaced = [2: 4, 5: 7][seed] ?? seed
            var expected = seed < 30 && (seed % 3 == 0 || seed == 1) ? nil : Self.evidence(replaced)
            if seed == 8 { expected?.score = 99 }
            #expect(pairs[Int32(100 + seed), Int32(seed)] == expected)
            #expect(pairs.pairs(of: Int32(seed)).map(\.partner) == (expected == nil ? [] : [Int32(100 + seed)]))
        }
        for seed in 0..<30 { #expect(before[Int32(seed), Int32(100 + seed)] == Self.evidence(seed)) }
    }

    /// A checkpoint that names a pair twice, a pair whose first slot is not the smaller, or counts beyond what is
    /// kept, is refused (never a trap), and so are a pair count that the bytes cannot hold and a number of
    /// representatives that is not theirs.
    @Test func aCraftedCheckpointIsRefused() {
        func bytes(
            _ keys: [UInt64], _ evidence: PairEvidence = Self.evidence(2), claimed: Int? = nil,
            representatives: Int? = nil
        ) -> [UInt8] {
            var writer = ByteWriter()
            writer.write(UInt32(representatives ?? Set(keys.flatMap { [$0 >> 32, $0 & 0xFFFF_FFFF] }).count))
            writer.write(UInt32(claimed ?? keys.count))
            for key in keys {
                writer.write(key)
                evidence.encode(into: &writer)
            }
            return writer.bytes
        }
        func decodes(_ bytes: [UInt8]) -> Bool {
            var reader = ByteReader(bytes[...])
            return (try? VerifiedPairs(decoding: &reader)) != nil
        }
        #expect(decodes(bytes([1 << 32 | 2, 1])))
        #expect(!decodes(bytes([1 << 32 | 2, 1 << 32 | 2])))
        #expect(!decodes(bytes([2 << 32 | 1])))
        #expect(!decodes(bytes([3 << 32 | 3])))
        var huge = Self.evidence(7)
        huge.comparedFacts = Int(Int32.max) + 1
        #expect(!decodes(bytes([1], huge)))
        huge = Self.evidence(5)
        huge.simhashDistance = -Int(Int32.max) - 2
        #expect(!decodes(bytes([1], huge)))
        #expect(!decodes(bytes([1], claimed: 1 << 30)))
        #expect(decodes(bytes([1 << 32 | 2, 1 << 32 | 3])))
        #expect(!decodes(bytes([1 << 32 | 2, 1 << 32 | 3], representatives: 2)))
        #expect(!decodes(bytes([1 << 32 | 2], representatives: 3)))
    }
}
