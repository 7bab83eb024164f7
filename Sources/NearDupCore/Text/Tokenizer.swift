/// Normalises UTF-8 bytes into word tokens without going through `String`.
///
/// Normalisation, in order of application:
/// - lossy UTF-8 decoding (each invalid sequence is one U+FFFD, counted, and separates words);
/// - compatibility folding for Latin text: ligatures (`ﬁ` → `fi`), full-width forms, typographic quotes, dashes,
///   non-breaking and other spaces; soft hyphens, zero-width characters and combining accents are dropped;
/// - case folding (Latin, Greek, Cyrillic) and folding of Latin diacritics to their base letters
///   (`São` → `sao`, `Straße` → `strasse`), so that reprints that lost their accents still match;
/// - Penn-Treebank de-tokenisation: `-LRB-` `-RRB-` `-LSB-` `-RSB-` `-LCB-` `-RCB-` are dropped, split clitics
///   (`Assad 's`, `do n't`, `we 're`) are joined to the word before, and `cannot` is read as `can not`;
/// - apostrophes inside words are removed (`don't` → `dont`), all other punctuation separates words.
///
/// Letters and digits of every script form words; ideographs, kana and the scripts written without spaces
/// (Thai, Lao, Myanmar, Khmer) give one token per character.
public struct Tokenizer: Sendable {
    private var current: [UInt8]
    private var pending: [UInt8]
    static let maximumTokenBytes = 96

    public init() {
        current = Array(repeating: 0, count: Self.maximumTokenBytes * 2 + 8)
        pending = Array(repeating: 0, count: Self.maximumTokenBytes * 2 + 8)
    }

    /// Tokenises `bytes` into `stream`, replacing what it held.
    public mutating func tokenize(_ bytes: UnsafeRawBufferPointer, into stream: inout TokenStream) {
        stream.reset()
        stream.byteCount = bytes.count
        current.withUnsafeMutableBufferPointer { current in
            pending.withUnsafeMutableBufferPointer { pending in
                var state = TokenizerState(current: current, pending: pending)
                state.run(bytes, &stream)
            }
        }
    }

    /// Convenience for tests and small inputs.
    public mutating func tokenize(_ text: String) -> TokenStream {
        var stream = TokenStream()
        var copy = text
        copy.withUTF8 { tokenize(UnsafeRawBufferPointer($0), into: &stream) }
        return stream
    }
}

/// The mutable state of one tokenizer pass, kept in locals so the hot loop stays in registers.
struct TokenizerState {
    var current: UnsafeMutableBufferPointer<UInt8>
    var pending: UnsafeMutableBufferPointer<UInt8>
    var currentLength = 0
    var inWord = false
    var apostropheInWord = false
    var internalApostropheAt = -1
    var startedAfterApostrophe = false
    var startedAfterHyphen = false
    var startsSentence = true
    var pendingLength = 0
    /// Length of the pending word without a possessive `'s` (`brazil` of `Brazil's` or `Brazil 's`), or -1.
    var pendingStem = -1
    var hasPending = false
    var pendingStartsSentence = false
    var apostropheAfterSpace = false
    var previousClass = CharacterClass.space
    var sentenceEndSeen = false
    var gapSinceSentenceEnd = false

    var lineStart = 0
    var lineTokenStart = 0
    var lineIndent = 0
    var lineHasContent = false
    var lineContentStart = 0
    var lineContentEnd = 0
    var lineLastScalar: UInt32 = 0

    init(current: UnsafeMutableBufferPointer<UInt8>, pending: UnsafeMutableBufferPointer<UInt8>) {
        self.current = current
        self.pending = pending
    }

    mutating func run(_ bytes: UnsafeRawBufferPointer, _ stream: inout TokenStream) {
        let count = bytes.count
        var index = 0
        var folded: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        while index < count {
            let lead = bytes[index]
            // Fast path: a run of ASCII letters and digits, lower-cased straight into the word buffer.
            let folded0 = Self.asciiWord[Int(lead)]
            if folded0 != 0 {
                if !inWord {
                    startWord()
                } else if apostropheInWord {
                    if internalApostropheAt < 0 { internalApostropheAt = currentLength }
                    apostropheInWord = false
                }
                let start = index
                var length = currentLength
                let limit = Tokenizer.maximumTokenBytes
                var byte = folded0
                repeat {
                    if length < limit {
                        current[length] = byte
                        length += 1
                    }
                    index += 1
                    byte = index < count ? Self.asciiWord[Int(bytes[index])] : 0
                } while byte != 0
                currentLength = length
                noteContent(start, index - start, UInt32(bytes[index - 1]))
                previousClass = .word
                continue
            }
            var scalar: UInt32
            var length = 1
            if lead < 0x80 {
                scalar = UInt32(lead)
                if lead < 0x20 {
                    if lead == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A {
                        index += 1
                        continue
                    }
                    if lead == 0 {
                        stream.nulBytes += 1
                    } else if lead != 0x09 && lead != 0x0A && lead != 0x0B && lead != 0x0C && lead != 0x0D {
                        stream.controlBytes += 1
                    }
                }
            } else {
                (scalar, length) = Self.decode(bytes, index, count)
                if length == 0 {
                    stream.invalidSequences += 1
                    scalar = 0xFFFD
                    length = 1
                }
            }
            let (characterClass, foldedCount) =
                lead < 0x80
                ? CharacterFolding.foldASCII(lead, into: &folded)
                : CharacterFolding.fold(scalar, into: &folded)
            handle(characterClass, folded, foldedCount, scalar, at: index, length: length, &stream)
            index += length
        }
        finishWord(next: .newline, &stream)
        endLine(at: count, &stream)
    }

