import Foundation
import Testing

@testable import NearDupCore

@Suite("Clustering")
struct ClusteringTests {
    /// `count` paragraphs of `words` random words each (30 by default).
    static func story(_ random: inout TestRandom, paragraphs count: Int, words: Int = 30) -> [String] {
        (0..<count).map { _ in random.paragraph(words) }
    }

    static func document(_ paragraphs: [String]) -> String { paragraphs.joined(separator: "\n\n") }

    /// Two stories in three versions each, and one roundup made of half of each story.
    static func bridgedCorpus() -> [(id: String, text: String)] {
        var random = TestRandom(seed: 2024)
        let a = story(&random, paragraphs: 10)
        let c = story(&random, paragraphs: 10)
        return [
            ("a1", document(a)), ("a2", document(Array(a[0..<9]) + [random.paragraph(30)])),
            ("a3", document(Array(a[1..<10]))),
            ("bridge", document(Array(a[0..<5]) + Array(c[0..<5]))),
            ("c1", document(c)), ("c2", document(Array(c[0..<9]) + [random.paragraph(30)])),
            ("c3", document(Array(c[1..<10]))),
        ]
    }

    @Test func chainingGuardKeepsBridgedStoriesApart() {
        let corpus = Self.bridgedCorpus()
        let ids = corpus.map(\.id)
        let result = clusterTexts(corpus)
        let groups = result.groups(ids).map(Set.init)
        #expect(!groups.contains { $0.contains("a1") && $0.contains("c1") })
        #expect(groups.contains { $0.isSuperset(of: ["a1", "a2", "a3"]) })
        #expect(groups.contains { $0.isSuperset(of: ["c1", "c2", "c3"]) })
        #expect(!result.refusedMerges.isEmpty)
        #expect(result.clusters.contains { $0.flags.contains("guarded") })
    }

    @Test func withoutTheGuardTheBridgeChainsEverything() {
        var configuration = Configuration()
        configuration.chainFloor = 0
        let corpus = Self.bridgedCorpus()
        let result = clusterTexts(corpus, configuration: configuration)
        #expect(result.clusters[0].members.count == 7)
    }

    /// Four versions of one encyclopedia page: a stub that the second version contains, and two later versions that
    /// rewrote the stub's coordinates.
    static func pageVersions() -> [(String, String)] {
        var random = TestRandom(seed: 77)
        let stub =
            "location:\nmiddle east, bordering the persian gulf, between iran and kuwait, with a short coastline "
            + "on the gulf and the shatt al arab waterway\ngeographic coordinates:\n33 00 n, 44 00 e"
        let body =
            Self.story(&random, paragraphs: 5) + [
                "the country covers 437,072 square kilometres, of which 950 are water, and had 27,500,000 people in "
                    + "2004 along a coastline of 58 kilometres"
            ]
        let moved = stub.replacingOccurrences(of: "33 00 n, 44 00 e", with: "33 20 n, 44 30 e")
        return [
            ("page-v0", stub),
            ("page-v1", Self.document([stub] + body)),
            ("page-v2", Self.document([moved] + body.dropLast() + [body[5] + " " + random.paragraph(4)])),
            ("page-v3", Self.document([moved] + body.dropLast() + [body[5] + " " + random.paragraph(6)])),
        ]
    }

    /// The stub relates to nothing on the later side (its only figures disagree), but the edge that joins the two
    /// sides is a near copy of a whole text, which the linkage floor does not refuse.
    @Test func versionsOfAWholeTextJoinAlthoughAStubOnOneSideRelatesToNothingAcross() {
        let corpus = Self.pageVersions()
        let result = clusterTexts(corpus)
        #expect(result.groups(corpus.map(\.0)).map(Set.init) == [["page-v0", "page-v1", "page-v2", "page-v3"]])
        // Without the rule the floor refuses the merge: by the facts rules the stub relates to neither later version,
        // though its text does.
        let fixture = GuardFixture(corpus.map(\.1))
        let edge = fixture.evidence(1, 2)
        #expect(edge.kind == .near)
        #expect(fixture.meanLinkage([0, 1], [2, 3], edge: 1, 2) < fixture.floor)
        #expect(fixture.meanLinkage([0, 1], [2, 3], edge: 1, 2, textOnly: true) >= fixture.floor)
        #expect(fixture.rules.joinsWholeVersions(edge, fixture.fingerprints[1], fixture.fingerprints[2]))
        // The rule reads the edge's ends: a short table at one end is a template filled in again (the same table
        // re-sent under a new headline is near to it at every session); `twoLongReportsDoNotJoinAnArticle` has the
        // long ones.
        let tables = GuardFixture(
            [("MIDWEST GRAIN FUTURES 12:10   EDT", "285"), ("MINNEAPOLIS AND KANSAS CITY WHEAT AT 12:30", "284 1/2")]
                .map { NewswireEvidenceTests.grainFutures($0.0, wheat: $0.1) })
        let tableEdge = tables.evidence(0, 1)
        #expect(tableEdge.kind == .near)
        #expect(!tables.rules.joinsWholeVersions(tableEdge, tables.fingerprints[0], tables.fingerprints[1]))
    }

