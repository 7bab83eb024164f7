extension LiveIndex {
    /// What a batch changed before anything is re-decided.
    struct BatchWork {
        var touchedSegments = Set<UInt64>()
        var touchedTemplates = Set<UInt64>()
        /// Band key → the representatives whose entries under it were added or removed.
        var documentKeyChanges: [(key: UInt64, rep: Int32)] = []
        var paragraphKeyChanges: [(key: UInt64, rep: Int32)] = []
        /// Lead words whose story postings changed, with their posting count before the batch.
        var wordCountsBefore: [UInt32: Int] = [:]
        /// Membership of content hashes in the furniture and template sets before the batch (recorded on change).
        var furnitureBefore: [UInt64: Bool] = [:]
        var templateBefore: [UInt64: Bool] = [:]
        var preFurnitureBefore: [UInt64: Bool] = [:]
        /// Representatives whose candidates must be searched and verified again.
        var searched = Set<Int32>()
        /// Representatives whose component must be re-decided.
        var touched = Set<Int32>()
        /// The band filings of the representatives a batch takes out, removed together (`flushRemovals`): a list
        /// is newest first and a window takes out the oldest, so one walk of a long list for all of them, not one
        /// walk each.
        var documentRemovals: [(key: UInt64, entry: UInt32)] = []
        var paragraphRemovals: [(key: UInt64, entry: UInt32)] = []
    }

    /// Removes `removing` (unknown ids are ignored), then adds `inserting` (ids must not be in the index after the
    /// removals), and re-decides what they touched. `locations`, one per inserted document, say where the caller
    /// keeps each fingerprint durably, for the index's `FingerprintStore`.
    @discardableResult
    public mutating func apply(
        inserting documents: [(id: String, fingerprint: DocumentFingerprint)], removing: [String],
        locations: [UInt64?]? = nil
    ) -> LiveUpdate {
        precondition(locations == nil || locations!.count == documents.count, "LiveIndex: one location a document")
        defer { fingerprints.batch.removeAll() }
        var work = BatchWork()
        var repBefore: [GroupKey: Int32] = [:]
        var removedSlots: [Int32] = []
        var removedIDs: [String] = []
        for id in removing {
            guard let slot = slotOf.removeValue(forKey: id) else { continue }
            let key = groupKey(slot)
            if repBefore[key] == nil { repBefore[key] = groups[key]?.first ?? -1 }
            groups[key]!.removeAll(slot)
            if groups[key]!.isEmpty { groups[key] = nil }
            removedSlots.append(slot)
            removedIDs.append(id)
        }
        for (number, (id, fingerprint)) in documents.enumerated() {
            precondition(slotOf[id] == nil, "LiveIndex: the id \(id) is already in the index")
            let slot: Int32
            if let free = freeSlots.popLast() {
                slot = free
                ids[Int(slot)] = id
            } else {
                // Far beyond memory today (about 8.5 KB a document, 6 KB with the fingerprints elsewhere): a
                // paragraph entry has 24 bits for the slot.
                precondition(ids.count < Self.slotLimit, "LiveIndex: at most \(Self.slotLimit) documents at once")
                slot = Int32(ids.count)
                ids.append(id)
                groupKeys.append(GroupKey(contentHash: 0, tokenCount: 0, emptySlot: slot))
            }
            fingerprints.store.keep(fingerprint, of: id, location: locations?[number], at: Int(slot))
            if !fingerprints.store.readsFromMemory { fingerprints.batch[slot] = fingerprint }
            groupKeys[Int(slot)] = groupKey(of: fingerprint, slot: slot)
            slotOf[id] = slot
            let key = groupKey(slot)
            if repBefore[key] == nil { repBefore[key] = groups[key]?.first ?? -1 }
            Self.insertSorted(slot, into: &groups[key, default: []], by: idLess)
        }
        var lost: [Int32] = []
        var gained: [Int32] = []
        for (key, before) in repBefore {
            let after = groups[key]?.first ?? -1
            if before != after {
                if before >= 0 { lost.append(before) }
                if after >= 0 { gained.append(after) }
            } else if after >= 0 {
                work.touched.insert(after)  // its exact duplicates changed
            }
        }
        for rep in lost { unindex(rep, &work) }
        flushRemovals(&work)
        for rep in gained { index(rep, &work) }
        decideFurniture(&work)
        decideParagraphBuckets(&work)
        decideDocumentBuckets(&work)
        decideFlashWords(&work)
        refreshFurnitureSets(&work)
        let verified = search(work.searched.filter(isRepresentative), &work)
        let clusters = redecideComponents(work.touched)
        for slot in removedSlots {
            ids[Int(slot)] = ""
            fingerprints.store.release(Int(slot))
            freeSlots.append(slot)
        }
        return LiveUpdate(
            clusters: clusters.sorted { ($1.members.count, $0.canonical) < ($0.members.count, $1.canonical) },
            removed: removedIDs, verifiedPairs: verified, searched: work.searched.count)
    }

    /// A fingerprint of nothing, for a slot or a document whose fingerprint is no longer kept.
    public static var emptyFingerprint: DocumentFingerprint {
        DocumentFingerprint(
            byteCount: 0, tokenCount: 0, shingleCount: 0, contentHash: 0, minHash: [], simHash: 0, paragraphs: [],
            segments: [], facts: [], leadWords: [], paragraphMinHashes: [], invalidSequences: 0, nulBytes: 0,
            controlBytes: 0)
    }

    func isRepresentative(_ slot: Int32) -> Bool {
        !ids[Int(slot)].isEmpty && slotOf[ids[Int(slot)]] == slot && groups[groupKey(slot)]?.first == slot
    }

    func isPreFurniture(_ hash: UInt64) -> Bool { segmentFurniture.contains(hash) || templateContent.contains(hash) }
    func isFurniture(_ hash: UInt64) -> Bool { isPreFurniture(hash) || nearFurniture[hash] != nil }

    // MARK: Indexing one representative

    func isStory(_ fingerprint: DocumentFingerprint) -> Bool {
        !Verifier.isFlash(fingerprint) && fingerprint.segments.count >= 2
    }

    func isMatchableFlash(_ fingerprint: DocumentFingerprint) -> Bool {
        Verifier.isFlash(fingerprint) && fingerprint.leadWords.count >= Verifier.minimumFlashWords
    }

    mutating func index(_ rep: Int32, _ work: inout BatchWork) {
        file(rep, adding: true, &work)
        work.searched.insert(rep)
        work.touched.insert(rep)
    }

    mutating func unindex(_ rep: Int32, _ work: inout BatchWork) {
        file(rep, adding: false, &work)
        for (neighbour, evidence) in pairs.removeAll(of: rep) where evidence.kind != nil {
            work.touched.insert(neighbour)
        }
        if let number = componentOf.removeValue(forKey: rep), let component = components.removeValue(forKey: number) {
            clusterCount -= component.clusters.count
            for other in component.representatives where other != rep { work.touched.insert(other) }
        }
    }

    /// Takes the filings gathered by `file(adding: false)` out of the band tables.
    mutating func flushRemovals(_ work: inout BatchWork) {
        if !work.documentRemovals.isEmpty { documentBands.remove(work.documentRemovals) }
        if !work.paragraphRemovals.isEmpty { paragraphBands.remove(work.paragraphRemovals) }
        work.documentRemovals.removeAll()
        work.paragraphRemovals.removeAll()
    }

    /// Adds a representative to, or removes it from, every statistic and band table (a removal's band filings wait
    /// in `work` for `flushRemovals`).
    mutating func file(_ rep: Int32, adding: Bool, _ work: inout BatchWork) {
        let fingerprint = fingerprints[Int(rep)]
        var seen = Set<UInt64>()
        for segment in fingerprint.segments where seen.insert(segment.contentHash).inserted {
            work.touchedSegments.insert(segment.contentHash)
            if adding {
                Self.insertSorted(rep, into: &segmentOwners[segment.contentHash, default: []], by: idLess)
            } else {
                Self.removeSorted(rep, from: &segmentOwners[segment.contentHash, default: []], by: idLess)
                if segmentOwners[segment.contentHash]!.isEmpty { segmentOwners[segment.contentHash] = nil }
            }
        }
        for segment in fingerprint.segments where segment.templateHash != segment.contentHash {
            work.touchedTemplates.insert(segment.templateHash)
            let step = adding ? 1 : -1
            var use = templateUse.removeValue(forKey: segment.templateHash) ?? TemplateUse()
            use.owners.add(rep, step)
            use.fillings.add(segment.contentHash, step)
            if !use.owners.isEmpty { templateUse[segment.templateHash] = use }
        }
        let documentFilings = documentKeys(fingerprint).map { (key: $0, entry: UInt32(rep)) }
        for filing in documentFilings { work.documentKeyChanges.append((filing.key, rep)) }
        var paragraphFilings: [(key: UInt64, entry: UInt32)] = []
        for (index, paragraph) in fingerprint.paragraphs.enumerated() where !isPreFurniture(paragraph.contentHash) {
            for key in paragraphKeys(fingerprint, index) {
                paragraphFilings.append((key, Self.paragraphEntry(rep, index)))
                work.paragraphKeyChanges.append((key, rep))
            }
        }
        if adding {
            documentBands.insert(documentFilings)
            paragraphBands.insert(paragraphFilings)
        } else {
            work.documentRemovals.append(contentsOf: documentFilings)
            work.paragraphRemovals.append(contentsOf: paragraphFilings)
        }
        if isMatchableFlash(fingerprint) {
            for word in fingerprint.leadWords {
                if adding {
                    flashesByWord[word, default: []].append(rep)
                } else {
                    flashesByWord[word]?.removeAll(rep)
                    if flashesByWord[word]?.isEmpty == true { flashesByWord[word] = nil }
                }
            }
        } else if isStory(fingerprint) {
            for word in fingerprint.leadWords {
                if work.wordCountsBefore[word] == nil { work.wordCountsBefore[word] = leadPostings[word]?.count ?? 0 }
                if adding {
                    leadPostings[word, default: []].append(rep)
                } else {
                    leadPostings[word]?.removeAll(rep)
                    if leadPostings[word]?.isEmpty == true { leadPostings[word] = nil }
                }
            }
        }
    }

    func documentKeys(_ fingerprint: DocumentFingerprint) -> [UInt64] {
        guard fingerprint.tokenCount > 0 else { return [] }
        switch configuration.method {
        case .minhash:
            return Self.bandKeys(documentScheme) { fingerprint.minHash[$0] }
        case .simhash:
            return simhashIndex.keys(fingerprint.simHash)
        }
    }

    func paragraphKeys(_ fingerprint: DocumentFingerprint, _ index: Int) -> [UInt64] {
        let base = index * configuration.paragraphSlots
        return Self.bandKeys(paragraphScheme) { fingerprint.paragraphMinHashes[base + $0] }
    }

    /// The key of each band, mixed as `BandedCandidates` mixes it.
    static func bandKeys(_ scheme: LSHScheme, value: (Int) -> UInt32) -> [UInt64] {
        (0..<scheme.bands).map { band in
            var key = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
            for row in 0..<scheme.rows { key = StableMix.combine(key, UInt64(value(band * scheme.rows + row))) }
            return key
        }
    }

    // MARK: Re-deciding what the batch touched

    mutating func recordFurniture(_ hash: UInt64, _ work: inout BatchWork) {
        if work.furnitureBefore[hash] == nil { work.furnitureBefore[hash] = isFurniture(hash) }
        if work.preFurnitureBefore[hash] == nil { work.preFurnitureBefore[hash] = isPreFurniture(hash) }
        if work.templateBefore[hash] == nil { work.templateBefore[hash] = templateContent.contains(hash) }
    }

    /// Segment furniture and template fillings of the touched segments and templates; paragraphs whose eligibility
    /// for the paragraph bands changed are filed or taken out.
    mutating func decideFurniture(_ work: inout BatchWork) {
        let limit = configuration.maximumDocumentFrequency
        for hash in work.touchedSegments {
            let owners = segmentOwners[hash] ?? []
            let isFurniture =
                owners.count > limit
                && !Cohesion.isReprintFamily(configuration, count: owners.count) { fingerprints[Int(owners[$0])] }
            guard isFurniture != segmentFurniture.contains(hash) else { continue }
            recordFurniture(hash, &work)
            if isFurniture { segmentFurniture.insert(hash) } else { segmentFurniture.remove(hash) }
        }
        for template in work.touchedTemplates {
            let use = templateUse[template] ?? TemplateUse()
            let qualifies =
                use.owners.count >= configuration.templateDocuments
                && use.fillings.count >= configuration.templateVariants
            let now = qualifies ? Set(use.fillings.keys) : []
            let before = templateFillings[template] ?? []
            guard now != before else { continue }
            for hash in before.subtracting(now) {
                recordFurniture(hash, &work)
                templateContent.remove(hash)
            }
            for hash in now.subtracting(before) {
                recordFurniture(hash, &work)
                templateContent.insert(hash)
            }
            templateFillings[template] = now.isEmpty ? nil : now
        }
        // Gathered and filed at once: a store takes a key's entries out in one walk of its list.
        var filings: [(key: UInt64, entry: UInt32)] = []
        var removals: [(key: UInt64, entry: UInt32)] = []
        for (hash, before) in work.preFurnitureBefore where before != isPreFurniture(hash) {
            let eligible = !isPreFurniture(hash)
            for rep in segmentOwners[hash] ?? [] {
                let fingerprint = fingerprints[Int(rep)]
                for (index, paragraph) in fingerprint.paragraphs.enumerated() where paragraph.contentHash == hash {
                    for key in paragraphKeys(fingerprint, index) {
                        let entry = Self.paragraphEntry(rep, index)
                        if eligible { filings.append((key, entry)) } else { removals.append((key, entry)) }
                        work.paragraphKeyChanges.append((key, rep))
                    }
                }
                work.searched.insert(rep)
            }
        }
        paragraphBands.remove(removals)
        paragraphBands.insert(filings)
    }

    /// Distinct owners of a document bucket's entries; in id order when there are more than the limit.
    func owners(_ entries: [UInt32]) -> [Int32] {
        var list = entries.map { Int32(bitPattern: $0) }
        if list.count > configuration.maximumDocumentFrequency { list.sort(by: idLess) }
        return list
    }

    /// Distinct owners of a paragraph bucket's entries (it may hold two paragraphs of one document); in id order
    /// when there are more than the limit.
    func paragraphOwners(_ entries: [UInt32]) -> [Int32] {
        var list = entries.map(Self.owner(ofParagraphEntry:))
        list.sort()
        list = list.uniqued()
        if list.count > configuration.maximumDocumentFrequency { list.sort(by: idLess) }
        return list
    }

    /// Bits of a paragraph entry that name the paragraph; the document's slot is above them.
    static var paragraphBits: UInt32 { 7 }
    /// A paragraph entry names paragraphs 0 to 126 exactly; 127 stands for any paragraph from 127 on.
    static var paragraphHintLimit: Int { (1 << Int(paragraphBits)) - 1 }
    /// Slots a paragraph entry can name: a live index holds at most this many documents at once.
    static var slotLimit: Int { 1 << (31 - Int(paragraphBits)) }

    /// The paragraph table's entry for a document's paragraph: its slot and the paragraph, so that a skipped
    /// bucket's paragraphs are read off its entries (in 31 bits, where `document << 32 | paragraph` took 63).
    static func paragraphEntry(_ rep: Int32, _ index: Int) -> UInt32 {
        UInt32(rep) << paragraphBits | UInt32(min(index, paragraphHintLimit))
    }

    static func owner(ofParagraphEntry entry: UInt32) -> Int32 { Int32(bitPattern: entry >> paragraphBits) }

    /// Representatives of a chained bucket whose chain neighbours changed: the changed ones and those next to where
    /// they are or were.
    func chainNeighbours(_ owners: [Int32], changed: [Int32]) -> [Int32] {
        var result: [Int32] = []
        for slot in changed {
            let at = Self.insertionPoint(slot, in: owners, by: idLess)
            if at < owners.count && owners[at] == slot {
                result.append(slot)
                if at > 0 { result.append(owners[at - 1]) }
                if at + 1 < owners.count { result.append(owners[at + 1]) }
            } else {
                if at > 0 { result.append(owners[at - 1]) }
                if at < owners.count { result.append(owners[at]) }
            }
        }
        return result
    }

    enum BucketMode { case small, chained, skipped }

    /// Paragraph buckets over the limit are chained or skipped as in the one-shot engine; a skipped bucket's
    /// paragraphs are furniture, except texts that are some document's headline.
    /// The changed keys with the representatives changed under each, from a batch's list of changes.
    static func grouped(_ changes: [(key: UInt64, rep: Int32)]) -> [(key: UInt64, reps: [Int32])] {
        // Radix-sorted: a start-up batch files millions of keys.
        let keys = changes.map(\.key)
        let reps = changes.map { UInt32(bitPattern: $0.rep) }
        var (sortedKeys, sortedReps, scratchKeys, scratchReps) = (keys, reps, keys, reps)
        RadixSort.sort(keys: keys, owners: reps, into: &sortedKeys, &sortedReps, scratch: &scratchKeys, &scratchReps)
        var groups: [(key: UInt64, reps: [Int32])] = []
        for (key, rep) in zip(sortedKeys, sortedReps) {
            if groups.last?.key == key {
                groups[groups.count - 1].reps.append(Int32(bitPattern: rep))
            } else {
                groups.append((key, [Int32(bitPattern: rep)]))
            }
        }
        return groups
    }

    mutating func decideParagraphBuckets(_ work: inout BatchWork) {
        let limit = configuration.maximumDocumentFrequency
        // A bucket that is and was within the limit needs no decision: its changed owners are searched again.
        var groups: [(key: UInt64, reps: [Int32])] = []
        let all = Self.grouped(work.paragraphKeyChanges)
        for ((key, changed), count) in zip(all, paragraphBands.counts(for: all.map(\.key))) {
            if count > limit || chainedParagraphBuckets.contains(key) || skippedParagraphBuckets[key] != nil {
                groups.append((key, changed))
            } else {
                work.searched.formUnion(changed)
            }
        }
        let entries = paragraphBands.entries(for: groups.map(\.key))
        for ((key, changed), entries) in zip(groups, entries) {
            let owners = paragraphOwners(entries)
            let before: BucketMode =
                chainedParagraphBuckets.contains(key)
                ? .chained : skippedParagraphBuckets[key] != nil ? .skipped : .small
            let now: BucketMode
            if owners.count <= limit {
                now = .small
            } else {
                now =
                    Cohesion.isReprintFamily(configuration, count: owners.count) { fingerprints[Int(owners[$0])] }
                    ? .chained : .skipped
            }
            if let hashes = skippedParagraphBuckets.removeValue(forKey: key) {
                for hash in hashes {
                    recordFurniture(hash, &work)
                    nearFurniture[hash]! -= 1
                    if nearFurniture[hash] == 0 { nearFurniture[hash] = nil }
                }
            }
            if now == .skipped {
                var hashes = Set<UInt64>()
                var headlines = Set<UInt64>()
                var late = Set<Int32>()
                for entry in entries {
                    let owner = Self.owner(ofParagraphEntry: entry)
                    let paragraph = Int(entry & UInt32(Self.paragraphHintLimit))
                    if paragraph < Self.paragraphHintLimit {
                        let (hash, isHeadline) = fingerprints.paragraph(paragraph, of: Int(owner))
                        hashes.insert(hash)
                        if isHeadline { headlines.insert(hash) }
                    } else {
                        late.insert(owner)
                    }
                }
                // Paragraphs from the 128th on share one hint: those of them filed under the key are found again
                // (filed is what is not furniture as it stands: `decideFurniture` re-filed what it changed).
                for owner in late {
                    let fingerprint = fingerprints[Int(owner)]
                    for index in Self.paragraphHintLimit..<fingerprint.paragraphs.count
                    where !isPreFurniture(fingerprint.paragraphs[index].contentHash)
                        && paragraphKeys(fingerprint, index).contains(key)
                    {
                        hashes.insert(fingerprint.paragraphs[index].contentHash)
                    }
                }
                // Some document's headline stays out (`Verifier.isHeadline`; the one-shot engine alike).
                hashes.subtract(headlines)
                for hash in hashes {
                    recordFurniture(hash, &work)
                    nearFurniture[hash, default: 0] += 1
                }
                skippedParagraphBuckets[key] = Array(hashes)
            }
            if now == .chained { chainedParagraphBuckets.insert(key) } else { chainedParagraphBuckets.remove(key) }
            markSearched(owners, changed: changed, before: before, now: now, &work)
        }
    }

    mutating func markSearched(
        _ owners: [Int32], changed: [Int32], before: BucketMode, now: BucketMode, _ work: inout BatchWork
    ) {
        if before != now {
            work.searched.formUnion(owners)
        } else if now == .chained {
            work.searched.formUnion(chainNeighbours(owners, changed: changed))
        }
        work.searched.formUnion(changed)
    }

    /// Document buckets over the limit are chained.
    mutating func decideDocumentBuckets(_ work: inout BatchWork) {
        guard configuration.method == .minhash else {
            for change in work.documentKeyChanges { work.searched.insert(change.rep) }
            return
        }
        let limit = configuration.maximumDocumentFrequency
        var groups: [(key: UInt64, reps: [Int32])] = []
        let all = Self.grouped(work.documentKeyChanges)
        for ((key, changed), count) in zip(all, documentBands.counts(for: all.map(\.key))) {
            if count > limit || chainedDocumentBuckets.contains(key) {
                groups.append((key, changed))
            } else {
                work.searched.formUnion(changed)
            }
        }
        for ((key, changed), entries) in zip(groups, documentBands.entries(for: groups.map(\.key))) {
            let owners = owners(entries)
            let before: BucketMode = chainedDocumentBuckets.contains(key) ? .chained : .small
            let now: BucketMode = owners.count > limit ? .chained : .small
            if now == .chained { chainedDocumentBuckets.insert(key) } else { chainedDocumentBuckets.remove(key) }
            markSearched(owners, changed: changed, before: before, now: now, &work)
        }
    }

    /// A lead word that became common (or stopped being) changes the candidates of every flash that has it.
    mutating func decideFlashWords(_ work: inout BatchWork) {
        let common = 4 * configuration.maximumDocumentFrequency
        for (word, before) in work.wordCountsBefore {
            let now = leadPostings[word]?.count ?? 0
            if (before > common) != (now > common) { work.searched.formUnion(flashesByWord[word] ?? []) }
        }
    }

    /// Rebuilds the furniture and template sets when they changed; every representative carrying a changed segment
    /// is verified again (its evidence and its relatedness depend on them).
    mutating func refreshFurnitureSets(_ work: inout BatchWork) {
        var changed: [UInt64] = []
        for (hash, before) in work.furnitureBefore where before != isFurniture(hash) { changed.append(hash) }
        for (hash, before) in work.templateBefore where before != templateContent.contains(hash) {
            changed.append(hash)
        }
        guard !changed.isEmpty else { return }
        // Whether there is any furniture at all changes every estimate (`Verifier.documentSimilarity`).
        let wasEmpty = furniture.isEmpty
        // The sets only grow in place (most batches add a paragraph or two to a skipped bucket); a removal rebuilds
        // them, since `HashSet64` has no removal.
        if work.furnitureBefore.contains(where: { $0.value && !isFurniture($0.key) }) {
            var all = HashSet64()
            for hash in segmentFurniture { all.insert(hash) }
            for hash in templateContent { all.insert(hash) }
            for hash in nearFurniture.keys { all.insert(hash) }
            furniture = all
        } else {
            for (hash, before) in work.furnitureBefore where !before && isFurniture(hash) { furniture.insert(hash) }
        }
        if work.templateBefore.contains(where: { $0.value && !templateContent.contains($0.key) }) {
            templates = HashSet64(templateContent)
        } else {
            for (hash, before) in work.templateBefore where !before && templateContent.contains(hash) {
                templates.insert(hash)
            }
        }
        if wasEmpty != furniture.isEmpty {
            for group in groups.values { work.searched.insert(group[0]) }
        }
        for hash in changed { work.searched.formUnion(segmentOwners[hash] ?? []) }
    }

    // MARK: Sorted slot lists

    static func insertionPoint<List: RandomAccessCollection<Int32>>(
        _ slot: Int32, in list: List, by less: (Int32, Int32) -> Bool
    ) -> Int where List.Index == Int {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if less(list[middle], slot) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    static func insertSorted(_ slot: Int32, into list: inout OwnerList, by less: (Int32, Int32) -> Bool) {
        list.insert(slot, at: insertionPoint(slot, in: list, by: less))
    }

    static func removeSorted(_ slot: Int32, from list: inout OwnerList, by less: (Int32, Int32) -> Bool) {
        let at = insertionPoint(slot, in: list, by: less)
        if at < list.count && list[at] == slot { list.remove(at: at) }
    }
}
