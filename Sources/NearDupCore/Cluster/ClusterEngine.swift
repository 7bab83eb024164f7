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

    public func cluster(ids: [String], fingerprints: [DocumentFingerprint]) -> ClusteringResult {
        precondition(ids.count == fingerprints.count)
        var run = ClusteringRun(engine: self, ids: ids, fingerprints: fingerprints)
        return run.execute()
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
    public static func clusterID(_ canonicalID: String) -> String { clusterID(hash: XXHash64.hash(canonicalID)) }

    /// `c` and the 16 hex digits of `hash`: the id of a cluster whose canonical member's id has that XXH64.
    public static func clusterID(hash: UInt64) -> String {
        let hex = String(hash, radix: 16)
        return "c" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The hash a cluster id spells (`clusterID(hash:)`), or nil for a text that is no cluster id.
    public static func clusterHash(_ id: String) -> UInt64? {
        let utf8 = id.utf8
        guard utf8.count == 17, utf8.first == UInt8(ascii: "c") else { return nil }
        var value: UInt64 = 0
        for byte in utf8.dropFirst() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt64(byte - UInt8(ascii: "a") + 10)
            default: return nil
            }
        }
        return value
    }

    /// Whether `id` is `clusterID(canonicalID)`, without making that text.
    public static func isClusterID(_ id: String, of canonicalID: String) -> Bool {
        clusterHash(id) == XXHash64.hash(canonicalID)
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

    /// `owners` are positions in `reps`, in id order.
    func isReprintFamily(_ owners: [Int]) -> Bool {
        Self.isReprintFamily(configuration, count: owners.count) { fingerprints[reps[owners[$0]]] }
    }

    /// Decides on the `count` owners of a segment or bucket, in id order, given by `owner`.
    static func isReprintFamily(
        _ configuration: Configuration, count: Int, owner: (Int) -> DocumentFingerprint
    ) -> Bool {
        guard count > 1 else { return true }
        var similarities: [Double] = []
        let step = max(1, count / Self.sample)
        var index = 0
        while index + step < count && similarities.count < Self.sample {
            let a = owner(index)
            let b = owner(index + step)
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