    /// Four versions of a page whose text turns over as it is edited: each version drops the oldest paragraphs and
    /// adds new ones, so v0 and v1, and v2 and v3, are near copies, v1 and v2 share 8 of their 20 paragraphs, and v0
    /// and v3 only 2. The two sides of the v1–v2 edge relate little across (v0 beside v3), but each relates to the
    /// other's end (v0 shares 5 paragraphs with v2, v3 5 with v1), so they are one page's history, not a bridge. Each
    /// paragraph has `words` words.
    static func driftingVersions(starts: [Int] = [0, 3, 15, 18], words: Int = 30) -> [(String, String)] {
        var random = TestRandom(seed: 412)
        let paragraphs = Self.story(&random, paragraphs: starts.last! + 20, words: words)
        return starts.enumerated().map { version, start in
            ("drift-v\(version)", Self.document(Array(paragraphs[start..<(start + 20)])))
        }
    }

    @Test func versionsThatDriftApartJoinThroughTheEndsOfTheirEdge() {
        let corpus = Self.driftingVersions()
        let result = clusterTexts(corpus)
        #expect(result.groups(corpus.map(\.0)).map(Set.init) == [["drift-v0", "drift-v1", "drift-v2", "drift-v3"]])
        #expect(result.refusedMerges.isEmpty)

        let fixture = GuardFixture(corpus.map(\.1))
        #expect(fixture.meanLinkage([0, 1], [2, 3], edge: 1, 2) < fixture.floor)
        #expect(fixture.endLinkage([0, 1], [2, 3], edge: 1, 2) >= fixture.floor)
    }

    /// The ends' linkage is read only for an edge that joins an article. Versions of a short page (20 paragraphs of
    /// 12 words, 240 in all: within a report's length, so that figures alone can make them reports) that drifted
    /// apart join through the ends of their edge; the same merge is refused when the edge's evidence compares as many
    /// figures as the texts have words, which makes it an edge between two reports, whose ends are mostly their
    /// template.
    @Test func theEndsLinkageIsReadOnlyForAnEdgeThatJoinsAnArticle() {
        let fixture = GuardFixture(Self.driftingVersions(words: 12).map(\.1))
        #expect(fixture.meanLinkage([0, 1], [2, 3], edge: 1, 2) < fixture.floor)
        #expect(fixture.endLinkage([0, 1], [2, 3], edge: 1, 2) >= fixture.floor)
        // The guard is given three edges: the near copies on each side and the edge between the sides.
        var verified: [ChainingGuard.Verified] = [(0, 1), (2, 3), (1, 2)].map { a, b in
            (UInt64(a) << 32 | UInt64(b), fixture.evidence(a, b))
        }
        #expect(verified.allSatisfy { $0.evidence.kind != nil })
        func groups(_ union: ChainingGuard.Union) -> Set<Set<Int>> {
            var sets = union.sets
            return Set(Dictionary(grouping: fixture.positions) { sets.find($0) }.values.map(Set.init))
        }
        let articles = fixture.rules.union(verified, reps: fixture.positions, fingerprints: fixture.fingerprints)
        #expect(groups(articles) == [[0, 1, 2, 3]])
        #expect(articles.refused.isEmpty)

        verified[2].evidence.comparedFacts = fixture.fingerprints[1].tokenCount
        #expect(!fixture.joinsAnArticle(verified[2].evidence, 1, 2))
        let reports = fixture.rules.union(verified, reps: fixture.positions, fingerprints: fixture.fingerprints)
        #expect(groups(reports) == [[0, 1], [2, 3]])
        #expect(reports.refused.map { [$0.first, $0.second] } == [[1, 2]])
    }

