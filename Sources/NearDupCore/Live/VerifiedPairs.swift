/// The verified pairs of a live index: representatives that are an edge or share paragraphs, with their evidence.
///
/// Each pair's evidence is kept once, in a compact form, and each representative lists its partners. A dictionary of
/// partners per representative held every pair twice, each with its own table: at a million documents about 400
/// bytes a pair (two or three pairs a document). The evidence itself lies in a dense chunked array, and the table by
/// pair holds its place only: with the evidence in the table's buckets (a Swift dictionary's, three eighths to three
/// quarters full) a pair cost about 230 bytes, where this costs about 120. The matched paragraphs lie in one pool,
/// each pair's in a run of it: an array a pair cost 48 bytes besides its 16 a match, and a million documents keep
/// about two million pairs with matches.
struct VerifiedPairs: Sendable {
    /// Pair key → place in `stored`.
    private var places = ShardedDictionary<UInt64, UInt32>()
    private var stored = ChunkedArray<StoredEvidence>()
    /// Places in `stored` whose pair is gone, to be filled again.
    private var free: [UInt32] = []
    private var partners = ShardedDictionary<Int32, [Int32]>()
    /// The matched paragraphs of every pair, a run each (`StoredEvidence.matchStart`, `matchCount`).
    private var matchPool = ChunkedArray<ParagraphMatch>()
    /// Runs of the pool whose pair is gone, by length, to be filled again by a run of that length. The pool keeps the
    /// largest size it reached until the index is loaded again (a checkpoint writes each pair's matches).
    private var freeRuns: [UInt32: [UInt32]] = [:]

    /// The number of pairs.
    var count: Int { places.count }
    /// Matched paragraphs the pool holds, its free runs included.
    var pooledMatches: Int { matchPool.count }

    private static func key(_ a: Int32, _ b: Int32) -> UInt64 {
        let (low, high) = a < b ? (a, b) : (b, a)
        return UInt64(UInt32(bitPattern: low)) << 32 | UInt64(UInt32(bitPattern: high))
    }

    private static func first(_ key: UInt64) -> Int32 { Int32(bitPattern: UInt32(key >> 32)) }

