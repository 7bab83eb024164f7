import Foundation
import Testing

@testable import NearDupCore

@Suite("Live index")
struct LiveIndexTests {
    /// A pool of documents that exercises every corpus-wide decision of the engine: reprints and negatives from the
    /// generator, a boilerplate line on many documents (segment furniture), dividend notices on one template
    /// (template furniture), headline flashes of stories, exact duplicates, one weekly report for two weeks and an
    /// empty document.
    static func pool(seed: UInt64, stories: Int) -> [(id: String, text: String)] {
        var random = SplitMix64(seed: seed)
        var generator = ReprintGenerator()
        generator.reprints = 1...5
        var documents: [(id: String, text: String)] = generator.generateSynthetic(documents: stories, seed: seed).map {
            ($0.id, $0.text)
        }
        let boilerplate = "Reporting by the newsroom staff; editing by the desk. All rights reserved worldwide."
        for index in documents.indices where random.chance(0.4) { documents[index].text += "\n\n" + boilerplate }
        let companies = ["Acme Corp", "Brixton Mills", "Carver Holdings", "Dunmore Oil", "Elgin Foods", "Farrow Bank"]
        for (number, company) in companies.enumerated() {
            let cents = 5 + number * 3
            documents.append(
                (
                    "div-\(number)",
                    """
                    \(company.uppercased()) SETS QUARTERLY DIVIDEND

                    \(company) said its board declared a quarterly dividend of \(cents) cts a share, payable \
                    June \(number + 1) to holders of record May \(number + 10), against \(cents - 1) cts in the \
                    prior quarter.
                    """
                ))
        }
        // Notices the issuer rules read: funds of one family told apart by their names, a notice re-sent under its
        // exchange symbol with its wording changed, another issuer's under another symbol, two sessions of a table.
        for (number, fund) in ["Ohio", "Oregon", "Utah"].enumerated() {
            documents.append(
                (
                    "fund-\(number)",
                    "HARBOUR \(fund.uppercased()) TAX-EXEMPT SETS PAYOUT\n\nMthly div 6.2 cts vs 6.2 cts prior\n"
                        + "    Pay May 29\n    Record May 15\n"
                        + "    NOTE: Harbour \(fund) Tax-Exempt Income Fund.\n Reuter\n"
                ))
        }
        for (id, headline, line) in [
            ("symbol-0", "HALCYON PUBLISHING INC <HPB> SETS PAYOUT", "Qtrly div eight cts vs eight cts prior"),
            ("symbol-1", "HALCYON PUBLISHING INC <HPB> SETS DIVIDEND", "Qtly div eight cts vs eight cts"),
            ("symbol-2", "HALCYON MILLS INC <HML> SETS PAYOUT", "Qtrly div eight cts vs eight cts prior"),
        ] {
            documents.append((id, "\(headline)\n\n\(line)\n    Pay June 1\n    Record May 15\n Reuter\n"))
        }
        documents.append(
            (
                "bank-0",
                "HARBOR TRUST <HBT> RAISES PRIME RATE\n\nHarbor Trust Bank said it is raising its prime rate to\n"
                    + "7-3/4 pct from 7-1/2 pct, effective immediately.\n Reuter\n"
            ))
        documents.append(
            (
                "bank-1",
                "GRANITE BANK N.A. <GRNB> RAISES PRIME RATE\n\nGranite Bancorp said its Granite Bank N.A.\n"
                    + "raised its prime rate to 7-3/4 pct from 7-1/2 pct, effective immediately.\n Reuter\n"
            ))
        documents.append(
            (
                "roundup",
                "MORE U.S. BANKS JOIN IN PRIME RATE RISE\n\nHarbor Trust Bank said it is raising its prime rate to\n"
                    + "7-3/4 pct from 7-1/2 pct, effective immediately.\n    In St Louis, Granite Bancorp said its "
                    + "Granite Bank N.A.\nraised its prime rate to 7-3/4 pct from 7-1/2 pct, effective immediately.\n"
                    + " Reuter\n"
            ))
        for session in ["1330", "CLOSING"] {
            documents.append(
                (
                    "oils-\(session)",
                    "LONDON OILS \(session) - APR 7\n\n    SOYOIL Dutch fob guilders per 100 kilos May/Jul 65.75\n"
                        + "    GROUNDNUTOIL cif Rotterdam dlrs per tonne May/Jun 490.00 slr\n"
                        + "    PALMOIL Malaysian crude dlrs per tonne cif UK May 330.00 slr\n"
                ))
        }
        // A flash whose words are in the leads of a bid and of the board's answer to it (the chaining guard's
        // flash-bridge rule).
        documents.append(("bid", NewswireEvidenceTests.bid))
        documents.append(("answer", NewswireEvidenceTests.answer))
        documents.append(("bid-flash", "THETA RAISES TAFT BROADCASTING BID TO 150 DLRS A SHARE"))
        // A table re-sent with its issuer's symbol and name corrected (`Verifier.correctedIssuer`).
        let westamerica =
            "\n\n    Shr 98 cts vs 63 cts\n    Net 2,602,000 vs 1,571,000\n    Loans 834.8 mln vs 729.0 mln\n"
            + "    Deposits 1.04 billion vs 942.1 mln\n    Assets 1.15 billion vs 1.02 billion\n Reuter\n"
        documents.append(("wab", "WESTAMERICA BANCORP <WAB> 1ST QTR NET" + westamerica))
        documents.append(("wsam", "WESTAMERICA BANCORPORATION <WSAM> 1ST QTR NET" + westamerica))
        // One weekly report for two weeks, and a correction of one (`Verifier.otherPeriods`).
        for (id, week, tonnes) in [
            ("week-0", "March 26", "106,200"), ("week-1", "April 2", "287,700"),
            ("week-0-corrected", "March 26", "106,300"),
        ] {
            documents.append((id, NewswireEvidenceTests.weeklyShipments(week: week, tonnes: tonnes, purchased: "2.65")))
        }
        // Versions of a page whose stub relates to nothing across (`ChainingGuard.joinsWholeVersions`), and of one
        // whose text drifted (`ChainingGuard.endLinkage`).
        documents += ClusteringTests.pageVersions().map { (id: $0.0, text: $0.1) }
        documents += ClusteringTests.driftingVersions().map { (id: $0.0, text: $0.1) }
        // One daily report on two days: its lead's figures move, its background recurs.
        documents.append(("sale-0", NewswireEvidenceTests.bondSale(sold: "2.47", total: "141.93")))
        documents.append(("sale-1", NewswireEvidenceTests.bondSale(sold: "5.65", total: "147.58", secondDay: true)))
        for index in documents.indices.shuffled(using: &random).prefix(4) {
            let headline = ReprintGenerator.paragraphs(of: documents[index].text).first ?? ""
            documents.append(("flash-\(index)", headline))
        }
        for index in documents.indices.shuffled(using: &random).prefix(3) {
            documents.append(("copy-\(index)", documents[index].text))
        }
        documents.append(("empty", ""))
        return documents
    }

