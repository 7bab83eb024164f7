extension LiveIndex {
    /// Pairs verified together, their documents read once (`search`).
    static var verificationPart: Int { 16_384 }

    /// Searches the candidates of `reps` again (every source of the one-shot engine: document bands, paragraph bands,
    /// headline flashes), verifies them, and replaces their verified pairs. Returns the number of pairs verified.
    mutating func search(_ reps: Set<Int32>, _ work: inout BatchWork) -> Int {
        guard !reps.isEmpty else { return 0 }
        let order = reps.sorted(by: idLess)
        // One lookup per store for the whole batch, each key once: the owners of a bucket (in id order when over
        // the limit) are worked out once, however many of them are searched.
        var documentSlots: [Int] = []
        var paragraphSlots: [Int] = []
        var documentRanges: [Range<Int>] = []
        var paragraphRanges: [Range<Int>] = []
        var documentKeyList: [UInt64] = []
        var paragraphKeyList: [UInt64] = []
        var documentKeyIndex: [UInt64: Int] = [:]
        var paragraphKeyIndex: [UInt64: Int] = [:]
        func add(_ key: UInt64, _ list: inout [UInt64], _ index: inout [UInt64: Int], _ slots: inout [Int]) {
            if let known = index[key] {
                slots.append(known)
            } else {
                index[key] = list.count
                slots.append(list.count)
                list.append(key)
            }
        }
        for rep in order {
            let fingerprint = fingerprints[Int(rep)]
            let start = documentSlots.count
            for key in self.documentKeys(fingerprint) {
                add(key, &documentKeyList, &documentKeyIndex, &documentSlots)
            }
            documentRanges.append(start..<documentSlots.count)
            let paragraphStart = paragraphSlots.count
            for (index, paragraph) in fingerprint.paragraphs.enumerated() where !isPreFurniture(paragraph.contentHash) {
                for key in self.paragraphKeys(fingerprint, index) {
                    add(key, &paragraphKeyList, &paragraphKeyIndex, &paragraphSlots)
                }
            }
            paragraphRanges.append(paragraphStart..<paragraphSlots.count)
        }
        let documentOwners = documentBands.entries(for: documentKeyList).map(owners)
        let paragraphOwners = paragraphBands.entries(for: paragraphKeyList).map(self.paragraphOwners)
        // Candidates first, then every new pair verified once (in parallel for a large batch, as at start-up).
        var done = Set<UInt64>()
        var toVerify: [(low: Int32, high: Int32)] = []
        var partners: [[(other: Int32, pair: Int)]] = []
        for (number, rep) in order.enumerated() {
            var candidates = Set<Int32>()
            for index in documentRanges[number] {
                let unique = documentSlots[index]
                collect(
                    documentOwners[unique], key: documentKeyList[unique], of: rep,
                    withinDistance: configuration.method == .simhash, chained: chainedDocumentBuckets,
                    into: &candidates)
            }
            for index in paragraphRanges[number] {
                let unique = paragraphSlots[index]
                let key = paragraphKeyList[unique]
                guard skippedParagraphBuckets[key] == nil else { continue }
                collect(
                    paragraphOwners[unique], key: key, of: rep, chained: chainedParagraphBuckets,
                    into: &candidates)
            }
            flashCandidates(of: fingerprints[Int(rep)], into: &candidates)
            candidates.remove(rep)
            var list: [(other: Int32, pair: Int)] = []
            for other in candidates {
                let (low, high) = idOrder(rep, other) ? (rep, other) : (other, rep)
                let key = UInt64(UInt32(low)) << 32 | UInt64(UInt32(high))
                // A pair of two searched representatives is verified when the first of them is searched.
                if reps.contains(other) && !done.insert(key).inserted {
                    list.append((other, -1))
                    continue
                }
                list.append((other, toVerify.count))
                toVerify.append((low, high))
            }
            partners.append(list)
        }
        let verifier = self.verifier
        let results =
            fingerprints.store.readsFromMemory
            ? Self.verify(toVerify, verifier: verifier, jobs: jobs) { [fingerprints] in fingerprints[Int($0)] }
            : verifyReadingOnce(toVerify, verifier: verifier)
        for (number, rep) in order.enumerated() {
            var found: [Int32: PairEvidence] = [:]
            for (other, pair) in partners[number] {
                if pair >= 0 {
                    if let evidence = results[pair] { found[other] = evidence }
                } else if let evidence = pairs[rep, other] {
                    found[other] = evidence
                }
            }
            // A component changes only with its edges: a neighbour is re-decided when an edge to it is gone or
            // changed (a new edge reaches it from `rep`); a change in shared paragraphs alone moves nothing.
            var gone: [Int32] = []
            for (neighbour, old) in pairs.pairs(of: rep) {
                let now = found[neighbour]
                if old.kind != nil && now != old { work.touched.insert(neighbour) }
                if now == nil { gone.append(neighbour) }
            }
            pairs.remove(rep, gone)
            for (neighbour, evidence) in found { pairs.set(rep, neighbour, evidence) }
            work.touched.insert(rep)
        }
        return toVerify.count
    }

    /// The candidates a bucket gives `rep`: every other owner up to the limit, its chain neighbours in id order
    /// above it (SimHash: every owner within the distance limit).
    func collect(
        _ owners: [Int32], key: UInt64, of rep: Int32, withinDistance: Bool = false, chained: Set<UInt64>,
        into candidates: inout Set<Int32>
    ) {
        guard owners.count > 1 else { return }
        if withinDistance {
            let own = fingerprints[Int(rep)].simHash
            let limit = configuration.simhashDistance
            for owner in owners where SimHash.distance(own, fingerprints[Int(owner)].simHash) <= limit {
                candidates.insert(owner)
            }
            return
        }
        if owners.count <= configuration.maximumDocumentFrequency {
            candidates.formUnion(owners)
        } else if chained.contains(key) {
            let at = Self.insertionPoint(rep, in: owners, by: idLess)
            if at > 0 { candidates.insert(owners[at - 1]) }
            if at + 1 < owners.count { candidates.insert(owners[at + 1]) }
        }
    }

    /// Flash candidates as the one-shot engine finds them (`ClusteringRun.flashCandidates`), from either side.
    func flashCandidates(of fingerprint: DocumentFingerprint, into candidates: inout Set<Int32>) {
        let common = 4 * configuration.maximumDocumentFrequency
        if isMatchableFlash(fingerprint) {
            let postings = leadPostings
            FlashLookup.stories(of: fingerprint, configuration, postings: { postings[$0] }, common: common) {
                candidates.insert($0)
            }
        } else if isStory(fingerprint) {
            var hits: [Int32: Int] = [:]
            for word in fingerprint.leadWords where (leadPostings[word]?.count ?? 0) <= common {
                for flash in flashesByWord[word] ?? [] { hits[flash, default: 0] += 1 }
            }
            for (flash, count) in hits {
                let flashFingerprint = fingerprints[Int(flash)]
                let words = flashFingerprint.leadWords
                let needed = FlashLookup.needed(flashFingerprint, configuration)
                let granted = words.filter { (leadPostings[$0]?.count ?? 0) > common }.count
                if count + granted >= needed { candidates.insert(flash) }
            }
        }
    }

    /// The evidence of each pair worth keeping (an edge or shared paragraphs), in the order of `pairs`.
    static func verify(
        _ pairs: [(Int32, Int32)], verifier: Verifier, jobs: Int,
        fingerprint: @escaping @Sendable (Int32) -> DocumentFingerprint
    ) -> [PairEvidence?] {
        Parallel.map(count: pairs.count, jobs: pairs.count >= 2048 ? jobs : 1, chunk: 256) { index -> PairEvidence? in
            let evidence = verifier.evidence(fingerprint(pairs[index].0), fingerprint(pairs[index].1))
            return evidence.kind != nil || !evidence.matches.isEmpty ? evidence : nil
        }
    }

    /// `verify` for a store that decodes a fingerprint on every read: a part of the pairs at a time, each document
    /// read once in it (a start-up batch verifies millions of pairs among every document of the index).
    func verifyReadingOnce(_ pairs: [(Int32, Int32)], verifier: Verifier) -> [PairEvidence?] {
        var results: [PairEvidence?] = []
        results.reserveCapacity(pairs.count)
        for start in stride(from: 0, to: pairs.count, by: Self.verificationPart) {
            var position: [Int32: Int32] = [:]
            var read: [DocumentFingerprint] = []
            func place(_ slot: Int32) -> Int32 {
                if let known = position[slot] { return known }
                position[slot] = Int32(read.count)
                read.append(fingerprints[Int(slot)])
                return Int32(read.count - 1)
            }
            let part = pairs[start..<min(start + Self.verificationPart, pairs.count)].map { (place($0.0), place($0.1)) }
            let documents = read
            results += Self.verify(part, verifier: verifier, jobs: jobs) { documents[Int($0)] }
        }
        return results
    }

    // MARK: Components

    /// Re-decides the connected components (of the edge graph) of the touched representatives: the chaining guard
    /// and assembly, as the one-shot engine runs them. Returns the clusters of every re-decided component.
    mutating func redecideComponents(_ touched: Set<Int32>) -> [LiveCluster] {
        var queue = touched.filter(isRepresentative)
        var assigned = Set<Int32>()
        var rebuilt: [Int] = []
        let verifier = self.verifier
        while let start = queue.popFirst() {
            guard !assigned.contains(start), isRepresentative(start) else { continue }
            var members = [start]
            assigned.insert(start)
            var next = 0
            while next < members.count {
                let current = members[next]
                next += 1
                for neighbour in pairs.edgePartners(of: current) where !assigned.contains(neighbour) {
                    assigned.insert(neighbour)
                    members.append(neighbour)
                }
            }
            for member in members {
                guard let old = componentOf[member], let component = components.removeValue(forKey: old) else {
                    continue
                }
                clusterCount -= component.clusters.count
                for rep in component.representatives where !assigned.contains(rep) { queue.insert(rep) }
            }
            let number = nextComponent
            nextComponent += 1
            let component = component(of: members, verifier)
            clusterCount += component.clusters.count
            components[number] = component
            for member in members { componentOf[member] = number }
            rebuilt.append(number)
        }
        var clusters: [LiveCluster] = []
        for number in rebuilt {
            let component = components[number]!
            for cluster in component.clusters { clusters.append(liveCluster(cluster, in: component)) }
        }
        return clusters
    }

    /// Clusters one component: its representatives in id order, their exact duplicates, and the edges among them.
    func component(of members: [Int32], _ verifier: Verifier) -> Component {
        let reps = members.sorted(by: idLess)
        var documents: [Int32] = []
        var positions: [Int] = []
        var exactOf: [Int: [Int]] = [:]
        for rep in reps {
            let group = groups[groupKey(rep)]!
            positions.append(documents.count)
            if group.count > 1 {
                exactOf[documents.count] = Array((documents.count + 1)..<(documents.count + group.count))
            }
            documents.append(contentsOf: group)
        }
        if reps.count == 1 && documents.count == 1 {
            return Component(documents: documents, representatives: reps, clusters: [.single], refused: [])
        }
        let localIDs = documents.map { ids[Int($0)] }
        var run = ClusteringRun(
            engine: ClusterEngine(configuration: configuration), ids: localIDs,
            fingerprints: documents.map { fingerprints[Int($0)] })
        run.reps = positions
        run.exactOf = exactOf
        var position: [Int32: Int] = [:]
        for (index, rep) in reps.enumerated() { position[rep] = index }
        var verified: [ChainingGuard.Verified] = []
        for (index, rep) in reps.enumerated() {
            for (neighbour, evidence) in pairs.pairs(of: rep) where evidence.kind != nil {
                let other = position[neighbour]!
                if other > index { verified.append((UInt64(index) << 32 | UInt64(other), evidence)) }
            }
        }
        let union = run.guardedUnion(verified, verifier)
        let clusters = run.assemble(union, verified, verifier).map { cluster in
            guard let stored = ComponentCluster(cluster, documents: documents, pairs: pairs) else {
                preconditionFailure("LiveIndex: a cluster of slots \(documents) with evidence that is not its pairs'")
            }
            return stored
        }
        return Component(documents: documents, representatives: reps, clusters: clusters, refused: union.refused)
    }
}