    private static func second(_ key: UInt64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: key)) }

    /// The largest representative with a partner, -1 when there is none.
    var largestRepresentative: Int32 { partners.reduce(-1) { max($0, $1.key) } }

    private func stored(_ key: UInt64) -> StoredEvidence? { places[key].map { stored[Int($0)] } }

    /// The evidence of a pair, as it was stored (seen from the document it was verified from).
    subscript(_ a: Int32, _ b: Int32) -> PairEvidence? { stored(Self.key(a, b)).map(evidence) }

    /// The partners of a representative with the evidence of each pair.
    func pairs(of rep: Int32) -> [(partner: Int32, evidence: PairEvidence)] {
        (partners[rep] ?? []).map { ($0, evidence(stored(Self.key(rep, $0))!)) }
    }

    private func evidence(_ stored: StoredEvidence) -> PairEvidence {
        stored.evidence(matches: Array(matches(of: stored)))
    }

    private func matches(of stored: StoredEvidence) -> Matches {
        Matches(pool: matchPool, start: Int(stored.matchStart), count: Int(stored.matchCount))
    }

    /// A pair's matched paragraphs, read from the pool.
    struct Matches: RandomAccessCollection {
        let pool: ChunkedArray<ParagraphMatch>
        let start: Int
        let count: Int
        var startIndex: Int { 0 }
        var endIndex: Int { count }
        subscript(position: Int) -> ParagraphMatch { pool[start + position] }
    }

    /// Puts a pair's matched paragraphs in the pool; where their run starts.
    private mutating func allocate(_ list: [ParagraphMatch]) -> UInt32 {
        guard !list.isEmpty else { return 0 }
        if let start = freeRuns[UInt32(list.count)]?.popLast() {
            if freeRuns[UInt32(list.count)]?.isEmpty == true { freeRuns[UInt32(list.count)] = nil }
            for (offset, match) in list.enumerated() { matchPool[Int(start) + offset] = match }
            return start
        }
        precondition(matchPool.count + list.count <= Int(UInt32.max), "VerifiedPairs: too many matched paragraphs")
        let start = UInt32(matchPool.count)
        for match in list { matchPool.append(match) }
        return start
    }

    /// Gives a gone pair's run back to the pool (its entries stay until a run of its length takes it: writing them
    /// would copy a chunk that a checkpoint or report being written shares).
    private mutating func release(_ stored: StoredEvidence) {
        guard stored.matchCount > 0 else { return }
        freeRuns[stored.matchCount, default: []].append(stored.matchStart)
    }

    private mutating func store(_ pair: PairEvidence) -> StoredEvidence {
        StoredEvidence(pair, matchStart: allocate(pair.matches))
    }

    /// The partners of a representative that are an edge (the pair has a relation kind), without their evidence.
    func edgePartners(of rep: Int32) -> [Int32] {
        (partners[rep] ?? []).filter { stored(Self.key(rep, $0))!.kind != StoredEvidence.noKind }
    }

    /// Stores (or replaces) the evidence of a pair.
    mutating func set(_ a: Int32, _ b: Int32, _ pair: PairEvidence) {
        let key = Self.key(a, b)
        if let place = places[key] {
            // A pair verified again mostly finds what it found before; writing it anyway would copy a chunk that a
            // checkpoint being written shares.
            // Matches that are the same keep their run (nothing is written to the pool).
            let old = stored[Int(place)]
            if matches(of: old).elementsEqual(pair.matches) {
                let kept = StoredEvidence(pair, matchStart: old.matchStart)
                if !kept.hasSameValues(as: old) { stored[Int(place)] = kept }
            } else {
                release(old)
                stored[Int(place)] = store(pair)
            }
            return
        }
        partners[a, default: []].append(b)
        partners[b, default: []].append(a)
        if let place = free.popLast() {
            stored[Int(place)] = store(pair)
            places[key] = place
        } else {
            places[key] = UInt32(stored.count)
            stored.append(store(pair))
        }
    }

    /// Takes a pair out; its place is filled again by a later pair, and its run by the caller's `release`. The place
    /// itself is left as it is, as the write would copy a chunk that a checkpoint or report being written shares.
    private mutating func take(_ key: UInt64) -> StoredEvidence? {
        guard let place = places.removeValue(forKey: key) else { return nil }
        free.append(place)
        return stored[Int(place)]
    }

    /// Forgets the pairs of `rep` with each of `others` (one pass over its partners, not one per pair: a
    /// representative in a large family has hundreds).
    mutating func remove(_ rep: Int32, _ others: [Int32]) {
        guard !others.isEmpty else { return }
        let gone = Set(
            others.filter { other in
                guard let taken = take(Self.key(rep, other)) else { return false }
                release(taken)
                return true
            })
        partners[rep]?.removeAll { gone.contains($0) }
        if partners[rep]?.isEmpty == true { partners[rep] = nil }
        for other in gone { unlist(rep, from: other) }
    }

    /// Forgets every pair of a representative; what they were.
    mutating func removeAll(of rep: Int32) -> [(partner: Int32, evidence: PairEvidence)] {
        let list = partners.removeValue(forKey: rep) ?? []
        return list.map { partner in
            unlist(rep, from: partner)
            let taken = take(Self.key(rep, partner))!
            defer { release(taken) }
            return (partner, evidence(taken))
        }
    }

    private mutating func unlist(_ partner: Int32, from rep: Int32) {
        partners[rep]?.removeAll { $0 == partner }
        if partners[rep]?.isEmpty == true { partners[rep] = nil }
    }

    /// Calls `body` with every pair once, in no particular order, with its relation kind and matched paragraphs
    /// (the rest of its evidence is not built: a report reads these of millions of pairs).
    func forEachPair(_ body: (Int32, Int32, RelationKind?, Matches) -> Void) {
        for (key, place) in places {
            let pair = stored[Int(place)]
            body(Self.first(key), Self.second(key), pair.relationKind, matches(of: pair))
        }
    }

    /// The pairs with their evidence, after the number of representatives that have partners (so that loading
    /// sizes both tables once).
    func encode(into writer: inout ByteWriter) {
        writer.write(UInt32(partners.count))
        writer.write(UInt32(places.count))
        for (key, place) in places {
            writer.write(key)
            evidence(stored[Int(place)]).encode(into: &writer)
        }
    }

    init() {}

    init(decoding reader: inout ByteReader) throws(ByteReader.Truncated) {
        let representatives = try reader.readCount()
        let count = try reader.readCount()
        guard representatives.count <= 2 * count.count else { throw ByteReader.Truncated() }
        places = ShardedDictionary(expectedCount: count.count)
        // Each pair seen from both ends, sorted, so that each representative's partners go in at once: two appends
        // a pair through the table cost a third of a million-document start.
        var links: [UInt64] = []
        // At most what the bytes can hold (a key and at least 39 bytes of evidence a pair).
        links.reserveCapacity(2 * min(count.count, reader.remaining / 47))
        for _ in count {
            let key: UInt64 = try reader.read()
            let (low, high) = (Self.first(key), Self.second(key))
            guard low >= 0, low < high else { throw ByteReader.Truncated() }
            let pair = try PairEvidence(decoding: &reader)
            guard StoredEvidence.canStore(pair), places.updateValue(UInt32(stored.count), forKey: key) == nil else {
                throw ByteReader.Truncated()
            }
            stored.append(store(pair))
            links.append(key)
            links.append(UInt64(UInt32(bitPattern: high)) << 32 | UInt64(UInt32(bitPattern: low)))
        }
        RadixSort.sort(&links)
        partners = ShardedDictionary(expectedCount: representatives.count)
        var start = 0
        while start < links.count {
            let rep = links[start] >> 32
            var end = start + 1
            while end < links.count && links[end] >> 32 == rep { end += 1 }
            partners.updateValue(links[start..<end].map { Self.second($0) }, forKey: Int32(truncatingIfNeeded: rep))
            start = end
        }
        guard partners.count == representatives.count else { throw ByteReader.Truncated() }
    }
}

