/// Clusters fingerprinted documents: exact groups, LSH candidates from documents and paragraphs, verification,
/// then a guarded union of the verified edges.
///
/// The result depends only on the ids and fingerprints, not on their order or on the number of jobs.
public struct ClusterEngine: Sendable {
    public let configuration: Configuration
    public let jobs: Int

    public init(configuration: Configuration, jobs: Int = 1) {
        self.configuration = configuration
        self.jobs = max(1, jobs)
    }

    /// At most this many member pairs are sampled to measure the linkage of two clusters.
    static let linkageSample = 64

    public func cluster(ids: [String], fingerprints: [DocumentFingerprint]) -> ClusteringResult {
        var cache: VerificationCache?
        return cluster(ids: ids, fingerprints: fingerprints, cache: &cache)
    }

    /// Clusters, reusing (and refreshing) verification results from an earlier clustering of the same growing
    /// corpus. The result is the same as without the cache.
    public func cluster(ids: [String], fingerprints: [DocumentFingerprint], cache: inout VerificationCache?)
        -> ClusteringResult
    {
        precondition(ids.count == fingerprints.count)
        var run = ClusteringRun(engine: self, ids: ids, fingerprints: fingerprints)
        return run.execute(cache: &cache)
    }

    /// The paragraph banding. A reprint has at least two matching paragraphs and becomes a candidate if either
    /// collides, so a per-paragraph probability p gives 1 − (1 − p)² per pair: p = 1 − √(1 − target) suffices.
    /// The threshold is the Jaccard similarity of two equally long paragraphs at the paragraph-match containment,
    /// lowered by a margin for the estimate's noise on short paragraphs.
    public static func paragraphScheme(_ configuration: Configuration) -> LSHScheme {
        let containment = configuration.paragraphMatch
        let jaccard = containment / (2 - containment)
        return LSHScheme.choose(
            slots: configuration.paragraphSlots, threshold: jaccard * 0.85,
            targetRecall: 1 - (1 - configuration.targetRecall).squareRoot(), minimumRows: 2)
    }

