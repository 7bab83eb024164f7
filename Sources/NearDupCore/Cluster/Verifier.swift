/// Decides whether a candidate pair is a duplicate, from signatures only (the text is gone by now).
public struct Verifier: Sendable {
    public let configuration: Configuration
    /// Content hashes of paragraphs shared by too many documents to count as evidence.
    public let furniture: Set<UInt64>

    public init(configuration: Configuration, furniture: Set<UInt64> = []) {
        self.configuration = configuration
        self.furniture = furniture
    }

    /// Doc-level containment is only trusted when the shorter document has at least this share of the longer one's
    /// shingles: below it, the few MinHash slots the two can share make the estimate too noisy.
    static let reliableSizeRatio = 0.125

    /// The full evidence for a pair; `first` and `second` keep their roles in the result.
    public func evidence(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> PairEvidence {
        if first.contentHash == second.contentHash && first.tokenCount == second.tokenCount {
            var exact = PairEvidence.identical
            exact.matches = first.paragraphs.filter { !furniture.contains($0.contentHash) }.map {
                ParagraphMatch(first: $0.ordinal, second: $0.ordinal, similarity: 1)
            }
            return exact
        }
        var evidence = PairEvidence(
            jaccard: nil, containment: nil, containmentReverse: nil, coverage: 0, coverageReverse: 0,
            simhashDistance: nil, matches: [], kind: nil, score: 0)
        let documentRelated: Bool
        var shorterContainment = 0.0
        switch configuration.method {
        case .minhash:
            let jaccard = Self.jaccard(first.minHash, second.minHash)
            let (forward, reverse) = Self.containment(
                jaccard: jaccard, first.shingleCount, second.shingleCount)
            evidence.jaccard = jaccard
            evidence.containment = forward
            evidence.containmentReverse = reverse
            documentRelated = jaccard >= configuration.threshold
            let small = Double(min(first.shingleCount, second.shingleCount))
            let large = Double(max(first.shingleCount, second.shingleCount))
            if large > 0 && small / large >= Self.reliableSizeRatio {
                shorterContainment = first.shingleCount <= second.shingleCount ? forward : reverse
            }
        case .simhash:
            let distance = SimHash.distance(first.simHash, second.simHash)
            evidence.simhashDistance = distance
            documentRelated = distance <= configuration.simhashDistance
        }

        let paragraphs = matchParagraphs(first, second)
        evidence.matches = paragraphs.matches
        evidence.coverage = paragraphs.coverage.0
        evidence.coverageReverse = paragraphs.coverage.1
        let firstIsShorter = first.shingleCount <= second.shingleCount
        let shorterCoverage = firstIsShorter ? paragraphs.coverage.0 : paragraphs.coverage.1
        let shorterMatched = firstIsShorter ? paragraphs.matched.0 : paragraphs.matched.1
        let shorterEligible = firstIsShorter ? paragraphs.eligible.0 : paragraphs.eligible.1
        let shared = max(shorterContainment, shorterCoverage)
        // Paragraph support stops a hard negative — two different articles carrying the same quoted paragraph —
        // from passing on the strength of that one paragraph. When most of the shorter document is contained
        // (`Configuration.strongContainment`), one shared paragraph cannot explain it, and edited single-paragraph revisions
        // (abstracts, briefs) whose only paragraph no longer matches as a whole still count.
        let paragraphSupport = shorterEligible > 0 && shorterMatched >= min(2, shorterEligible)
        let reprint =
            (shared >= configuration.containment && paragraphSupport)
            || shorterContainment >= configuration.strongContainment
        if documentRelated {
            evidence.kind = .near
        } else if reprint {
            evidence.kind = .reprint
        }
        evidence.score = max(evidence.jaccard ?? similarity(simhashDistance: evidence.simhashDistance), shared)
        return evidence
    }

    /// A cheap similarity for the chaining guard, from the document signatures alone.
    public func relatedness(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Double {
        if first.contentHash == second.contentHash { return 1 }
        switch configuration.method {
        case .minhash:
            let jaccard = Self.jaccard(first.minHash, second.minHash)
            let (forward, reverse) = Self.containment(jaccard: jaccard, first.shingleCount, second.shingleCount)
            let small = Double(min(first.shingleCount, second.shingleCount))
            let large = Double(max(first.shingleCount, second.shingleCount))
            guard large > 0 && small / large >= Self.reliableSizeRatio else { return jaccard }
            return max(jaccard, first.shingleCount <= second.shingleCount ? forward : reverse)
        case .simhash:
            return similarity(simhashDistance: SimHash.distance(first.simHash, second.simHash))
        }
    }

    /// SimHash distance mapped to [0, 1]: 1 at distance 0, 0 at three times the configured limit.
    func similarity(simhashDistance distance: Int?) -> Double {
        guard let distance else { return 0 }
        let scale = Double(3 * max(1, configuration.simhashDistance) + 1)
        return max(0, 1 - Double(distance) / scale)
    }

    /// Fraction of equal slots.
    @inlinable
    public static func jaccard(_ a: [UInt32], _ b: [UInt32]) -> Double {
        guard !a.isEmpty, a.count == b.count else { return 0 }
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in Double(equalSlots(a, b)) / Double(a.count) }
        }
    }

