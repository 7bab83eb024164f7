import ArgumentParser
import NearDupCore

extension SignatureMethod: ExpressibleByArgument {}

/// Options shared by every command that fingerprints or compares documents.
struct EngineOptions: ParsableArguments {
    @Option(help: "Document signature: minhash (Jaccard and containment) or simhash (Hamming distance).")
    var method: SignatureMethod = .minhash

    @Option(help: "Estimated Jaccard similarity at or above which documents are near-duplicates.")
    var threshold: Double = Configuration().threshold

    @Option(help: "Share of the shorter document found in the other at or above which it is a reprint.")
    var containment: Double = Configuration().containment

    @Option(help: "Shorter-document containment that makes a reprint even without matched paragraphs.")
    var strongContainment: Double = Configuration().strongContainment

    @Option(name: .customLong("shingle"), help: "Words per document shingle.")
    var documentShingle: Int = Configuration().documentShingleSize

    @Option(help: "Words per paragraph shingle.")
    var paragraphShingle: Int = Configuration().paragraphShingleSize

    @Option(help: "Document MinHash slots (a power of two).")
    var slots: Int = Configuration().slots

    @Option(help: "Paragraph MinHash slots (a power of two).")
    var paragraphSlots: Int = Configuration().paragraphSlots

    @Option(help: "Estimated containment at or above which two paragraphs match.")
    var paragraphMatch: Double = Configuration().paragraphMatch

    @Option(help: "Paragraphs with fewer words carry no paragraph evidence.")
    var minParagraphWords: Int = Configuration().minimumParagraphTokens

    @Option(help: "Paragraphs with more words are cut into sentence windows.")
    var maxParagraphWords: Int = Configuration().maximumParagraphTokens

    @Option(
        name: .customLong("max-df"),
        help: "A paragraph shared by more documents than this is site furniture and is ignored as evidence.")
    var maximumDocumentFrequency: Int = Configuration().maximumDocumentFrequency

    @Option(help: "Template: a segment whose words (figures and dates masked) recur in this many documents...")
    var templateDocuments: Int = Configuration().templateDocuments

    @Option(help: "...in at least this many fillings is a template, furniture rather than evidence of copying.")
    var templateVariants: Int = Configuration().templateVariants

    @Option(
        help: ArgumentHelp(
            "Chaining guard: clusters merge only if the mean similarity of their members (or, through an article, "
                + "of each to the other's end of the edge) reaches this."))
    var chainFloor: Double = Configuration().chainFloor

    @Option(
        help: """
            Short notices, reports, and a flash and its story, filed further apart than this (90s, 15m, 18h, 2d) \
            are two stories; 0 turns the rule off. Applies to documents with a filing time (--time-field).
            """)
    var filingGap: FilingGap = FilingGap(seconds: Configuration().filingGap)

    @Option(help: "SimHash: Hamming distance at or below which documents are near-duplicates.")
    var simhashDistance: Int = Configuration().simhashDistance

    @Option(help: "Flag clusters with more members than this.")
    var largeCluster: Int = Configuration().suspiciousClusterSize

    var configuration: Configuration {
        var configuration = Configuration()
        configuration.method = method
        configuration.threshold = threshold
        configuration.containment = containment
        configuration.strongContainment = strongContainment
        configuration.documentShingleSize = documentShingle
        configuration.paragraphShingleSize = paragraphShingle
        configuration.slots = slots
        configuration.paragraphSlots = paragraphSlots
        configuration.paragraphMatch = paragraphMatch
        configuration.minimumParagraphTokens = minParagraphWords
        configuration.maximumParagraphTokens = maxParagraphWords
        configuration.windowTokens = min(configuration.windowTokens, maxParagraphWords)
        configuration.maximumDocumentFrequency = maximumDocumentFrequency
        configuration.chainFloor = chainFloor
        configuration.filingGap = filingGap.seconds
        configuration.templateDocuments = templateDocuments
        configuration.templateVariants = templateVariants
        configuration.simhashDistance = simhashDistance
        configuration.suspiciousClusterSize = largeCluster
        return configuration
    }

    func validate() throws {
        if let problem = configuration.problem() { throw ValidationError(problem) }
    }
}

/// `--filing-gap`: a `TimeSpan`, or 0 for off.
struct FilingGap: ExpressibleByArgument {
    let seconds: Double

    init(seconds: Double) { self.seconds = seconds }

    init?(argument: String) {
        if argument == "0" || argument == "off" {
            seconds = 0
        } else if let span = TimeSpan(argument: argument) {
            seconds = span.seconds
        } else {
            return nil
        }
    }

    var defaultValueDescription: String {
        seconds.truncatingRemainder(dividingBy: 3600) == 0 ? "\(Int(seconds / 3600))h" : "\(seconds)s"
    }
}
