/// The edits a generated reprint can carry; a variant applies one to three of them.
public enum ReprintVariant: String, Sendable, CaseIterable, Codable {
    /// A later version of an evolving story: some paragraphs rewritten, new paragraphs added.
    case update
    /// Paragraphs dropped and reordered.
    case dropReorder = "drop-reorder"
    /// The wire short version: the first third to half of the story.
    case wireShort = "wire-short"
    /// A few words replaced, deleted or inserted.
    case wordEdits = "word-edits"
    /// A site's header and footer lines (shared by every article of that site).
    case boilerplate
    /// Typographic quotes and dashes.
    case curlyQuotes = "curly-quotes"
    /// Penn-Treebank tokenisation (`` `` ``, `-LRB-`, `do n't`).
    case treebank
    /// All paragraph breaks lost.
    case lostBreaks = "lost-breaks"
    /// OCR-like character confusions.
    case ocrNoise = "ocr-noise"
}
