import Testing

@testable import NearDupCore

@Suite("Normalisation")
struct NormalizationTests {
    @Test(arguments: [
        // Penn-Treebank tokenisation and its plain form.
        ("Mr Assad 's entourage", "mr assads entourage"),
        ("one can not support", "one can not support"),
        ("one cannot support", "one can not support"),
        ("we do n't know", "we dont know"),
        ("we don't know", "we dont know"),
        ("they 're here and we 'll go", "theyre here and well go"),
        ("`` The regime is unsustainable . ''", "the regime is unsustainable"),
        ("-LRB- Mr Assad 's -RRB- close", "mr assads close"),
        ("-LSB- sic -RSB- and -LCB- x -RCB-", "sic and x"),
        ("Tlas ' defection", "tlas defection"),
        // Typographic quotes, apostrophes and dashes.
        ("Assad’s “insiders” — said", "assads insiders said"),
        ("'hard blow' for Assad", "hard blow for assad"),
        ("pro-government", "pro government"),
        ("pro–government", "pro government"),
        // Compatibility forms: ligatures, full-width, non-breaking spaces, soft hyphens.
        ("ﬁnal ofﬁcial ﬂow", "final official flow"),
        ("ＡＢＣ　１２３", "abc 123"),
        ("Brig\u{00A0}Gen", "brig gen"),
        ("defec\u{00AD}tion", "defection"),
        ("zero\u{200B}width", "zerowidth"),
        // Case and Latin diacritics.
        ("SÃO PAULO", "sao paulo"),
        ("Straße Ærø Œuvre", "strasse aero oeuvre"),
        ("Łódź Žižek", "lodz zizek"),
        ("cafe\u{0301}", "cafe"),
    ])
    func normalisesLikeThePlainForm(input: String, expected: String) {
        #expect(Tokenizer.hashes(input) == wordHashes(expected))
    }

    /// A possessive keeps its token (`brazils`) and records the name it owns, however it is written.
    @Test(arguments: [
        ("BRAZIL'S PRESIDENT", 0, "brazil"), ("Brazil’s president", 0, "brazil"), ("Mr Assad 's entourage", 1, "assad"),
        ("the U.S. Commerce Dept's Ortner", 4, "dept"),
    ])
    func aPossessiveRecordsTheNameItOwns(input: String, token: Int, stem: String) {
        var tokenizer = Tokenizer()
        let stream = tokenizer.tokenize(input)
        #expect(stream.possessives.count == 1)
        #expect(stream.possessives.first?.token == Int32(token))
        #expect(stream.possessives.first?.stem == XXHash64.hash(stem))
        #expect(stream.tokens[token] == XXHash64.hash(stem + "s"), "the token itself is unchanged")
    }

    /// The fingerprint's headline subject is the name; its lead words hold the name beside the written word.
    @Test func aPossessiveHeadlineNamesItsSubjectInTheFingerprint() {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let fingerprint = fingerprinter.fingerprint("BRAZIL'S SARNEY TO RESHUFFLE CABINET\n\nThe president said so.\n")
        let brazil = UInt32(truncatingIfNeeded: XXHash64.hash("brazil"))
        let brazils = UInt32(truncatingIfNeeded: XXHash64.hash("brazils"))
        #expect(fingerprint.segments[0].subject == brazil)
        #expect(SortedSet32.contains(fingerprint.leadWords, brazil))
        #expect(SortedSet32.contains(fingerprint.leadWords, brazils))
    }

    @Test(arguments: [
        "we don't know", "they 're here", "it was 1987's best", "Tlas ' defection", "the boss' car",
        String(repeating: "x", count: 95) + "'sxyz",
    ])
    func otherApostrophesAreNoPossessive(input: String) {
        var tokenizer = Tokenizer()
        #expect(tokenizer.tokenize(input).possessives.isEmpty)
    }

    @Test func nonLatinScriptsFormWords() {
        #expect(Tokenizer.hashes("МОСКВА Путин") == wordHashes("москва путин"))
        #expect(Tokenizer.hashes("ΑΘΗΝΑ") == wordHashes("αθηνα"))
        #expect(Tokenizer.hashes("مرحبا بالعالم").count == 2)
        #expect(Tokenizer.hashes("שלום עולם").count == 2)
        #expect(Tokenizer.hashes("नमस्ते दुनिया").count == 2)
    }

    @Test func scriptsWithoutSpacesGiveOneTokenPerCharacter() {
        #expect(Tokenizer.hashes("北京欢迎你") == ["北", "京", "欢", "迎", "你"].map { XXHash64.hash($0) })
        #expect(Tokenizer.hashes("東京タワー").count == 5)
    }

    @Test func invalidUTF8IsReadLossilyAndCounted() {
        var tokenizer = Tokenizer()
        var stream = TokenStream()
        let bytes: [UInt8] = Array("caf".utf8) + [0xE9] + Array(" ok ".utf8) + [0xC3, 0x28, 0xFF]
        bytes.withUnsafeBytes { tokenizer.tokenize($0, into: &stream) }
        #expect(stream.invalidSequences == 3)
        #expect(stream.tokens == wordHashes("caf ok"))
    }

    @Test func nulAndControlBytesAreCounted() {
        var tokenizer = Tokenizer()
        var stream = TokenStream()
        let bytes: [UInt8] = [0x61, 0x00, 0x62, 0x01, 0x02, 0x0A, 0x09]
        bytes.withUnsafeBytes { tokenizer.tokenize($0, into: &stream) }
        #expect(stream.nulBytes == 1)
        #expect(stream.controlBytes == 2)
    }

    @Test func sentenceStartsNeedWhiteSpaceAfterTheStop() {
        var tokenizer = Tokenizer()
        let stream = tokenizer.tokenize("The U.S. said so. Then 17.5 pct rose! Next")
        // Tokens: the u s said so then 17 5 pct rose next. The dots inside "U.S." and "17.5" start nothing;
        // "U.S. said" does (no abbreviation list: an extra cut point only makes a sentence window shorter).
        #expect(stream.sentenceStarts == [0, 3, 5, 10])
    }

    @Test func crlfIsOneLineBreak() {
        var tokenizer = Tokenizer()
        let stream = tokenizer.tokenize("one\r\ntwo\r\n\r\nthree")
        #expect(stream.lines.filter { $0.visibleLength > 0 }.count == 3)
        #expect(stream.lines.count == 4)
    }
}
