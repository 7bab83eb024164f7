/// One clustering of one corpus, phase by phase: exact groups, furniture, candidates, verification, guarded union,
/// assembly. Representatives (one document per exact group) are addressed by their position in `reps`.
struct ClusteringRun {
    let engine: ClusterEngine
    let ids: [String]
    let fingerprints: [DocumentFingerprint]
    var configuration: Configuration { engine.configuration }

    var statistics = ClusteringStatistics()
    var timings: [String: Double] = [:]
    private let clock = ContinuousClock()
    private var phaseStart: ContinuousClock.Instant

    /// One document per exact group (the smallest id), in id order, and the other members of each group.
    var reps: [Int] = []
    var exactOf: [Int: [Int]] = [:]

    typealias Verified = ChainingGuard.Verified

    init(engine: ClusterEngine, ids: [String], fingerprints: [DocumentFingerprint]) {
        self.engine = engine
        self.ids = ids
        self.fingerprints = fingerprints
        phaseStart = clock.now
        statistics.documents = ids.count
    }

    mutating func execute() -> ClusteringResult {
        groupExactDuplicates()
        lap("exact")
        var furniture = engine.furnitureSegments(reps, fingerprints)
        let templates = HashSet64(engine.templateSegments(reps, fingerprints))
        for content in templates.members { furniture.insert(content) }
        lap("furniture")
        let documents = documentCandidates()
        lap("documentCandidates")
        let paragraphs = paragraphCandidates(furniture: &furniture)
        statistics.furnitureParagraphs = furniture.count
        statistics.skippedBuckets = documents.skippedBuckets + paragraphs.skippedBuckets
        lap("paragraphCandidates")
        let flashes = flashCandidates()
        let candidates = ClusterEngine.mergeSorted(
            ClusterEngine.mergeSorted(documents.pairs, paragraphs.pairs), flashes)
        statistics.candidatePairs = candidates.count
        lap("flashCandidates")
        let verifier = Verifier(configuration: configuration, furniture: furniture, templates: templates)
        let verified = verify(candidates, verifier)
        lap("verify")
        let union = guardedUnion(verified, verifier)
        lap("cluster")
        let clusters = assemble(union, verified, verifier)
        let links = paragraphLinks(verified, clusters)
        let refused = union.refused.sorted { (ids[$0.first], ids[$0.second]) < (ids[$1.first], ids[$1.second]) }
        lap("assemble")
        return ClusteringResult(
            clusters: clusters, paragraphLinks: links, refusedMerges: refused, documentScheme: documents.scheme,
            paragraphScheme: ClusterEngine.paragraphScheme(configuration), simhashTables: documents.simhashTables,
            statistics: statistics,
            timings: timings)
    }

    private mutating func lap(_ name: String) {
        let now = clock.now
        let elapsed = now - phaseStart
        timings[name] = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        phaseStart = now
    }

    // MARK: Exact duplicates

