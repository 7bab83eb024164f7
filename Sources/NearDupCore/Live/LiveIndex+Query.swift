extension LiveIndex {
    /// The documents a text with this fingerprint would be linked to, strongest first, without storing anything.
    ///
    /// Candidates are found as an insert under `id` would find them, with the furniture as it stands (one document
    /// more rarely changes it), but for a bucket of more than four times the limit: there an insert takes the two
    /// documents next to its id, and a question takes the two most recently filed, without reading the rest (at a
    /// million documents, reading such buckets whole was three quarters of the slowest questions). Each candidate
    /// is verified, and the evidence is seen from the queried text. Exact duplicates of a matched representative are
    /// listed as `exact` matches of the text when it is one of them.
    public func query(_ fingerprint: DocumentFingerprint, id: String = "") -> [LiveMatch] {
        var candidates = Set<Int32>()
        let limit = configuration.maximumDocumentFrequency
        // The owners just before and at `id` in id order: what an insert under `id` takes from a bucket over the
        // limit (a sort and a binary search there), found in one pass.
        func neighbours(_ owners: [Int32]) -> [Int32] {
            var below: Int32?
            var above: Int32?
            for owner in owners {
                let ownerID = ids[Int(owner)]
                if ownerID < id {
                    if below.map({ ids[Int($0)] < ownerID }) ?? true { below = owner }
                } else if above.map({ ownerID < ids[Int($0)] }) ?? true {
                    above = owner
                }
            }
            return [below, above].compactMap { $0 }
        }
        // Buckets are read up to this many entries; a larger one is far over the limit.
        let reading = 4 * limit
        func owners(_ entries: [UInt32]) -> [Int32] { entries.map { Int32(bitPattern: $0) } }
        func paragraphOwners(_ entries: [UInt32]) -> [Int32] { entries.map(Self.owner(ofParagraphEntry:)) }
        // The first two distinct documents of a list: the most recently filed of a bucket read in part.
        func newest(_ owners: [Int32]) -> [Int32] {
            var found: [Int32] = []
            for owner in owners where !found.contains(owner) {
                found.append(owner)
                if found.count == 2 { break }
            }
            return found
        }
        let documentKeys = self.documentKeys(fingerprint)
        if configuration.method == .simhash {
            for entries in documentBands.entries(for: documentKeys) {
                for owner in owners(entries)
                where SimHash.distance(fingerprint.simHash, fingerprints[Int(owner)].simHash)
                    <= configuration.simhashDistance
                {
                    candidates.insert(owner)
                }
            }
        } else {
            for (count, entries) in documentBands.newest(for: documentKeys, limit: reading) where count > 0 {
                let owners = owners(entries)
                candidates.formUnion(
                    count + 1 <= limit ? owners : count <= reading ? neighbours(owners) : newest(owners))
            }
        }
        var paragraphKeys: [UInt64] = []
        for (index, paragraph) in fingerprint.paragraphs.enumerated() where !isPreFurniture(paragraph.contentHash) {
            paragraphKeys.append(contentsOf: self.paragraphKeys(fingerprint, index))
        }
        for (key, (count, entries)) in zip(paragraphKeys, paragraphBands.newest(for: paragraphKeys, limit: reading))
        where count > 0 {
            guard count <= reading else {
                if skippedParagraphBuckets[key] == nil { candidates.formUnion(newest(paragraphOwners(entries))) }
                continue
            }
            let owners = Array(Set(paragraphOwners(entries)))
            if owners.count + 1 <= limit {
                candidates.formUnion(owners)
            } else if skippedParagraphBuckets[key] == nil {
                candidates.formUnion(neighbours(owners))
            }
        }
        flashCandidates(of: fingerprint, into: &candidates)
        var matches: [LiveMatch] = []
        if fingerprint.tokenCount > 0, let group = groups[exactKey(fingerprint)] {
            for member in group {
                matches.append(LiveMatch(id: ids[Int(member)], kind: .exact, evidence: .identical))
            }
            candidates.remove(group[0])
        }
        let verifier = self.verifier
        for candidate in candidates {
            let evidence = verifier.evidence(fingerprint, fingerprints[Int(candidate)])
            guard evidence.kind != nil || !evidence.matches.isEmpty else { continue }
            matches.append(LiveMatch(id: ids[Int(candidate)], kind: evidence.kind, evidence: evidence))
        }
        return matches.sorted {
            ($0.kind != nil ? 1 : 0, $0.evidence.score, $1.id) > ($1.kind != nil ? 1 : 0, $1.evidence.score, $0.id)
        }
    }
}
