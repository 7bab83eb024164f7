/// Splits a token stream into paragraphs.
///
/// Two layouts are recognised. Text with one paragraph per line (with or without blank lines between) gives one
/// paragraph per non-blank line. Hard-wrapped text — short lines that mostly stop mid-sentence, as in wire copy —
/// is joined back into paragraphs that end at blank lines, indented lines, or a short line that ends a sentence.
/// A text of at most `headlineTokens` words on at most `headlineLines` lines, with no blank line between and no
/// indented line after the first, is one segment: a headline wrapped by the wire (a flash's "... 7.5 billion marks"
/// over "(April surplus 6.1 billion) - official"), whose first line is not a paragraph of its own. Reuters-21578
/// marks 1,798 stories as a headline alone (`BRIEF`): 1,630 on one line, 166 on two, 2 on three, none on more, and
/// none with an indented line.
/// A paragraph longer than `maximumParagraphTokens` (a document with no line breaks at all, for instance) is cut at
/// sentence starts into windows of about `windowTokens` tokens, so that such documents still yield paragraph
/// evidence.
public struct Segmenter: Sendable {
    public var maximumParagraphTokens: Int
    public var windowTokens: Int
    /// Longest one-block text read as one segment (0: none); `Verifier.maximumFlashTokens` by default.
    public var headlineTokens: Int

    public init(
        maximumParagraphTokens: Int = 160, windowTokens: Int = 60,
        headlineTokens: Int = Int(Verifier.maximumFlashTokens)
    ) {
        precondition(windowTokens > 0 && maximumParagraphTokens >= windowTokens)
        self.maximumParagraphTokens = maximumParagraphTokens
        self.windowTokens = windowTokens
        self.headlineTokens = headlineTokens
    }

    /// Appends the segments of `stream` to `segments` (after removing what it held).
    public func segment(_ stream: TokenStream, into segments: inout [Segment]) {
        segments.removeAll(keepingCapacity: true)
        let lines = stream.lines
        if let block = oneShortBlock(lines) {
            emit(block, stream, &segments)
            return
        }
        let wrapped = Self.looksHardWrapped(lines)
        var open: Segment?
        var previousVisible: LineSpan?
        var previousWasBlank = true
        let shortLine = Self.shortLineLength(lines)
        for line in lines {
            if line.visibleLength == 0 {
                previousWasBlank = true
                continue
            }
            let startsParagraph: Bool
            if !wrapped || previousWasBlank || line.isIndented {
                startsParagraph = true
            } else if let previous = previousVisible {
                startsParagraph = previous.endsSentence && previous.visibleLength < shortLine
            } else {
                startsParagraph = true
            }
            if startsParagraph, let finished = open {
                emit(finished, stream, &segments)
                open = nil
            }
            open = Self.extending(open, to: line)
            previousVisible = line
            previousWasBlank = false
        }
        if let finished = open { emit(finished, stream, &segments) }
    }

    private func emit(_ paragraph: Segment, _ stream: TokenStream, _ segments: inout [Segment]) {
        guard paragraph.tokenCount > 0 else { return }
        guard paragraph.tokenCount > maximumParagraphTokens else {
            segments.append(paragraph)
            return
        }
        // Cut at sentence starts; a sentence longer than two windows is cut where it reaches that length.
        let starts = stream.sentenceStarts
        var cursor = starts.lowerBound(of: paragraph.tokenStart + 1)
        var windowStart = paragraph.tokenStart
        while paragraph.tokenEnd - windowStart > Int32(maximumParagraphTokens) {
            let target = windowStart + Int32(windowTokens)
            while cursor < starts.count && starts[cursor] < target { cursor += 1 }
            var cut = cursor < starts.count ? starts[cursor] : paragraph.tokenEnd
            if cut - windowStart > Int32(2 * windowTokens) || cut >= paragraph.tokenEnd {
                cut = min(windowStart + Int32(windowTokens), paragraph.tokenEnd)
            }
            segments.append(
                Segment(
                    byteStart: Self.byteOffset(ofToken: windowStart, paragraph, stream),
                    byteEnd: Self.byteOffset(ofToken: cut, paragraph, stream),
                    tokenStart: windowStart, tokenEnd: cut))
            windowStart = cut
        }
        segments.append(
            Segment(
                byteStart: Self.byteOffset(ofToken: windowStart, paragraph, stream), byteEnd: paragraph.byteEnd,
                tokenStart: windowStart, tokenEnd: paragraph.tokenEnd))
    }

