/// The words a short text writes as names: capitalised (`Franklin`, `Puerto`, `Rico`), neither the first word of a
/// line or sentence nor a month or weekday, in plain ASCII letters.
///
/// A wire headline is in capitals, so its words do not say which of them are names; the notice's own text does
/// ("NOTE: Franklin Puerto Rico Tax-Free Income Fund."). Two notices on one template whose headlines each name what
/// the other's headline and lead do not mention are about two issuers (`Verifier.otherNames`), whatever their
/// figures. Read only for texts of at most `Verifier.shortNoticeTokens` words, the only ones the rule looks at.
public enum NameWords {
    /// Sorted distinct 32-bit word hashes (the form of `DocumentFingerprint.leadWords`) of the name words in `bytes`.
    static func of(_ bytes: UnsafeRawBufferPointer) -> [UInt32] {
        var names: [UInt32] = []
        var word: [UInt8] = []
        var atLineStart = true
        var afterSentenceEnd = false
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            guard Self.isWordByte(byte) else {
                switch byte {
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"): atLineStart = true
                case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"): afterSentenceEnd = true
                default: break
                }
                index += 1
                continue
            }
            let start = index
            var ascii = true
            var lower = false
            while index < count && Self.isWordByte(bytes[index]) {
                let byte = bytes[index]
                if byte >= 0x80 { ascii = false }
                if index > start && byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { lower = true }
                index += 1
            }
            let first = bytes[start]
            // A possessive or a contraction is left to the tokenizer's own rules.
            let apostrophe = index < count && bytes[index] == UInt8(ascii: "'")
            if ascii && lower && first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") && !atLineStart
                && !afterSentenceEnd && !apostrophe
            {
                word.removeAll(keepingCapacity: true)
                for offset in start..<index { word.append(bytes[offset] | 0x20) }
                let hash = word.withUnsafeBytes { XXHash64.hash($0) }
                if !TemplateFacts.dateWords.contains(hash) && !TemplateFacts.weekdays.contains(hash)
                    && !SubjectWord.functionWords.contains(hash)
                {
                    names.append(UInt32(truncatingIfNeeded: hash))
                }
            }
            atLineStart = false
            afterSentenceEnd = false
        }
        SortedSet32.normalise(&names)
        return names
    }

    /// ASCII letters and digits, and every byte of a multi-byte UTF-8 sequence.
    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