/// `PairEvidence` as a verified pair keeps it: the same values, without a tag and padding per optional, and its
/// matched paragraphs as a run of the pairs' pool (88 bytes where `PairEvidence` takes 152 and an array).
private struct StoredEvidence: Sendable {
    // jaccard, containment, containmentReverse, factAgreement, leadContainment (0 when absent), coverage,
    // coverageReverse, score.
    var values: (Double, Double, Double, Double, Double, Double, Double, Double)
    var matchStart: UInt32
    var matchCount: UInt32
    var simhashDistance: Int32
    var comparedFacts: Int32
    /// The kind's position in `RelationKind.allCases`, or `noKind`.
    var kind: UInt8
    static let noKind: UInt8 = 255
    /// Which of the optional values are present (bits in the order of `values`, then simhash distance and compared
    /// facts).
    var present: UInt8

    /// Whether the counts fit the 32 bits kept (a verifier's never exceed them; a crafted checkpoint's might).
    static func canStore(_ pair: PairEvidence) -> Bool {
        Int32(exactly: pair.simhashDistance ?? 0) != nil && Int32(exactly: pair.comparedFacts ?? 0) != nil
    }

    init(_ pair: PairEvidence, matchStart: UInt32) {
        values = (
            pair.jaccard ?? 0, pair.containment ?? 0, pair.containmentReverse ?? 0, pair.factAgreement ?? 0,
            pair.leadContainment ?? 0, pair.coverage, pair.coverageReverse, pair.score
        )
        self.matchStart = matchStart
        matchCount = UInt32(pair.matches.count)
        simhashDistance = Int32(pair.simhashDistance ?? 0)
        comparedFacts = Int32(pair.comparedFacts ?? 0)
        kind = pair.kind.map { UInt8(RelationKind.allCases.firstIndex(of: $0)!) } ?? Self.noKind
        var present: UInt8 = 0
        for (bit, value) in [
            pair.jaccard != nil, pair.containment != nil, pair.containmentReverse != nil, pair.factAgreement != nil,
            pair.leadContainment != nil, pair.simhashDistance != nil, pair.comparedFacts != nil,
        ].enumerated() where value {
            present |= 1 << bit
        }
        self.present = present
    }

    private func has(_ bit: Int) -> Bool { present & (1 << bit) != 0 }

    /// Whether every value but the matched paragraphs' run is the same (absent values are stored as 0).
    func hasSameValues(as other: StoredEvidence) -> Bool {
        let (a, b) = (values, other.values)
        return a.0 == b.0 && a.1 == b.1 && a.2 == b.2 && a.3 == b.3 && a.4 == b.4 && a.5 == b.5 && a.6 == b.6
            && a.7 == b.7 && simhashDistance == other.simhashDistance && comparedFacts == other.comparedFacts
            && kind == other.kind && present == other.present
    }

    /// The relation, nil for a pair that only shares paragraphs.
    var relationKind: RelationKind? { kind == Self.noKind ? nil : RelationKind.allCases[Int(kind)] }

    func evidence(matches: [ParagraphMatch]) -> PairEvidence {
        PairEvidence(
            jaccard: has(0) ? values.0 : nil, containment: has(1) ? values.1 : nil,
            containmentReverse: has(2) ? values.2 : nil, coverage: values.5, coverageReverse: values.6,
            simhashDistance: has(5) ? Int(simhashDistance) : nil, factAgreement: has(3) ? values.3 : nil,
            comparedFacts: has(6) ? Int(comparedFacts) : nil, leadContainment: has(4) ? values.4 : nil,
            matches: matches, kind: relationKind, score: values.7)
    }
}
