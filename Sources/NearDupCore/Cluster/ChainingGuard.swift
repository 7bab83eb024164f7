/// The chaining guard: applies verified edges strongest first and refuses a merge of two clusters that relate only
/// through the bridging edge.
///
/// Single-link clustering of near-duplicate edges chains: a bridge document that shares half its text with each of
/// two stories, or a template line carried by many notices, would join everything it touches. The guard measures
/// how much the two clusters relate beyond the edge (`meanLinkage`, or each to the other's end of the edge,
/// `endLinkage`, for versions that drifted apart) and refuses the merge when both are below
/// `Configuration.chainFloor` (read on the text alone for two versions of an article, `joinsWholeVersions`), and
/// refuses a merge through a flash without a filing time that would make two stories one (`flashBridges`).
///
/// What the guard decides inside one connected component of the edge graph depends only on that component's edges
/// and documents, in the order of its representatives by id: the one-shot engine runs it over the whole corpus, the
/// live index over each component a batch touched, with the same result.
struct ChainingGuard {
    let configuration: Configuration
    let verifier: Verifier

    /// At most this many member pairs are sampled to measure the linkage of two clusters or a cluster's cohesion.
    static let linkageSample = 64

    /// A verified pair of representatives: positions in id order, `low << 32 | high`.
    typealias Verified = (pair: UInt64, evidence: PairEvidence)

    struct Union {
        var sets: UnionFind
        /// Representative position → (neighbour position, index in the verified list) for every accepted edge.
        var treeEdges: [Int: [(Int, Int)]] = [:]
        var refused: [RefusedMerge] = []
        var guarded = Set<Int>()
    }

    /// Joins the representatives along the edges (the verified pairs with a kind), strongest first, ties broken by
    /// the pair in id order; `reps` maps positions to document indices of `fingerprints`.
    func union(_ verified: [Verified], reps: [Int], fingerprints: [DocumentFingerprint]) -> Union {
        var edgeIndices = verified.indices.filter { verified[$0].evidence.kind != nil }
        edgeIndices.sort {
            (verified[$0].evidence.score, verified[$1].pair) > (verified[$1].evidence.score, verified[$0].pair)
        }
        // Edges between two stories, for the flash-bridge rule, built when a merge first needs them (most corpora
        // have no flash edge without filing times); flash edges are never asked about.
        var storyNeighbours: [Int: [Int]]?
        func neighbours() -> [Int: [Int]] {
            if let storyNeighbours { return storyNeighbours }
            var built: [Int: [Int]] = [:]
            for index in edgeIndices {
                let (a, b) = (Int(verified[index].pair >> 32), Int(verified[index].pair & 0xFFFF_FFFF))
                guard !Verifier.isFlash(fingerprints[reps[a]]), !Verifier.isFlash(fingerprints[reps[b]]) else {
                    continue
                }
                built[a, default: []].append(b)
                built[b, default: []].append(a)
            }
            storyNeighbours = built
            return built
        }
        var union = Union(sets: UnionFind(count: reps.count))
        for index in edgeIndices {
            let a = Int(verified[index].pair >> 32)
            let b = Int(verified[index].pair & 0xFFFF_FFFF)
            let rootA = union.sets.find(a)
            let rootB = union.sets.find(b)
            if rootA == rootB { continue }
            let membersA = union.sets.members[rootA]
            let membersB = union.sets.members[rootB]
            if membersA.count + membersB.count > 2 {
                // A refusal records the linkage the merge was judged by (the larger of the two when the ends' was
                // read); one at or above the floor was refused by the flash-bridge rule.
                let evidence = verified[index].evidence
                let (first, second) = (fingerprints[reps[a]], fingerprints[reps[b]])
                let floor = configuration.chainFloor
                var linkage = meanLinkage(membersA, membersB, edge: a, b, reps, fingerprints)
                // Whole versions are read on their texts first: cheaper than the ends' linkage, and when they pass,
                // no flash is at either end for the flash-bridge rule to refuse.
                var wholeVersions = false
                if linkage < floor {
                    wholeVersions =
                        joinsWholeVersions(evidence, first, second)
                        && meanLinkage(membersA, membersB, edge: a, b, reps, fingerprints, textOnly: true) >= floor
                    if !wholeVersions, membersA.count > 1, membersB.count > 1,
                        joinsAnArticle(evidence, first, second)
                    {
                        linkage = max(linkage, endLinkage(membersA, membersB, edge: a, b, reps, fingerprints))
                    }
                }
                if (linkage < floor && !wholeVersions)
                    || (untimedFlashEdge(first, second)
                        && flashBridges(membersA, membersB, reps, fingerprints, storyNeighbours: neighbours()))
                {
                    union.refused.append(
                        RefusedMerge(first: reps[a], second: reps[b], evidence: evidence, meanLinkage: linkage))
                    union.guarded.insert(a)
                    union.guarded.insert(b)
                    continue
                }
            }
            union.sets.union(roots: rootA, rootB)
            union.treeEdges[a, default: []].append((b, index))
            union.treeEdges[b, default: []].append((a, index))
        }
        return union
    }

