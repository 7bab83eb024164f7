/// The verified pairs of a live index: representatives that are an edge or share paragraphs, with their evidence.
///
/// Each pair's evidence is kept once, in a compact form, under the pair, and each representative lists its partners.
/// A dictionary of partners per representative held every pair twice, each with its own table: at a million
/// documents about 400 bytes a pair (two or three pairs a document) where this takes about 150.
struct VerifiedPairs: Sendable {
    private var evidence = ShardedDictionary<UInt64, StoredEvidence>()
    private var partners = ShardedDictionary<Int32, [Int32]>()

    /// The number of pairs.
    var count: Int { evidence.count }

    private static func key(_ a: Int32, _ b: Int32) -> UInt64 {
        let (low, high) = a < b ? (a, b) : (b, a)
        return UInt64(UInt32(bitPattern: low)) << 32 | UInt64(UInt32(bitPattern: high))
    }

    private static func first(_ key: UInt64) -> Int32 { Int32(bitPattern: UInt32(key >> 32)) }

    private static func second(_ key: UInt64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: key)) }

    /// The largest representative with a partner, -1 when there is none.
    var largestRepresentative: Int32 { partners.reduce(-1) { max($0, $1.key) } }

    /// The evidence of a pair, as it was stored (seen from the document it was verified from).
    subscript(_ a: Int32, _ b: Int32) -> PairEvidence? { evidence[Self.key(a, b)]?.evidence }

    /// The partners of a representative with the evidence of each pair.
    func pairs(of rep: Int32) -> [(partner: Int32, evidence: PairEvidence)] {
        (partners[rep] ?? []).map { ($0, evidence[Self.key(rep, $0)]!.evidence) }
    }

    /// The partners of a representative that are an edge (the pair has a relation kind), without their evidence.
    func edgePartners(of rep: Int32) -> [Int32] {
        (partners[rep] ?? []).filter { evidence[Self.key(rep, $0)]!.kind != StoredEvidence.noKind }
    }

    /// Stores (or replaces) the evidence of a pair.
    mutating func set(_ a: Int32, _ b: Int32, _ pair: PairEvidence) {
        let key = Self.key(a, b)
        if evidence[key] == nil {
            partners[a, default: []].append(b)
            partners[b, default: []].append(a)
        }
        evidence[key] = StoredEvidence(pair)
    }

    /// Forgets the pairs of `rep` with each of `others` (one pass over its partners, not one per pair: a
    /// representative in a large family has hundreds).
    mutating func remove(_ rep: Int32, _ others: [Int32]) {
        guard !others.isEmpty else { return }
        let gone = Set(others.filter { evidence.removeValue(forKey: Self.key(rep, $0)) != nil })
        partners[rep]?.removeAll { gone.contains($0) }
        if partners[rep]?.isEmpty == true { partners[rep] = nil }
        for other in gone { unlist(rep, from: other) }
    }

    /// Forgets every pair of a representative; what they were.
    mutating func removeAll(of rep: Int32) -> [(partner: Int32, evidence: PairEvidence)] {
        let list = partners.removeValue(forKey: rep) ?? []
        return list.map { partner in
            unlist(rep, from: partner)
            return (partner, evidence.removeValue(forKey: Self.key(rep, partner))!.evidence)
        }
    }

    private mutating func unlist(_ partner: Int32, from rep: Int32) {
        partners[rep]?.removeAll { $0 == partner }
        if partners[rep]?.isEmpty == true { partners[rep] = nil }
    }

    /// Calls `body` with every pair once, in no particular order, with its relation kind and matched paragraphs
    /// (the rest of its evidence is not built: a report reads these of millions of pairs).
    func forEachPair(_ body: (Int32, Int32, RelationKind?, [ParagraphMatch]) -> Void) {
        for (key, stored) in evidence { body(Self.first(key), Self.second(key), stored.relationKind, stored.matches) }
    }

    /// The pairs with their evidence, after the number of representatives that have partners (so that loading
    /// sizes both tables once).
    func encode(into writer: inout ByteWriter) {
        writer.write(UInt32(partners.count))
        writer.write(UInt32(evidence.count))
        for (key, stored) in evidence {
            writer.write(key)
            stored.evidence.encode(into: &writer)
        }
    }

    init() {}

    init(decoding reader: inout ByteReader) throws(ByteReader.Truncated) {
        let representatives = try reader.readCount()
        let count = try reader.readCount()
        guard representatives.count <= 2 * count.count else { throw ByteReader.Truncated() }
        evidence = ShardedDictionary(expectedCount: count.count)
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
            guard StoredEvidence.canStore(pair), evidence.updateValue(StoredEvidence(pair), forKey: key) == nil else {
                throw ByteReader.Truncated()
            }
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
