/// The exchange symbol a wire headline gives its issuer in angle brackets (`AFFILIATED PUBLICATIONS INC <AFP> SETS
/// PAYOUT`, `COMINCO <CLT.TO> SEES ...`): the first `<SYMBOL>` of the headline, of one to ten capital letters, digits,
/// dots and hyphens, read as its first word (`afp`, `clt`) in the form of `DocumentFingerprint.leadWords`. A code
/// that opens the headline is markup (`<DOC>`, `<HTML>`), not a symbol.
///
/// Two short notices or tables under one symbol are about one issuer however their headlines are worded, so a copy
/// re-sent with a reworded headline and note needs fewer agreeing figures (`Verifier.resent`) than two notices
/// that only share a subject word; under two symbols, neither of which the other's headline and lead mention, they
/// are about two issuers (`Verifier.otherSymbols`).
public enum TickerSymbol {
    static let maximumLength = 10

    /// The 32-bit word hash of the first symbol's first word in `headline` (the bytes of a text's headline segment;
    /// never 0), or 0 when it has none.
    static func of(_ headline: UnsafeRawBufferPointer) -> UInt32 {
        let count = headline.count
        var index = 0
        var seenContent = false
        while index < count {
            let byte = headline[index]
            guard byte == UInt8(ascii: "<") else {
                if byte > 0x20 { seenContent = true }
                index += 1
                continue
            }
            var end = index + 1
            while end < count && end - index - 1 <= maximumLength && isSymbolByte(headline[end]) { end += 1 }
            let length = end - index - 1
            if seenContent && end < count && headline[end] == UInt8(ascii: ">") && length >= 1
                && length <= maximumLength
            {
                // The tokenizer's word: lower-cased, up to the first dot or hyphen.
                var word: [UInt8] = []
                for byte in headline[(index + 1)..<end] {
                    if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") { break }
                    word.append(byte | 0x20)
                }
                guard !word.isEmpty else { return 0 }
                let hash = UInt32(truncatingIfNeeded: XXHash64.hash(word))
                return hash == 0 ? 1 : hash
            }
            seenContent = true
            index = end
        }
        return 0
    }

    @inline(__always)
    static func isSymbolByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-")
    }
}
