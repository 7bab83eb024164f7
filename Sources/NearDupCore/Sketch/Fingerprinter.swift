/// Turns a document's bytes into its `DocumentFingerprint`: normalise, segment, shingle, sketch.
///
/// A fingerprinter owns scratch buffers; give each worker thread its own and reuse it for every document.
public struct Fingerprinter: Sendable {
    public let configuration: Configuration
    private var tokenizer = Tokenizer()
    private var stream = TokenStream()
    private var segments: [Segment] = []
    private var shingles: [UInt64] = []
    private var counter = DistinctCounter()
    private var numberFlags: [Bool] = []
    private let documentSketch: OnePermutationMinHash
    private let paragraphSketch: OnePermutationMinHash
    private let simHash = SimHash(seed: 0x5349_4D48_4153_4836)

    /// The headline and lead: the first three segments (a table's first line is a segment of its own), at most 80
    /// words.
    public static let leadSegments = 3
    public static let leadTokens = 80

    /// Seeds are fixed so that signatures from different runs and machines are comparable.
    static let documentSeed: UInt64 = 0x4E44_5550_444F_4353
    static let paragraphSeed: UInt64 = 0x4E44_5550_5041_5241
    static let shingleSeed: UInt64 = 0x5348_494E_474C_4531

    public init(configuration: Configuration) {
        self.configuration = configuration
        documentSketch = OnePermutationMinHash(slots: configuration.slots, seed: Self.documentSeed)
        paragraphSketch = OnePermutationMinHash(slots: configuration.paragraphSlots, seed: Self.paragraphSeed)
    }