    static func configurations() -> [Configuration] {
        var small = Configuration()
        small.maximumDocumentFrequency = 3
        small.templateDocuments = 3
        small.templateVariants = 2
        var simhash = small
        simhash.method = .simhash
        return [Configuration(), small, simhash]
    }

    /// The live index must give what the one-shot engine gives over the same documents.
    static func expectSame(
        _ index: LiveIndex<InMemoryCandidateStore>, _ fingerprints: [String: DocumentFingerprint],
        _ configuration: Configuration, _ context: String
    ) {
        let ids = fingerprints.keys.sorted()
        let live = index.result(order: ids)
        let oneShot = ClusterEngine(configuration: configuration).cluster(
            ids: ids, fingerprints: ids.map { fingerprints[$0]! })
        // Compared one by one, so that a failure names what differs instead of printing two whole results.
        let liveClusters = Dictionary(live.clusters.map { (ids[$0.canonical], $0) }) { first, _ in first }
        for cluster in oneShot.clusters {
            let name = ids[cluster.canonical]
            #expect(liveClusters[name] == cluster, "cluster of \(name) differs \(context)")
        }
        #expect(live.clusters.count == oneShot.clusters.count, "cluster count differs \(context)")
        #expect(live.clusters.map(\.canonical) == oneShot.clusters.map(\.canonical), "cluster order \(context)")
        #expect(live.paragraphLinks.count == oneShot.paragraphLinks.count, "paragraph links \(context)")
        #expect(live.paragraphLinks == oneShot.paragraphLinks, "paragraph links differ \(context)")
        #expect(live.refusedMerges == oneShot.refusedMerges, "refused merges differ \(context)")
        // A report names each document's cluster from the components, without building the clusters.
        let memberships = index.clustering.outline(order: ids).clusters.memberships(documents: ids.count)
        var clusterOf = [Int32](repeating: -1, count: ids.count)
        for (number, cluster) in live.clusters.enumerated() {
            for member in cluster.members { clusterOf[member.document] = Int32(number) }
        }
        #expect(memberships.clusterOf == clusterOf, "clusters of the documents differ \(context)")
        #expect(memberships.ids == live.clusters.map(\.id), "cluster ids differ \(context)")
    }

