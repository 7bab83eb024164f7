/// The rule that finds the stories a headline flash may announce, shared by the one-shot engine and the live index
/// (which must find exactly the same candidates).
///
/// Stories are indexed by the distinct words of their headline and lead; a word in more stories than `common` is too
/// common to look up and is granted, and a story is a candidate when it holds, with the granted words, the share of
/// the flash's words that the verifier may ask for: `Verifier.closeFlashContainment` of a flash with a filing time
/// (a story filed within the hour may hold that share; the verifier asks more of the others),
/// `Verifier.flashContainment` of one without, or when the filing-time rules are off.
enum FlashLookup {
    /// Words of the flash a story must hold (granted ones included).
    static func needed(_ flash: DocumentFingerprint, _ configuration: Configuration) -> Int {
        let close = flash.filedAt != nil && configuration.filingGap > 0
        let share = close ? Verifier.closeFlashContainment : Verifier.flashContainment
        return Int((share * Double(flash.leadWords.count)).rounded(.up))
    }

    /// Calls `candidate` with every story the flash may announce.
    static func stories<Story: Hashable, Postings: Collection<Story>>(
        of flash: DocumentFingerprint, _ configuration: Configuration, postings: (UInt32) -> Postings?, common: Int,
        candidate: (Story) -> Void
    ) {
        let words = flash.leadWords
        let needed = needed(flash, configuration)
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
