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

    /// A flash wrapped by the wire is one headline, however many of its words the first line holds; a title above
    /// a body, a short table of four lines or a longer text keeps its lines.
    @Test func aWrappedHeadlineIsOneSegment() {
        let flash = "German May current account surplus 7.5 billion marks\n(April surplus 6.1  billion) - official\n"
        #expect(segments(flash).count == 1)
        let three = "Kuala lumpur rubber opg call - april 8 rss ones (in order\nbyr/slr/last trd/sales)\n all unquoted"
        #expect(segments(three).count == 1)
        let titled = "LONDON COFFEE GRADINGS/TENDERS - APR 7\n\nNone posted, Total todate 20 originals."
        #expect(segments(titled).count == 2)
        let table =
            "LME COPPER AFT 2ND RING 1617 - APR 7\n                 LAST    BUYER   SELLER\n"
            + " Std Cash          --       --       --\n 3 Months          --       --       --"
        #expect(segments(table).count > 1)
        // Blank lines around the block do not matter; a blank line inside it, an indented line after the first, a
        // fourth line or a 31st word does.
        let fifteen = Array(repeating: "w", count: 15).joined(separator: " ")
        #expect(segments(fifteen + "\n" + fifteen).count == 1)
        #expect(segments(fifteen + "\n" + fifteen + " w").count == 2)
        #expect(segments("\n\n" + flash + "\n\n").count == 1)
        #expect(segments("N.Y. SUGAR FREIGHTS - April 7\n    Nil\n reuter").count > 1)
        #expect(segments("FIRST LINE OF A HEADLINE\n\nSECOND LINE").count == 2)
        #expect(segments("One line.\nTwo lines.\nThree lines.\nFour lines.").count == 4)
        let twenty = Array(repeating: "word", count: 20).joined(separator: " ")
        #expect(
            segments("SHORT HEADLINE\n" + twenty + "\n" + "and ten more words to pass the thirty mark here").count > 1)
        #expect(segments(twenty + "\n" + twenty).count == 2)
        // The generator splits its base texts without it.
        let generator = Segmenter(maximumParagraphTokens: 10_000, windowTokens: 10_000, headlineTokens: 0)
        #expect(segments(flash, segmenter: generator).count == 2)
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
