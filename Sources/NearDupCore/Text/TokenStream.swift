/// One line of the input as the tokenizer saw it.
public struct LineSpan: Sendable, Equatable {
    /// Byte range of the line in the input, without its line break.
    public var byteStart: Int32
    public var byteEnd: Int32
    /// Token range of the line in `TokenStream.tokens`.
    public var tokenStart: Int32
    public var tokenEnd: Int32
    /// The line starts with two or more spaces or a tab (a paragraph start in hard-wrapped text).
    public var isIndented: Bool
    /// The last visible character of the line closes a sentence or a quotation.
    public var endsSentence: Bool
    /// Visible characters on the line (excluding leading and trailing white space).
    public var visibleLength: Int32
}

/// The normalised token hashes of one document with the line and sentence structure needed for segmentation.
///
/// Buffers are kept between documents so that a worker that reuses one stream allocates nothing in steady state.
public struct TokenStream: Sendable {
    /// `XXHash64` of each normalised word, in order.
    public internal(set) var tokens: [UInt64] = []
    /// Every line of the input, blank ones included.
    public internal(set) var lines: [LineSpan] = []
    /// Indices into `tokens` at which a new sentence starts.
    public internal(set) var sentenceStarts: [Int32] = []
    /// Indices into `tokens` of the words that start with a digit (figures, dates, `1st`): the facts that tell two
    /// fillings of one template apart.
    public internal(set) var numberTokens: [Int32] = []
    /// Words written as possessives (`Brazil's`, `BRAZIL’S`, `Brazil 's`): the token's index and the hash of the
    /// word without its `'s`, the name the subject rule and a flash's lead words look for. Contractions with `'s`
    /// (`it's`, `that's`) are recorded alike; their stems are function words, which no subject is.
    public internal(set) var possessives: [(token: Int32, stem: UInt64)] = []
    /// Byte sequences that were not valid UTF-8 and were read as U+FFFD.
    public internal(set) var invalidSequences = 0
    /// NUL bytes in the input.
    public internal(set) var nulBytes = 0
    /// C0 control bytes other than tab, line feed, carriage return, vertical tab and form feed.
    public internal(set) var controlBytes = 0
    /// Input size in bytes.
    public internal(set) var byteCount = 0

    public init() {}

    mutating func reset() {
        tokens.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        sentenceStarts.removeAll(keepingCapacity: true)
        numberTokens.removeAll(keepingCapacity: true)
        possessives.removeAll(keepingCapacity: true)
        invalidSequences = 0
        nulBytes = 0
        controlBytes = 0
        byteCount = 0
    }
}
