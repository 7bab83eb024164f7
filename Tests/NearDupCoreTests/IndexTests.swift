import Foundation
import Testing

@testable import NearDupCore

@Suite("Candidate search")
struct IndexTests {
    @Test(arguments: [0.3, 0.5, 0.8])
    func chosenSchemesCatchPairsAtTheThreshold(threshold: Double) {
        let scheme = LSHScheme.choose(slots: 128, threshold: threshold, targetRecall: 0.99)
        #expect(scheme.bands * scheme.rows <= 128)
        #expect(scheme.candidateProbability(threshold) >= 0.99)
        // The most selective such scheme: one more row per band would miss the target.
        let stricter = LSHScheme(
            bands: 128 / (scheme.rows + 1), rows: scheme.rows + 1, slots: 128, threshold: threshold)
        #expect(stricter.candidateProbability(threshold) < 0.99)
    }

    @Test func candidateProbabilityFormula() {
        let scheme = LSHScheme(bands: 20, rows: 5, slots: 100, threshold: 0.5)
        #expect(abs(scheme.candidateProbability(0.5) - (1 - pow(1 - 0.03125, 20))) < 1e-12)
        #expect(scheme.candidateProbability(0) == 0)
        #expect(scheme.candidateProbability(1) == 1)
    }

    /// Empirical catch rate over 300 planted pairs exactly at the design threshold, against the formula.
    @Test func bandedSearchCatchesPlantedPairsAsPredicted() {
        let scheme = LSHScheme.choose(slots: 128, threshold: 0.5, targetRecall: 0.99)
        let sketcher = OnePermutationMinHash(slots: 128, seed: 21)
        var signatures: [UInt32] = []
        var owners: [UInt32] = []
        for index in 0..<300 {
            let (a, b, _) = SketchTests.pair(jaccard: 0.5, size: 300, seed: UInt64(index) &* 31 &+ 5)
            signatures += sketcher.sketch(a) + sketcher.sketch(b)
            owners += [UInt32(2 * index), UInt32(2 * index + 1)]
        }
        var skipped = 0
        let pairs = BandedCandidates(scheme: scheme, maximumBucketOwners: 50, policy: .chain)
            .pairs(signatures: signatures, owners: owners, skippedBuckets: &skipped)
        let caught = (0..<300).filter { pairs.contains(UInt64(2 * $0) << 32 | UInt64(2 * $0 + 1)) }.count
        // Expected ≥ 99.6 % at J = 0.5; allow sampling noise and the estimate's own variance.
        #expect(Double(caught) / 300 >= 0.96)
        // Unrelated pairs are rare: at most a few percent of the planted pairs' count.
        #expect(pairs.count - caught < 30)
    }

    @Test func largeBucketsAreSkippedOrChained() {
        let scheme = LSHScheme(bands: 1, rows: 2, slots: 2, threshold: 0.5)
        let signatures = [UInt32](repeating: 7, count: 2 * 10)
        let owners = (0..<10).map { UInt32($0) }
        var skipped = 0
        let skip = BandedCandidates(scheme: scheme, maximumBucketOwners: 5, policy: .skip)
            .pairs(signatures: signatures, owners: owners, skippedBuckets: &skipped)
        #expect(skip.isEmpty)
        #expect(skipped == 1)
        let chain = BandedCandidates(scheme: scheme, maximumBucketOwners: 5, policy: .chain)
            .pairs(signatures: signatures, owners: owners, skippedBuckets: &skipped)
        #expect(chain.count == 9)
        let all = BandedCandidates(scheme: scheme, maximumBucketOwners: 10, policy: .skip)
            .pairs(signatures: signatures, owners: owners, skippedBuckets: &skipped)
        #expect(all.count == 45)
    }

    /// Manku's tables find every pair within the distance: compared with brute force.
    @Test(arguments: [2, 3, 4])
    func simHashIndexFindsEveryPairWithinDistance(distance: Int) {
        var random = TestRandom(seed: UInt64(distance))
        var fingerprints: [UInt64] = []
        for _ in 0..<150 {
            let base = random.next()
            fingerprints.append(base)
            var near = base
            for _ in 0..<random.below(distance + 2) { near ^= 1 << UInt64(random.below(64)) }
            fingerprints.append(near)
        }
        let owners = fingerprints.indices.map { UInt32($0) }
        let found = Set(SimHashIndex(maximumDistance: distance).pairs(fingerprints: fingerprints, owners: owners))
        var expected = Set<UInt64>()
        for i in fingerprints.indices {
            for j in (i + 1)..<fingerprints.count
            where SimHash.distance(fingerprints[i], fingerprints[j]) <= distance {
                expected.insert(UInt64(i) << 32 | UInt64(j))
            }
        }
        #expect(found == expected)
        #expect(!expected.isEmpty)
    }
}

@Suite("Radix sort")
struct RadixSortTests {
    @Test(arguments: [0, 1, 100, 5000, 70_000])
    func sortsLikeTheStandardLibrary(count: Int) {
        var random = TestRandom(seed: UInt64(count))
        // Mixed magnitudes, repeats, and values that differ only in high bits.
        var values = (0..<count).map { index -> UInt64 in
            switch index % 4 {
            case 0: random.next()
            case 1: random.next() & 0xFFFF
            case 2: random.next() << 48
            default: UInt64(index / 8)
            }
        }
        let expected = values.sorted()
        RadixSort.sort(&values)
        #expect(values == expected)
    }
}