    /// Headlines that share their paragraph buckets with too many unrelated documents' headlines are no furniture of
    /// the skipped buckets, in the live index as in the one-shot engine, also when a flash repeats one of them.
    @Test func headlinesInSkippedBucketsStayOwnTextAsInTheOneShotEngine() {
        let configuration = Self.configurations()[1]
        var fingerprinter = Fingerprinter(configuration: configuration)
        let bodies = [
            "The company said sales of its farm machines rose in every region it serves this year.",
            "Shipping rates on the northern routes fell as two new vessels entered the fleet in March.",
            "The bank expects loan demand to stay weak until the housing market recovers next spring.",
            "Output at the smelter was cut after a strike by maintenance workers over pension terms.",
            "The retailer opened twelve stores and closed three older ones in the western states.",
        ]
        var documents: [String: DocumentFingerprint] = [:]
        var headlines: [UInt64] = []
        var index = LiveIndex(configuration: configuration)
        func add(_ batch: [(String, String)]) {
            let fingerprinted = batch.map { (id: $0.0, fingerprint: fingerprinter.fingerprint($0.1)) }
            for (id, fingerprint) in fingerprinted { documents[id] = fingerprint }
            index.insert(fingerprinted)
        }
        var stories: [(String, String)] = []
        for (number, name) in ["ALPHA", "BRAVO", "CEDAR", "DELTA", "EMBER"].enumerated() {
            let headline = "\(name) CORP SAYS THIRD QUARTER NET EARNINGS ROSE ON HIGHER SALES"
            stories.append((name.lowercased(), headline + "\n\n" + bodies[number] + "\n Reuter\n"))
            headlines.append(fingerprinter.fingerprint(headline + "\n\nx").paragraphs[0].contentHash)
        }
        add(Array(stories.prefix(3)))
        Self.expectSame(index, documents, configuration, "three stories")
        add(Array(stories.suffix(2)))
        Self.expectSame(index, documents, configuration, "five stories")
        #expect(!index.skippedParagraphBuckets.isEmpty, "the headlines' buckets are skipped")
        #expect(headlines.allSatisfy { index.nearFurniture[$0] == nil })
        index.remove(["bravo"])
        documents["bravo"] = nil
        Self.expectSame(index, documents, configuration, "one removed")
        add([("flash", "ALPHA CORP SAYS THIRD QUARTER NET EARNINGS ROSE ON HIGHER SALES")])
        Self.expectSame(index, documents, configuration, "a flash of one headline")
        #expect(headlines.allSatisfy { index.nearFurniture[$0] == nil })
    }