    @inlinable @inline(__always)
    static func equalSlots(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Int {
        var equal = 0
        for index in 0..<a.count where a[index] == b[index] { equal += 1 }
        return equal
    }

    /// Containment of each set in the other from their Jaccard similarity and sizes:
    /// |A ∩ B| = J (|A| + |B|) / (1 + J).
    public static func containment(jaccard: Double, _ sizeA: Int, _ sizeB: Int) -> (Double, Double) {
        guard sizeA > 0, sizeB > 0 else { return (0, 0) }
        let intersection = jaccard * Double(sizeA + sizeB) / (1 + jaccard)
        return (min(1, intersection / Double(sizeA)), min(1, intersection / Double(sizeB)))
    }

    struct ParagraphAlignment {
        var matches: [ParagraphMatch] = []
        var coverage = (0.0, 0.0)
        var matched = (0, 0)
        var eligible = (0, 0)
    }

    /// Matches every evidence paragraph of each side with its most similar paragraph on the other side.
    /// Several paragraphs may match one (a paragraph merged or split in the other version).
    func matchParagraphs(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> ParagraphAlignment {
        var alignment = ParagraphAlignment()
        let slots = configuration.paragraphSlots
        let left = first.paragraphs.indices.filter { !furniture.contains(first.paragraphs[$0].contentHash) }
        let right = second.paragraphs.indices.filter { !furniture.contains(second.paragraphs[$0].contentHash) }
        alignment.eligible = (left.count, right.count)
        guard !left.isEmpty, !right.isEmpty else { return alignment }
        var bestRight = [Double](repeating: 0, count: right.count)
        var totalLeft = 0
        var coveredLeft = 0
        first.paragraphMinHashes.withUnsafeBufferPointer { leftSignatures in
            second.paragraphMinHashes.withUnsafeBufferPointer { rightSignatures in
                for i in left {
                    let p = first.paragraphs[i]
                    totalLeft += Int(p.tokenCount)
                    let a = UnsafeBufferPointer(rebasing: leftSignatures[(i * slots)..<((i + 1) * slots)])
                    var best = 0.0
                    var bestIndex = -1
                    for (column, j) in right.enumerated() {
                        let q = second.paragraphs[j]
                        let similarity: Double
                        if p.contentHash == q.contentHash {
                            similarity = 1
                        } else {
                            let b = UnsafeBufferPointer(rebasing: rightSignatures[(j * slots)..<((j + 1) * slots)])
                            let equal = Self.equalSlots(a, b)
                            if equal == 0 { continue }
                            let jaccard = Double(equal) / Double(slots)
                            let intersection =
                                jaccard * Double(p.shingleCount + q.shingleCount) / (1 + jaccard)
                            similarity = min(1, intersection / Double(min(p.shingleCount, q.shingleCount)))
                        }
                        if similarity > bestRight[column] { bestRight[column] = similarity }
                        if similarity > best {
                            best = similarity
                            bestIndex = j
                        }
                    }
                    if best >= configuration.paragraphMatch {
                        coveredLeft += Int(p.tokenCount)
                        alignment.matched.0 += 1
                        alignment.matches.append(
                            ParagraphMatch(
                                first: p.ordinal, second: second.paragraphs[bestIndex].ordinal, similarity: best))
                    }
                }
            }
        }
        var totalRight = 0
        var coveredRight = 0
        for (column, j) in right.enumerated() {
            let tokens = Int(second.paragraphs[j].tokenCount)
            totalRight += tokens
            if bestRight[column] >= configuration.paragraphMatch {
                coveredRight += tokens
                alignment.matched.1 += 1
            }
        }
        alignment.coverage = (
            totalLeft > 0 ? Double(coveredLeft) / Double(totalLeft) : 0,
            totalRight > 0 ? Double(coveredRight) / Double(totalRight) : 0
        )
        return alignment
    }
}
