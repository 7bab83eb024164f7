/// Which document-level signature finds near-duplicate candidates.
public enum SignatureMethod: String, Sendable, Codable, CaseIterable {
    /// One-permutation MinHash with LSH banding: Jaccard and containment estimates.
    case minhash
    /// 64-bit SimHash with a permuted-table index: Hamming distance.
    case simhash
}

/// Every parameter of fingerprinting, candidate search, verification and clustering.
///
/// The defaults were chosen by measurement (see the README's "Defaults" section).
public struct Configuration: Sendable, Codable, Equatable {
    public var method: SignatureMethod = .minhash
    /// Words per document shingle.
    public var documentShingleSize = 4
    /// Words per paragraph shingle (shorter, because paragraphs are short).
    public var paragraphShingleSize = 3
    /// Document MinHash slots (a power of two).
    public var slots = 128
    /// Paragraph MinHash slots (a power of two).
    public var paragraphSlots = 32
    /// Estimated Jaccard similarity at or above which two documents are `near` duplicates.
    public var threshold = 0.5
    /// Share of the shorter document (shingles or paragraph tokens) found in the other at or above which it is a
    /// `reprint`.
    public var containment = 0.3
    /// Shorter-document shingle containment that makes a reprint even without matched paragraphs (a revision
    /// whose every paragraph was edited).
    public var strongContainment = 0.35
    /// Estimated containment of the shorter paragraph in the longer at or above which two paragraphs match.
    public var paragraphMatch = 0.6
    /// Paragraphs with fewer words carry no paragraph evidence (headlines, captions, bylines).
    public var minimumParagraphTokens = 8
    /// Paragraphs with more words are cut into sentence windows of about `windowTokens` words.
    public var maximumParagraphTokens = 160
    public var windowTokens = 60
    /// A paragraph (or paragraph LSH bucket) shared by more documents than this is site furniture and is ignored.
    public var maximumDocumentFrequency = 50
    /// A segment whose words, figures and dates masked, are carried by at least this many documents in at least
    /// `templateVariants` different fillings is a template (furniture): see `ClusterEngine.templateSegments`.
    public var templateDocuments = 5
    public var templateVariants = 3
    /// Chaining guard: two clusters merge only if the mean similarity over pairs of their members reaches this, or,
    /// through an edge with an article at one end that is not between reports, each cluster's mean similarity to the
    /// other's end of the edge (`ChainingGuard.endLinkage`).
    public var chainFloor = 0.15
    /// Two short notices, reports or a flash and a story whose filing times (`DocumentFingerprint.filedAt`) lie
    /// more than this many seconds apart are two stories, however alike their words: a wire sends the flash, the
    /// story, its re-sends and corrections within a news day (the judged Reuters versions of short texts within
    /// 16 hours), while the same notice or report filed again is the next day's, week's or month's. Longer
    /// articles filed that far apart are two stories only when a fifth of their figures changed: a syndicated
    /// reprint can run days later. 0 turns every filing-time rule off (`Verifier.filedApart`, the flash hour,
    /// `Verifier.filingPeriod`); documents without a filing time are never judged by them.
    public var filingGap: Double = 18 * 3600
    /// SimHash: Hamming distance at or below which two documents are `near` duplicates.
    public var simhashDistance = 3
    /// Clusters larger than this are flagged in the report.
    public var suspiciousClusterSize = 50
    /// Probability that a pair exactly at the threshold becomes a candidate; (bands, rows) are chosen to reach it.
    public var targetRecall = 0.99

    public init() {}

    /// The Jaccard similarity the document LSH is designed for: the lowest at which a pair can become an edge
    /// without paragraph evidence (two equally long documents at the strong containment have J = c / (2 − c)),
    /// but not below `minimumCandidateJaccard`: lower, the banding needs one row per band, and a large corpus
    /// would drown in candidates that share a single slot. Pairs below it are still found through their paragraphs.
    public var candidateThreshold: Double {
        max(min(threshold, Self.minimumCandidateJaccard), min(threshold, strongContainment / (2 - strongContainment)))
    }

