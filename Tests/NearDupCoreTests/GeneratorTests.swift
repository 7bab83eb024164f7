import Testing

@testable import NearDupCore

@Suite("Reprint corpus generator")
struct GeneratorTests {
    /// Synthetic base articles: a headline and 4–9 paragraphs of random words each.
    static func bases(_ count: Int) -> [(id: String, text: String)] {
        var random = TestRandom(seed: 31)
        return (0..<count).map { index in
            let headline = random.words(6).joined(separator: " ").uppercased()
            let body = (0..<(4 + random.below(6))).map { _ in random.paragraph(20 + random.below(30)) }
            return ("base\(index)", ([headline] + body).joined(separator: "\n\n"))
        }
    }

    @Test func sameSeedSameCorpusOtherSeedOtherCorpus() {
        let bases = Self.bases(60)
        let first = ReprintGenerator().generate(bases: bases, stories: 15, seed: 9)
        #expect(first == ReprintGenerator().generate(bases: bases, stories: 15, seed: 9))
        #expect(first != ReprintGenerator().generate(bases: bases, stories: 15, seed: 10))
    }

    @Test func labelsFollowTheVariantsWritten() {
        let documents = ReprintGenerator().generate(bases: Self.bases(90), stories: 25, seed: 4)
        #expect(Set(documents.map(\.id)).count == documents.count)
        for document in documents {
            if document.id.hasSuffix("-orig") {
                #expect(document.variants.isEmpty && document.cluster == String(document.id.dropLast(5)))
            } else if document.id.hasSuffix("-neg") || document.id.hasPrefix("single") {
                #expect(document.variants.isEmpty && document.cluster == document.id)
            } else {
                #expect(!document.variants.isEmpty && document.variants.count <= 3)
                #expect(document.cluster == String(document.id.prefix { $0 != "-" }))
            }
            if document.variants.contains(.treebank) {
                #expect(document.text.contains(" , ") || document.text.contains(" ."))
            }
            if document.variants.contains(.lostBreaks) && !document.variants.contains(.treebank) {
                #expect(!document.text.contains("\n"))
            }
        }
        // Every story has its original, and a hard negative carries one paragraph of its story.
        let negatives = documents.filter { $0.id.hasSuffix("-neg") }
        #expect(!negatives.isEmpty)
        for negative in negatives {
            let story = documents.first { $0.id == negative.id.replacingOccurrences(of: "-neg", with: "-orig") }!
            let storyParagraphs = Set(ReprintGenerator.paragraphs(of: story.text))
            #expect(ReprintGenerator.paragraphs(of: negative.text).contains { storyParagraphs.contains($0) })
        }
    }

