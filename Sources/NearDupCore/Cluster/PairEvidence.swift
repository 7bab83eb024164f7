/// Two paragraphs, one of each document, that carry the same text.
public struct ParagraphMatch: Sendable, Codable, Equatable {
    /// Segment ordinal in the first document.
    public var first: Int32
    /// Segment ordinal in the second document.
    public var second: Int32
    /// Estimated containment of the shorter paragraph in the longer (1 for identical paragraphs).
    public var similarity: Double
}

/// Everything measured about one pair of documents, and the verdict.
public struct PairEvidence: Sendable, Codable, Equatable {
    /// Estimated Jaccard similarity of the document shingle sets (nil with SimHash).
    public var jaccard: Double?
    /// Estimated share of the first document's shingles found in the second, and the reverse (nil with SimHash).
    public var containment: Double?
    public var containmentReverse: Double?
    /// Share of the first document's evidence-paragraph words in paragraphs matched in the second, and the reverse.
    public var coverage: Double
    public var coverageReverse: Double
    /// SimHash Hamming distance (nil with MinHash).
    public var simhashDistance: Int?
    /// Share of the figures and dates (`TemplateFacts`) of the document with fewer of them that the other document
    /// also carries, over text that is not furniture; nil when either has none.
    public var factAgreement: Double?
    /// How many facts the side with fewer has (the denominator of `factAgreement`).
    public var comparedFacts: Int?
    /// For a headline-only document beside a story: the share of its distinct words in the story's headline and
    /// lead (nil otherwise).
    public var leadContainment: Double?
    /// Matched paragraphs, each paragraph of the first document with its best partner.
    public var matches: [ParagraphMatch]
    /// The relation, or nil when the documents are not duplicates (they may still share paragraphs).
    public var kind: RelationKind?
    /// Strength used to order merges: the largest of Jaccard and the shorter side's containment and coverage.
    public var score: Double

    /// The evidence seen from the other document.
    public func swapped() -> PairEvidence {
        var copy = self
        copy.containment = containmentReverse
        copy.containmentReverse = containment
        copy.coverage = coverageReverse
        copy.coverageReverse = coverage
        copy.matches = matches.map { ParagraphMatch(first: $0.second, second: $0.first, similarity: $0.similarity) }
            .sorted { ($0.first, $0.second) < ($1.first, $1.second) }
        return copy
    }

    static let identical = PairEvidence(
        jaccard: 1, containment: 1, containmentReverse: 1, coverage: 1, coverageReverse: 1, simhashDistance: nil,
        factAgreement: nil, comparedFacts: nil, leadContainment: nil, matches: [], kind: .exact, score: 1)
}