    public static let minimumCandidateJaccard = 0.3

    /// Why a configuration cannot be used, or nil.
    public func problem() -> String? {
        func powerOfTwo(_ value: Int) -> Bool { value >= 2 && value.nonzeroBitCount == 1 }
        if !powerOfTwo(slots) || slots > 1024 { return "slots must be a power of two between 2 and 1024" }
        if !powerOfTwo(paragraphSlots) || paragraphSlots > 256 {
            return "paragraph slots must be a power of two between 2 and 256"
        }
        if !(1...16).contains(documentShingleSize) { return "document shingle size must be between 1 and 16" }
        if !(1...16).contains(paragraphShingleSize) { return "paragraph shingle size must be between 1 and 16" }
        for (name, value) in [
            ("threshold", threshold), ("containment", containment), ("strong containment", strongContainment),
            ("paragraph match", paragraphMatch),
            ("chain floor", chainFloor),
        ] where !(value >= 0 && value <= 1) {
            return "\(name) must be between 0 and 1"
        }
        if !(targetRecall > 0 && targetRecall < 1) { return "target recall must be between 0 and 1 (exclusive)" }
        if threshold == 0 { return "threshold must be above 0" }
        if minimumParagraphTokens < 1 { return "minimum paragraph tokens must be at least 1" }
        if windowTokens < 1 || maximumParagraphTokens < windowTokens {
            return "window tokens must be at least 1 and at most the maximum paragraph tokens"
        }
        if templateDocuments < 2 { return "template documents must be at least 2" }
        if templateVariants < 2 { return "template variants must be at least 2" }
        if maximumDocumentFrequency < 2 { return "maximum document frequency must be at least 2" }
        if !(0...32).contains(simhashDistance) { return "simhash distance must be between 0 and 32" }
        if !(filingGap == 0 || (filingGap >= 1 && filingGap <= 100 * 365 * 86_400)) {
            return "filing gap must be 0 (off) or between one second and a hundred years"
        }
        if suspiciousClusterSize < 2 { return "suspicious cluster size must be at least 2" }
        return nil
    }
}

extension Configuration {
    enum CodingKeys: String, CodingKey {
        case method, documentShingleSize, paragraphShingleSize, slots, paragraphSlots, threshold, containment
        case strongContainment, paragraphMatch, minimumParagraphTokens, maximumParagraphTokens, windowTokens
        case maximumDocumentFrequency, templateDocuments, templateVariants, chainFloor, filingGap, simhashDistance
        case suspiciousClusterSize, targetRecall
    }

    /// Reads every setting that is present and keeps the default for the others, so that reports written before a
    /// setting existed still read.
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, into value: inout T) throws {
            if let decoded = try container.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.method, into: &method)
        try read(.documentShingleSize, into: &documentShingleSize)
        try read(.paragraphShingleSize, into: &paragraphShingleSize)
        try read(.slots, into: &slots)
        try read(.paragraphSlots, into: &paragraphSlots)
        try read(.threshold, into: &threshold)
        try read(.containment, into: &containment)
        try read(.strongContainment, into: &strongContainment)
        try read(.paragraphMatch, into: &paragraphMatch)
        try read(.minimumParagraphTokens, into: &minimumParagraphTokens)
        try read(.maximumParagraphTokens, into: &maximumParagraphTokens)
        try read(.windowTokens, into: &windowTokens)
        try read(.maximumDocumentFrequency, into: &maximumDocumentFrequency)
        try read(.templateDocuments, into: &templateDocuments)
        try read(.templateVariants, into: &templateVariants)
        try read(.chainFloor, into: &chainFloor)
        try read(.filingGap, into: &filingGap)
        try read(.simhashDistance, into: &simhashDistance)
        try read(.suspiciousClusterSize, into: &suspiciousClusterSize)
        try read(.targetRecall, into: &targetRecall)
    }
}
