/// The word a segment is about, as wire headlines and notices put it first: `CHEMICAL <CHL> RAISES PRIME RATE`,
/// `Biotherapeutics Inc said its common stock...`.
///
/// A segment's subject word is its first word that is not a function word, a single letter, a figure, a number
/// written as a word, a month, or a weekday written out; a possessive is the word it names (`BRAZIL'S` is
/// `brazil`), and a name written "X of Y" is `Y` (`BANK OF MONTREAL` is `montreal`). Two short notices on one
/// template (prime rates, NASDAQ listings, crude postings, warrant bonds) share every other word; their subjects are
/// the issuers, and each issuer is absent from the other notice's headline and lead.
public enum SubjectWord {
    /// Words that start sentences and headlines without naming anything.
    static let functionWords: HashSet64 = HashSet64(
        [
            "the", "an", "in", "on", "at", "of", "for", "to", "by", "with", "from", "as", "and", "or", "but", "not",
            "no", "it", "its", "he", "she", "they", "we", "you", "his", "her", "their", "our", "this", "that", "these",
            "those", "there", "here", "if", "when", "while", "after", "before", "since", "under", "over", "about",
            "is", "are", "was", "were", "be", "has", "have", "had", "will", "would", "can", "could", "may", "might",
            "should", "said", "says", "also", "all", "some", "most", "more", "less", "other", "such", "what", "which",
            "who", "how", "why", "where", "one", "first", "new", "up", "down", "out", "into", "than", "then", "so",
            "mr", "mrs", "ms", "dr", "st",
        ].map { XXHash64.hash($0) }
            + (UInt8(ascii: "a")...UInt8(ascii: "z")).map { XXHash64.hash([$0]) })

    /// Weekdays written out (`TemplateFacts.weekdayNames`). An abbreviation is a name as often as a day at the head
    /// of a headline ("SUN <SUN> RAISES CRUDE POSTINGS 50 CTS" is Sun Co's notice, whose subject is not `raises`).
    static let weekdayNames: HashSet64 = HashSet64(TemplateFacts.weekdayNames.map { XXHash64.hash($0) })

    /// The subject word of `tokens[range]` as a 32-bit word hash (the form of `DocumentFingerprint.leadWords`), or 0
    /// when the segment has none.
    static func of(_ tokens: [UInt64], _ range: Range<Int>, isNumber: [Bool]) -> UInt32 {
        for index in range where names(tokens, index, isNumber: isNumber) {
            // "BANK OF MONTREAL CUTS PRIME RATE" and "BANK OF NOVA SCOTIA CUTS PRIME RATE": the head of a name
            // written "X of Y" is shared by every bank, ministry or university; what follows `of` tells them apart.
            // A function word there names nothing ("BANK OF THE WEST", "BANK OF NEW YORK" keep `bank`).
            let named =
                index + 2 < range.upperBound && tokens[index + 1] == ofWord
                    && names(tokens, index + 2, isNumber: isNumber)
                ? index + 2 : index
            let word = UInt32(truncatingIfNeeded: tokens[named])
            return word == 0 ? 1 : word
        }
        return 0
    }

    static let ofWord = XXHash64.hash("of")

    /// Whether `tokens[index]` may be a subject: no function word, figure, number word, month or weekday.
    @inline(__always)
    private static func names(_ tokens: [UInt64], _ index: Int, isNumber: [Bool]) -> Bool {
        let token = tokens[index]
        return
            !(isNumber[index] || functionWords.contains(token) || TemplateFacts.numberWords.contains(token)
            || TemplateFacts.dateWords.contains(token) || weekdayNames.contains(token))
    }
}