    /// Fingerprints one document.
    public mutating func fingerprint(_ bytes: UnsafeRawBufferPointer) -> DocumentFingerprint {
        tokenizer.tokenize(bytes, into: &stream)
        Segmenter(
            maximumParagraphTokens: configuration.maximumParagraphTokens, windowTokens: configuration.windowTokens
        ).segment(stream, into: &segments)
        let tokens = stream.tokens
        numberFlags.removeAll(keepingCapacity: true)
        numberFlags.append(contentsOf: repeatElement(false, count: tokens.count))
        for index in stream.numberTokens { numberFlags[Int(index)] = true }
        // A possessive names what it owns: "BRAZIL'S PRESIDENT ..." is about Brazil, for the subject rule and for
        // the lead words a flash is matched on (`brazils` is no word of "BRAZIL TO RESHUFFLE CABINET").
        var named = tokens
        for possessive in stream.possessives { named[Int(possessive.token)] = possessive.stem }
        var facts: [UInt32] = []
        var digests: [SegmentDigest] = []
        digests.reserveCapacity(segments.count)
        for segment in segments {
            let range = Int(segment.tokenStart)..<Int(segment.tokenEnd)
            var dates: UInt32 = 0
            let template = TemplateFacts.scan(tokens, range, isNumber: numberFlags, facts: &facts, dates: &dates)
            digests.append(
                SegmentDigest(
                    contentHash: Self.sequenceHash(tokens[range]), tokenCount: Int32(segment.tokenCount),
                    templateHash: template, factEnd: Int32(facts.count),
                    subject: SubjectWord.of(named, range, isNumber: numberFlags), dates: dates))
        }
        let firstLine = firstLineDigest(tokens)
        var lead: [UInt32] = []
        if let last = segments.prefix(Self.leadSegments).last {
            let end = min(Int(last.tokenEnd), Self.leadTokens)
            // Both forms: a flash and its story agree on the name whether or not each writes the `'s`. (Only the
            // name instead of both linked more flashes to other stories on Reuters; RESULTS, 2026-12-06.)
            lead = tokens[0..<end].map { UInt32(truncatingIfNeeded: $0) }
            for possessive in stream.possessives where possessive.token < end {
                lead.append(UInt32(truncatingIfNeeded: possessive.stem))
            }
            SortedSet32.normalise(&lead)
        }
        var fingerprint = DocumentFingerprint(
            byteCount: bytes.count, tokenCount: tokens.count, shingleCount: 0,
            contentHash: Self.sequenceHash(tokens[...]), minHash: [], simHash: 0, paragraphs: [],
            segments: digests, facts: facts, leadWords: lead,
            names: headlineNames(bytes, tokens), ticker: headlineSymbol(bytes), firstLineTemplate: firstLine.template,
            firstLineFacts: firstLine.facts,
            comparisons: tokens.count <= Verifier.reportTokens
                ? FigureComparisons.of(tokens, isNumber: numberFlags) : [],
            paragraphMinHashes: [],
            invalidSequences: stream.invalidSequences,
            nulBytes: stream.nulBytes, controlBytes: stream.controlBytes)
        guard !tokens.isEmpty else { return fingerprint }

        Self.shingle(tokens[...], size: configuration.documentShingleSize, into: &shingles)
        fingerprint.shingleCount = shingles.withUnsafeBufferPointer { counter.count($0) }
        switch configuration.method {
        case .minhash:
            fingerprint.minHash = [UInt32](repeating: 0, count: configuration.slots)
            shingles.withUnsafeBufferPointer { input in
                fingerprint.minHash.withUnsafeMutableBufferPointer { documentSketch.sketch(input, into: $0) }
            }
        case .simhash:
            fingerprint.simHash = shingles.withUnsafeBufferPointer { simHash.fingerprint($0) }
        }

        let paragraphSlots = configuration.paragraphSlots
        let evidence = segments.enumerated().filter { $0.element.tokenCount >= configuration.minimumParagraphTokens }
        fingerprint.paragraphs.reserveCapacity(evidence.count)
        fingerprint.paragraphMinHashes = [UInt32](repeating: 0, count: evidence.count * paragraphSlots)
        for (position, (ordinal, segment)) in evidence.enumerated() {
            let words = tokens[Int(segment.tokenStart)..<Int(segment.tokenEnd)]
            Self.shingle(words, size: configuration.paragraphShingleSize, into: &shingles)
            let distinct = shingles.withUnsafeBufferPointer { counter.count($0) }
            shingles.withUnsafeBufferPointer { input in
                fingerprint.paragraphMinHashes.withUnsafeMutableBufferPointer { all in
                    let slice = UnsafeMutableBufferPointer(
                        rebasing: all[(position * paragraphSlots)..<((position + 1) * paragraphSlots)])
                    paragraphSketch.sketch(input, into: slice)
                }
            }
            fingerprint.paragraphs.append(
                ParagraphFingerprint(
                    ordinal: Int32(ordinal), byteStart: segment.byteStart, byteEnd: segment.byteEnd,
                    tokenCount: Int32(segment.tokenCount), shingleCount: Int32(distinct),
                    contentHash: fingerprint.segments[ordinal].contentHash))
        }
        return fingerprint
    }

    /// Fingerprints a string (tests, small inputs).
    public mutating func fingerprint(_ text: String) -> DocumentFingerprint {
        var copy = text
        return copy.withUTF8 { fingerprint(UnsafeRawBufferPointer($0)) }
    }

    /// The segments of the last document fingerprinted (for explanations, not stored).
    public var lastSegments: [Segment] { segments }