    @Test func copiesAmongTheBasesAreOneStoryAndTemplatedBasesStayAsDifferentStories() {
        var bases = Self.bases(60)
        // A re-sent copy (a word changed) and a shortened copy of base0; dividend notices of six companies.
        let original = bases[0].text
        bases.append(
            ("resent", original.replacingOccurrences(of: "\n\n", with: "\n\n ", options: [], range: nil) + " Reuter"))
        let paragraphs = original.components(separatedBy: "\n\n")
        bases.append(("short", paragraphs.prefix(paragraphs.count - 1).joined(separator: "\n\n")))
        for (index, company) in ["ACME", "ZETA", "OMEGA", "DELTA", "SIGMA", "THETA"].enumerated() {
            bases.append(
                (
                    "div\(index)",
                    "\(company) CORP SETS QUARTERLY\n\nQtly div \(index + 5) cts vs \(index + 5) cts prior\n"
                        + "Pay April 15\nRecord April 1\n Reuter"
                ))
        }
        let groups = BaseGroups().groups(bases.map(\.text))
        let names = groups.map { Set($0.map { bases[$0].id }) }
        #expect(names.contains(["base0", "resent", "short"]))
        for index in 0..<6 { #expect(names.contains(["div\(index)"])) }

        var generator = ReprintGenerator()
        generator.keepAllBases = true
        generator.reprints = 2...2
        generator.editsPerReprint = 1...1
        generator.variants = [.wordEdits]
        let documents = generator.generate(bases: bases, stories: 10, seed: 3)
        let notices = documents.filter { $0.text.contains("Qtly div") }
        #expect(notices.count == 6)
        #expect(Set(notices.map(\.cluster)).count == 6)
        let copies = documents.filter { $0.id.contains("-copy") }
        #expect(copies.count == 2)
        #expect(Set(copies.map(\.cluster)).count == 1)
        let cluster = copies[0].cluster
        #expect(documents.contains { $0.cluster == cluster && ($0.id.hasSuffix("-orig") || $0.id == cluster) })
        for document in documents where !document.variants.isEmpty { #expect(document.variants == [.wordEdits]) }
        let reprintCounts = Dictionary(grouping: documents.filter { !$0.variants.isEmpty }, by: \.cluster).values
        #expect(reprintCounts.allSatisfy { $0.count == 2 })
        // Every base appears: stories, their copies, negatives' bodies and singletons (update material aside).
        #expect(documents.count >= bases.count - 10)
    }

    /// A flash shares its words with any story headed like it; the 8-gram rule cannot say which one it announces,
    /// so it is grouped with none (and chains none) and stays out of the labels.
    @Test func aHeadlineAloneIsWrittenButNotLabelledAndChainsNoStories() {
        let headline = "FED SETS TWO BILLION DLRS OF CUSTOMER REPURCHASE AGREEMENTS"
        var bases = Self.bases(60)
        bases[0].text = headline + "\n\n" + bases[0].text
        bases[1].text = headline + "\n\n" + bases[1].text
        bases.append(("flash", headline + "\n"))
        bases.append(("wrapped", "U.S. M-1 MONEY SUPPLY RISES 1.2 BILLION\nDLRS IN MARCH 16 WEEK, FED SAYS\n"))
        let groups = BaseGroups()
        #expect(groups.isHeadline(headline) && groups.isHeadline(bases[61].text))
        #expect(!groups.isHeadline(bases[0].text))
        #expect(groups.isHeadline("FED SETS REPURCHASES\r\nFED SAYS\r\n"))
        #expect(!groups.isHeadline("FED SETS REPURCHASES\r\n\r\nThe Fed said it set them.\r\n"))
        #expect(!groups.isHeadline("BAHRAIN DOLLAR CROSS RATES\nBAHRAIN 0.37693/03 JORDAN 0.33640/00\nSTG 1.6180/90"))
        #expect(!groups.isHeadline(headline + " " + Array(repeating: "word", count: 30).joined(separator: " ")))
        let names = groups.groups(bases.map(\.text)).map { Set($0.map { bases[$0].id }) }
        #expect(names.contains(["flash"]) && names.contains(["base0"]) && names.contains(["base1"]))

        var generator = ReprintGenerator()
        generator.keepAllBases = true
        generator.variants = [.wordEdits]  // an update would take the headlines as fresh paragraphs
        let documents = generator.generate(bases: bases, stories: 10, seed: 5)
        let flashes = documents.filter { $0.text.hasPrefix(headline) && !$0.text.contains("\n\n") }
        let unlabelled = documents.filter { !$0.labelled }
        #expect(flashes.count == 1 && unlabelled.count == 2 && unlabelled.contains(flashes[0]))
    }

    /// End to end on generated data: reprints found, negatives and singletons kept apart.
    @Test func neardupClustersAGeneratedCorpusAccurately() {
        let documents = ReprintGenerator().generate(bases: Self.bases(150), stories: 40, seed: 12)
        let result = clusterTexts(documents.map { ($0.id, $0.text) })
        let ids = documents.map(\.id)
        var prediction: [String: String] = [:]
        for cluster in result.clusters {
            for member in cluster.members { prediction[ids[member.document]] = cluster.id }
        }
        let labels = Dictionary(uniqueKeysWithValues: documents.map { ($0.id, $0.cluster) })
        let score = PairwiseEvaluation(
            labels: ClusterAssignment(clusterOf: labels), prediction: ClusterAssignment(clusterOf: prediction))
        #expect(score.truePairs > 50)
        #expect(score.f1 >= 0.95, "P \(score.precision) R \(score.recall)")
    }

    @Test func syntheticCorporaHaveTheSizeAskedForAndAreDeterministic() {
        let model = BigramModel(texts: Self.bases(30).map(\.text))
        let first = ReprintGenerator().generateSynthetic(documents: 500, seed: 8, model: model)
        #expect(first.count == 500)
        #expect(first == ReprintGenerator().generateSynthetic(documents: 500, seed: 8, model: model))
        #expect(first != ReprintGenerator().generateSynthetic(documents: 500, seed: 9, model: model))
        #expect(Set(first.map(\.id)).count == 500)
        // Streaming hands out the same documents in the same order.
        var streamed: [ReprintGenerator.Document] = []
        ReprintGenerator().generateSynthetic(documents: 500, seed: 8, model: model) { streamed.append($0) }
        #expect(streamed == first)
        for document in first where document.id.contains("-r") {
            #expect(document.cluster == String(document.id.prefix { $0 != "-" }) && !document.variants.isEmpty)
        }
    }

    @Test func syntheticStoriesAreClusteredAccurately() {
        let documents = ReprintGenerator().generateSynthetic(documents: 400, seed: 21)
        let result = clusterTexts(documents.map { ($0.id, $0.text) })
        let ids = documents.map(\.id)
        var prediction: [String: String] = [:]
        for cluster in result.clusters {
            for member in cluster.members { prediction[ids[member.document]] = cluster.id }
        }
        let score = PairwiseEvaluation(
            labels: ClusterAssignment(
                clusterOf: Dictionary(uniqueKeysWithValues: documents.map { ($0.id, $0.cluster) })),
            prediction: ClusterAssignment(clusterOf: prediction))
        #expect(score.truePairs > 100)
        #expect(score.f1 >= 0.95, "P \(score.precision) R \(score.recall)")
    }
}
