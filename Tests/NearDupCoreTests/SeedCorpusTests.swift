import Testing

@testable import NearDupCore

@Suite("Seed corpus: one BBC story in two versions among five reports")
struct SeedCorpusTests {
    @Test func bbcVersionsFormOneReprintClusterAndTheRestStayApart() throws {
        let seeds = try Corpora.seeds()
        #expect(seeds.count == 5)
        let ids = seeds.map(\.id)
        let result = clusterTexts(seeds)
        let groups = result.groups(ids).map { Set($0) }
        #expect(groups.count == 4)
        let bbc = try #require(result.clusters.first { $0.members.count == 2 })
        #expect(Set(bbc.members.map { ids[$0.document] }) == ["003_51a1bab3c6050887", "004_9d74470b06875570"])
        let joined = try #require(bbc.members.first { $0.kind != nil })
        #expect(joined.kind == .reprint)
        // About half of 003's 34 paragraphs have a near-identical paragraph in 004.
        #expect((joined.evidence?.matches.count ?? 0) >= 12)
        for id in ["000_abf67590de380111", "001_d8c47ce22ccf6ecf", "002_c91c690f928fcd98"] {
            #expect(groups.contains([id]))
        }
    }

    @Test func theQuotedParagraphSharedBy001And002IsAParagraphLink() throws {
        let seeds = try Corpora.seeds()
        let ids = seeds.map(\.id)
        let result = clusterTexts(seeds)
        let link = try #require(
            result.paragraphLinks.first {
                ids[$0.first] == "001_d8c47ce22ccf6ecf" && ids[$0.second] == "002_c91c690f928fcd98"
            })
        #expect(!link.matches.isEmpty)
        // Clinton's quote as AP carried it is among the linked passages.
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let first = fingerprinter.fingerprint(seeds[1].text)
        let passages = link.matches.compactMap { match in
            first.paragraphs.first { $0.ordinal == match.first }.map { paragraph in
                String(
                    decoding: Array(seeds[1].text.utf8)[Int(paragraph.byteStart)..<Int(paragraph.byteEnd)],
                    as: UTF8.self)
            }
        }
        #expect(passages.contains { $0.contains("closest knowledge of Assad") })
    }

    @Test func simHashMethodAlsoSeparatesTheSeeds() throws {
        var configuration = Configuration()
        configuration.method = .simhash
        let seeds = try Corpora.seeds()
        let result = clusterTexts(seeds, configuration: configuration)
        #expect(result.clusters.count == 4)
        #expect(result.documentScheme == nil)
        #expect(result.simhashTables == 10)
    }
}
