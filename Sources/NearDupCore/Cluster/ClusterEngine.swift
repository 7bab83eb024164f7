import Dispatch

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
        precondition(ids.count == fingerprints.count)
        let clock = ContinuousClock()
        var timings: [String: Double] = [:]
        var phaseStart = clock.now
        func lap(_ name: String) {
            let now = clock.now
            let elapsed = now - phaseStart
            timings[name] = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            phaseStart = now
        }
        var statistics = ClusteringStatistics()
        statistics.documents = ids.count

        // Work in id order so that every choice below is independent of input order.
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        let byHash = order.indices.sorted {
            let a = fingerprints[order[$0]]
            let b = fingerprints[order[$1]]
            return (a.contentHash, a.tokenCount, $0) < (b.contentHash, b.tokenCount, $1)
        }
        // Exact groups: the representative is the group member with the smallest id.
        var representatives: [Int] = []
        var exactOf: [Int: [Int]] = [:]
        var groupStart = 0
        while groupStart < byHash.count {
            var groupEnd = groupStart + 1
            let head = fingerprints[order[byHash[groupStart]]]
            while groupEnd < byHash.count {
                let next = fingerprints[order[byHash[groupEnd]]]
                guard next.contentHash == head.contentHash, next.tokenCount == head.tokenCount, head.tokenCount > 0
                else { break }
                groupEnd += 1
            }
            let group = byHash[groupStart..<groupEnd].map { order[$0] }.sorted { ids[$0] < ids[$1] }
            representatives.append(group[0])
            if group.count > 1 {
                exactOf[group[0]] = Array(group.dropFirst())
                statistics.exactDuplicates += group.count - 1
            }
            groupStart = groupEnd
        }
        representatives.sort { ids[$0] < ids[$1] }
        let reps = representatives
        lap("exact")

        var furniture = furnitureSegments(reps, fingerprints)
        lap("furniture")

        // Candidate search over representatives, by their position in `reps`.
        var documentPairs: [UInt64] = []
        var documentScheme: LSHScheme?
        var simhashTables: Int?
        var skipped = 0
        let signing = reps.filter { fingerprints[$0].tokenCount > 0 }
        let position = Dictionary(uniqueKeysWithValues: reps.enumerated().map { ($1, $0) })
        switch configuration.method {
        case .minhash:
            let scheme = LSHScheme.choose(
                slots: configuration.slots, threshold: configuration.candidateThreshold,
                targetRecall: configuration.targetRecall)
            documentScheme = scheme
            var unused: [Int] = []
            documentPairs = BandedCandidates(
                scheme: scheme, maximumBucketOwners: configuration.maximumDocumentFrequency, policy: .chain
            ).pairs(
                owners: signing.map { UInt32(position[$0]!) }, skippedBuckets: &skipped, furniture: &unused, jobs: jobs,
                value: { item, slot in fingerprints[signing[item]].minHash[slot] })
        case .simhash:
            let index = SimHashIndex(maximumDistance: configuration.simhashDistance)
            simhashTables = index.tableCount
            documentPairs = index.pairs(
                fingerprints: signing.map { fingerprints[$0].simHash }, owners: signing.map { UInt32(position[$0]!) })
        }
        statistics.documentCandidates = documentPairs.count
        lap("documentCandidates")

        let paragraphScheme = Self.paragraphScheme(configuration)
        // Items of the paragraph banding: (representative position, paragraph index), furniture left out.
        var paragraphOwners: [UInt32] = []
        var paragraphIndices: [Int32] = []
        for (repPosition, document) in reps.enumerated() {
            for (index, paragraph) in fingerprints[document].paragraphs.enumerated()
            where !furniture.contains(paragraph.contentHash) {
                paragraphOwners.append(UInt32(repPosition))
                paragraphIndices.append(Int32(index))
            }
        }
        statistics.evidenceParagraphs = paragraphOwners.count
        var nearFurniture: [Int] = []
        let cohesion = Cohesion(configuration: configuration, reps: reps, fingerprints: fingerprints)
        let paragraphSlots = configuration.paragraphSlots
        let owners = paragraphOwners
        let indices = paragraphIndices
        let paragraphPairs = BandedCandidates(
            scheme: paragraphScheme, maximumBucketOwners: configuration.maximumDocumentFrequency,
            policy: .decide { owners in cohesion.isReprintFamily(owners.map(Int.init)) }
        ).pairs(
            owners: owners, skippedBuckets: &skipped, furniture: &nearFurniture, jobs: jobs,
            value: { item, slot in
                fingerprints[reps[Int(owners[item])]].paragraphMinHashes[Int(indices[item]) * paragraphSlots + slot]
            })
        for item in nearFurniture {
            furniture.insert(fingerprints[reps[Int(owners[item])]].paragraphs[Int(indices[item])].contentHash)
        }
        statistics.furnitureParagraphs = furniture.count
        let verifier = Verifier(configuration: configuration, furniture: furniture)
        statistics.paragraphCandidates = paragraphPairs.count
        statistics.skippedBuckets = skipped
        let candidates = Self.mergeSorted(documentPairs, paragraphPairs)
        statistics.candidatePairs = candidates.count
        lap("paragraphCandidates")

        // Verification keeps only what is used later: edges, and pairs that share paragraphs.
        let chunk = 512
        let chunks = Parallel.map(count: (candidates.count + chunk - 1) / chunk, jobs: jobs, chunk: 1) { block in
            var kept: [(pair: UInt64, evidence: PairEvidence)] = []
            for index in (block * chunk)..<min((block + 1) * chunk, candidates.count) {
                let pair = candidates[index]
                let evidence = verifier.evidence(
                    fingerprints[reps[Int(pair >> 32)]], fingerprints[reps[Int(pair & 0xFFFF_FFFF)]])
                if evidence.kind != nil || !evidence.matches.isEmpty { kept.append((pair, evidence)) }
            }
            return kept
        }
        let verified = chunks.flatMap { $0 }
        lap("verify")

        // Guarded union, strongest edges first.
        var edgeIndices = verified.indices.filter { verified[$0].evidence.kind != nil }
        for index in edgeIndices { statistics.edges[verified[index].evidence.kind!.rawValue, default: 0] += 1 }
        edgeIndices.sort {
            (verified[$0].evidence.score, verified[$1].pair) > (verified[$1].evidence.score, verified[$0].pair)
        }
        var sets = UnionFind(count: reps.count)
        var treeEdges: [Int: [(Int, Int)]] = [:]  // rep position → (neighbour position, index in `verified`)
        var refused: [RefusedMerge] = []
        var guarded = Set<Int>()
        for index in edgeIndices {
            let a = Int(verified[index].pair >> 32)
            let b = Int(verified[index].pair & 0xFFFF_FFFF)
            let rootA = sets.find(a)
            let rootB = sets.find(b)
            if rootA == rootB { continue }
            let membersA = sets.members[rootA]
            let membersB = sets.members[rootB]
            if membersA.count + membersB.count > 2 {
                let linkage = meanLinkage(membersA, membersB, edge: a, b, reps, fingerprints, verifier)
                if linkage < configuration.chainFloor {
                    refused.append(
                        RefusedMerge(
                            first: reps[a], second: reps[b], evidence: verified[index].evidence, meanLinkage: linkage))
                    guarded.insert(a)
                    guarded.insert(b)
                    continue
                }
            }
            sets.union(roots: rootA, rootB)
            treeEdges[a, default: []].append((b, index))
            treeEdges[b, default: []].append((a, index))
        }
        statistics.refusedMerges = refused.count
        lap("cluster")

        // Clusters with canonical members, tree attachments and exact duplicates.
        var clusterOf = [Int](repeating: -1, count: fingerprints.count)
        var clusters: [DocumentCluster] = []
        for root in 0..<reps.count where !sets.members[root].isEmpty {
            let positions = sets.members[root].map(Int.init)
            var documents = positions.map { reps[$0] }
            for document in documents { documents.append(contentsOf: exactOf[document] ?? []) }
            let canonical = documents.min {
                (-fingerprints[$0].tokenCount, ids[$0]) < (-fingerprints[$1].tokenCount, ids[$1])
            }!
            var members: [Int: ClusterMember] = [:]
            members[canonical] = ClusterMember(document: canonical, kind: nil, via: nil, evidence: nil)
            // The canonical member may be an exact duplicate of a representative: attach from that representative.
            let canonicalRep = positions.first {
                reps[$0] == canonical || exactOf[reps[$0]]?.contains(canonical) == true
            }!
            if reps[canonicalRep] != canonical {
                members[reps[canonicalRep]] = ClusterMember(
                    document: reps[canonicalRep], kind: .exact, via: canonical, evidence: .identical)
            }
            var queue = [canonicalRep]
            var seen: Set<Int> = [canonicalRep]
            while !queue.isEmpty {
                let current = queue.removeFirst()
                for (neighbour, edge) in treeEdges[current] ?? [] where !seen.contains(neighbour) {
                    seen.insert(neighbour)
                    queue.append(neighbour)
                    let forward = Int(verified[edge].pair >> 32) == neighbour
                    let evidence = verified[edge].evidence
                    members[reps[neighbour]] = ClusterMember(
                        document: reps[neighbour], kind: evidence.kind, via: reps[current],
                        evidence: forward ? evidence : evidence.swapped())
                }
            }
            for position in positions {
                let representative = reps[position]
                for duplicate in exactOf[representative] ?? [] where duplicate != canonical {
                    members[duplicate] = ClusterMember(
                        document: duplicate, kind: .exact, via: representative, evidence: .identical)
                }
            }
            let ordered =
                [members[canonical]!]
                + members.values.filter { $0.document != canonical }.sorted { ids[$0.document] < ids[$1.document] }
            var flags: [String] = []
            if ordered.count > configuration.suspiciousClusterSize { flags.append("large") }
            if positions.contains(where: { guarded.contains($0) }) { flags.append("guarded") }
            clusters.append(
                DocumentCluster(
                    id: Self.clusterID(ids[canonical]), canonical: canonical, members: ordered, flags: flags))
        }
        clusters.sort { ($1.members.count, ids[$0.canonical]) < ($0.members.count, ids[$1.canonical]) }
        for (index, cluster) in clusters.enumerated() {
            for member in cluster.members { clusterOf[member.document] = index }
        }

        var links: [ParagraphLink] = []
        for (pair, evidence) in verified where !evidence.matches.isEmpty {
            let a = reps[Int(pair >> 32)]
            let b = reps[Int(pair & 0xFFFF_FFFF)]
            guard clusterOf[a] != clusterOf[b] else { continue }
            let (first, second, seen) = ids[a] < ids[b] ? (a, b, evidence) : (b, a, evidence.swapped())
            links.append(ParagraphLink(first: first, second: second, matches: seen.matches))
        }
        links.sort { (ids[$0.first], ids[$0.second]) < (ids[$1.first], ids[$1.second]) }
        refused.sort { (ids[$0.first], ids[$0.second]) < (ids[$1.first], ids[$1.second]) }
        lap("assemble")

        return ClusteringResult(
            clusters: clusters, paragraphLinks: links, refusedMerges: refused, documentScheme: documentScheme,
            paragraphScheme: paragraphScheme, simhashTables: simhashTables, statistics: statistics, timings: timings)
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