    /// `c` and 16 hex digits of the XXH64 of the canonical member's id.
    public static func clusterID(_ canonicalID: String) -> String {
        let hex = String(XXHash64.hash(canonicalID), radix: 16)
        return "c" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Content hashes of segments (paragraphs and short lines) that occur in more distinct documents than the
    /// limit and whose documents are otherwise unrelated (`Cohesion`).
    func furnitureSegments(_ reps: [Int], _ fingerprints: [DocumentFingerprint]) -> HashSet64 {
        let cohesion = Cohesion(configuration: configuration, reps: reps, fingerprints: fingerprints)
        var entries: [(UInt64, Int)] = []
        for (position, document) in reps.enumerated() {
            for segment in fingerprints[document].segments { entries.append((segment.contentHash, position)) }
        }
        entries.sort { $0 < $1 }
        var furniture = HashSet64()
        var start = 0
        while start < entries.count {
            var end = start + 1
            var owners = [entries[start].1]
            while end < entries.count && entries[end].0 == entries[start].0 {
                if entries[end].1 != entries[end - 1].1 { owners.append(entries[end].1) }
                end += 1
            }
            if owners.count > configuration.maximumDocumentFrequency && !cohesion.isReprintFamily(owners) {
                furniture.insert(entries[start].0)
            }
            start = end
        }
        return furniture
    }

    /// Content hashes of segments that are fillings of a template: their words with figures and dates masked
    /// (`SegmentDigest.templateHash`) are carried by at least `templateDocuments` documents in at least
    /// `templateVariants` different fillings. Dividend notices, earnings lines and daily market reports are written
    /// this way; a widely reprinted paragraph is one filling, a corrected one two. Such text says which form a story
    /// was written on, not that one story copies another, so it is furniture. The counts (documents per template,
    /// per filling) can be kept up to date as documents come and go.
    func templateSegments(_ reps: [Int], _ fingerprints: [DocumentFingerprint]) -> [UInt64] {
        var entries: [(template: UInt64, content: UInt64, owner: Int)] = []
        for (position, document) in reps.enumerated() {
            for segment in fingerprints[document].segments where segment.templateHash != segment.contentHash {
                entries.append((segment.templateHash, segment.contentHash, position))
            }
        }
        entries.sort { ($0.template, $0.content, $0.owner) < ($1.template, $1.content, $1.owner) }
        var templates: [UInt64] = []
        var start = 0
        while start < entries.count {
            var end = start
            var owners = Set<Int>()
            var fillings: [UInt64] = []
            while end < entries.count && entries[end].template == entries[start].template {
                owners.insert(entries[end].owner)
                if fillings.last != entries[end].content { fillings.append(entries[end].content) }
                end += 1
            }
            if owners.count >= configuration.templateDocuments && fillings.count >= configuration.templateVariants {
                templates.append(contentsOf: fillings)
            }
            start = end
        }
        return templates
    }

    /// How strongly two clusters relate beyond the edge `a`–`b` that would join them: the mean relatedness over
    /// (a deterministic sample of) pairs from `X∖{a}` × `Y∖{b}`. When one side is only its endpoint, the other
    /// side's remaining members are compared with that endpoint. A bridge document that shares half its text with
    /// each of two stories relates to both, but the stories' other members do not relate to each other, so the
    /// bridge alone cannot chain them together.
    func meanLinkage(
        _ x: [Int32], _ y: [Int32], edge a: Int, _ b: Int, _ reps: [Int], _ fingerprints: [DocumentFingerprint],
        _ verifier: Verifier
    ) -> Double {
        var left = x.filter { Int($0) != a }
        var right = y.filter { Int($0) != b }
        if left.isEmpty && right.isEmpty { return 1 }
        if left.isEmpty { left = [Int32(a)] }
        if right.isEmpty { right = [Int32(b)] }
        let total = left.count * right.count
        let step = max(1, total / Self.linkageSample)
        var sum = 0.0
        var samples = 0
        var pair = 0
        while pair < total {
            let first = reps[Int(left[pair / right.count])]
            let second = reps[Int(right[pair % right.count])]
            sum += verifier.relatedness(fingerprints[first], fingerprints[second])
            samples += 1
            pair += step
        }
        return sum / Double(samples)
    }

    /// A cluster of three or more whose members relate less than this on average is flagged `loose`: its members
    /// hang together by a chain of links rather than by shared text, the shape of a template chain.
    static let looseCohesion = 0.2

    /// Mean relatedness over (a deterministic sample of) the pairs of a cluster's members.
    func cohesion(_ members: [Int32], _ reps: [Int], _ fingerprints: [DocumentFingerprint], _ verifier: Verifier)
        -> Double
    {
        let count = members.count
        let total = count * (count - 1) / 2
        guard total > 0 else { return 1 }
        let step = max(1, total / Self.linkageSample)
        var sum = 0.0
        var samples = 0
        var pair = 0
        var i = 0
        var passed = 0  // pairs before row i
        while pair < total {
            // Pair number `pair` in row-major order of the upper triangle.
            while pair >= passed + (count - 1 - i) {
                passed += count - 1 - i
                i += 1
            }
            let j = i + 1 + (pair - passed)
            let first = fingerprints[reps[Int(members[i])]]
            let second = fingerprints[reps[Int(members[j])]]
            sum += verifier.relatedness(first, second)
            samples += 1
            pair += step
        }
        return sum / Double(samples)
    }

    static func mergeSorted(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var output: [UInt64] = []
        output.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            let next: UInt64
            if j >= b.count || (i < a.count && a[i] <= b[j]) {
                next = a[i]
                i += 1
            } else {
                next = b[j]
                j += 1
            }
            if output.last != next { output.append(next) }
        }
        return output
    }
}

/// Tells site furniture from widely reprinted text: both are segments that very many documents carry, but the
/// documents that carry furniture are otherwise different articles, while those that carry a popular wire story are
/// versions of it.
struct Cohesion: Sendable {
    let configuration: Configuration
    let reps: [Int]
    let fingerprints: [DocumentFingerprint]
    /// Pairs sampled per group.
    static let sample = 24
    /// Median similarity at or above which a group is a reprint family rather than furniture carriers.
    static let threshold = 0.3

    /// `owners` are positions in `reps`.
    func isReprintFamily(_ owners: [Int]) -> Bool {
        guard owners.count > 1 else { return true }
        var similarities: [Double] = []
        let step = max(1, owners.count / Self.sample)
        var index = 0
        while index + step < owners.count && similarities.count < Self.sample {
            let a = fingerprints[reps[owners[index]]]
            let b = fingerprints[reps[owners[index + step]]]
            switch configuration.method {
            case .minhash:
                similarities.append(Verifier.jaccard(a.minHash, b.minHash))
            case .simhash:
                let distance = SimHash.distance(a.simHash, b.simHash)
                similarities.append(distance <= 2 * configuration.simhashDistance ? 1 : 0)
            }
            index += step
        }
        guard !similarities.isEmpty else { return true }
        similarities.sort()
        return similarities[similarities.count / 2] >= Self.threshold
    }
}
