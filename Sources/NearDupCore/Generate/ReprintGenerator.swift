/// Builds labelled reprint corpora from real base articles: each story appears as its original and as edited
/// reprints, alongside hard negatives (other articles that carry one quoted paragraph of the story) and unrelated
/// singletons. Deterministic for a given seed and base.
public struct ReprintGenerator: Sendable {
    public struct Document: Sendable, Equatable {
        public var id: String
        public var cluster: String
        public var text: String
        /// The edits applied (empty for originals, hard negatives and singletons).
        public var variants: [ReprintVariant]
        /// False for a headline alone among the bases (`BaseGroups.isHeadline`): it is in the corpus, but no rule
        /// here can say which story it announces, so it is not in the labels and not scored.
        public var labelled = true
    }

    /// Share of stories that get a hard negative.
    public var negativeRate = 0.3
    /// Share of base articles used as unrelated singletons.
    public var singletonRate = 0.2
    /// Reprints per story: uniformly between these bounds.
    public var reprints = 1...4
    /// Edits per reprint: uniformly between these bounds.
    public var editsPerReprint = 1...3
    /// The edits reprints draw from.
    public var variants = ReprintVariant.allCases
    /// Every base article not used for a story or its reprints becomes a document of its own (templated notices,
    /// tables and follow-up stories included), instead of `singletonRate` of them.
    public var keepAllBases = false
    /// How copies among the base articles are found (they are labelled as one story, never dropped).
    public var baseGroups = BaseGroups()

    public init() {}

    static let sites: [(header: [String], footer: [String])] = [
        (
            ["Daily Courier", "Breaking News | World | Business | Sport"],
            [
                "Share this article on Facebook, Twitter and by email with your friends and family today",
                "Copyright 2024 The Daily Courier. All rights reserved. This material may not be published or redistributed.",
            ]
        ),
        (
            ["World Wire Online", "Image caption: file photo"],
            [
                "Related topics: world news, politics, markets and economy coverage from our correspondents",
                "Sign up for our morning newsletter to get the most important stories delivered to your inbox every day",
            ]
        ),
        (
            ["Metro Evening Post"],
            ["Follow us for the latest updates and read more stories from the Metro Evening Post newsroom online"]
        ),
    ]