    /// Word k-gram hashes of `tokens`; a run shorter than `size` gives one shingle of all its words.
    ///
    /// A shingle's hash is `finalize(seed ^ k ^ Σ rotl(wordᵢ, 23·i))` (XOR over its words): the rotation makes it
    /// order-dependent and the one finalisation per shingle mixes it fully, at a fraction of the cost of chaining a
    /// mixer through every word.
    public static func shingle(_ tokens: ArraySlice<UInt64>, size: Int, into output: inout [UInt64]) {
        output.removeAll(keepingCapacity: true)
        guard !tokens.isEmpty else { return }
        let width = min(size, tokens.count)
        let count = tokens.count - width + 1
        let seed = shingleSeed ^ UInt64(width)
        @inline(__always) func rotate(_ word: UInt64, _ offset: Int) -> UInt64 {
            let rotation = UInt64((23 * offset) & 63)
            return rotation == 0 ? word : (word << rotation) | (word >> (64 - rotation))
        }
        // Reuse the caller's storage: resize (zero-filled, within existing capacity) and overwrite in place.
        output.append(contentsOf: repeatElement(0, count: count))
        output.withUnsafeMutableBufferPointer { buffer in
            tokens.withUnsafeBufferPointer { words in
                // The common widths get loops with constant rotations; others the general loop.
                switch width {
                case 3:
                    for start in 0..<count {
                        let hash = seed ^ words[start] ^ rotate(words[start + 1], 1) ^ rotate(words[start + 2], 2)
                        buffer[start] = StableMix.finalize(hash)
                    }
                case 4:
                    for start in 0..<count {
                        let hash =
                            seed ^ words[start] ^ rotate(words[start + 1], 1) ^ rotate(words[start + 2], 2)
                            ^ rotate(words[start + 3], 3)
                        buffer[start] = StableMix.finalize(hash)
                    }
                default:
                    for start in 0..<count {
                        var hash = seed
                        for offset in 0..<width { hash ^= rotate(words[start + offset], offset) }
                        buffer[start] = StableMix.finalize(hash)
                    }
                }
            }
        }
    }

    /// The first line's template and facts (`DocumentFingerprint.firstLineTemplate`): read only for a report-length
    /// text whose first line is of headline length, holds a figure and has more text after it; the editions rule
    /// reads a longer table's headline only as a segment of its own (`Verifier.isTitle`). (0, []) otherwise.
    func firstLineDigest(_ tokens: [UInt64]) -> (template: UInt64, facts: [UInt32]) {
        guard tokens.count <= Verifier.reportTokens,
            let line = stream.lines.first(where: { $0.tokenEnd > $0.tokenStart }),
            line.tokenEnd - line.tokenStart <= Verifier.maximumFlashTokens, Int(line.tokenEnd) < tokens.count
        else { return (0, []) }
        let range = Int(line.tokenStart)..<Int(line.tokenEnd)
        guard numberFlags[range].contains(true) else { return (0, []) }
        let template = TemplateFacts.collapsedTemplate(tokens, range, isNumber: numberFlags)
        guard template != 0 else { return (0, []) }
        var facts: [UInt32] = []
        var dates: UInt32 = 0
        _ = TemplateFacts.scan(tokens, range, isNumber: numberFlags, facts: &facts, dates: &dates)
        return facts.isEmpty ? (0, []) : (template, facts)
    }

    /// The text's headline: its first segment, when another follows and it is short enough for a headline.
    var headline: Segment? {
        guard segments.count >= 2, let first = segments.first, first.tokenCount <= Int(Verifier.maximumFlashTokens)
        else { return nil }
        return first
    }

    /// The headline's exchange symbol (`TickerSymbol`), 0 without a headline or a symbol.
    func headlineSymbol(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let headline, headline.byteStart >= 0, headline.byteEnd <= bytes.count,
            headline.byteStart < headline.byteEnd
        else { return 0 }
        return TickerSymbol.of(UnsafeRawBufferPointer(rebasing: bytes[Int(headline.byteStart)..<Int(headline.byteEnd)]))
    }

    /// The words of a short text's headline that the text writes as names (`NameWords`): in capitals the headline
    /// does not say which of its words name someone.
    func headlineNames(_ bytes: UnsafeRawBufferPointer, _ tokens: [UInt64]) -> [UInt32] {
        guard tokens.count <= Verifier.shortNoticeTokens, let headline else { return [] }
        let words = tokens[Int(headline.tokenStart)..<Int(headline.tokenEnd)].map { UInt32(truncatingIfNeeded: $0) }
        return NameWords.of(bytes).filter(words.contains)
    }

    static func sequenceHash(_ tokens: ArraySlice<UInt64>) -> UInt64 {
        var hash: UInt64 = 0x434F_4E54_454E_5431
        for token in tokens { hash = StableMix.combine(hash, token) }
        return StableMix.finalize(hash ^ UInt64(tokens.count))
    }
}