    /// Whether an edge joins two versions of a whole article (`near`, between texts of more than a short notice's
    /// words that are not reports), for which the linkage floor is read on the text alone. A near copy of an
    /// article is all of its story, and the members beside it may still be called unrelated by their figures: a
    /// stub that one version of a page keeps and the next rewrites ("geographic coordinates: 33 00 n, 44 00 e"),
    /// whose text the later versions still carry. A page that is a near copy of one story with another story
    /// appended stays a bridge: the two stories' texts do not relate. Notices, reports and flashes are templates
    /// filled in again: a table re-sent under a new headline is a near copy of the same table at every session, and
    /// two flashes of one headline form are near copies of each other.
    func joinsWholeVersions(_ evidence: PairEvidence, _ first: DocumentFingerprint, _ second: DocumentFingerprint)
        -> Bool
    {
        evidence.kind == .near && !Verifier.isShortNotice(first, second) && joinsAnArticle(evidence, first, second)
    }

    /// Whether an edge has an article at one end at least, and is not between reports: the ends' linkage
    /// (`endLinkage`) is read for it. Between two short notices each end is mostly its template, and another
    /// issuer's longer copies of the template relate to it ("ASHLAND OIL SEES 2ND QTR OPER LOSS" beside "CALUMET
    /// INDUSTRIES SEES 2ND QTR LOSS", in a generated corpus).
    func joinsAnArticle(_ evidence: PairEvidence, _ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Bool {
        max(first.tokenCount, second.tokenCount) > Verifier.shortNoticeTokens
            && !Verifier.isReport(first, second, comparedFacts: evidence.comparedFacts)
    }

    /// Whether a flash edge (`untimedFlashEdge`) between clusters `x` and `y` matches a story in one while the other
    /// holds another story that no edge links to any story of the other: the flash's words are in the headline or lead
    /// of two stories — an announcement and its follow-up ("TAFT CHAIRMAN'S GROUP RAISES BID" beside the bid and
    /// the board's answer to it), two reports on one subject — and a flash announces one story. Two stories that are
    /// versions of each other are joined by an edge of their own, so the flash stays with them.
    ///
    /// Only for an edge that lacks a filing time at either end (or with the filing-time rules off): a flash and a
    /// story both filed with a time are linked only when filed near each other (`Verifier.filedApart`), and the
    /// stories of one news cycle that a flash matches are versions of its story — separately written wire versions
    /// of one event, which readers call one story with it. Said of a flash–flash edge too: its stories are the ones
    /// each flash's cluster holds.
    func flashBridges(
        _ x: [Int32], _ y: [Int32], _ reps: [Int], _ fingerprints: [DocumentFingerprint], storyNeighbours: [Int: [Int]]
    ) -> Bool {
        func stories(_ members: [Int32]) -> [Int] {
            members.map(Int.init).filter { !Verifier.isFlash(fingerprints[reps[$0]]) }
        }
        var (near, far) = (stories(x), stories(y))
        guard !near.isEmpty, !far.isEmpty else { return false }
        if near.count > far.count { swap(&near, &far) }
        let other = Set(far)
        return !near.contains { story in storyNeighbours[story]?.contains(where: other.contains) ?? false }
    }

    /// Whether an edge is one the flash-bridge rule looks at: a flash at one end, and a filing time missing at either
    /// end (or the filing-time rules off).
    func untimedFlashEdge(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Bool {
        (Verifier.isFlash(first) || Verifier.isFlash(second))
            && !(configuration.filingGap > 0 && first.filedAt != nil && second.filedAt != nil)
    }

    /// How strongly two clusters relate beyond the edge `a`–`b` that would join them: the mean relatedness over
    /// (a deterministic sample of) pairs from `X∖{a}` × `Y∖{b}`. When one side is only its endpoint, the other
    /// side's remaining members are compared with that endpoint. A bridge document that shares half its text with
    /// each of two stories relates to both, but the stories' other members do not relate to each other, so the
    /// bridge alone cannot chain them together.
    ///
    /// With `textOnly`, the pairs' text alone (`textRelatedness`), without the facts and subject rules that make two
    /// overlapping texts unrelated. With `issuersApart`, a notice beside another issuer's text, however long the
    /// other, does not relate either: all they share is the template.
    func meanLinkage(
        _ x: [Int32], _ y: [Int32], edge a: Int, _ b: Int, _ reps: [Int], _ fingerprints: [DocumentFingerprint],
        textOnly: Bool = false, issuersApart: Bool = false
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
            let first = fingerprints[reps[Int(left[pair / right.count])]]
            let second = fingerprints[reps[Int(right[pair % right.count])]]
            sum += textOnly ? textRelatedness(first, second) : relatedness(first, second, issuersApart: issuersApart)
            samples += 1
            pair += step
        }
        return sum / Double(samples)
    }

    /// How strongly each cluster relates to the other's end of the edge `a`–`b`: the smaller of the mean
    /// relatedness of `X∖{a}` to `b` and of `Y∖{b}` to `a`, a notice beside another issuer's text counted as unrelated
    /// (`issuersApart`; two notices of two issuers never relate in `relatedness`). The versions of a page drift as it
    /// is edited, so the oldest versions on one side share little with the newest on the other (`meanLinkage` up to
    /// 0.15 across Wikipedia's page histories), while each side still relates to the version at the other end of the
    /// edge. A bridge does not: the story beyond it relates neither to the bridge's other neighbour nor to that
    /// neighbour's copies. Read for two clusters of two members or more: with one, it is at most `meanLinkage`.
    func endLinkage(
        _ x: [Int32], _ y: [Int32], edge a: Int, _ b: Int, _ reps: [Int], _ fingerprints: [DocumentFingerprint]
    ) -> Double {
        min(
            meanLinkage(x, [Int32(b)], edge: a, b, reps, fingerprints, issuersApart: true),
            meanLinkage([Int32(a)], y, edge: a, b, reps, fingerprints, issuersApart: true))
    }

    /// A cluster of three or more whose members relate less than this on average is flagged `loose`: its members
    /// hang together by a chain of links rather than by shared text, the shape of a template chain.
    static let looseCohesion = 0.2

    /// Mean relatedness over (a deterministic sample of) the pairs of a cluster's members.
    func cohesion(_ members: [Int32], _ reps: [Int], _ fingerprints: [DocumentFingerprint]) -> Double {
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
            sum += relatedness(fingerprints[reps[Int(members[i])]], fingerprints[reps[Int(members[j])]])
            samples += 1
            pair += step
        }
        return sum / Double(samples)
    }

