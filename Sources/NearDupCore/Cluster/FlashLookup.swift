/// The rule that finds the stories a headline flash may announce, shared by the one-shot engine and the live index
/// (which must find exactly the same candidates).
///
/// Stories are indexed by the distinct words of their headline and lead; a word in more stories than `common` is too
/// common to look up and is granted, and a story is a candidate when it holds, with the granted words, the share of
/// the flash's words that `Verifier.flashContainment` asks for.
enum FlashLookup {
    /// Words of the flash a story must hold (granted ones included).
    static func needed(_ words: [UInt32]) -> Int {
        Int((Verifier.flashContainment * Double(words.count)).rounded(.up))
    }

    /// Calls `candidate` with every story the flash with these lead words may announce.
    static func stories<Story: Hashable>(
        of words: [UInt32], postings: (UInt32) -> [Story]?, common: Int, candidate: (Story) -> Void
    ) {
        let needed = needed(words)
        var granted = 0
        var hits: [Story: Int] = [:]
        for word in words {
            guard let stories = postings(word) else { continue }
            if stories.count > common {
                granted += 1
                continue
            }
            for story in stories { hits[story, default: 0] += 1 }
        }
        for (story, count) in hits where count + granted >= needed { candidate(story) }
    }
}
