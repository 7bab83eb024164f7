/// Groups base articles that are copies of one another by a rule that does not involve NearDup: two bases are one
/// story when at least `sharedShare` of the shorter one's word 8-grams are in the other (lower-cased ASCII letters
/// and digits form words; 8-grams found in more than `commonLimit` bases are template phrases and not counted).
///
/// The generator labels the members of a group as one story (a wire service re-sends and corrects its copy) instead
/// of dropping them, and keeps every other base — templated notices and follow-up stories included — as a story of
/// its own: hard negatives that NearDup must keep apart.
///
/// A headline alone (`isHeadline`) is grouped with nothing and left unlabelled: whether a flash announces a story or
/// only shares its phrases, word overlap cannot tell, and a flash would chain the stories whose headlines it matches.
public struct BaseGroups: Sendable {
    public static let gram = 8
    public var sharedShare = 0.8
    public var commonLimit = 50
    /// A base of one block of at most two lines and this many words is a headline without a story.
    public var headlineWords = 30

    public init() {}

    /// Groups of indices into `texts`, each sorted, in order of their first member.
    public func groups(_ texts: [String]) -> [[Int]] {
        let grams = texts.map { isHeadline($0) ? [] : Self.grams($0) }
        var postings: [UInt64: [Int32]] = [:]
        for (index, set) in grams.enumerated() {
            for gram in set { postings[gram, default: []].append(Int32(index)) }
        }
        var shared: [UInt64: Int] = [:]
        for owners in postings.values where owners.count > 1 && owners.count <= commonLimit {
            for i in 0..<owners.count {
                for j in (i + 1)..<owners.count {
                    shared[UInt64(owners[i]) << 32 | UInt64(owners[j]), default: 0] += 1
                }
            }
        }
        let countable = grams.map { set in set.filter { (postings[$0]?.count ?? 0) <= commonLimit }.count }
        var parent = Array(texts.indices)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for (pair, count) in shared {
            let a = Int(pair >> 32)
            let b = Int(pair & 0xFFFF_FFFF)
            let shorter = min(countable[a], countable[b])
            if shorter > 0 && Double(count) >= sharedShare * Double(shorter) {
                let (ra, rb) = (root(a), root(b))
                if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
            }
        }
        var members: [Int: [Int]] = [:]
        for index in texts.indices { members[root(index), default: []].append(index) }
        return members.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    /// Whether `text` is a headline alone: one block (no blank line between its lines) of at most two lines and
    /// `headlineWords` words. Reuters flashes are one line, some wrapped to two; tables are longer.
    public func isHeadline(_ text: String) -> Bool {
        var lines = 0
        var words = 0
        var blankAfterText = false
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let lineWords = line.split(whereSeparator: \.isWhitespace).count
            if lineWords == 0 {
                blankAfterText = lines > 0
                continue
            }
            if blankAfterText { return false }
            lines += 1
            words += lineWords
        }
        return lines > 0 && lines <= 2 && words <= headlineWords
    }

    /// Hashes of the distinct word 8-grams of `text` (a shorter text gives one gram of all its words).
    static func grams(_ text: String) -> Set<UInt64> {
        var words: [UInt64] = []
        var current: [UInt8] = []
        func flush() {
            if !current.isEmpty { words.append(XXHash64.hash(current)) }
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32)
            default: flush()
            }
        }
        flush()
        guard !words.isEmpty else { return [] }
        let width = min(gram, words.count)
        var result = Set<UInt64>()
        for start in 0...(words.count - width) {
            var hash: UInt64 = 0x3847_5241_4D53_0001
            for word in words[start..<(start + width)] { hash = StableMix.combine(hash, word) }
            result.insert(StableMix.finalize(hash))
        }
        return result
    }
}
