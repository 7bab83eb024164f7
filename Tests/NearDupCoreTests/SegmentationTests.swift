import Testing

@testable import NearDupCore

@Suite("Paragraph segmentation")
struct SegmentationTests {
    func segments(_ text: String, segmenter: Segmenter = Segmenter()) -> [Segment] {
        var tokenizer = Tokenizer()
        let stream = tokenizer.tokenize(text)
        var output: [Segment] = []
        segmenter.segment(stream, into: &output)
        return output
    }

    @Test func blankLinesSeparateParagraphs() {
        let text = "First paragraph here.\n\nSecond one is here.\n\n\nThird."
        #expect(segments(text).map(\.tokenCount) == [3, 4, 1])
    }

    @Test func singleNewlinesSeparateParagraphsWhenLinesAreWhole() {
        let text = "A sentence that ends.\nAnother sentence that ends.\nA third one.\nAnd a fourth."
        #expect(segments(text).count == 4)
    }

    @Test func hardWrappedTextIsJoinedAtIndentsAndBlankLines() {
        let text = """
            HEADLINE IN CAPITALS

            New Zealand's trading bank seasonally
            adjusted deposit growth rose 2.6 pct in January compared with a
            rise of 9.4 pct in December, the Reserve Bank said.
                Year-on-year total deposits rose 30.6 pct compared with a
            26.3 pct increase in the December year and 34.5 pct rise a year
            ago period, it said in its weekly statistical release.
            """
        let found = segments(text)
        #expect(found.count == 3)
        #expect(found[0].tokenCount == 3)
    }

    @Test func aLongBlockIsCutIntoSentenceWindows() {
        var random = TestRandom(seed: 7)
        let sentences = (0..<40).map { _ in random.paragraph(12) }
        let text = sentences.joined(separator: " ")
        let found = segments(text, segmenter: Segmenter(maximumParagraphTokens: 100, windowTokens: 40))
        #expect(found.count >= 8)
        #expect(found.allSatisfy { $0.tokenCount <= 100 })
        // Windows tile the block: contiguous token ranges, nothing lost.
        #expect(found.first?.tokenStart == 0)
        #expect(found.last?.tokenEnd == 480)
        for (previous, next) in zip(found, found.dropFirst()) { #expect(previous.tokenEnd == next.tokenStart) }
        // Cuts fall on sentence starts (every 12 words).
        #expect(found.dropLast().allSatisfy { $0.tokenEnd % 12 == 0 })
    }

    @Test func byteRangesStayInsideTheDocument() {
        var random = TestRandom(seed: 3)
        let text = (0..<30).map { _ in random.paragraph(15) }.joined(separator: " ")
        let count = Int32(text.utf8.count)
        for segment in segments(text, segmenter: Segmenter(maximumParagraphTokens: 60, windowTokens: 30)) {
            #expect(segment.byteStart >= 0 && segment.byteStart <= segment.byteEnd && segment.byteEnd <= count)
        }
    }
}
