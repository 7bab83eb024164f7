/// What NearDup keeps of a paragraph once its text is dropped.
public struct ParagraphFingerprint: Sendable, Equatable, Codable {
    /// Position among the document's segments (0-based), counting short ones that carry no evidence.
    public var ordinal: Int32
    /// Byte range in the document's (decompressed) bytes.
    public var byteStart: Int32
    public var byteEnd: Int32
    public var tokenCount: Int32
    /// Distinct paragraph shingles.
    public var shingleCount: Int32
    /// Order-dependent hash of the paragraph's normalised words: equal for identical paragraphs.
    public var contentHash: UInt64

    public init(
        ordinal: Int32, byteStart: Int32, byteEnd: Int32, tokenCount: Int32, shingleCount: Int32, contentHash: UInt64
    ) {
        self.ordinal = ordinal
        self.byteStart = byteStart
        self.byteEnd = byteEnd
        self.tokenCount = tokenCount
        self.shingleCount = shingleCount
        self.contentHash = contentHash
    }
}

/// The identity and length of any segment, short ones included: enough to recognise site furniture (headers,
/// captions, share lines) by how many documents carry it, and to discount its shingles.
public struct SegmentDigest: Sendable, Equatable, Codable {
    public var contentHash: UInt64
    public var tokenCount: Int32
    /// Which of the segment's first 32 facts are dates (a run of at most three words that names a month: `april 7`,
    /// `closing apr 7`), one bit each in the order of `DocumentFingerprint.facts(ofSegment:)`. 0 in fingerprints
    /// written before. Declared here, where `tokenCount` leaves 4 bytes of padding: a segment stays 32 bytes.
    public var dates: UInt32
    /// Sequence hash with figures and dates masked (`TemplateFacts`): shared by the fillings of one template.
    public var templateHash: UInt64
    /// End (exclusive) of this segment's facts in `DocumentFingerprint.facts`; they start where the previous
    /// segment's end.
    public var factEnd: Int32
    /// The segment's `SubjectWord` (0: none).
    public var subject: UInt32

    public init(
        contentHash: UInt64, tokenCount: Int32, templateHash: UInt64? = nil, factEnd: Int32 = 0, subject: UInt32 = 0,
        dates: UInt32 = 0
    ) {
        self.contentHash = contentHash
        self.tokenCount = tokenCount
        self.templateHash = templateHash ?? contentHash
        self.factEnd = factEnd
        self.subject = subject
        self.dates = dates
    }
}

/// What NearDup keeps of a document once its text is dropped: a few hundred bytes, whatever the text's size.
public struct DocumentFingerprint: Sendable, Equatable, Codable {
    public var byteCount: Int
    public var tokenCount: Int
    /// Distinct document shingles.
    public var shingleCount: Int
    /// Order-dependent hash of all normalised words: equal for documents that are identical after normalisation.
    public var contentHash: UInt64
    /// One-permutation MinHash of the document shingles (`Configuration.slots` values).
    public var minHash: [UInt32]
    /// SimHash of the document shingles (0 unless the method is `simhash`).
    public var simHash: UInt64
    /// Paragraphs long enough to carry evidence (`Configuration.minimumParagraphTokens`).
    public var paragraphs: [ParagraphFingerprint]
    /// Number of segments including the short ones.
    public var segmentCount: Int { segments.count }
    /// Every segment in order, short ones included.
    public var segments: [SegmentDigest]
    /// Distinct 32-bit word hashes of the headline and lead (the first `Fingerprinter.leadSegments` segments, at most
    /// `Fingerprinter.leadTokens` words), sorted: what a headline-only flash is compared with. A possessive is there as
    /// written and as the word it names (`brazils` and `brazil` for `Brazil's`, `TokenStream.possessives`).
    public var leadWords: [UInt32]
    /// 32-bit hashes of the figures and dates of each segment (`TemplateFacts`), segment after segment.
    public var facts: [UInt32]
    /// The words of the headline that the text writes as names (`NameWords`), sorted, in the form of `leadWords`;
    /// empty for a text of more than `Verifier.shortNoticeTokens` words or without a headline.
    public var names: [UInt32]
    /// The issuer's exchange symbol in the headline (`TickerSymbol`), 0 when there is none.
    public var ticker: UInt32
    /// The template hash of the first line, with each run of figures and dates one placeholder
    /// (`TemplateFacts.collapsedTemplate`), when the text is short enough for a report (`Verifier.reportTokens`) and
    /// that line is of headline length (`Verifier.maximumFlashTokens`), holds a figure in digits and has more text
    /// after it; 0 otherwise, and in fingerprints written before it. A table's headline names its session ("CBT 12:20
    /// EDT", "NY COMEX COPPER 1030") on a line of its own, which the segmenter may join to the rows below it.
    public var firstLineTemplate: UInt64
    /// The figures and dates of that line (`TemplateFacts`), when `firstLineTemplate` is not 0.
    public var firstLineFacts: [UInt32]
    /// The figures the text compares (`FigureComparisons`), for a text short enough for a report
    /// (`Verifier.reportTokens`); empty otherwise, and in fingerprints written before.
    public var comparisons: [UInt64]
    /// MinHash of each evidence paragraph, `Configuration.paragraphSlots` values each, in `paragraphs` order.
    public var paragraphMinHashes: [UInt32]
    /// Invalid UTF-8 sequences read as U+FFFD.
    public var invalidSequences: Int
    public var nulBytes: Int
    public var controlBytes: Int
    /// When the document was filed (`FilingTime`), if its input says: not part of the text, but of the evidence
    /// (`Configuration.filingGap`).
    public var filedAt: Int64?

    public init(
        byteCount: Int, tokenCount: Int, shingleCount: Int, contentHash: UInt64, minHash: [UInt32], simHash: UInt64,
        paragraphs: [ParagraphFingerprint], segments: [SegmentDigest], facts: [UInt32] = [], leadWords: [UInt32] = [],
        names: [UInt32] = [], ticker: UInt32 = 0, firstLineTemplate: UInt64 = 0, firstLineFacts: [UInt32] = [],
        comparisons: [UInt64] = [], paragraphMinHashes: [UInt32], invalidSequences: Int, nulBytes: Int,
        controlBytes: Int, filedAt: Int64? = nil
    ) {
        self.firstLineTemplate = firstLineTemplate
        self.firstLineFacts = firstLineFacts
        self.comparisons = comparisons
        self.filedAt = filedAt
        self.facts = facts
        self.names = names
        self.ticker = ticker
        self.leadWords = leadWords
        self.byteCount = byteCount
        self.tokenCount = tokenCount
        self.shingleCount = shingleCount
        self.contentHash = contentHash
        self.minHash = minHash
        self.simHash = simHash
        self.paragraphs = paragraphs
        self.segments = segments
        self.paragraphMinHashes = paragraphMinHashes
        self.invalidSequences = invalidSequences
        self.nulBytes = nulBytes
        self.controlBytes = controlBytes
    }

    /// Whether the document is a headline alone (`Verifier.isFlash`).
    public var isHeadlineOnly: Bool { Verifier.isFlash(self) }

    /// The facts of segment `index`.
    public func facts(ofSegment index: Int) -> ArraySlice<UInt32> {
        let start = index == 0 ? 0 : Int(segments[index - 1].factEnd)
        return facts[start..<Int(segments[index].factEnd)]
    }
}
