import Foundation

/// A word-bigram model for synthetic articles: news-like word statistics without reusing real paragraphs, so that
/// every generated story is new text and corpora of any size have true labels.
public struct BigramModel: Sendable {
    private let words: [String]
    private let successors: [[Int32]]

    /// Trains on whitespace-separated words of `texts`; with no text, uses a Zipf-distributed pseudo-vocabulary.
    public init(texts: [String]) {
        var index: [String: Int32] = [:]
        var words: [String] = []
        var successors: [[Int32]] = []
        func id(_ word: Substring) -> Int32 {
            if let existing = index[String(word)] { return existing }
            let next = Int32(words.count)
            index[String(word)] = next
            words.append(String(word))
            successors.append([])
            return next
        }
        for text in texts {
            var previous: Int32?
            for word in text.split(whereSeparator: \.isWhitespace) {
                let current = id(word)
                if let previous { successors[Int(previous)].append(current) }
                previous = current
            }
        }
        if words.count < 100 {
            var random = SplitMix64(seed: 99)
            words = (0..<20_000).map { rank in
                String((0..<(3 + rank % 7)).map { _ in "abcdefghiklmnoprstuw".randomElement(using: &random)! })
            }
            // Zipf-like: each word is followed by words drawn with probability falling with their rank.
            successors = (0..<words.count).map { _ in
                (0..<8).map { _ in Int32(min(19_999, Int(pow(20_000.0, Double.random(in: 0..<1, using: &random))) - 1))
                }
            }
        }
        self.words = words
        self.successors = successors
    }

    /// A paragraph of about `length` words, in sentences.
    public func paragraph(length: Int, _ random: inout SplitMix64) -> String {
        var output: [String] = []
        var current = Int.random(in: 0..<words.count, using: &random)
        var sentence = 0
        for position in 0..<length {
            var word = words[current]
            if sentence == 0, let first = word.first { word = first.uppercased() + word.dropFirst() }
            sentence += 1
            if sentence >= 8 && (random.chance(0.12) || position == length - 1) {
                if !word.hasSuffix(".") { word += "." }
                sentence = 0
            } else if position == length - 1 && !word.hasSuffix(".") {
                word += "."
            }
            output.append(word)
            let next = successors[current]
            current =
                next.isEmpty || random.chance(0.05)
                ? Int.random(in: 0..<words.count, using: &random)
                : Int(next[Int.random(in: 0..<next.count, using: &random)])
        }
        return output.joined(separator: " ")
    }

    /// A headline and 4–9 paragraphs of 20–60 words.
    public func article(_ random: inout SplitMix64) -> [String] {
        let headline = paragraph(length: Int.random(in: 5...9, using: &random), &random).uppercased()
        return [String(headline.dropLast())]
            + (0..<Int.random(in: 4...9, using: &random)).map { _ in
                paragraph(length: Int.random(in: 20...60, using: &random), &random)
            }
    }
}
