/// Finds the word runs two passages share, for highlighting: character ranges of each passage covered by a word
/// trigram (after case folding) that also occurs in the other passage.
public enum SharedRuns {
    struct Word {
        var range: Range<String.Index>
        var key: String
    }

    static func words(_ text: String) -> [Word] {
        var words: [Word] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isLetter || character.isNumber {
                if start == nil { start = index }
            } else if let begin = start {
                words.append(Word(range: begin..<index, key: text[begin..<index].lowercased()))
                start = nil
            }
            index = text.index(after: index)
        }
        if let begin = start { words.append(Word(range: begin..<text.endIndex, key: text[begin...].lowercased())) }
        return words
    }

    /// Ranges of `text` in runs shared with `other` (runs of at least `width` words), merged and in order.
    public static func ranges(in text: String, sharedWith other: String, width: Int = 3) -> [Range<String.Index>] {
        let mine = words(text)
        let theirs = words(other)
        guard mine.count >= width, theirs.count >= width else { return [] }
        var grams = Set<String>()
        for start in 0...(theirs.count - width) {
            grams.insert(theirs[start..<(start + width)].map(\.key).joined(separator: " "))
        }
        var marked = [Bool](repeating: false, count: mine.count)
        for start in 0...(mine.count - width)
        where grams.contains(mine[start..<(start + width)].map(\.key).joined(separator: " ")) {
            for offset in start..<(start + width) { marked[offset] = true }
        }
        var ranges: [Range<String.Index>] = []
        var index = 0
        while index < mine.count {
            guard marked[index] else {
                index += 1
                continue
            }
            var end = index
            while end + 1 < mine.count && marked[end + 1] { end += 1 }
            ranges.append(mine[index].range.lowerBound..<mine[end].range.upperBound)
            index = end + 1
        }
        return ranges
    }

    /// `text` as HTML with the shared runs in `<mark>` elements; everything escaped.
    public static func highlighted(_ text: String, sharedWith other: String) -> String {
        var html = ""
        var cursor = text.startIndex
        for range in ranges(in: text, sharedWith: other) {
            html += HTMLEscaping.escape(text[cursor..<range.lowerBound])
            html += "<mark>" + HTMLEscaping.escape(text[range]) + "</mark>"
            cursor = range.upperBound
        }
        return html + HTMLEscaping.escape(text[cursor...])
    }
}
