/// Decides whether a candidate pair is a duplicate, from signatures only (the text is gone by now).
public struct Verifier: Sendable {
    public let configuration: Configuration
    /// Content hashes of paragraphs shared by too many documents to count as evidence.
    public let furniture: HashSet64
    /// The members of `furniture` that are fillings of a template: not evidence of copying, but their figures and
    /// dates are the facts that tell one filling from another.
    public let templates: HashSet64

    public init(configuration: Configuration, furniture: HashSet64 = HashSet64(), templates: HashSet64 = HashSet64()) {
        self.configuration = configuration
        self.furniture = furniture
        self.templates = templates
    }

    /// Doc-level containment is only trusted when the shorter document has at least this share of the longer one's
    /// shingles: below it, the few MinHash slots the two can share make the estimate too noisy.
    static let reliableSizeRatio = 0.125

    /// Coverage of the shorter document at which a single matched paragraph is support enough: a brief whose lead
    /// is one of two paragraphs is half quote, not yet a reprint.
    static let dominantCoverage = 0.6

    /// Share of one document's furniture, not found as a segment of the other, assumed to be hidden in it anyway
    /// (inside a block that lost its line breaks) and so taken out of the intersection.
    static let hiddenFurnitureShare = 1.0

    /// The full evidence for a pair; `first` and `second` keep their roles in the result.
    public func evidence(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> PairEvidence {
        evidence(first, second, factSets: nil)
    }

    /// What, of figures, issuers, editions and filing times, makes two texts two stories although their words
    /// overlap.
    public enum Separation: String, Sendable {
        /// Their figures and dates disagree (`otherStory`).
        case figures = "their figures and dates disagree"
        /// Two short notices about two issuers: headline subjects, names or exchange symbols (`otherIssuers`).
        case issuers = "two issuers (headline subjects, names or exchange symbols)"
        /// One report headline filled in for two sessions or days (`otherEditions`).
        case editions = "two editions of one report (the headline's session or day)"
        /// One recurring notice, report or wire story for two periods: the dates or figures of their leads
        /// (`otherPeriods`).
        case periods = "two periods of one report (the dates or figures of their leads)"
        /// One compares a new figure with a figure the other reported as changed: the next edition
        /// (`nextEdition`).
        case comparisons = "one compares its figures with the other's (the next edition of a report)"
        /// Filed more than `Configuration.filingGap` apart, as a notice or report, or with figures changed.
        case filingTimes = "filed too far apart for a copy"
    }

    /// The evidence, and the rule that kept the pair apart when one did (for `neardup compare`).
    public func explain(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> (
        evidence: PairEvidence, separation: Separation?
    ) {
        decide(first, second, factSets: nil)
    }

    /// The evidence, with the documents' `factSet`s when the caller keeps them (one clustering verifies each
    /// document against many others).
    func evidence(_ first: DocumentFingerprint, _ second: DocumentFingerprint, factSets: ([UInt32], [UInt32])?)
        -> PairEvidence
    {
        decide(first, second, factSets: factSets).evidence
    }

    func decide(_ first: DocumentFingerprint, _ second: DocumentFingerprint, factSets: ([UInt32], [UInt32])?)
        -> (evidence: PairEvidence, separation: Separation?)
    {
        if first.contentHash == second.contentHash && first.tokenCount == second.tokenCount {
            var exact = PairEvidence.identical
            exact.matches = first.paragraphs.filter { !furniture.contains($0.contentHash) }.map {
                ParagraphMatch(first: $0.ordinal, second: $0.ordinal, similarity: 1)
            }
            // The same notice filed again days later is the next one: "BUNDESBANK LEAVES CREDIT POLICIES
            // UNCHANGED" after each council meeting, "FED SETS TWO BILLION DLRS OF CUSTOMER REPURCHASE AGREEMENTS".
            if filedApart(first, second) && isNoticeOrReport(first, second) {
                exact.kind = nil
                return (exact, .filingTimes)
            }
            return (exact, nil)
        }
        var evidence = PairEvidence(
            jaccard: nil, containment: nil, containmentReverse: nil, coverage: 0, coverageReverse: 0,
            simhashDistance: nil, factAgreement: nil, comparedFacts: nil, leadContainment: nil, matches: [], kind: nil,
            score: 0)
        let documentRelated: Bool
        var mutual = false
        var shorterContainment = 0.0
        switch configuration.method {
        case .minhash:
            let similarity = documentSimilarity(first, second)
            evidence.jaccard = similarity.jaccard
            evidence.containment = similarity.forward
            evidence.containmentReverse = similarity.reverse
            documentRelated = similarity.jaccard >= configuration.threshold
            shorterContainment = similarity.shorterContainment ?? 0
            // Each text at least half the other's: a rewrite that moved its paragraph breaks (two paragraphs
            // joined, one split), whose paragraphs no longer match one for one. A quote is part of one text only.
            mutual =
                min(similarity.forward, similarity.reverse)
                >= max(Self.overlappingContainment, configuration.containment)
        case .simhash:
            let distance = SimHash.distance(first.simHash, second.simHash)
            evidence.simhashDistance = distance
            documentRelated = distance <= configuration.simhashDistance
        }

        let paragraphs = matchParagraphs(first, second)
        evidence.matches = paragraphs.matches
        evidence.coverage = paragraphs.coverage.0
        evidence.coverageReverse = paragraphs.coverage.1
        let firstIsShorter = first.shingleCount <= second.shingleCount
        let shorterCoverage = firstIsShorter ? paragraphs.coverage.0 : paragraphs.coverage.1
        let shorterMatched = firstIsShorter ? paragraphs.matched.0 : paragraphs.matched.1
        let shorterEligible = firstIsShorter ? paragraphs.eligible.0 : paragraphs.eligible.1
        let shared = max(shorterContainment, shorterCoverage)
        // Paragraph support stops a hard negative — two different articles carrying the same quoted paragraph —
        // from passing on the strength of that one paragraph. When most of the shorter document is contained
        // (`Configuration.strongContainment`), one shared paragraph cannot explain it, and edited single-paragraph
        // revisions (abstracts, briefs) whose only paragraph no longer matches as a whole still count.
        // Without paragraph support, the containment must come from text outside the matched paragraphs: a
        // brief that is one third quote is not a reprint of the quoted article.
        // Paragraph support: two covered paragraphs, or the only one, or one that is most of the shorter text.
        let paragraphSupport =
            shorterEligible > 0
            && (shorterMatched >= min(2, shorterEligible) || shorterCoverage >= Self.dominantCoverage)
        let unexplained = shorterContainment - shorterCoverage
        // A headline-only flash belongs with the story whose headline or lead it is, not with another story that
        // carries the same phrase further down or shares most of a headline form ("X RAISES PRIME RATE TO ...").
        let lead = leadContainment(first, second)
        evidence.leadContainment = lead
        let announces = lead.map { $0 >= flashContainment(first, second) } ?? false
        // Two texts of headline length that are not near-duplicates share a headline form, not a story, unless one is
        // a flash beside the other (the flash and the earnings table it announces; two flashes have no lead
        // containment): two flashes of one form, or two small tables under one title ("LME COPPER AFT 2ND RING 1617 -
        // APR 7" above the standard grade's rows and above the high grade's), whose one shared line is most of each.
        // A table re-sent is still told by its subject and figures (`resent`, below).
        let headlineLength = max(first.tokenCount, second.tokenCount) <= Int(Self.maximumFlashTokens)
        let reprint: Bool
        if lead != nil {
            reprint = announces
        } else if headlineLength {
            reprint = false
        } else {
            reprint =
                mutual || (shared >= configuration.containment && paragraphSupport)
                || (shorterContainment >= configuration.strongContainment
                    && unexplained >= configuration.strongContainment / 2)
        }
        let sets = factSets ?? (factSet(first), factSet(second))
        let facts = factAgreement(sets)
        evidence.factAgreement = facts.map { Double($0.shared) / Double($0.fewer) }
        evidence.comparedFacts = facts?.fewer
        let short = lead != nil || Self.isShortNotice(first, second)
        let report = Self.isReport(first, second, facts: facts)
        let judged = report ? reportFacts(first, second, facts: facts) : facts
        let overlapping = documentRelated || shorterContainment >= Self.overlappingContainment
        // What the leads and comparisons rules read, as the facts rules do: `short` is the shorter text's length, or
        // a flash beside a story.
        let series = short || report || Self.isWireStory(first, second)
        // A longer text that is no report, whose whole text agrees with the other's (`near`), is a version with its
        // figures updated (an abstract revised to report a larger corpus): a filling of a template that long
        // differs in words, not in figures alone. Notices and reports are templates filled in again.
        let separation: Separation? =
            if Self.otherStory(judged, short: short, report: report, overlapping: overlapping)
                && (short || report || !documentRelated)
            {
                .figures
            } else if short && otherIssuers(first, second, factSets: sets) {
                .issuers
            } else if Self.isTable(first, second, comparedFacts: facts?.fewer)
                && otherEditions(first, second, report: report)
            {
                .editions
            } else if series && otherPeriods(first, second) {
                .periods
            } else if series && Self.nextEdition(first, second) {
                .comparisons
            } else if filedApart(first, second) && (short || report || Self.changedFacts(facts)) {
                .filingTimes
            } else {
                nil
            }
        if separation != nil {
            evidence.kind = nil
        } else if documentRelated {
            evidence.kind = .near
        } else if reprint || ((short || report) && resent(first, second, facts: judged)) {
            evidence.kind = .reprint
        }
        evidence.score = max(
            evidence.jaccard ?? similarity(simhashDistance: evidence.simhashDistance), shared, announces ? lead! : 0)
        return (evidence, separation)
    }

    /// Documents of at most this many words are short notices for the facts rule (Reuters' median story is 88
    /// words; an abstract, which revisions may edit a figure of, is longer).
    static let shortNoticeTokens = 100

    /// Longer documents with fewer figures and dates than this are not judged by them.
    static let minimumFacts = 2
    /// This many agreeing figures and dates are no coincidence of two fillings of a template: a long revision that
    /// updated many of its figures is still a version of the story. Not in a report (`isReport`): a table sent at
    /// two sessions keeps many rows and changes the rest.
    static let agreeingFactsEnough = 5
    /// From this many facts on, the share that agree is measured well enough to ask for `manyFactsAgreement`.
    static let manyFacts = 5
    /// Documents of at most this many words, with a figure or date for every `reportWordsPerFact` words, are reports
    /// for the facts rule: a table, a market report, a notice, whose figures are their content (the same table at
    /// another session changes a fifth or more of them). A longer article, or prose with fewer figures (an abstract,
    /// a news paragraph), may update many of them and stay a version of itself: revision histories do.
    static let reportTokens = 250
    /// Reuters' tables and market reports carry a fact every 3–15 words; revised abstracts and news paragraphs
    /// one every 20–40.
    static let reportWordsPerFact = 16
    /// Share of the facts that versions of one story keep when they have many: rewrites, corrections and updates of
    /// Reuters stories keep 85 % or more of the figures they share text on (judged pairs), while the same table or
    /// recurring report at another time — rates, prices, weekly shipments, monthly tenders — keeps 30–80 %.
    static let manyFactsAgreement = 0.8

    static func isReport(_ first: DocumentFingerprint, _ second: DocumentFingerprint, facts: (fewer: Int, shared: Int)?)
        -> Bool
    {
        isReport(first, second, comparedFacts: facts?.fewer)
    }

    /// `isReport` on the count of facts of the side with fewer (`PairEvidence.comparedFacts`).
    static func isReport(_ first: DocumentFingerprint, _ second: DocumentFingerprint, comparedFacts: Int?) -> Bool {
        isDense(first, second, comparedFacts: comparedFacts, longest: reportTokens)
    }

    /// Whether both are tables for the editions rule (`otherEditions`): as dense in figures as a report, and at most
    /// `tableTokens` words. A price table at two sessions changes its headline's time or session word and keeps
    /// the rows whose prices did not move ("LONDON OILS 1330 - APR 7" and "LONDON OILS CLOSING - APR 7", 281 and
    /// 302 words). The facts rule and the chaining guard keep the report's length: read at this one, a strike
    /// story of 300 words dense in its vote count became a report, lost the guard's exemption for whole versions
    /// and chained a follow-up (Reuters).
    static func isTable(_ first: DocumentFingerprint, _ second: DocumentFingerprint, comparedFacts: Int?) -> Bool {
        isDense(first, second, comparedFacts: comparedFacts, longest: tableTokens)
    }

    /// Longest text the editions rule reads as a table.
    static let tableTokens = 2 * reportTokens

    private static func isDense(
        _ first: DocumentFingerprint, _ second: DocumentFingerprint, comparedFacts: Int?, longest: Int
    ) -> Bool {
        guard let fewer = comparedFacts else { return false }
        let words = min(first.tokenCount, second.tokenCount)
        return max(first.tokenCount, second.tokenCount) <= longest && fewer * reportWordsPerFact >= words
    }

    static func isShortNotice(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Bool {
        min(first.tokenCount, second.tokenCount) <= shortNoticeTokens
    }

    /// Shorter-document containment from which two texts overlap enough for all their figures to be compared: below
    /// it, facts missing from the other may just lie in the text the other does not have (two cut-down versions
    /// of one story keep different paragraphs, and different figures).
    static let overlappingContainment = 0.5

    /// The same words with other figures and dates: one template filled in for another company, or one recurring
    /// report on another day. Versions of one story keep their facts where they overlap. In a flash or a short
    /// notice the figures are the news: half of them differing makes another story; a longer text may update some
    /// of its figures; a report (`reportTokens`) whose text overlaps the other's may not change a fifth of many.
    static func otherStory(_ facts: (fewer: Int, shared: Int)?, short: Bool, report: Bool, overlapping: Bool)
        -> Bool
    {
        guard let (fewer, shared) = facts else { return false }
        if report && overlapping && fewer >= manyFacts && Double(shared) < manyFactsAgreement * Double(fewer) {
            return true
        }
        guard shared < agreeingFactsEnough || report else { return false }
        return short ? shared * 2 <= fewer : (fewer >= minimumFacts && shared * 2 < fewer)
    }

    /// Whether two short notices or reports whose texts overlap (`overlappingContainment`) are two stories by their
    /// figures and dates, their subjects, their headlines' sessions, their leads (`otherPeriods`), the figures they
    /// compare (`nextEdition`) or their filing times, for the chaining guard. Longer texts are left to the edge
    /// decision, but for figures changed between filings, the leads and comparisons of two wire stories
    /// (`isWireStory`) and the sessions of two tables (`isTable`): a revision history's versions disagree on figures
    /// with each other and still form one cluster.
    func otherStory(overlapping first: DocumentFingerprint, _ second: DocumentFingerprint) -> Bool {
        let sets = (factSet(first), factSet(second))
        let facts = factAgreement(sets)
        let short = max(first.tokenCount, second.tokenCount) <= Self.shortNoticeTokens
        let report = Self.isReport(first, second, facts: facts)
        let apart = filedApart(first, second)
        guard short || report else {
            return (apart && Self.changedFacts(facts))
                || (Self.isWireStory(first, second) && (otherPeriods(first, second) || Self.nextEdition(first, second)))
                || (Self.isTable(first, second, comparedFacts: facts?.fewer)
                    && otherEditions(first, second, report: false))
        }
        let judged = report ? reportFacts(first, second, facts: facts) : facts
        return Self.otherStory(judged, short: short, report: report, overlapping: true)
            || (short && otherIssuers(first, second, factSets: sets))
            || (report && otherEditions(first, second, report: true))
            || otherPeriods(first, second) || Self.nextEdition(first, second)
            || apart
    }

    /// Whether one is the next edition of the other by the figures they compare (`FigureComparisons`): one
    /// reported a figure as changed ("forecast the crop at 17.30 mln tonnes, vs 17.50 mln tonnes last month"), and
    /// the other compares a new figure with it ("at 16.70 mln tonnes, vs 17.30 mln tonnes last month"). A monthly
    /// estimate, a weekly stock figure or a year's results are compared with the last edition's. A copy, a
    /// correction or a shortened version carries the comparisons it keeps, and a corrected figure is compared with
    /// what the first compared it with. A comparison of a figure with itself ("10 cts vs 10 cts prior") reports no
    /// change, and the other may repeat it in a correction whose figure then moved ("12 cts vs 10 cts").
    static func nextEdition(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Bool {
        guard !first.comparisons.isEmpty, !second.comparisons.isEmpty else { return false }
        return follows(first.comparisons, second.comparisons) || follows(second.comparisons, first.comparisons)
    }

    /// Whether `later` compares a new figure with one `earlier` reported as changed. The comparison of `later` must
    /// be its own (a table repeats a figure: "Total 10 vs 8" and "Land 12 vs 10", of which a shortened copy keeps
    /// the second), and no comparison turned round ("29.3 vs 46.5" corrected to "46.5 vs 29.3").
    private static func follows(_ earlier: [UInt64], _ later: [UInt64]) -> Bool {
        for old in earlier {
            let reported = FigureComparisons.current(old)
            guard reported != FigureComparisons.compared(old), !later.contains(old) else { continue }
            for new in later
            where FigureComparisons.compared(new) == reported && FigureComparisons.current(new) != reported
                && FigureComparisons.current(new) != FigureComparisons.compared(old) && !earlier.contains(new)
            {
                return true
            }
        }
        return false
    }

    /// Whether a fifth or more of the facts (`manyFactsAgreement`) of the one with fewer differ. Said of two longer
    /// texts filed apart (`filedApart`): a copy re-sent or reprinted days later keeps its figures, while the same
    /// words filed days later with other figures are the next edition of a recurring report, or a follow-up.
    static func changedFacts(_ facts: (fewer: Int, shared: Int)?) -> Bool {
        guard let (fewer, shared) = facts, fewer >= minimumFacts else { return false }
        return Double(shared) < manyFactsAgreement * Double(fewer)
    }

    /// Whether the filing-gap rule applies to two documents on their kind: a flash or a short notice, or a report.
    func isNoticeOrReport(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Bool {
        Self.isShortNotice(first, second)
            || Self.isReport(first, second, facts: factAgreement((factSet(first), factSet(second))))
    }

    /// The filing period of a document (`filingGap` wide) for grouping identical texts: copies of a text of at
    /// most `reportTokens` words filed in different periods are separate documents, which verification links only
    /// when `filedApart` allows; a text's copies in one period are within the gap of each other. Nil for a text
    /// without a filing time, a longer one, or with the rule off. A function of the fingerprint alone, so that the
    /// one-shot engine and the live index group alike.
    static func filingPeriod(_ document: DocumentFingerprint, _ configuration: Configuration) -> Int64? {
        guard configuration.filingGap > 0, let time = document.filedAt, document.tokenCount <= reportTokens else {
            return nil
        }
        return Int64((Double(time) / configuration.filingGap).rounded(.down))
    }

    /// Whether both documents have a filing time and they lie more than `Configuration.filingGap` apart.
    func filedApart(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Bool {
        guard configuration.filingGap > 0, let a = first.filedAt, let b = second.filedAt else { return false }
        return abs(Double(a) - Double(b)) > configuration.filingGap
    }

    /// Two short notices, or a flash and a story, about two subjects: each headline's `SubjectWord` is missing from
    /// the other's headline and lead.
    func otherSubjects(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Bool {
        let a = subject(first)
        let b = subject(second)
        guard a != 0, b != 0, a != b else { return false }
        return !SortedSet32.contains(second.leadWords, a) && !SortedSet32.contains(first.leadWords, b)
    }

    /// A short notice, or a flash, and another text about two issuers, by their symbols, their headline names or
    /// their subjects; symbols and names give way to `correctedIssuer`. `factSets`, when the caller has them, saves
    /// computing them again.
    func otherIssuers(
        _ first: DocumentFingerprint, _ second: DocumentFingerprint, factSets: ([UInt32], [UInt32])? = nil
    ) -> Bool {
        if otherSymbols(first, second) || otherNames(first, second) {
            return !correctedIssuer(first, second, factSets: factSets ?? (factSet(first), factSet(second)))
        }
        return otherSubjects(first, second)
    }

    /// One issuer's notice re-sent with its symbol or name corrected ("WESTAMERICA BANCORP <WAB> 1ST QTR NET", an hour
    /// later "WESTAMERICA BANCORPORATION <WSAM> 1ST QTR NET", a line added): the same headline subject, `resentFacts`
    /// or more distinct figures and dates in the one with fewer, every one of them in the other, and those
    /// `manyFactsAgreement` of the other's too (a story or round-up with many more figures is no copy of a table).
    /// Two issuers' fillings of one template agree on a rate, a payout and its dates; a table's every line agreeing
    /// is one table.
    func correctedIssuer(_ first: DocumentFingerprint, _ second: DocumentFingerprint, factSets: ([UInt32], [UInt32]))
        -> Bool
    {
        let subject = self.subject(first)
        guard subject != 0, subject == self.subject(second), let facts = factAgreement(factSets) else { return false }
        let more = max(factSets.0.count, factSets.1.count)
        return facts.fewer >= Self.resentFacts && facts.shared == facts.fewer
            && Double(facts.shared) >= Self.manyFactsAgreement * Double(more)
    }

    /// Two headlines with two exchange symbols (`TickerSymbol`), neither of which the other's headline nor lead
    /// mentions: "HALCYON PUBLISHING INC <HPB> SETS PAYOUT" and "HALCYON MILLS INC <HML> SETS PAYOUT" share their
    /// subject word, and "ACME <ACM> TO BUY ZETA <ZET>" beside "ZETA <ZET> AGREES TO ACME <ACM> BID" is one story.
    func otherSymbols(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Bool {
        first.ticker != 0 && second.ticker != 0 && first.ticker != second.ticker
            && !SortedSet32.contains(second.leadWords, first.ticker)
            && !SortedSet32.contains(first.leadWords, second.ticker)
    }

    /// Two short notices on one template for two issuers of one family ("FRANKLIN INSURED TAX-FREE SETS PAYOUT",
    /// "FRANKLIN PUERTO RICO TAX-FREE SETS PAYOUT"): each one's headline has a name (`DocumentFingerprint.names`)
    /// that the other's headline and lead lack. Both must: a copy re-sent with the full name in its headline names
    /// more, not something else. Only headline names count: a body's names are reworded and misspelt between
    /// versions ("Braodacasting", "Broadacasting"; "Center", "Centre").
    func otherNames(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Bool {
        func namesOwn(_ document: DocumentFingerprint, against other: DocumentFingerprint) -> Bool {
            document.names.contains { !SortedSet32.contains(other.leadWords, $0) }
        }
        return namesOwn(first, against: second) && namesOwn(second, against: first)
    }

    /// Facts that a re-sent table or notice must have at least (of which `manyFactsAgreement` agree).
    static let resentFacts = 6
    /// The facts asked when both headlines give the issuer's one symbol (`TickerSymbol`): a dividend notice re-sent
    /// with "SETS PAYOUT" becoming "SETS DIVIDEND" has three ("eight cts", "June 1", "May 15").
    static let resentFactsUnderOneSymbol = 3
    /// Jaccard estimate, template lines included, that a re-sent table or notice must reach with its copy.
    static let resentJaccard = 0.3

    /// A short notice or table sent again: the same subject, every figure of the headline with fewer (if any) in
    /// the other's headline, a MinHash Jaccard estimate of `resentJaccard` with template lines counted (so never
    /// with SimHash signatures), and at least `resentFacts` figures and dates of which `manyFactsAgreement` agree;
    /// under one exchange symbol, `resentFactsUnderOneSymbol` such facts and no Jaccard estimate.
    /// An earnings table is template lines (furniture), so its copies share no evidence text; its figures are what
    /// is its own. The same company's table re-sent with a reworded note, a rounded figure or a corrected line is
    /// one report (Reuters, dated: 15 new links, all judged SAME blind); another company on the template has another
    /// subject, another quarter or session other figures.
    func resent(_ first: DocumentFingerprint, _ second: DocumentFingerprint, facts: (fewer: Int, shared: Int)?)
        -> Bool
    {
        let oneSymbol = first.ticker != 0 && first.ticker == second.ticker
        guard let facts, facts.fewer >= (oneSymbol ? Self.resentFactsUnderOneSymbol : Self.resentFacts),
            Double(facts.shared) >= Self.manyFactsAgreement * Double(facts.fewer),
            first.segments.count >= 2, second.segments.count >= 2,
            let a = headlineIndex(first), let b = headlineIndex(second),
            first.segments[a].subject != 0, first.segments[a].subject == second.segments[b].subject,
            oneSymbol || Self.jaccard(first.minHash, second.minHash) >= Self.resentJaccard
        else { return false }
        let x = first.facts(ofSegment: a)
        let y = second.facts(ofSegment: b)
        let (fewer, more) = x.count <= y.count ? (x, y) : (y, x)
        return fewer.allSatisfy(more.contains)
    }

    /// Two editions of a recurring report: one headline filled in twice (the same words with figures and dates
    /// masked), with no figure or date in common. A report's headline names its session or day ("MIDWEST GRAIN
    /// FUTURES 12:10 EDT" and "... 12:20 EDT"), while its rows may agree figure for figure when prices did not
    /// move. A session named by a word before the date masks like a time ("1330 - APR 7", "CLOSING - APR 7",
    /// `TemplateFacts`); a time written with a colon ("12:30") is a run of two figures, one fact but two
    /// placeholders, so a headline segment with it does not fill the template of one with "1030". Said of reports
    /// (`report`: `isReport`), and of longer tables (`isTable`) whose headlines are titles (`isTitle`): a longer
    /// story's headline may carry an update's number ("UPDATE 2-...") or a changed toll, and a list article's first
    /// sentence counts its items anew ("Four ships of the Royal Australian Navy have been named ..." and "Five ships
    /// ...", Wikipedia). A longer table's first line is not kept (`DocumentFingerprint.firstLineTemplate`): its
    /// headline must be a segment of its own.
    /// A re-sent copy keeps its headline, or words it anew ("EXIDE SELLS 10-YEAR SENIOR SUBORDINATED NOTES" and
    /// "EXIDE SENIOR SUBORDINATED NOTES YIELD 13.01 PCT"). Not said of a flash: its one segment is all of it.
    ///
    /// A table's first line is read the same way (`DocumentFingerprint.firstLineTemplate`), for when the segmenter
    /// joined it to the rows below ("CBT 12:20 EDT" above "WHEAT", "MAY7 286 3/4 UP 1/2", ...), with a run of
    /// figures one placeholder: "NY COMEX COPPER 1030" and "NY COMEX COPPER 12:00" fill one headline. Its facts are
    /// runs as written, so a copy that rewrote its headline's "12:00" as "1200" would read as another edition;
    /// none of Reuters' re-sent tables does. The line must be the document's own text at both ends (a banner or a
    /// slug line recurring everywhere is furniture), and neither document a flash.
    func otherEditions(_ first: DocumentFingerprint, _ second: DocumentFingerprint, report: Bool) -> Bool {
        if first.firstLineTemplate != 0, first.firstLineTemplate == second.firstLineTemplate,
            !Self.isFlash(first), !Self.isFlash(second),
            let a = first.segments.first, let b = second.segments.first, isOwnText(a), isOwnText(b),
            !first.firstLineFacts.contains(where: second.firstLineFacts.contains)
        {
            return true
        }
        guard first.segments.count >= 2, second.segments.count >= 2,
            let a = headlineIndex(first), let b = headlineIndex(second),
            first.segments[a].templateHash == second.segments[b].templateHash,
            report || (Self.isTitle(first, a) && Self.isTitle(second, b))
        else { return false }
        let x = first.facts(ofSegment: a)
        let y = second.facts(ofSegment: b)
        return !x.isEmpty && !y.isEmpty && !x.contains(where: y.contains)
    }

    /// Whether segment `index` is a table's title for the editions rule beyond a report's length: fewer than
    /// `periodSentenceTokens` words whose figures are all dates, a session or time before a day included ("LONDON
    /// OILS CLOSING - APR 7"). A story's headline of that length reports figures ("UPDATE 2-OIL FALLS TO 18 DLRS");
    /// a list article's first sentence counts its items ("Four ships of the Royal Australian Navy ...").
    static func isTitle(_ document: DocumentFingerprint, _ index: Int) -> Bool {
        let segment = document.segments[index]
        let facts = document.facts(ofSegment: index).count
        guard segment.tokenCount < periodSentenceTokens, facts > 0, facts <= 32 else { return false }
        return segment.dates == UInt32.max >> (32 - facts)
    }

    /// Whether both are wire stories of at most `reportTokens` words: a first segment of headline length
    /// (`maximumFlashTokens`) before the rest. The leads rule (`otherPeriods`) reads them as well as short
    /// notices and reports: a weekly report of 110 words with a figure every 16 is neither ("GRAIN SHIPMENTS TO THE
    /// USSR -- USDA"), while revision histories and longer articles, which open with a paragraph or run longer,
    /// update their leads' dates and figures.
    static func isWireStory(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Bool {
        max(first.tokenCount, second.tokenCount) <= reportTokens && opensWithHeadline(first)
            && opensWithHeadline(second)
    }

    /// Two editions of a recurring notice, report or wire story by what they report on: neither names anywhere a date
    /// of the other's lead, or each lead sentence (`leadFacts`) holds `leadSentenceFacts` or more figures the other
    /// names nowhere and at most one it names (the instrument's term, "30-day deposits"); beside a short notice, whose
    /// lead sentence is all its news, one such figure in one of the two leads is enough, whichever lead is the
    /// notice's: its news is not the other's. "Shipped in the week ended March 26" and "... April 2", "The April 6
    /// sale" and "The April 13 sale": the words of a weekly report recur, its period moves. "The Central Bank issued
    /// 2.47 billion Taiwan dlrs worth of certificates of deposit, raising CD issues so far this year to 141.93 billion"
    /// and, another day, "... 5.65 billion ... 147.58 billion": a recurring report's lead is its news, and the next
    /// edition fills it with other figures while its background paragraphs (the rates, the reason) recur. A version of
    /// a story keeps the date and the figures of what it reports, a correction changes one of several, and a story's
    /// second take, whose lead is the middle of the first, names figures the first has further down. A notice of one
    /// day's export sale ("sales of 104,000 tonnes of corn to unknown destinations for the 1986/87 marketing year")
    /// beside another day's report ("900,000 tonnes ... to the Soviet Union and 350,000 tonnes switched"), the season
    /// and its start repeated below, is another sale; a correction of the notice's one figure leaves each lead one of
    /// its own.
    func otherPeriods(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Bool {
        let a = leadFacts(first)
        let b = leadFacts(second)
        func namedByNeither(_ a: [UInt32], _ b: [UInt32]) -> Bool {
            !a.contains(where: second.facts.contains) && !b.contains(where: first.facts.contains)
        }
        if !a.dates.isEmpty && !b.dates.isEmpty && namedByNeither(a.dates, b.dates) { return true }
        // How many facts a lead sentence holds that the other names nowhere; none when it names two or more of the
        // other's, since then it reports what the other does.
        func ownFigures(_ document: DocumentFingerprint, _ sentence: Range<Int>, _ other: DocumentFingerprint) -> Int {
            var named = 0
            for fact in document.facts[sentence] where other.facts.contains(fact) { named += 1 }
            return named <= 1 ? sentence.count - named : 0
        }
        // Between longer texts one figure of its own may be an edit's: a generated version that dropped the "to" of
        // "rose 1-1/4 to 82-1/4" has one run of figures that neither text names.
        let own = ownFigures(first, a.sentence, second)
        guard own > 0 else { return false }
        let others = ownFigures(second, b.sentence, first)
        let fewest = Self.isShortNotice(first, second) ? 1 : Self.leadSentenceFacts
        return min(own, others) >= fewest && max(own, others) >= Self.leadSentenceFacts
    }

    /// Two lead sentences with fewer figures and dates of their own than this do not say which edition each is: one
    /// figure may be a rounding or a correction away from the other's. Between longer texts each lead needs this
    /// many; beside a short notice one of the two does.
    static let leadSentenceFacts = 2

    /// A line of fewer words is a dateline, a table's title or a short headline, not the sentence whose dates and
    /// figures say what a report covers: a page reprinted a day later carries its own dateline ("posted Jun 11th,
    /// 2012 at 1:23 PM", "June 12th, 2012"). A report headline's session and day are `otherEditions`' to read; a longer
    /// headline is read like the lead it opens.
    static let periodSentenceTokens: Int32 = 12

    /// What a document's lead says it reports on, from its sentences (segments of at least `periodSentenceTokens`
    /// words among the first `Fingerprinter.leadSegments` segments of its own text, furniture skipped, that start
    /// within `Fingerprinter.leadTokens` words, since a wire story's first line is often a segment of its own):
    /// - `dates`: the dates (`SegmentDigest.dates`) of those sentences;
    /// - `sentence`: every fact of the first of them, the lead sentence. The next segments are background, which
    ///   the editions of a recurring report share (rates, maturities, a record reached).
    func leadFacts(_ document: DocumentFingerprint) -> (dates: [UInt32], sentence: Range<Int>) {
        var dates: [UInt32] = []
        var sentence: Range<Int>? = nil
        var seen = 0
        var start = 0
        for (index, segment) in document.segments.enumerated() {
            guard seen < Fingerprinter.leadSegments, start < Fingerprinter.leadTokens else { break }
            start += Int(segment.tokenCount)
            guard isOwnText(segment) else { continue }
            seen += 1
            guard segment.tokenCount >= Self.periodSentenceTokens else { continue }
            let facts = document.facts(ofSegment: index)
            if sentence == nil { sentence = facts.indices }
            for (offset, fact) in facts.prefix(32).enumerated() where segment.dates & 1 << UInt32(offset) != 0 {
                dates.append(fact)
            }
        }
        return (dates, sentence ?? 0..<0)
    }

    func subject(_ document: DocumentFingerprint) -> UInt32 {
        headline(document)?.subject ?? 0
    }

    /// The document's headline: its first segment that is not site furniture (a template filling counts), when that
    /// is short enough for a headline (`maximumFlashTokens`). Prose that opens with a paragraph has none, and its
    /// first word is not a subject.
    func headline(_ document: DocumentFingerprint) -> SegmentDigest? {
        headlineIndex(document).map { document.segments[$0] }
    }

    /// The index of `headline(document)` among the document's segments.
    func headlineIndex(_ document: DocumentFingerprint) -> Int? {
        for (index, segment) in document.segments.enumerated() {
            if !isOwnText(segment) { continue }
            return segment.tokenCount <= Self.maximumFlashTokens ? index : nil
        }
        return nil
    }

    /// Whether evidence paragraph `paragraph` is the document's headline: its first segment, of headline length, in
    /// a document of more than one. A skipped paragraph bucket does not make it furniture: the 2-row bands of a short
    /// headline's sketch fall in the buckets of every headline ending "... 3RD QTR NET", and a headline made furniture
    /// hands the headline rules (subject, editions, re-sent tables) the next segment instead. Decided by the
    /// fingerprint alone (not `headlineIndex`, which skips furniture), so that a stored bucket decision stays right;
    /// a headline behind a furniture banner is not covered.
    static func isHeadline(_ document: DocumentFingerprint, paragraph: Int) -> Bool {
        document.paragraphs[paragraph].ordinal == 0 && opensWithHeadline(document)
    }

    /// Whether a document's first segment is of headline length and more follows it.
    static func opensWithHeadline(_ document: DocumentFingerprint) -> Bool {
        document.segments.count >= 2 && document.segments[0].tokenCount <= maximumFlashTokens
    }

    /// Whether a segment is the document's own text: not site furniture, or a filling of a template (whose figures
    /// and dates tell it from other fillings). Its facts are read, and it can be the headline.
    @inline(__always)
    func isOwnText(_ segment: SegmentDigest) -> Bool {
        !furniture.contains(segment.contentHash) || templates.contains(segment.contentHash)
    }

    /// Calls `body` with each segment of the document's own text (`isOwnText`) that has facts, and their range in
    /// `DocumentFingerprint.facts`.
    @inline(__always)
    func forEachOwnFacts(_ document: DocumentFingerprint, _ body: (SegmentDigest, Range<Int>) -> Void) {
        var start = 0
        for segment in document.segments {
            let end = Int(segment.factEnd)
            if end > start && isOwnText(segment) { body(segment, start..<end) }
            start = end
        }
    }

    /// The facts (`TemplateFacts`) of a document's own text (`isOwnText`), sorted and once each.
    func factSet(_ document: DocumentFingerprint) -> [UInt32] {
        guard !document.facts.isEmpty else { return [] }
        var facts: [UInt32] = []
        forEachOwnFacts(document) { _, range in facts.append(contentsOf: document.facts[range]) }
        SortedSet32.normalise(&facts)
        return facts
    }

    /// The facts two reports are judged on: all of them, or those of the lines both have (`alignedFactAgreement`)
    /// when there are at least `manyFacts` of them and more of them agree. A table re-sent with a line added or
    /// dropped keeps every figure of the lines it shares ("Avg shrs" missing from one copy of an earnings table is no
    /// figure that changed), while one re-sent with a figure rounded ("413.5" and "413.6") keeps most of its figures
    /// in all; the same table at another session, for another issuer or after the next rate change changes figures
    /// on the lines both have, and fewer of them agree either way.
    func reportFacts(_ first: DocumentFingerprint, _ second: DocumentFingerprint, facts: (fewer: Int, shared: Int)?)
        -> (fewer: Int, shared: Int)?
    {
        let aligned = alignedFactAgreement(first, second)
        guard aligned.fewer >= Self.manyFacts else { return facts }
        guard let facts else { return aligned }
        return Double(aligned.shared) * Double(facts.fewer) > Double(facts.shared) * Double(aligned.fewer)
            ? aligned : facts
    }

    /// Facts on the lines two texts both have, by line: segments (as `factSet` counts them) are paired by template
    /// (`SegmentDigest.templateHash`), identical ones first. A pair of identical lines agrees on all its facts; a
    /// pair filled in differently disagrees on all of the larger one's, since facts are kept once per line and a
    /// changed figure can leave its set unchanged ("5.93 pct 5.93 pct" beside "5.90 pct 5.93 pct").
    func alignedFactAgreement(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> (
        fewer: Int, shared: Int
    ) {
        func lines(_ document: DocumentFingerprint) -> [(template: UInt64, content: UInt64, facts: Int)] {
            var lines: [(template: UInt64, content: UInt64, facts: Int)] = []
            forEachOwnFacts(document) { segment, range in
                lines.append((segment.templateHash, segment.contentHash, range.count))
            }
            return lines
        }
        var left = lines(first)
        var right = lines(second)
        guard !left.isEmpty, !right.isEmpty else { return (0, 0) }
        var agreeing = 0
        var differing = 0
        // Identical lines first, then what is left of each template in order.
        for i in left.indices {
            if let j = right.firstIndex(where: { $0.facts > 0 && $0.content == left[i].content }) {
                agreeing += left[i].facts
                left[i].facts = 0
                right[j].facts = 0
            }
        }
        for i in left.indices where left[i].facts > 0 {
            if let j = right.firstIndex(where: { $0.facts > 0 && $0.template == left[i].template }) {
                differing += max(left[i].facts, right[j].facts)
                left[i].facts = 0
                right[j].facts = 0
            }
        }
        return (agreeing + differing, agreeing)
    }

    /// Of two fact sets: how many the one with fewer has, and how many of those the other has too. Nil when either
    /// is empty.
    func factAgreement(_ sets: ([UInt32], [UInt32])) -> (fewer: Int, shared: Int)? {
        let (a, b) = sets
        guard !a.isEmpty, !b.isEmpty else { return nil }
        return (min(a.count, b.count), SortedSet32.sharedCount(a[...], b[...]))
    }

    /// A headline-only document (one segment) beside a story: the share of the flash's distinct words found in
    /// the story's headline and lead. Nil unless exactly one of the two is headline-only and has enough words.
    func leadContainment(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Double? {
        let firstIsFlash = Self.isFlash(first) && second.segments.count >= 2
        let secondIsFlash = Self.isFlash(second) && first.segments.count >= 2
        guard firstIsFlash || secondIsFlash else { return nil }
        let (flash, story) = firstIsFlash ? (first, second) : (second, first)
        guard flash.leadWords.count >= Self.minimumFlashWords, !story.leadWords.isEmpty else { return nil }
        let shared = SortedSet32.sharedCount(flash.leadWords[...], story.leadWords[...])
        return Double(shared) / Double(flash.leadWords.count)
    }

    /// A headline-only document: one segment of at most `maximumFlashTokens` words (a one-paragraph abstract is
    /// not a headline).
    static func isFlash(_ document: DocumentFingerprint) -> Bool {
        document.segments.count == 1 && document.segments[0].tokenCount <= maximumFlashTokens
    }

    /// Most words of a headline-only flash, and of a wrapped headline read as one segment (`Segmenter`).
    @usableFromInline static let maximumFlashTokens: Int32 = 30

    /// A flash of fewer distinct words says too little to be matched to a story by its words.
    static let minimumFlashWords = 5
    /// Share of a flash's words that the story's headline and lead must hold for it to announce that story.
    static let flashContainment = 0.7
    /// The share asked of a story filed within `flashWindow` of the flash. The desk writes the story while the
    /// flash is on the wire, in other words: the judged Reuters flashes and stories were filed within the hour and
    /// share 57–69 % of the flash's words when the story's headline and lead say it differently (a flash "SOROS
    /// GROUP TELLS SEC IT MAY BUY UP TO 49.9 PCT OF FAIRCHILD", a story "GROUP TO BOOST FAIRCHILD STAKE"). Two
    /// issuers' flashes within the hour are still told apart by their subjects and figures.
    static let closeFlashContainment = 0.5
    static let flashWindow = 3600.0

    /// The share of a flash's words that this story must hold (`flashContainment`, `closeFlashContainment`).
    func flashContainment(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> Double {
        guard configuration.filingGap > 0, let a = first.filedAt, let b = second.filedAt,
            abs(Double(a) - Double(b)) <= Self.flashWindow
        else { return Self.flashContainment }
        return Self.closeFlashContainment
    }

    /// Two paragraphs that carry the same words but disagree on their figures and dates (a template line filled in
    /// twice, a recurring report's sentence on another day) do not match: both have at least `minimumFacts` and fewer
    /// than half of the facts of the one with fewer are in the other. Per-segment facts are few and unsorted, so they
    /// are compared by scanning.
    func factsDisagree(_ first: DocumentFingerprint, _ i: Int, _ second: DocumentFingerprint, _ j: Int) -> Bool {
        let a = first.facts(ofSegment: i)
        let b = second.facts(ofSegment: j)
        guard a.count >= Self.minimumFacts, b.count >= Self.minimumFacts else { return false }
        let (fewer, more) = a.count <= b.count ? (a, b) : (b, a)
        var shared = 0
        for fact in fewer where more.contains(fact) { shared += 1 }
        return shared * 2 < fewer.count
    }

    struct DocumentSimilarity {
        var jaccard: Double
        var forward: Double
        var reverse: Double
        /// The shorter document's containment, nil when the sizes differ too much for it to be trusted.
        var shorterContainment: Double?
    }

    /// Jaccard and containment estimates with site furniture discounted.
    ///
    /// Furniture inflates the MinHash estimate of the intersection; its shingles are taken out of both sizes, and
    /// the larger of the two documents' furniture masses out of the intersection. The latter is conservative on
    /// purpose: furniture is known by segment (header lines, captions, share lines, wire credits), and a document
    /// that lost its line breaks carries the same furniture inside a longer segment where it cannot be recognised.
    /// Its shingle count is estimated from its word count.
    func documentSimilarity(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> DocumentSimilarity {
        let raw = Self.jaccard(first.minHash, second.minHash)
        var sizeA = Double(first.shingleCount)
        var sizeB = Double(second.shingleCount)
        var intersection = sizeA + sizeB > 0 ? raw * (sizeA + sizeB) / (1 + raw) : 0
        if !furniture.isEmpty {
            let k = Int32(configuration.documentShingleSize)
            func mass(_ segment: SegmentDigest) -> Double { Double(max(1, segment.tokenCount - k + 1)) }
            var massA = 0.0
            var massB = 0.0
            var shared = 0.0
            // A document has a few furniture segments at most: a list, allocated only when there is one, is cheaper
            // than a set for each of the hundreds of thousands of pairs a corpus verifies.
            var inFirst: [UInt64] = []
            for segment in first.segments where furniture.contains(segment.contentHash) {
                massA += mass(segment)
                inFirst.append(segment.contentHash)
            }
            // A page with long navigation has dozens: then a set.
            let large = inFirst.count > 16 ? HashSet64(inFirst) : nil
            for segment in second.segments where furniture.contains(segment.contentHash) {
                massB += mass(segment)
                if large?.contains(segment.contentHash) ?? inFirst.contains(segment.contentHash) {
                    shared += mass(segment)
                }
            }
            sizeA -= massA
            sizeB -= massB
            intersection -= shared + Self.hiddenFurnitureShare * (max(massA, massB) - shared)
            // A document that is mostly furniture has too little text left for its estimates to mean anything.
            if sizeA < max(8, 0.2 * Double(first.shingleCount)) || sizeB < max(8, 0.2 * Double(second.shingleCount)) {
                return DocumentSimilarity(jaccard: 0, forward: 0, reverse: 0)
            }
            intersection = max(0, min(intersection, sizeA, sizeB))
        }
        guard sizeA > 0, sizeB > 0 else { return DocumentSimilarity(jaccard: 0, forward: 0, reverse: 0) }
        let jaccard = intersection / max(1e-9, sizeA + sizeB - intersection)
        let forward = min(1, intersection / sizeA)
        let reverse = min(1, intersection / sizeB)
        let ratio = min(sizeA, sizeB) / max(sizeA, sizeB)
        return DocumentSimilarity(
            jaccard: min(1, jaccard), forward: forward, reverse: reverse,
            shorterContainment: ratio >= Self.reliableSizeRatio ? (sizeA <= sizeB ? forward : reverse) : nil)
    }

    /// SimHash distance mapped to [0, 1]: 1 at distance 0, 0 at three times the configured limit.
    func similarity(simhashDistance distance: Int?) -> Double {
        guard let distance else { return 0 }
        let scale = Double(3 * max(1, configuration.simhashDistance) + 1)
        return max(0, 1 - Double(distance) / scale)
    }

    /// Fraction of equal slots.
    @inlinable
    public static func jaccard(_ a: [UInt32], _ b: [UInt32]) -> Double {
        guard !a.isEmpty, a.count == b.count else { return 0 }
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in Double(equalSlots(a, b)) / Double(a.count) }
        }
    }

    /// Number of positions where two equally long signatures agree, eight lanes at a time.
    @inlinable @inline(__always)
    static func equalSlots(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Int {
        let count = a.count
        var index = 0
        var lanes = SIMD8<UInt32>()
        let one = SIMD8<UInt32>(repeating: 1)
        let left = UnsafeRawPointer(a.baseAddress!)
        let right = UnsafeRawPointer(b.baseAddress!)
        while index + 8 <= count {
            let x = left.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<UInt32>.self)
            let y = right.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<UInt32>.self)
            lanes &+= one.replacing(with: 0, where: x .!= y)
            index += 8
        }
        var equal = Int(lanes.wrappedSum())
        while index < count {
            if a[index] == b[index] { equal += 1 }
            index += 1
        }
        return equal
    }

    /// Containment of each set in the other from their Jaccard similarity and sizes:
    /// |A ∩ B| = J (|A| + |B|) / (1 + J).
    public static func containment(jaccard: Double, _ sizeA: Int, _ sizeB: Int) -> (Double, Double) {
        guard sizeA > 0, sizeB > 0 else { return (0, 0) }
        let intersection = jaccard * Double(sizeA + sizeB) / (1 + jaccard)
        return (min(1, intersection / Double(sizeA)), min(1, intersection / Double(sizeB)))
    }

    struct ParagraphAlignment {
        var matches: [ParagraphMatch] = []
        var coverage = (0.0, 0.0)
        var matched = (0, 0)
        var eligible = (0, 0)
    }

    /// A paragraph's best partner so far. A struct, not a tuple: an array of tuples looks its type up in the runtime's
    /// metadata cache at every allocation, twice per verified pair.
    struct BestPartner {
        var similarity = 0.0
        var partner = -1
    }

    /// Indices of a document's paragraphs that are not furniture.
    @inline(__always)
    func evidenceParagraphs(_ document: DocumentFingerprint) -> [Int] {
        if furniture.isEmpty { return Array(document.paragraphs.indices) }
        return document.paragraphs.indices.filter { !furniture.contains(document.paragraphs[$0].contentHash) }
    }

    /// Aligns the evidence paragraphs of two documents.
    ///
    /// A paragraph is covered when its own text is found in some paragraph of the other document (its
    /// containment in that paragraph reaches `paragraphMatch`); several paragraphs may be covered by one (a
    /// paragraph merged or split in the other version). Containment is directional on purpose: a long block that
    /// merely contains a short footer line is not covered by it. `matches` lists, for each covered paragraph of
    /// either side, its best partner, as (first, second) pairs without repeats.
    func matchParagraphs(_ first: DocumentFingerprint, _ second: DocumentFingerprint) -> ParagraphAlignment {
        var alignment = ParagraphAlignment()
        let slots = configuration.paragraphSlots
        let left = evidenceParagraphs(first)
        let right = evidenceParagraphs(second)
        alignment.eligible = (left.count, right.count)
        guard !left.isEmpty, !right.isEmpty else { return alignment }
        var bestLeft = [BestPartner](repeating: BestPartner(), count: left.count)
        var bestRight = [BestPartner](repeating: BestPartner(), count: right.count)
        let threshold = configuration.paragraphMatch
        first.paragraphMinHashes.withUnsafeBufferPointer { leftSignatures in
            second.paragraphMinHashes.withUnsafeBufferPointer { rightSignatures in
                for (row, i) in left.enumerated() {
                    let p = first.paragraphs[i]
                    let a = UnsafeBufferPointer(rebasing: leftSignatures[(i * slots)..<((i + 1) * slots)])
                    for (column, j) in right.enumerated() {
                        let q = second.paragraphs[j]
                        let forward: Double
                        let reverse: Double
                        if p.contentHash == q.contentHash {
                            (forward, reverse) = (1, 1)
                        } else {
                            let b = UnsafeBufferPointer(rebasing: rightSignatures[(j * slots)..<((j + 1) * slots)])
                            let equal = Self.equalSlots(a, b)
                            if equal == 0 { continue }
                            let jaccard = Double(equal) / Double(slots)
                            let intersection = jaccard * Double(p.shingleCount + q.shingleCount) / (1 + jaccard)
                            forward = min(1, intersection / Double(max(1, p.shingleCount)))
                            reverse = min(1, intersection / Double(max(1, q.shingleCount)))
                        }
                        let improves = forward > bestLeft[row].similarity || reverse > bestRight[column].similarity
                        if improves && max(forward, reverse) >= threshold
                            && factsDisagree(first, Int(p.ordinal), second, Int(q.ordinal))
                        {
                            continue
                        }
                        if forward > bestLeft[row].similarity {
                            bestLeft[row] = BestPartner(similarity: forward, partner: column)
                        }
                        if reverse > bestRight[column].similarity {
                            bestRight[column] = BestPartner(similarity: reverse, partner: row)
                        }
                    }
                }
            }
        }
        var matches: [ParagraphMatch] = []
        var totals = (0, 0)
        var covered = (0, 0)
        for (row, i) in left.enumerated() {
            let tokens = Int(first.paragraphs[i].tokenCount)
            totals.0 += tokens
            guard bestLeft[row].similarity >= threshold else { continue }
            covered.0 += tokens
            alignment.matched.0 += 1
            let column = bestLeft[row].partner
            matches.append(
                ParagraphMatch(
                    first: first.paragraphs[i].ordinal, second: second.paragraphs[right[column]].ordinal,
                    similarity: bestLeft[row].similarity))
        }
        for (column, j) in right.enumerated() {
            let tokens = Int(second.paragraphs[j].tokenCount)
            totals.1 += tokens
            guard bestRight[column].similarity >= threshold else { continue }
            covered.1 += tokens
            alignment.matched.1 += 1
            let row = bestRight[column].partner
            // Already listed when the left paragraph's own best partner is this one.
            if bestLeft[row].similarity >= threshold && bestLeft[row].partner == column { continue }
            matches.append(
                ParagraphMatch(
                    first: first.paragraphs[left[row]].ordinal, second: second.paragraphs[j].ordinal,
                    similarity: bestRight[column].similarity))
        }
        // Short segments (headlines, datelines, one-line items) count too, covered when the other document has the
        // same segment: a short template line alone is not most of a document that also has a headline of its own.
        let shortest = configuration.minimumParagraphTokens
        for segment in first.segments where segment.tokenCount < shortest && !furniture.contains(segment.contentHash) {
            totals.0 += Int(segment.tokenCount)
            if second.segments.contains(where: { $0.contentHash == segment.contentHash }) {
                covered.0 += Int(segment.tokenCount)
            }
        }
        for segment in second.segments where segment.tokenCount < shortest && !furniture.contains(segment.contentHash) {
            totals.1 += Int(segment.tokenCount)
            if first.segments.contains(where: { $0.contentHash == segment.contentHash }) {
                covered.1 += Int(segment.tokenCount)
            }
        }
        matches.sort { ($0.first, $0.second) < ($1.first, $1.second) }
        alignment.matches = matches
        alignment.coverage = (
            totals.0 > 0 ? Double(covered.0) / Double(totals.0) : 0,
            totals.1 > 0 ? Double(covered.1) / Double(totals.1) : 0
        )
        return alignment
    }
}