    @Test(arguments: 0..<3)
    func randomBatchesAndRemovalsMatchTheOneShotEngine(configurationNumber: Int) {
        let configuration = Self.configurations()[configurationNumber]
        var fingerprinter = Fingerprinter(configuration: configuration)
        // `NEARDUP_LIVE_SEQUENCES` runs more (scripts/live-index-property.sh); pools are shared by sequences, which
        // differ in their batches and removals.
        let sequences = ProcessInfo.processInfo.environment["NEARDUP_LIVE_SEQUENCES"].flatMap(Int.init) ?? 70
        var pools: [UInt64: ([(id: String, text: String)], [DocumentFingerprint])] = [:]
        for sequence in 0..<sequences {
            let seed = UInt64(1000 * configurationNumber + sequence)
            var random = SplitMix64(seed: seed ^ 0xABCD)
            let poolSeed = UInt64(1000 * configurationNumber + sequence % 12)
            if pools[poolSeed] == nil {
                let texts = Self.pool(seed: poolSeed, stories: 24 + Int(poolSeed % 20))
                var prints = texts.map { fingerprinter.fingerprint($0.text) }
                // Every other pool is filed over three days, so that the filing-time rules decide pairs too
                // (exact copies filed at other times included).
                if poolSeed % 2 == 1 {
                    var clock = SplitMix64(seed: poolSeed ^ 0x7137)
                    for index in prints.indices {
                        prints[index].filedAt = 545_000_000 + Int64(clock.next() % (3 * 86_400))
                    }
                }
                pools[poolSeed] = (texts, prints)
            }
            let (pool, prints) = pools[poolSeed]!
            var index = LiveIndex(configuration: configuration)
            // Every other sequence merges its band keys into sorted runs often (whenever a slice's recent filings pass
            // a quarter of its run).
            func mergeOften() {
                guard sequence % 2 == 1 else { return }
                index.documentBands.shared.table.mergeFloor = 0
                index.paragraphBands.shared.table.mergeFloor = 0
            }
            mergeOften()
            var present: [String: DocumentFingerprint] = [:]
            var outside = Array(pool.indices)
            for step in 0..<8 {
                outside.shuffle(using: &random)
                let adding = outside.prefix(Int.random(in: 0...12, using: &random))
                outside.removeFirst(adding.count)
                let removing = present.keys.sorted().shuffled(using: &random).prefix(
                    random.chance(0.5) ? Int.random(in: 1...5, using: &random) : 0)
                for id in removing {
                    present[id] = nil
                    outside.append(pool.firstIndex { $0.id == id }!)
                }
                let inserted = adding.map { (id: pool[$0].id, fingerprint: prints[$0]) }
                for document in inserted { present[document.id] = document.fingerprint }
                index.apply(inserting: inserted, removing: Array(removing))
                Self.expectSame(index, present, configuration, "(seed \(seed), step \(step))")
                #expect(index.count == present.count)
                // A restart from a checkpoint goes on from a decoded index: every later step checks it too.
                if (seed + UInt64(step)) % 3 == 0 {
                    // In one stream, or as a start reads a checkpoint file: the documents part and the link tables
                    // apart (each through a small window), the tables adopted after.
                    if step % 2 == 0 {
                        var writer = ByteWriter()
                        index.encode(into: &writer)
                        var reader = ByteReaderTests.windowed(writer.bytes, window: 4_096, seed: seed)
                        index = try! LiveIndex(configuration: configuration, decoding: &reader)
                        #expect(reader.isAtEnd)
                    } else {
                        var writer = ByteWriter()
                        let links = index.encode(into: &writer)
                        let (documentBytes, linkBytes) = (Array(writer.bytes[..<links]), Array(writer.bytes[links...]))
                        var reader = ByteReaderTests.windowed(documentBytes, window: 4_096, seed: seed)
                        var linkReader = ByteReaderTests.windowed(linkBytes, window: 4_096, seed: seed + 1)
                        index = try! LiveIndex(configuration: configuration, decodingDocuments: &reader)
                        try! index.adopt(LiveIndex.LinkTables(decoding: &linkReader))
                        #expect(reader.isAtEnd && linkReader.isAtEnd)
                    }
                    mergeOften()
                    Self.expectSame(index, present, configuration, "(decoded, seed \(seed), step \(step))")
                }
            }
        }
    }