    /// Groups documents identical after normalisation (and filed in one period, `Verifier.filingPeriod`); the
    /// representative is the member with the smallest id. Work is in id order so that every choice is independent
    /// of input order.
    mutating func groupExactDuplicates() {
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        let periods = fingerprints.map { Verifier.filingPeriod($0, configuration) ?? Int64.min }
        let byHash = order.indices.sorted {
            let a = fingerprints[order[$0]]
            let b = fingerprints[order[$1]]
            return (a.contentHash, a.tokenCount, periods[order[$0]], $0)
                < (b.contentHash, b.tokenCount, periods[order[$1]], $1)
        }
        var representatives: [Int] = []
        var groupStart = 0
        while groupStart < byHash.count {
            var groupEnd = groupStart + 1
            let head = fingerprints[order[byHash[groupStart]]]
            while groupEnd < byHash.count {
                let next = fingerprints[order[byHash[groupEnd]]]
                guard next.contentHash == head.contentHash, next.tokenCount == head.tokenCount, head.tokenCount > 0,
                    periods[order[byHash[groupEnd]]] == periods[order[byHash[groupStart]]]
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
        reps = representatives.sorted { ids[$0] < ids[$1] }
    }

    // MARK: Candidates

    struct Candidates {
        var pairs: [UInt64]
        var skippedBuckets = 0
        var scheme: LSHScheme?
        var simhashTables: Int?
    }

    /// Document-level candidates: MinHash banding, or SimHash tables.
    mutating func documentCandidates() -> Candidates {
        let signing = reps.filter { fingerprints[$0].tokenCount > 0 }
        let position = Dictionary(uniqueKeysWithValues: reps.enumerated().map { ($1, $0) })
        let owners = signing.map { UInt32(position[$0]!) }
        var result: Candidates
        switch configuration.method {
        case .minhash:
            let scheme = LSHScheme.choose(
                slots: configuration.slots, threshold: configuration.candidateThreshold,
                targetRecall: configuration.targetRecall)
            var skipped = 0
            var unused: [Int] = []
            let fingerprints = self.fingerprints
            let pairs = BandedCandidates(
                scheme: scheme, maximumBucketOwners: configuration.maximumDocumentFrequency, policy: .chain
            ).pairs(
                owners: owners, skippedBuckets: &skipped, furniture: &unused, jobs: engine.jobs,
                value: { item, slot in fingerprints[signing[item]].minHash[slot] })
            result = Candidates(pairs: pairs, skippedBuckets: skipped, scheme: scheme)
        case .simhash:
            let index = SimHashIndex(maximumDistance: configuration.simhashDistance)
            let pairs = index.pairs(fingerprints: signing.map { fingerprints[$0].simHash }, owners: owners)
            result = Candidates(pairs: pairs, simhashTables: index.tableCount)
        }
        statistics.documentCandidates = result.pairs.count
        return result
    }

    /// Paragraph-level candidates. Furniture paragraphs are left out; buckets shared by too many otherwise unrelated
    /// documents are skipped and their paragraphs added to `furniture`, except texts that are some document's
    /// headline (`Verifier.isHeadline`).
    mutating func paragraphCandidates(furniture: inout HashSet64) -> Candidates {
        let scheme = ClusterEngine.paragraphScheme(configuration)
        var owners: [UInt32] = []  // representative position of each banded paragraph
        var indices: [Int32] = []  // its index among the document's evidence paragraphs
        for (position, document) in reps.enumerated() {
            for (index, paragraph) in fingerprints[document].paragraphs.enumerated()
            where !furniture.contains(paragraph.contentHash) {
                owners.append(UInt32(position))
                indices.append(Int32(index))
            }
        }
        statistics.evidenceParagraphs = owners.count
        var nearFurniture: [Int] = []
        var skipped = 0
        let cohesion = Cohesion(configuration: configuration, reps: reps, fingerprints: fingerprints)
        let slots = configuration.paragraphSlots
        let (reps, fingerprints, bandOwners, bandIndices) = (self.reps, self.fingerprints, owners, indices)
        let pairs = BandedCandidates(
            scheme: scheme, maximumBucketOwners: configuration.maximumDocumentFrequency,
            policy: .decide { owners in cohesion.isReprintFamily(owners.map(Int.init)) }
        ).pairs(
            owners: owners, skippedBuckets: &skipped, furniture: &nearFurniture, jobs: engine.jobs,
            value: { item, slot in
                fingerprints[reps[Int(bandOwners[item])]].paragraphMinHashes[Int(bandIndices[item]) * slots + slot]
            })
        // A text that is some document's headline stays out, wherever else it stands (a flash of the same words, a
        // quote): equal texts have equal sketches, so they share every bucket, and the live index decides it per
        // bucket alike.
        var hashes: [UInt64] = []
        var headlines = Set<UInt64>()
        for item in nearFurniture {
            let (document, index) = (reps[Int(owners[item])], Int(indices[item]))
            let hash = fingerprints[document].paragraphs[index].contentHash
            hashes.append(hash)
            if Verifier.isHeadline(fingerprints[document], paragraph: index) { headlines.insert(hash) }
        }
        for hash in hashes where !headlines.contains(hash) { furniture.insert(hash) }
        statistics.paragraphCandidates = pairs.count
        return Candidates(pairs: pairs, skippedBuckets: skipped, scheme: scheme)
    }

    /// Headline-only documents beside the stories whose headline and lead hold their words: a flash shares too few
    /// shingles with the story it announces for either banding to find it. Stories are indexed by the distinct
    /// words of their headline and lead; words in more leads than four times the furniture limit are too common to
    /// look up, and a story is a candidate when it holds, with those common words granted, the share of the flash's
    /// words that `FlashLookup` asks for.
    mutating func flashCandidates() -> [UInt64] {
        var postings: [UInt32: [UInt32]] = [:]
        var flashes: [Int] = []
        for (position, document) in reps.enumerated() {
            let fingerprint = fingerprints[document]
            if Verifier.isFlash(fingerprint) {
                if fingerprint.leadWords.count >= Verifier.minimumFlashWords { flashes.append(position) }
            } else if fingerprint.segments.count >= 2 {
                for word in fingerprint.leadWords { postings[word, default: []].append(UInt32(position)) }
            }
        }
        let common = 4 * configuration.maximumDocumentFrequency
        var pairs: [UInt64] = []
        for flash in flashes {
            FlashLookup.stories(
                of: fingerprints[reps[flash]], configuration, postings: { postings[$0] }, common: common
            ) { story in
                let (low, high) = (min(UInt32(flash), story), max(UInt32(flash), story))
                pairs.append(UInt64(low) << 32 | UInt64(high))
            }
        }
        pairs.sort()
        statistics.flashCandidates = pairs.count
        return pairs
    }

    // MARK: Verification

    /// Verifies every candidate; keeps only what is used later: edges, and pairs that share paragraphs.
    func verify(_ candidates: [UInt64], _ verifier: Verifier) -> [Verified] {
        let chunk = 512
        let (reps, fingerprints) = (self.reps, self.fingerprints)
        let factSets = Parallel.map(count: reps.count, jobs: engine.jobs, chunk: 1024) { position in
            verifier.factSet(fingerprints[reps[position]])
        }
        let blocks = Parallel.map(count: (candidates.count + chunk - 1) / chunk, jobs: engine.jobs, chunk: 1) { block in
            var kept: [Verified] = []
            for index in (block * chunk)..<min((block + 1) * chunk, candidates.count) {
                let pair = candidates[index]
                let (a, b) = (Int(pair >> 32), Int(pair & 0xFFFF_FFFF))
                let evidence = verifier.evidence(
                    fingerprints[reps[a]], fingerprints[reps[b]], factSets: (factSets[a], factSets[b]))
                if evidence.kind != nil || !evidence.matches.isEmpty { kept.append((pair, evidence)) }
            }
            return kept
        }
        return blocks.flatMap { $0 }
    }

    // MARK: Guarded union

    /// Applies the edges strongest first; a merge of two clusters needs support beyond the bridging edge.
    mutating func guardedUnion(_ verified: [Verified], _ verifier: Verifier) -> ChainingGuard.Union {
        for (_, evidence) in verified {
            if let kind = evidence.kind { statistics.edges[kind.rawValue, default: 0] += 1 }
        }
        let union = ChainingGuard(configuration: configuration, verifier: verifier).union(
            verified, reps: reps, fingerprints: fingerprints)
        statistics.refusedMerges = union.refused.count
        return union
    }

    // MARK: Assembly

    /// Clusters with their canonical member, each member's attaching edge, and the exact duplicates; largest first.
    func assemble(_ union: ChainingGuard.Union, _ verified: [Verified], _ verifier: Verifier) -> [DocumentCluster] {
        var clusters: [DocumentCluster] = []
        for root in 0..<reps.count where !union.sets.members[root].isEmpty {
            let positions = union.sets.members[root].map(Int.init)
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
                for (neighbour, edge) in union.treeEdges[current] ?? [] where !seen.contains(neighbour) {
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
            if ordered.count > configuration.suspiciousClusterSize { flags.append(ClusterFlag.large.rawValue) }
            if positions.contains(where: { union.guarded.contains($0) }) { flags.append(ClusterFlag.guarded.rawValue) }
            if positions.count >= 3
                && ChainingGuard(configuration: configuration, verifier: verifier).cohesion(
                    positions.map(Int32.init), reps, fingerprints) < ChainingGuard.looseCohesion
            {
                flags.append(ClusterFlag.loose.rawValue)
            }
            clusters.append(
                DocumentCluster(
                    id: ClusterEngine.clusterID(ids[canonical]), canonical: canonical, members: ordered, flags: flags))
        }
        return clusters.sorted { ($1.members.count, ids[$0.canonical]) < ($0.members.count, ids[$1.canonical]) }
    }

    /// Verified pairs that share paragraphs but ended up in different clusters.
    func paragraphLinks(_ verified: [Verified], _ clusters: [DocumentCluster]) -> [ParagraphLink] {
        var clusterOf = [Int](repeating: -1, count: fingerprints.count)
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
        return links.sorted { (ids[$0.first], ids[$0.second]) < (ids[$1.first], ids[$1.second]) }
    }
}
