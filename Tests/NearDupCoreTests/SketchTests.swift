import Foundation
import Testing

@testable import NearDupCore

@Suite("MinHash and SimHash estimates")
struct SketchTests {
    /// Two sets of `size` elements each with exactly the Jaccard similarity `jaccard` (up to rounding).
    static func pair(jaccard: Double, size: Int, seed: UInt64) -> ([UInt64], [UInt64], Double) {
        // |A ∩ B| = J (|A| + |B|) / (1 + J)
        let shared = Int((jaccard * Double(2 * size) / (1 + jaccard)).rounded())
        var random = TestRandom(seed: seed)
        let common = (0..<shared).map { _ in random.next() }
        let a = common + (0..<(size - shared)).map { _ in random.next() }
        let b = common + (0..<(size - shared)).map { _ in random.next() }
        return (a, b, Double(shared) / Double(2 * size - shared))
    }

    /// Estimates over 40 independent pairs must average within 0.03 of the exact Jaccard similarity: with 128 slots
    /// one estimate has a standard deviation of at most 0.044, the mean of 40 at most 0.007, so 0.03 is over
    /// four standard deviations and a failure means bias, not bad luck.
    @Test(arguments: [0.05, 0.25, 0.5, 0.8, 0.95])
    func onePermutationMatchesExactJaccard(jaccard: Double) {
        let sketcher = OnePermutationMinHash(slots: 128, seed: 11)
        var total = 0.0
        var exactTotal = 0.0
        for trial in 0..<40 {
            let (a, b, exact) = Self.pair(jaccard: jaccard, size: 400, seed: UInt64(trial) * 7919)
            total += Verifier.jaccard(sketcher.sketch(a), sketcher.sketch(b))
            exactTotal += exact
        }
        #expect(abs(total / 40 - exactTotal / 40) < 0.03)
    }

    @Test(arguments: [0.1, 0.5, 0.9])
    func referenceMinHashMatchesExactJaccard(jaccard: Double) {
        let reference = ReferenceMinHash(slots: 128, seed: 5)
        var total = 0.0
        var exactTotal = 0.0
        for trial in 0..<20 {
            let (a, b, exact) = Self.pair(jaccard: jaccard, size: 300, seed: UInt64(trial) &* 104_729 &+ 1)
            total += ReferenceMinHash.estimate(reference.sketch(a), reference.sketch(b))
            exactTotal += exact
        }
        #expect(abs(total / 20 - exactTotal / 20) < 0.03)
    }

    /// Sets smaller than the number of slots leave bins empty; densification must keep the estimate unbiased.
    @Test func densificationKeepsSmallSetsUnbiased() {
        let sketcher = OnePermutationMinHash(slots: 128, seed: 3)
        var error = 0.0
        for trial in 0..<60 {
            let (a, b, exact) = Self.pair(jaccard: 0.5, size: 30, seed: UInt64(trial) + 99)
            let sketchA = sketcher.sketch(a)
            #expect(!sketchA.contains(OnePermutationMinHash.empty))
            error += Verifier.jaccard(sketchA, sketcher.sketch(b)) - exact
        }
        #expect(abs(error / 60) < 0.04)
    }

    @Test func sketchesIgnoreOrderAndDuplicates() {
        let sketcher = OnePermutationMinHash(slots: 64, seed: 1)
        let (a, _, _) = Self.pair(jaccard: 0.5, size: 200, seed: 42)
        #expect(sketcher.sketch(a) == sketcher.sketch(a.reversed() + a.prefix(50)))
    }

    @Test func identicalSetsEstimateOneAndDisjointSetsZero() {
        let sketcher = OnePermutationMinHash(slots: 128, seed: 9)
        let (a, b, _) = Self.pair(jaccard: 0, size: 500, seed: 8)
        #expect(Verifier.jaccard(sketcher.sketch(a), sketcher.sketch(a)) == 1)
        #expect(Verifier.jaccard(sketcher.sketch(a), sketcher.sketch(b)) < 0.05)
    }

    @Test func simHashDistanceGrowsWithDifference() {
        let simhash = SimHash(seed: 4)
        let (a, b, _) = Self.pair(jaccard: 0.9, size: 500, seed: 12)
        let (c, d, _) = Self.pair(jaccard: 0.1, size: 500, seed: 13)
        let near = SimHash.distance(simhash.fingerprint(a), simhash.fingerprint(b))
        let far = SimHash.distance(simhash.fingerprint(c), simhash.fingerprint(d))
        #expect(near <= 12)
        #expect(far > 20)
    }

    @Test func containmentFollowsFromJaccardAndSizes() {
        // A ⊂ B with |A| = 100, |B| = 400: J = 0.25, A is fully contained, B a quarter.
        let (forward, reverse) = Verifier.containment(jaccard: 0.25, 100, 400)
        #expect(abs(forward - 1) < 1e-9)
        #expect(abs(reverse - 0.25) < 1e-9)
    }

    @Test func fingerprintsAreDeterministicAndTextIndependentOfLayout() {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let text = "Brig Gen Manaf Tlas fled Syria via Turkey, his family confirmed.\n\nIf confirmed, it would be big."
        let ptb = "Brig Gen Manaf Tlas fled Syria via Turkey , his family confirmed .\nIf confirmed , it would be big ."
        let a = fingerprinter.fingerprint(text)
        let b = fingerprinter.fingerprint(ptb)
        #expect(a.contentHash == b.contentHash)
        #expect(a.minHash == b.minHash)
        #expect(a == fingerprinter.fingerprint(text))
        #expect(a.paragraphs.count == 1)  // the second paragraph has only 7 words
        #expect(a.segmentCount == 2)
    }
}