    /// The bridge of `bridgedCorpus` relates to the far story's other versions, but the near story's versions do not
    /// relate to the far story's end of the edge: the ends' linkage refuses it as the mean linkage does.
    @Test func aBridgeFailsTheEndsLinkageToo() {
        let fixture = GuardFixture(Self.bridgedCorpus().map(\.text))
        // a1, a2, a3 and the bridge (positions 0–3) beside c1, c2, c3 (4–6), through the bridge–c1 edge.
        #expect(fixture.meanLinkage([0, 1, 2, 3], [4, 5, 6], edge: 3, 4) < fixture.floor)
        #expect(fixture.endLinkage([0, 1, 2, 3], [4, 5, 6], edge: 3, 4) < fixture.floor)
        // The bridge itself relates to the far story's other versions: reading one side only would let it chain.
        #expect(fixture.meanLinkage([3], [4, 5, 6], edge: 3, 4) >= fixture.floor)
    }

    /// Versions of a page that drifted too far: v1 and v2 share 7 of their 20 paragraphs, enough for an edge, but
    /// v0 shares 2 with v2, v3 2 with v1, and v0 none with v3. The merge is refused, and the refusal the report lists
    /// says what it was judged by: the ends' linkage, read since the mean linkage across is below the floor, both
    /// clusters have two members and the edge is between articles, and larger than that mean.
    @Test func aRefusalRecordsTheEndsLinkageWhenItWasRead() throws {
        let corpus = Self.driftingVersions(starts: [0, 5, 18, 23])
        let result = clusterTexts(corpus)
        #expect(result.groups(corpus.map(\.0)).map(Set.init) == [["drift-v0", "drift-v1"], ["drift-v2", "drift-v3"]])
        let refusal = try #require(result.refusedMerges.first)
        #expect(result.refusedMerges.count == 1 && [refusal.first, refusal.second] == [1, 2])

        let fixture = GuardFixture(corpus.map(\.1))
        let mean = fixture.meanLinkage([0, 1], [2, 3], edge: 1, 2)
        let ends = fixture.endLinkage([0, 1], [2, 3], edge: 1, 2)
        #expect(mean < ends)
        #expect(ends < fixture.floor)
        #expect(refusal.meanLinkage == ends)
    }

    /// Two sessions of one long price table: more than a short notice's words, but reports, whose rows another
    /// session keeps, so `joinsAnArticle`, which gates the ends' linkage, is false for an edge between them.
    @Test func twoLongReportsDoNotJoinAnArticle() {
        func table(_ session: String, may: String) -> String {
            let sections = [
                "MINNEAPOLIS WHEAT", "KANSAS CITY WHEAT", "CHICAGO CORN", "CHICAGO OATS", "CHICAGO SOYBEANS",
            ]
            let rows = sections.enumerated().map { number, section in
                ([section]
                    + ["MAY7 \(may)", "JUL7 28\(number) 1/4", "SEP7 27\(number) 1/2", "DEC7 26\(number) 3/4"].map {
                        " \($0)            UP  \(number) 1/2"
                    }).joined(separator: "\n")
            }
            return (["MIDWEST GRAIN FUTURES \(session) EDT"] + rows).joined(separator: "\n\n")
        }
        let fixture = GuardFixture([table("12:10", may: "285"), table("12:30", may: "284 1/2")])
        let (noon, later) = (fixture.fingerprints[0], fixture.fingerprints[1])
        let evidence = fixture.evidence(0, 1)
        #expect(min(noon.tokenCount, later.tokenCount) > Verifier.shortNoticeTokens)
        #expect(Verifier.isReport(noon, later, comparedFacts: evidence.comparedFacts))
        #expect(!fixture.joinsAnArticle(evidence, 0, 1))
    }

