/// The verified pairs of a live index: representatives that are an edge or share paragraphs, with their evidence.
///
/// Each pair's evidence is kept once, in a compact form, and each representative lists its partners. A dictionary of
/// partners per representative held every pair twice, each with its own table: at a million documents about 400
/// bytes a pair (two or three pairs a document). The evidence itself lies in a dense chunked array, and the table by
/// pair holds its place only: the table's shards are a third to three quarters full, which with the evidence in
/// them cost about 230 bytes a pair where this costs about 120 (matched paragraphs aside).
struct VerifiedPairs: Sendable {
    /// Pair key → place in `stored`.
    private var places = ShardedDictionary<UInt64, UInt32>()
    private var stored = ChunkedArray<StoredEvidence>()
    /// Places in `stored` whose pair is gone, to be filled again.
    private var free: [UInt32] = []
    private var partners = ShardedDictionary<Int32, [Int32]>()

    /// The number of pairs.
    var count: Int { places.count }

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
    subscript(_ a: Int32, _ b: Int32) -> PairEvidence? { stored(Self.key(a, b))?.evidence }

    /// The partners of a representative with the evidence of each pair.
    func pairs(of rep: Int32) -> [(partner: Int32, evidence: PairEvidence)] {
        (partners[rep] ?? []).map { ($0, stored(Self.key(rep, $0))!.evidence) }
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
            if stored[Int(place)].evidence != pair { stored[Int(place)] = StoredEvidence(pair) }
            return
        }
        partners[a, default: []].append(b)
        partners[b, default: []].append(a)
        if let place = free.popLast() {
            stored[Int(place)] = StoredEvidence(pair)
            places[key] = place
        } else {
            places[key] = UInt32(stored.count)
            stored.append(StoredEvidence(pair))
        }
    }

    /// Takes a pair's evidence out; its place is filled again by a later pair.
    private mutating func take(_ key: UInt64) -> StoredEvidence? {
        guard let place = places.removeValue(forKey: key) else { return nil }
        free.append(place)
        let taken = stored[Int(place)]
        // The emptied place lets go of the matched paragraphs; one without any is left as it is, as the write would
        // copy a chunk that a checkpoint or report being written shares.
        if !taken.matches.isEmpty { stored[Int(place)] = .vacant }
        return taken
    }

    /// Forgets the pairs of `rep` with each of `others` (one pass over its partners, not one per pair: a
    /// representative in a large family has hundreds).
    mutating func remove(_ rep: Int32, _ others: [Int32]) {
        guard !others.isEmpty else { return }
        let gone = Set(others.filter { take(Self.key(rep, $0)) != nil })
        partners[rep]?.removeAll { gone.contains($0) }
        if partners[rep]?.isEmpty == true { partners[rep] = nil }
        for other in gone { unlist(rep, from: other) }
    }

    /// Forgets every pair of a representative; what they were.
    mutating func removeAll(of rep: Int32) -> [(partner: Int32, evidence: PairEvidence)] {
        let list = partners.removeValue(forKey: rep) ?? []
        return list.map { partner in
            unlist(rep, from: partner)
            return (partner, take(Self.key(rep, partner))!.evidence)
        }
    }

    private mutating func unlist(_ partner: Int32, from rep: Int32) {
        partners[rep]?.removeAll { $0 == partner }
        if partners[rep]?.isEmpty == true { partners[rep] = nil }
    }

    /// Calls `body` with every pair once, in no particular order, with its relation kind and matched paragraphs
    /// (the rest of its evidence is not built: a report reads these of millions of pairs).
    func forEachPair(_ body: (Int32, Int32, RelationKind?, [ParagraphMatch]) -> Void) {
        for (key, place) in places {
            let pair = stored[Int(place)]
            body(Self.first(key), Self.second(key), pair.relationKind, pair.matches)
        }
    }

    /// The pairs with their evidence, after the number of representatives that have partners (so that loading
    /// sizes both tables once).
    func encode(into writer: inout ByteWriter) {
        writer.write(UInt32(partners.count))
        writer.write(UInt32(places.count))
        for (key, place) in places {
            writer.write(key)
            stored[Int(place)].evidence.encode(into: &writer)
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
            stored.append(StoredEvidence(pair))
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

/// `PairEvidence` as a verified pair keeps it: the same values, without a tag and padding per optional (88 bytes
/// where `PairEvidence` takes 152).
private struct StoredEvidence: Sendable {
    // jaccard, containment, containmentReverse, factAgreement, leadContainment (0 when absent), coverage,
    // coverageReverse, score.
    var values: (Double, Double, Double, Double, Double, Double, Double, Double)
    var matches: [ParagraphMatch]
    var simhashDistance: Int32
    var comparedFacts: Int32
    /// The kind's position in `RelationKind.allCases`, or `noKind`.
    var kind: UInt8
    static let noKind: UInt8 = 255
    /// What an emptied place of `VerifiedPairs` holds.
    static let vacant = StoredEvidence(.identical)
    /// Which of the optional values are present (bits in the order of `values`, then simhash distance and compared
    /// facts).
    var present: UInt8

    /// Whether the counts fit the 32 bits kept (a verifier's never exceed them; a crafted checkpoint's might).
    static func canStore(_ pair: PairEvidence) -> Bool {
        Int32(exactly: pair.simhashDistance ?? 0) != nil && Int32(exactly: pair.comparedFacts ?? 0) != nil
    }

    init(_ pair: PairEvidence) {
        values = (
            pair.jaccard ?? 0, pair.containment ?? 0, pair.containmentReverse ?? 0, pair.factAgreement ?? 0,
            pair.leadContainment ?? 0, pair.coverage, pair.coverageReverse, pair.score
        )
        matches = pair.matches
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

    /// The relation, nil for a pair that only shares paragraphs.
    var relationKind: RelationKind? { kind == Self.noKind ? nil : RelationKind.allCases[Int(kind)] }

    var evidence: PairEvidence {
        PairEvidence(
            jaccard: has(0) ? values.0 : nil, containment: has(1) ? values.1 : nil,
            containmentReverse: has(2) ? values.2 : nil, coverage: values.5, coverageReverse: values.6,
            simhashDistance: has(5) ? Int(simhashDistance) : nil, factAgreement: has(3) ? values.3 : nil,
            comparedFacts: has(6) ? Int(comparedFacts) : nil, leadContainment: has(4) ? values.4 : nil,
            matches: matches, kind: relationKind, score: values.7)
    }
}