    /// Splits base texts into paragraphs (collapsing hard-wrapped lines) with NearDup's own segmenter, without its
    /// wrapped-headline rule, so that the corpora stay those that earlier runs of the grid were measured on.
    public static func paragraphs(of text: String) -> [String] {
        var tokenizer = Tokenizer()
        let stream = tokenizer.tokenize(text)
        var segments: [Segment] = []
        Segmenter(maximumParagraphTokens: 10_000, windowTokens: 10_000, headlineTokens: 0).segment(
            stream, into: &segments)
        let bytes = Array(text.utf8)
        return segments.map { segment in
            String(decoding: bytes[Int(segment.byteStart)..<Int(segment.byteEnd)], as: UTF8.self)
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }

    /// Generates a corpus. `bases` are article texts; those with at least three paragraphs of 8+ words and 120
    /// words can become stories, the others are used as fresh paragraphs for updates and as singletons. Bases that
    /// are copies of one another (`BaseGroups`) are labelled as one story: a story's copies among the bases appear
    /// beside its reprints, as they are.
    public func generate(bases: [(id: String, text: String)], stories: Int, seed: UInt64) -> [Document] {
        var random = SplitMix64(seed: seed)
        let paragraphs = bases.map { Self.paragraphs(of: $0.text) }
        var storyPool: [[Int]] = []
        var fillerPool: [[Int]] = []
        for group in baseGroups.groups(bases.map(\.text)) {
            let head = paragraphs[group[0]]
            let words = head.reduce(0) { $0 + $1.split(separator: " ").count }
            let long = head.filter { $0.split(separator: " ").count >= 8 }
            if long.count >= 3 && words >= 120 {
                storyPool.append(group)
            } else if !head.isEmpty {
                fillerPool.append(group)
            }
        }
        storyPool.shuffle(using: &random)
        let storyCount = min(stories, storyPool.count / 3)
        // Stories first; long articles left over give the negatives full bodies, the rest serve as update material
        // and singletons.
        var bodies = Array(storyPool[storyCount...])
        var spare = fillerPool
        spare.shuffle(using: &random)
        var documents: [Document] = []
        func copies(of group: [Int], cluster: String) {
            for (index, member) in group.dropFirst().enumerated() {
                documents.append(
                    Document(
                        id: "\(cluster)-copy\(index)", cluster: cluster, text: join(paragraphs[member]), variants: []))
            }
        }
        for (index, group) in storyPool.prefix(storyCount).enumerated() {
            let cluster = "s\(index)"
            let story = paragraphs[group[0]]
            documents.append(Document(id: "\(cluster)-orig", cluster: cluster, text: join(story), variants: []))
            copies(of: group, cluster: cluster)
            for copy in 0..<Int.random(in: reprints, using: &random) {
                let kinds = Array(
                    variants.shuffled(using: &random).prefix(Int.random(in: editsPerReprint, using: &random)))
                // Only an update uses fresh paragraphs; other reprints leave the base for a document of its own.
                let fresh = kinds.contains(.update) ? spare.popLast().map { paragraphs[$0[0]] } ?? [] : []
                let text = apply(kinds, to: story, fresh: fresh, site: index % Self.sites.count, &random)
                documents.append(Document(id: "\(cluster)-r\(copy)", cluster: cluster, text: text, variants: kinds))
            }
            // A negative's body is a base without copies: copies of it would be labelled with a story it no longer is.
            if random.chance(negativeRate), let position = bodies.lastIndex(where: { $0.count == 1 }) {
                let group = bodies.remove(at: position)
                var body = paragraphs[group[0]]
                let quote =
                    story.filter { $0.split(separator: " ").count >= 12 }.randomElement(using: &random) ?? story[0]
                body.insert(quote, at: Int.random(in: 1...body.count, using: &random))
                documents.append(
                    Document(id: "\(cluster)-neg", cluster: "\(cluster)-neg", text: join(body), variants: []))
            }
        }
        let singletons =
            keepAllBases ? bodies.count + spare.count : Int(Double(storyCount) * singletonRate / (1 - singletonRate))
        for index in 0..<singletons {
            guard let group = bodies.popLast() ?? spare.popLast() else { break }
            let cluster = "single\(index)"
            documents.append(
                Document(
                    id: cluster, cluster: cluster, text: join(paragraphs[group[0]]), variants: [],
                    labelled: !baseGroups.isHeadline(bases[group[0]].text)))
            copies(of: group, cluster: cluster)
        }
        return documents
    }

    /// Generates `documents` documents of synthetic stories (from `model`) and hands each to `sink` as soon as it is
    /// made, so that corpora of millions of documents never sit in memory. Same seed, same corpus.
    public func generateSynthetic(
        documents count: Int, seed: UInt64, model: BigramModel = BigramModel(texts: []), sink: (Document) -> Void
    ) {
        var random = SplitMix64(seed: seed)
        var emitted = 0
        var story = 0
        var singles = 0
        func emit(_ document: Document) {
            guard emitted < count else { return }
            sink(document)
            emitted += 1
        }
        while emitted < count {
            let cluster = "s\(story)"
            let paragraphs = model.article(&random)
            emit(Document(id: "\(cluster)-orig", cluster: cluster, text: join(paragraphs), variants: []))
            for copy in 0..<Int.random(in: reprints, using: &random) {
                let kinds = Array(
                    variants.shuffled(using: &random).prefix(Int.random(in: editsPerReprint, using: &random)))
                let fresh = model.article(&random).dropFirst().prefix(3)
                let text = apply(kinds, to: paragraphs, fresh: Array(fresh), site: story % Self.sites.count, &random)
                emit(Document(id: "\(cluster)-r\(copy)", cluster: cluster, text: text, variants: kinds))
            }
            if random.chance(negativeRate) {
                var body = model.article(&random)
                let quote = paragraphs.dropFirst().randomElement(using: &random)!
                body.insert(quote, at: Int.random(in: 1...body.count, using: &random))
                emit(Document(id: "\(cluster)-neg", cluster: "\(cluster)-neg", text: join(body), variants: []))
            }
            if random.chance(singletonRate) {
                emit(
                    Document(
                        id: "single\(singles)", cluster: "single\(singles)", text: join(model.article(&random)),
                        variants: []))
                singles += 1
            }
            story += 1
        }
    }

    /// `generateSynthetic` collected into an array (tests, benchmarks).
    public func generateSynthetic(documents count: Int, seed: UInt64, model: BigramModel = BigramModel(texts: []))
        -> [Document]
    {
        var documents: [Document] = []
        documents.reserveCapacity(count)
        generateSynthetic(documents: count, seed: seed, model: model) { documents.append($0) }
        return documents
    }

    func join(_ paragraphs: [String], separator: String = "\n\n") -> String { paragraphs.joined(separator: separator) }

    func apply(
        _ kinds: [ReprintVariant], to original: [String], fresh: [String], site: Int, _ random: inout SplitMix64
    ) -> String {
        var paragraphs = original
        var separator = "\n\n"
        var characterEdits: [(String) -> String] = []
        for kind in kinds {
            switch kind {
            case .update:
                for index in paragraphs.indices where random.chance(0.25) {
                    paragraphs[index] = editWords(paragraphs[index], rate: 0.15, &random)
                }
                for paragraph in fresh.prefix(Int.random(in: 1...3, using: &random)) {
                    paragraphs.insert(paragraph, at: Int.random(in: 1...paragraphs.count, using: &random))
                }
            case .dropReorder:
                // Never below the headline and two body paragraphs: a reprint keeps at least its lead.
                if paragraphs.count > 3 {
                    paragraphs = paragraphs.enumerated().filter { $0.offset == 0 || !random.chance(0.2) }.map(\.element)
                }
                for _ in 0..<max(1, paragraphs.count / 4) {
                    let a = Int.random(in: 1..<max(2, paragraphs.count), using: &random) % paragraphs.count
                    let b = Int.random(in: 1..<max(2, paragraphs.count), using: &random) % paragraphs.count
                    paragraphs.swapAt(a, b)
                }
            case .wireShort:
                let keep = max(3, Int(Double(paragraphs.count) * Double.random(in: 0.35...0.5, using: &random)))
                paragraphs = Array(paragraphs.prefix(keep))
            case .wordEdits:
                paragraphs = paragraphs.map { editWords($0, rate: 0.04, &random) }
            case .boilerplate:
                let furniture = Self.sites[site]
                paragraphs = furniture.header + paragraphs + furniture.footer
            case .curlyQuotes:
                characterEdits.append(Self.curly)
            case .treebank:
                separator = "\n"
                characterEdits.append(Self.treebank)
            case .lostBreaks:
                separator = " "
            case .ocrNoise:
                var local = SplitMix64(seed: random.next())
                characterEdits.append { Self.ocr($0, &local) }
            }
        }
        var text = paragraphs.joined(separator: separator)
        for edit in characterEdits { text = edit(text) }
        return text
    }

    func editWords(_ paragraph: String, rate: Double, _ random: inout SplitMix64) -> String {
        var words = paragraph.split(separator: " ").map(String.init)
        var index = 0
        while index < words.count {
            if random.chance(rate) {
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    words[index] = ["reportedly", "officials", "latest", "said", "also"].randomElement(using: &random)!
                case 1: words.remove(at: index)
                default: words.insert(["new", "further", "today"].randomElement(using: &random)!, at: index)
                }
            }
            index += 1
        }
        return words.joined(separator: " ")
    }