    /// Most lines a wrapped headline runs to.
    static let headlineLines = 3

    /// The whole text as one segment when it is a wrapped headline: `headlineLines` at most, `headlineTokens` words
    /// at most.
    func oneShortBlock(_ lines: [LineSpan]) -> Segment? {
        guard headlineTokens > 0 else { return nil }
        var block: Segment?
        var blankAfterText = false
        var count = 0
        for line in lines {
            if line.visibleLength == 0 {
                blankAfterText = block != nil
                continue
            }
            count += 1
            // An indented line starts a body or a table's row ("    Nil" under "N.Y. SUGAR FREIGHTS - April 7"); a
            // headline's next line starts at the margin or one space in.
            if blankAfterText || count > Self.headlineLines || (count > 1 && line.isIndented) { return nil }
            let joined = Self.extending(block, to: line)
            if joined.tokenCount > headlineTokens { return nil }
            block = joined
        }
        return count >= 2 ? block : nil
    }

    /// `segment` with `line` added at its end, or the line alone.
    static func extending(_ segment: Segment?, to line: LineSpan) -> Segment {
        guard var segment else {
            return Segment(
                byteStart: line.byteStart, byteEnd: line.byteEnd, tokenStart: line.tokenStart, tokenEnd: line.tokenEnd)
        }
        segment.byteEnd = line.byteEnd
        segment.tokenEnd = line.tokenEnd
        return segment
    }

    /// Byte offsets are only known per line; a window starting mid-line is placed by linear interpolation over the
    /// line's tokens, which is close enough to show the passage and never outside the paragraph.
    static func byteOffset(ofToken token: Int32, _ paragraph: Segment, _ stream: TokenStream) -> Int32 {
        if token <= paragraph.tokenStart { return paragraph.byteStart }
        if token >= paragraph.tokenEnd { return paragraph.byteEnd }
        let lines = stream.lines
        var low = 0
        var high = lines.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lines[mid].tokenStart <= token { low = mid } else { high = mid - 1 }
        }
        let line = lines[low]
        let tokens = max(1, Int64(line.tokenEnd - line.tokenStart))
        let bytes = Int64(line.byteEnd - line.byteStart)
        let offset = Int64(line.byteStart) + bytes * Int64(token - line.tokenStart) / tokens
        return Int32(min(max(offset, Int64(paragraph.byteStart)), Int64(paragraph.byteEnd)))
    }

    /// Hard-wrapped text: at least four non-blank lines, a median line of at most 100 visible characters, and at
    /// least 40 % of lines ending mid-sentence.
    static func looksHardWrapped(_ lines: [LineSpan]) -> Bool {
        var lengths: [Int32] = []
        var open = 0
        for line in lines where line.visibleLength > 0 {
            lengths.append(line.visibleLength)
            if !line.endsSentence { open += 1 }
        }
        guard lengths.count >= 4 else { return false }
        lengths.sort()
        return lengths[lengths.count / 2] <= 100 && open * 10 >= lengths.count * 4
    }

    /// In wrapped text a line shorter than 70 % of the typical line that ends a sentence closes its paragraph.
    static func shortLineLength(_ lines: [LineSpan]) -> Int32 {
        var longest: Int32 = 0
        for line in lines where line.visibleLength > longest { longest = line.visibleLength }
        return longest * 7 / 10
    }
}