    /// Link tables are adopted only by an index that holds every document they name: tables of a larger index
    /// (a checkpoint whose link-table offset points into another's) are refused.
    @Test func linkTablesOfAnotherIndexAreRefused() throws {
        let seeds = try Corpora.seeds()
        let configuration = Configuration()
        var fingerprinter = Fingerprinter(configuration: configuration)
        let prints = seeds.map { fingerprinter.fingerprint($0.text) }
        var small = LiveIndex(configuration: configuration)
        small.insert([(seeds[0].id, prints[0])])
        var large = LiveIndex(configuration: configuration)
        large.insert(zip(seeds, prints).map { ($0.id, $1) })
        var writer = ByteWriter()
        let links = large.encode(into: &writer)
        var reader = ByteReader(writer.bytes[links...])
        let tables = try LiveIndex.LinkTables(decoding: &reader)
        #expect(throws: ByteReader.Truncated.self) { try small.adopt(tables) }
        try large.adopt(tables)
        // Tables that name a negative slot, or a document whose component is not among them, are not read.
        func decodes(_ index: LiveIndex<InMemoryCandidateStore>) -> Bool {
            var writer = ByteWriter()
            let links = index.encode(into: &writer)
            var reader = ByteReader(writer.bytes[links...])
            return (try? LiveIndex.LinkTables(decoding: &reader)) != nil
        }
        let (slot, component) = try #require(large.componentOf.first { _ in true })
        var negative = large
        negative.componentOf[-1] = component
        var orphan = large
        orphan.componentOf[slot] = large.nextComponent + 1
        #expect(decodes(large) && !decodes(negative) && !decodes(orphan))
        // Nor are tables whose cluster member carries evidence its verified pair does not (here another kind).
        let (number, joined) = try #require(large.components.first { $0.value.clusters.contains { $0.count > 1 } })
        let cluster = try #require(joined.clusters.firstIndex { $0.count > 1 })
        let member = try #require(joined.clusters[cluster].members.firstIndex { $0.evidence == .pair })
        var tampered = large
        let kind = joined.clusters[cluster].members[member].kind
        tampered.components[number]!.clusters[cluster].members[member].kind = kind == 1 ? 2 : 1
        #expect(!decodes(tampered))
        // An identical copy is joined as `exact`, and only so.
        var copies = LiveIndex(configuration: configuration)
        copies.insert([("a", prints[0]), ("b", prints[0])])
        let (copyNumber, copied) = try #require(copies.components.first { _ in true })
        let copy = try #require(copied.clusters[0].members.firstIndex { $0.evidence == .identical })
        #expect(decodes(copies))
        copies.components[copyNumber]!.clusters[0].members[copy].kind = 2
        #expect(!decodes(copies))
    }

    /// Both parts of an encoded index start with the layout's version, and a part of another version is not read.
    @Test func anotherLayoutVersionIsRefused() throws {
        let seeds = try Corpora.seeds()
        let configuration = Configuration()
        var fingerprinter = Fingerprinter(configuration: configuration)
        var index = LiveIndex(configuration: configuration)
        index.insert(seeds.map { ($0.id, fingerprinter.fingerprint($0.text)) })
        var writer = ByteWriter()
        let links = index.encode(into: &writer)
        for start in [0, links] {
            var bytes = writer.bytes
            bytes[start] ^= 0xFF
            var documents = ByteReader(bytes[..<links])
            var tables = ByteReader(bytes[links...])
            let decoded = try? LiveIndex(configuration: configuration, decodingDocuments: &documents)
            #expect((decoded != nil) == (start != 0))
            #expect(((try? LiveIndex.LinkTables(decoding: &tables)) != nil) == (start == 0))
        }
    }