    /// Two issuers, each with a short notice on one template and a longer release that carries it: the notice of one
    /// shares the template's words with the other's release, which is no sign that the two clusters are one story.
    /// The ends' linkage counts such a pair as unrelated, and it is not read at all for an edge between two notices.
    @Test func theEndsLinkageIgnoresATemplateSharedAcrossIssuers() {
        func notice(_ company: String, _ ticker: String) -> String {
            """
            \(company.uppercased()) <\(ticker)> SEES 2ND QTR LOSS

            \(company) said it expects to report a loss from operations for its second quarter, citing weaker prices \
            and lower volumes in its main markets and higher costs of raw materials.
             Reuter
            """
        }
        var random = TestRandom(seed: 5)
        let (ashland, calumet) = (notice("Ashland Oil Inc", "ASH"), notice("Calumet Industries Inc", "CALI"))
        let texts = [
            Self.document([ashland] + Self.story(&random, paragraphs: 3)), ashland,
            Self.document([calumet] + Self.story(&random, paragraphs: 3)), calumet,
        ]
        let fixture = GuardFixture(texts)
        let fingerprints = fixture.fingerprints
        // Each notice beside the other company's release: the template's words relate them, enough to merge.
        #expect(fixture.rules.relatedness(fingerprints[1], fingerprints[2]) >= fixture.floor)
        #expect(fixture.rules.relatedness(fingerprints[3], fingerprints[0]) >= fixture.floor)
        #expect(fixture.endLinkage([0, 1], [2, 3], edge: 0, 2) == 0)
        #expect(fixture.joinsAnArticle(fixture.evidence(0, 2), 0, 2))
        #expect(!fixture.joinsAnArticle(fixture.evidence(1, 3), 1, 3))
    }

    /// A page that is a near copy of one story (a paragraph dropped, one added) with a short other story appended:
    /// the page joins the other story first (it holds all of it), and its edge to the first story is a near copy of
    /// an article, but the two stories' texts do not relate, so the floor still refuses to chain them.
    @Test func aNearCopyWithAnotherStoryAppendedDoesNotChainTheTwo() {
        var random = TestRandom(seed: 31)
        let story = Self.story(&random, paragraphs: 10)
        let brief = Self.story(&random, paragraphs: 4)
        let corpus = [
            ("story", Self.document(story)), ("story-2", Self.document(Array(story[0..<9]) + [random.paragraph(30)])),
            ("brief", Self.document(brief)), ("brief-2", Self.document(brief + [random.paragraph(10)])),
            ("page", Self.document(Array(story[1..<10]) + [random.paragraph(30)] + brief)),
        ]
        let result = clusterTexts(corpus)
        let groups = result.groups(corpus.map(\.0)).map(Set.init)
        #expect(!groups.contains { $0.contains("story") && $0.contains("brief") }, "\(groups)")
        #expect(groups.contains { $0.isSuperset(of: ["story", "story-2"]) }, "\(groups)")
    }

    @Test func clusterIdsAndOrderAreStableAcrossInputOrderAndJobs() {
        var corpus = Self.bridgedCorpus()
        var random = TestRandom(seed: 5)
        corpus += (0..<20).map { ("single\($0)", random.paragraph(40)) }
        let first = clusterTexts(corpus, jobs: 1)
        let firstGroups = first.groups(corpus.map(\.id))
        var shuffled = corpus
        for index in shuffled.indices.reversed() { shuffled.swapAt(index, random.below(index + 1)) }
        let second = clusterTexts(shuffled, jobs: 4)
        #expect(first.clusters.map(\.id) == second.clusters.map(\.id))
        #expect(firstGroups == second.groups(shuffled.map(\.id)))
        #expect(first.clusters.map(\.id) == first.clusters.map { ClusterEngine.clusterID(corpus[$0.canonical].id) })
    }

    @Test func everyDocumentIsInExactlyOneClusterAndTheCanonicalIsTheLongest() {
        let corpus = Self.bridgedCorpus()
        let result = clusterTexts(corpus)
        let members = result.clusters.flatMap { $0.members.map(\.document) }
        #expect(members.sorted() == Array(corpus.indices))
        for cluster in result.clusters {
            #expect(cluster.members[0].document == cluster.canonical)
            #expect(cluster.members[0].kind == nil)
        }
        let a = result.clusters.first { $0.members.contains { corpus[$0.document].id == "a1" } }!
        #expect(corpus[a.canonical].id == "a1")
    }