    /// Lower-cased ASCII letters and digits; 0 for every other byte.
    static let asciiWord: [UInt8] = (0..<256).map { value -> UInt8 in
        switch value {
        case 0x30...0x39, 0x61...0x7A: UInt8(value)
        case 0x41...0x5A: UInt8(value | 0x20)
        default: 0
        }
    }

    /// Decodes one multi-byte scalar; returns length 0 for an invalid sequence.
    @inline(__always)
    static func decode(_ bytes: UnsafeRawBufferPointer, _ index: Int, _ count: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[index])
        let length: Int
        var scalar: UInt32
        var minimum: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; scalar = lead & 0x1F; minimum = 0x80
        case 0xE0...0xEF: length = 3; scalar = lead & 0x0F; minimum = 0x800
        case 0xF0...0xF4: length = 4; scalar = lead & 0x07; minimum = 0x10000
        default: return (0, 0)
        }
        if index + length > count { return (0, 0) }
        for offset in 1..<length {
            let byte = UInt32(bytes[index + offset])
            if byte & 0xC0 != 0x80 { return (0, 0) }
            scalar = (scalar << 6) | (byte & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return (0, 0) }
        return (scalar, length)
    }

    @inline(__always)
    mutating func handle(
        _ characterClass: CharacterClass, _ folded: (UInt8, UInt8, UInt8, UInt8), _ foldedCount: Int,
        _ scalar: UInt32, at index: Int, length: Int, _ stream: inout TokenStream
    ) {
        switch characterClass {
        case .word:
            if !inWord {
                startWord()
            } else if apostropheInWord {
                if internalApostropheAt < 0 { internalApostropheAt = currentLength }
                apostropheInWord = false
            }
            append(folded, foldedCount)
            noteContent(index, length, scalar)
        case .standalone:
            finishWord(next: .standalone, &stream)
            startWord()
            append(folded, foldedCount)
            finishWord(next: .standalone, &stream)
            noteContent(index, length, scalar)
        case .apostrophe:
            if inWord {
                if apostropheInWord {
                    finishWord(next: .apostrophe, &stream)
                } else {
                    apostropheInWord = true
                }
            } else {
                apostropheAfterSpace = previousClass != .word && previousClass != .standalone
            }
            noteContent(index, length, scalar)
        case .ignorable:
            return
        case .space:
            finishWord(next: .space, &stream)
            if !lineHasContent { lineIndent += scalar == 0x09 ? 4 : 1 }
            if sentenceEndSeen { gapSinceSentenceEnd = true }
        case .newline:
            finishWord(next: .newline, &stream)
            endLine(at: index, &stream)
            lineStart = index + length
            if sentenceEndSeen { gapSinceSentenceEnd = true }
        case .sentenceEnd:
            finishWord(next: .sentenceEnd, &stream)
            sentenceEndSeen = true
            gapSinceSentenceEnd = false
            noteContent(index, length, scalar)
        case .hyphen, .separator:
            finishWord(next: characterClass, &stream)
            noteContent(index, length, scalar)
        }
        previousClass = characterClass
    }

    @inline(__always)
    mutating func noteContent(_ index: Int, _ length: Int, _ scalar: UInt32) {
        if !lineHasContent {
            lineHasContent = true
            lineContentStart = index
        }
        lineContentEnd = index + length
        lineLastScalar = scalar
    }

    @inline(__always)
    mutating func startWord() {
        inWord = true
        currentLength = 0
        apostropheInWord = false
        internalApostropheAt = -1
        startedAfterApostrophe = previousClass == .apostrophe && apostropheAfterSpace
        startedAfterHyphen = previousClass == .hyphen
        if sentenceEndSeen && gapSinceSentenceEnd {
            startsSentence = true
        }
        sentenceEndSeen = false
        gapSinceSentenceEnd = false
    }

    @inline(__always)
    mutating func append(_ folded: (UInt8, UInt8, UInt8, UInt8), _ count: Int) {
        guard currentLength + count <= Tokenizer.maximumTokenBytes else { return }
        current[currentLength] = folded.0
        if count > 1 { current[currentLength + 1] = folded.1 }
        if count > 2 { current[currentLength + 2] = folded.2 }
        if count > 3 { current[currentLength + 3] = folded.3 }
        currentLength += count
    }

    mutating func finishWord(next: CharacterClass, _ stream: inout TokenStream) {
        guard inWord else { return }
        inWord = false
        apostropheInWord = false
        let length = currentLength
        if startedAfterHyphen && next == .hyphen && length == 3 && isTreebankBracket() {
            return
        }
        if hasPending && isClitic(length) {
            if length == 1 && current[0] == UInt8(ascii: "s") && pendingStem < 0 { pendingStem = pendingLength }
            for offset in 0..<length where pendingLength < pending.count {
                pending[pendingLength] = current[offset]
                pendingLength += 1
            }
            return
        }
        flushPending(&stream)
        // (A word cut at `maximumTokenBytes` may end in any letter: no possessive.)
        let possessive =
            internalApostropheAt > 0 && length == internalApostropheAt + 1 && length < Tokenizer.maximumTokenBytes
            && current[internalApostropheAt] == UInt8(ascii: "s")
        // The finished word becomes the pending one by swapping buffers (both hold a clitic-extended word).
        swap(&current, &pending)
        pendingLength = length
        pendingStem = possessive ? internalApostropheAt : -1
        hasPending = true
        pendingStartsSentence = startsSentence
        startsSentence = false
    }

    /// `-LRB-`, `-RRB-`, `-LSB-`, `-RSB-`, `-LCB-` and `-RCB-`, already lower-cased.
    func isTreebankBracket() -> Bool {
        let a = current[0]
        let b = current[1]
        let c = current[2]
        guard c == UInt8(ascii: "b"), a == UInt8(ascii: "l") || a == UInt8(ascii: "r") else { return false }
        return b == UInt8(ascii: "r") || b == UInt8(ascii: "s") || b == UInt8(ascii: "c")
    }

    /// A Penn-Treebank clitic split off the word before: `'s 're 'll 've 'd 'm` or `n't`.
    func isClitic(_ length: Int) -> Bool {
        if startedAfterApostrophe {
            switch length {
            case 1:
                let c = current[0]
                return c == UInt8(ascii: "s") || c == UInt8(ascii: "d") || c == UInt8(ascii: "m")
            case 2:
                let a = current[0]
                let b = current[1]
                return (a == UInt8(ascii: "r") && b == UInt8(ascii: "e"))
                    || (a == UInt8(ascii: "l") && b == UInt8(ascii: "l"))
                    || (a == UInt8(ascii: "v") && b == UInt8(ascii: "e"))
            default:
                return false
            }
        }
        return length == 2 && internalApostropheAt == 1 && current[0] == UInt8(ascii: "n")
            && current[1] == UInt8(ascii: "t")
    }

    mutating func flushPending(_ stream: inout TokenStream) {
        guard hasPending else { return }
        hasPending = false
        if pendingStartsSentence { stream.sentenceStarts.append(Int32(stream.tokens.count)) }
        let base = UnsafeRawPointer(pending.baseAddress!)
        if pendingLength == 6 && isCannot() {
            stream.tokens.append(XXHash64.hash(UnsafeRawBufferPointer(start: base, count: 3)))
            stream.tokens.append(XXHash64.hash(UnsafeRawBufferPointer(start: base + 3, count: 3)))
            return
        }
        if pendingLength > 0 && pending[0] &- UInt8(ascii: "0") < 10 {
            stream.numberTokens.append(Int32(stream.tokens.count))
        } else if pendingStem > 0 {
            stream.possessives.append(
                (Int32(stream.tokens.count), XXHash64.hash(UnsafeRawBufferPointer(start: base, count: pendingStem))))
        }
        stream.tokens.append(XXHash64.hash(UnsafeRawBufferPointer(start: base, count: pendingLength)))
    }

    func isCannot() -> Bool {
        let expected: [UInt8] = [0x63, 0x61, 0x6E, 0x6E, 0x6F, 0x74]
        for offset in 0..<6 where pending[offset] != expected[offset] { return false }
        return true
    }

    mutating func endLine(at index: Int, _ stream: inout TokenStream) {
        flushPending(&stream)
        let tokenEnd = stream.tokens.count
        let ends: Bool
        switch lineLastScalar {
        case 0x2E, 0x21, 0x3F, 0x22, 0x27, 0x3A, 0x201D, 0x2019, 0x2026, 0xBB, 0x3002: ends = true
        default: ends = false
        }
        stream.lines.append(
            LineSpan(
                byteStart: Int32(truncatingIfNeeded: lineStart),
                byteEnd: Int32(truncatingIfNeeded: index),
                tokenStart: Int32(truncatingIfNeeded: lineTokenStart),
                tokenEnd: Int32(truncatingIfNeeded: tokenEnd),
                isIndented: lineHasContent && lineIndent >= 2,
                endsSentence: lineHasContent && ends,
                visibleLength: lineHasContent ? Int32(truncatingIfNeeded: lineContentEnd - lineContentStart) : 0
            ))
        lineTokenStart = tokenEnd
        lineIndent = 0
        lineHasContent = false
        lineLastScalar = 0
    }
}