    /// How much two documents relate, for the guard's averages: `textRelatedness`, except that two documents whose
    /// texts overlap but whose figures and dates or subjects make them two stories
    /// (`Verifier.otherStory`) do not relate: otherwise a flash or a brief that matches both fillings of a template
    /// would chain them. Other documents that overlap less are left as they are, since their figures may simply lie
    /// in the text they do not share; but two short notices about two issuers (`Verifier.otherIssuers`) never
    /// relate, however little of their text overlaps. With `issuersApart`, neither does a short notice beside
    /// another issuer's longer text.
    func relatedness(_ first: DocumentFingerprint, _ second: DocumentFingerprint, issuersApart: Bool = false)
        -> Double
    {
        // Two short notices about two issuers are two stories however little of their text overlaps: a roundup
        // ("MORE U.S. BANKS JOIN IN PRIME RATE CUT") quotes both and must not chain them.
        let longer = max(first.tokenCount, second.tokenCount)
        let notices = issuersApart ? Verifier.isShortNotice(first, second) : longer <= Verifier.shortNoticeTokens
        if notices && verifier.otherIssuers(first, second) {
            return 0
        }
        let related = textRelatedness(first, second)
        if related >= Verifier.overlappingContainment
            && (first.contentHash != second.contentHash || verifier.filedApart(first, second))
            && verifier.otherStory(overlapping: first, second)
        {
            return 0
        }
        return related
    }

    /// A cheap similarity from the document signatures alone, with site furniture discounted.
    ///
    /// Unlike an edge decision, the guard averages many of these, so the shorter document's containment is used
    /// even for very unequal sizes (a wire brief beside the full story), as long as a full containment would show
    /// in at least four MinHash slots; below that the estimate is mostly noise and only Jaccard counts.
    func textRelatedness(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Double {
        if first.contentHash == second.contentHash { return 1 }
        switch configuration.method {
        case .minhash:
            let similarity = verifier.documentSimilarity(first, second)
            let small = Double(min(first.shingleCount, second.shingleCount))
            let large = Double(max(first.shingleCount, second.shingleCount))
            let visible = large > 0 && small / large * Double(configuration.slots) >= 4
            let shorter = first.shingleCount <= second.shingleCount ? similarity.forward : similarity.reverse
            return max(similarity.jaccard, visible ? shorter : 0)
        case .simhash:
            return verifier.similarity(simhashDistance: SimHash.distance(first.simHash, second.simHash))
        }
    }
}