    /// A rewrite whose short paragraphs were edited word by word and whose long one was kept: one paragraph matches,
    /// half the shorter text, and the rest of the containment is in paragraphs that no longer match as wholes. Each
    /// text is at least half the other's, which a quoted paragraph does not make of a longer quoting article.
    @Test func aRewriteThatIsAtLeastHalfOfEachOtherIsAReprint() {
        var random = TestRandom(seed: 2)
        let (first, second, long) = (random.words(25), random.words(25), random.words(50))
        func edited(_ words: [String], every: Int) -> [String] {
            words.enumerated().map { $0.offset % every == every - 1 ? "x" + $0.element : $0.element }
        }
        func text(_ paragraphs: [[String]]) -> String {
            paragraphs.map { $0.joined(separator: " ") + "." }.joined(separator: "\n\n")
        }
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let original = fingerprinter.fingerprint(text([first, second, long]))
        let rewrite = fingerprinter.fingerprint(
            text([edited(first, every: 5), edited(second, every: 5), edited(long, every: 50)]))
        let evidence = Verifier(configuration: Configuration()).evidence(original, rewrite)
        #expect(evidence.matches.count == 1 && evidence.coverage == 0.5)
        #expect((evidence.jaccard ?? 1) < Configuration().threshold)
        #expect(min(evidence.containment ?? 0, evidence.containmentReverse ?? 0) >= 0.5)
        #expect(evidence.kind == .reprint)
        // A user who asks for more containment (`--containment 0.7`) raises the share both texts must reach.
        var strict = Configuration()
        strict.containment = 0.7
        #expect(Verifier(configuration: strict).evidence(original, rewrite).kind == nil)
        // The long paragraph quoted in a longer article: half of one text, a third of the other, no reprint.
        let quoting = fingerprinter.fingerprint(text([random.words(25), random.words(25), long, random.words(50)]))
        #expect(Verifier(configuration: Configuration()).evidence(original, quoting).kind == nil)
    }

    @Test func exactDuplicatesAfterNormalisationAreExact() {
        var random = TestRandom(seed: 77)
        let text = Self.document(Self.story(&random, paragraphs: 4))
        let corpus = [
            ("x", text), ("y", text.uppercased().replacingOccurrences(of: "\n\n", with: "\n")),
            ("z", random.paragraph(50)),
        ]
        let result = clusterTexts(corpus)
        #expect(result.statistics.exactDuplicates == 1)
        let pair = result.clusters.first { $0.members.count == 2 }!
        #expect(pair.members[1].kind == .exact)
        #expect(pair.members[1].via == pair.members[0].document)
    }

    @Test func aSharedQuoteIsAParagraphLinkNotACluster() {
        var random = TestRandom(seed: 99)
        let quote = random.paragraph(40)
        let first = Self.story(&random, paragraphs: 8)
        let second = Self.story(&random, paragraphs: 8)
        let corpus = [
            ("one", Self.document(Array(first[0..<3]) + [quote] + Array(first[3...]))),
            ("two", Self.document(Array(second[0..<6]) + [quote] + Array(second[6...]))),
        ]
        let result = clusterTexts(corpus)
        #expect(result.clusters.count == 2)
        #expect(result.paragraphLinks.count == 1)
        #expect(result.paragraphLinks.first?.matches.map(\.first) == [3])
        #expect(result.paragraphLinks.first?.matches.map(\.second) == [6])
    }

    @Test func anEditedReprintWithReorderedAndDroppedParagraphsIsFound() {
        var random = TestRandom(seed: 123)
        let original = Self.story(&random, paragraphs: 12)
        var edited = Array(original[2..<10]).reversed().map { paragraph -> String in
            var words = paragraph.split(separator: " ").map(String.init)
            words[random.below(words.count)] = "edited"
            return words.joined(separator: " ")
        }
        edited.append(random.paragraph(30))
        let corpus = [("original", Self.document(original)), ("edited", Self.document(edited))]
        let result = clusterTexts(corpus)
        #expect(result.clusters.count == 1)
        #expect(result.clusters[0].members[1].kind == .reprint)
    }

    @Test func furnitureParagraphsAreNotEvidence() {
        var random = TestRandom(seed: 8)
        let furniture = random.paragraph(20)
        var configuration = Configuration()
        configuration.maximumDocumentFrequency = 5
        // Twelve different articles that all end with the same long share-this-page paragraph.
        let corpus = (0..<12).map { ("article\($0)", Self.document(Self.story(&random, paragraphs: 2) + [furniture])) }
        let result = clusterTexts(corpus, configuration: configuration)
        #expect(result.clusters.count == 12)
        #expect(result.paragraphLinks.isEmpty)
        #expect(result.statistics.furnitureParagraphs == 1)
    }
}
