@testable import NearDupCore

/// Deterministic pseudo-random text for tests (SplitMix64), so every run sees the same "random" corpus.
struct TestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return StableMix.finalize(state)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// A sentence of `count` distinct-looking words.
    mutating func words(_ count: Int) -> [String] {
        (0..<count).map { _ in "w" + String(below(50_000), radix: 36) }
    }

    mutating func paragraph(_ count: Int) -> String { words(count).joined(separator: " ") + "." }
}

extension Tokenizer {
    /// Token hashes of a string (tests).
    static func hashes(_ text: String) -> [UInt64] {
        var tokenizer = Tokenizer()
        return tokenizer.tokenize(text).tokens
    }
}

/// Hashes of plain lower-case words joined by spaces, for comparing against normalised input.
func wordHashes(_ words: String) -> [UInt64] {
    words.split(separator: " ").map { XXHash64.hash(String($0)) }
}

/// The 32-bit hash of one plain lower-case word, the form of subject and lead words.
func wordHash32(_ word: String) -> UInt32 {
    UInt32(truncatingIfNeeded: XXHash64.hash(word))
}