    @Test func theSeedsClusterAsInTheOneShotEngineOneByOne() throws {
        let seeds = try Corpora.seeds()
        let configuration = Configuration()
        var fingerprinter = Fingerprinter(configuration: configuration)
        var index = LiveIndex(configuration: configuration)
        var present: [String: DocumentFingerprint] = [:]
        for seed in seeds.reversed() {
            let fingerprint = fingerprinter.fingerprint(seed.text)
            present[seed.id] = fingerprint
            index.insert([(seed.id, fingerprint)])
        }
        Self.expectSame(index, present, configuration, "(seeds)")
        let bbc = try #require(index.cluster(of: seeds[3].id))
        #expect(Set(bbc.members.map(\.id)) == [seeds[3].id, seeds[4].id])
    }

    @Test func anUpdateReportsTheComponentsItTouched() {
        let configuration = Configuration()
        var fingerprinter = Fingerprinter(configuration: configuration)
        var random = TestRandom(seed: 7)
        let story = (0..<6).map { _ in random.paragraph(30) }
        let other = (0..<6).map { _ in random.paragraph(30) }
        var index = LiveIndex(configuration: configuration)
        index.insert([("other", fingerprinter.fingerprint(other.joined(separator: "\n\n")))])
        index.insert([("a", fingerprinter.fingerprint(story.joined(separator: "\n\n")))])
        let update = index.insert([("b", fingerprinter.fingerprint(story.dropLast().joined(separator: "\n\n")))])
        #expect(update.clusters.map { Set($0.members.map(\.id)) } == [["a", "b"]])
        let removal = index.remove(["a"])
        #expect(removal.removed == ["a"])
        #expect(removal.clusters.map { $0.members.map(\.id) } == [["b"]])
        #expect(index.clusters.count == 2)
    }

    @Test func aQueryFindsTheReprintWithoutStoringIt() throws {
        let seeds = try Corpora.seeds()
        let configuration = Configuration()
        var fingerprinter = Fingerprinter(configuration: configuration)
        var index = LiveIndex(configuration: configuration)
        let others = seeds.enumerated().filter { $0.offset != 3 }.map { $0.element }
        index.insert(others.map { ($0.id, fingerprinter.fingerprint($0.text)) })
        let matches = index.query(fingerprinter.fingerprint(seeds[3].text), id: seeds[3].id)
        let linked = matches.filter { $0.kind != nil }
        #expect(linked.map(\.id) == [seeds[4].id])
        #expect(linked.first?.kind == .reprint)
        #expect(linked.first?.evidence.matches.isEmpty == false)
        #expect(index.count == others.count)
        #expect(!index.contains(seeds[3].id))
    }

    @Test func aQueryFindsAMemberOfAReprintFamilyTooLargeToRead() {
        // With --max-df 2 a check reads at most 8 entries of a bucket: 14 copies of one story fill its buckets
        // beyond that, and the check still finds the family through the most recently filed copies.
        var configuration = Configuration()
        configuration.maximumDocumentFrequency = 2
        var fingerprinter = Fingerprinter(configuration: configuration)
        let story = [
            "The central bank raised its main lending rate by a quarter point on Tuesday, citing firm wage growth.",
            "Economists had expected the move after inflation stayed above the target for a third month running.",
            "The bank said further increases would depend on how quickly price pressures eased over the summer.",
        ]
        var index = LiveIndex(configuration: configuration)
        index.insert(
            (0..<14).map {
                ("copy-\($0)", fingerprinter.fingerprint(story.joined(separator: "\n\n") + "\n\nFiled by desk \($0)."))
            })
        let text = fingerprinter.fingerprint(story.joined(separator: "\n\n") + "\n\nReuters")
        // The family's buckets are larger than a check reads.
        #expect((index.documentBands.counts(for: index.documentKeys(text)).max() ?? 0) > 8)
        let matches = index.query(text)
        #expect(matches.contains { $0.kind != nil })
        #expect(index.count == 14)
    }
}

extension LiveIndex where Store == InMemoryCandidateStore {
    /// The index as a one-shot `ClusteringResult` over `order`, the clusters read off whole.
    func result(order: [String]) -> ClusteringResult {
        var (clusters, result) = clustering.outline(order: order)
        result.clusters = Array(clusters)
        return result
    }
}