    static func curly(_ text: String) -> String {
        var output = ""
        var open = true
        for character in text {
            switch character {
            case "\"":
                output.append(open ? "\u{201C}" : "\u{201D}")
                open.toggle()
            case "'": output.append("\u{2019}")
            case "-": output.append("\u{2013}")
            default: output.append(character)
            }
        }
        return output
    }

    static func treebank(_ text: String) -> String {
        var output = ""
        var open = true
        for character in text {
            switch character {
            case "\"":
                output += open ? " `` " : " '' "
                open.toggle()
            case "(": output += " -LRB- "
            case ")": output += " -RRB- "
            case ",", ".", ";", ":", "?", "!": output += " \(character) "
            default: output.append(character)
            }
        }
        return output.replacingOccurrences(of: "n't", with: " n't").replacingOccurrences(of: "'s ", with: " 's ")
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            .replacingOccurrences(of: " \n ", with: "\n")
    }

    static func ocr(_ text: String, _ random: inout SplitMix64) -> String {
        var output = ""
        for character in text {
            if random.chance(0.01) {
                switch character {
                case "m": output += "rn"
                case "l": output += "1"
                case "e": output += "c"
                case "o": output += "0"
                case "i": output += "l"
                default: output.append(character)
                }
            } else {
                output.append(character)
            }
        }
        return output
    }
}
