import Testing

@testable import NearDupCore

/// Hand-made wire copy for the evidence that tells re-sent notices and tables from other fillings of their template:
/// names in a family of funds, a report's session in its headline, the lines two tables share, and a roundup that
/// quotes two banks' notices.
@Suite("Names, sessions and shared lines")
struct ReportEvidenceTests {
    static func together(_ result: ClusteringResult, _ ids: [String], _ a: String, _ b: String) -> Bool {
        result.groups(ids).contains { $0.contains(a) && $0.contains(b) }
    }

    static func fundPayout(_ headline: String, fund: String, note: String = "") -> String {
        """
        \(headline) SETS PAYOUT

        Mthly div 6.2 cts vs 6.2 cts prior
            Pay May 29
            Record May 15
            NOTE: \(fund) Tax-Exempt Income Fund.\(note)
         Reuter
        """
    }

    /// Two funds of one family filed together: the same figures and dates, one name apart.
    @Test func payoutsOfTwoFundsOfOneFamilyStayApartAndAReSentOneLinks() {
        let corpus = [
            ("ohio", Self.fundPayout("HARBOUR OHIO TAX-EXEMPT", fund: "Harbour Ohio")),
            ("oregon", Self.fundPayout("HARBOUR OREGON TAX-EXEMPT", fund: "Harbour Oregon")),
            (
                "ohio-again",
                Self.fundPayout(
                    "HARBOUR OHIO TAX-EXEMPT FUND", fund: "Harbour Ohio",
                    note: "\n    Full name is Harbour Ohio Tax-Exempt Income Fund Trust")
            ),
        ]
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(!Self.together(result, ids, "ohio", "oregon"), "\(result.groups(ids))")
        #expect(Self.together(result, ids, "ohio", "ohio-again"), "\(result.groups(ids))")
    }

    @Test func nameWordsAreCapitalisedWordsInsideALine() {
        let text = """
            FRANKLIN OHIO SETS PAYOUT

            Mthly div 6.2 cts vs 6.2 cts prior
                Pay May 29
                NOTE: Franklin Ohio Tax-Free Fund. The Fund's
            manager, Ann Lee, said in April. Reuter
            """
        let names = text.utf8CString.withUnsafeBytes { raw in
            NameWords.of(UnsafeRawBufferPointer(rebasing: raw.dropLast()))
        }
        let expected = ["franklin", "ohio", "tax", "free", "fund", "ann", "lee"].map(wordHash32)
        #expect(Set(names) == Set(expected))
        // Line starts ("Pay", "Reuter" after a sentence), months and capitals-only words are not names; neither
        // is a possessive, which the tokenizer reads its own way.
        #expect(!names.contains(wordHash32("pay")) && !names.contains(wordHash32("april")))
        #expect(!names.contains(wordHash32("note")))
        #expect(names == names.sorted())
    }

    /// Names and symbols travel with the fingerprint through the state log and checkpoint; a fingerprint written
    /// before them (coding version 4) reads back without, which turns their rules off for it.
    @Test func namesAndSymbolsSurviveTheStateLogCodingAndOlderFingerprintsHaveNone() throws {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let fingerprint = fingerprinter.fingerprint(Self.fundPayout("HARBOUR OHIO TAX-EXEMPT", fund: "Harbour Ohio"))
        #expect(fingerprint.names.count == 4)  // the headline's harbour ohio tax exempt
        var writer = ByteWriter()
        FingerprintCoding.encode(fingerprint, into: &writer)
        var reader = ByteReader(writer.bytes[...])
        #expect(try FingerprintCoding.decode(from: &reader) == fingerprint)
        let dates = 4 + 4 * fingerprint.segments.count
        let firstLine = 8 + 4 + 4 * fingerprint.firstLineFacts.count
        let comparisons = 4 + 8 * fingerprint.comparisons.count
        var older = Array(
            writer.bytes.dropLast(comparisons + firstLine + dates + 4 + 4 * fingerprint.names.count + 4))
        older[0] = 4
        var oldReader = ByteReader(older[...])
        let decoded = try FingerprintCoding.decode(from: &oldReader)
        #expect(decoded.names.isEmpty && decoded.ticker == 0 && decoded.leadWords == fingerprint.leadWords)
        #expect(oldReader.isAtEnd)
        // A longer story keeps none, though its headline words are written as names: the rule is for short notices.
        let long =
            "HARBOUR TRUST SAYS OHIO FUND GREW\n\n"
            + Array(repeating: "Harbour Trust said on Monday that its Ohio fund grew again.", count: 12)
            .joined(separator: " ")
        #expect(fingerprinter.fingerprint(long).names.isEmpty)
        // Short, it keeps `trust` and `ohio`; `Harbour` opens its line and its sentence.
        #expect(fingerprinter.fingerprint(String(long.prefix(120))).names.count == 2)
    }

    /// A damaged record whose segments' fact ranges go backwards or past the facts is refused when read, not trapped
    /// on later when a verifier slices the facts.
    @Test func aFingerprintWithDamagedFactRangesIsRefusedWhenRead() throws {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let good = fingerprinter.fingerprint(Self.fundPayout("HARBOUR OHIO TAX-EXEMPT", fund: "Harbour Ohio"))
        #expect(good.segments.count >= 3 && good.facts.count >= 2)
        func decodes(_ fingerprint: DocumentFingerprint) -> Bool {
            var writer = ByteWriter()
            FingerprintCoding.encode(fingerprint, into: &writer)
            var reader = ByteReader(writer.bytes[...])
            return (try? FingerprintCoding.decode(from: &reader)) != nil
        }
        #expect(decodes(good))
        var backwards = good
        backwards.segments[1].factEnd = backwards.segments[0].factEnd + 2
        backwards.segments[2].factEnd = backwards.segments[0].factEnd
        #expect(!decodes(backwards))
        var beyond = good
        beyond.segments[beyond.segments.count - 1].factEnd = Int32(good.facts.count + 1)
        #expect(!decodes(beyond))
    }

    @Test func aHeadlineSymbolIsTheFirstAngleBracketedCodeOnTheFirstLine() {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        func symbol(_ text: String) -> UInt32 { fingerprinter.fingerprint(text).ticker }
        let payout = symbol("AFFILIATED PUBLICATIONS INC <AFP> SETS PAYOUT\n\nQtrly div eight cts")
        #expect(payout != 0)
        #expect(symbol("\nAFFILIATED PUBLICATIONS <AFP> SETS DIVIDEND\n\nQtly div eight cts") == payout)
        // The symbol's first word, as the tokenizer reads it: `clt` is also a word of the headline.
        let cominco = symbol("COMINCO <CLT.TO> SEES MEETING\n\nCominco Ltd said")
        #expect(cominco == UInt32(truncatingIfNeeded: XXHash64.hash("clt")))
        // Only in the headline, and only a code: a body's symbol, a tag or an empty pair is none.
        #expect(symbol("CABLE TALKS\n\nAffiliated Publications <AFP> said") == 0)
        #expect(symbol("A <b> TAG AND <> AND <TOOLONGSYMBOL1>\n\nbody") == 0)
        // Markup that opens the headline is no symbol (every document of an SGML feed would share it).
        #expect(symbol("<DOC> ACME MILLS SETS PAYOUT\n\nQtly div") == 0)
        #expect(symbol("<DOC> ACME MILLS <AML> SETS PAYOUT\n\nQtly div") == symbol("ACME <AML> PAYOUT\n\nQtly"))
    }

    /// A dividend notice re-sent under the same symbol with its headline and first line reworded has only three
    /// figures and dates, all agreeing; another issuer's notice with the same figures has another symbol.
    @Test func aNoticeReSentUnderOneSymbolLinksWithFewFigures() {
        func notice(_ headline: String, _ first: String, pay: String) -> String {
            "\(headline)\n\n\(first)\n    Pay \(pay)\n    Record May 15\n Reuter\n"
        }
        var corpus = [
            (
                "first",
                notice(
                    "HALCYON PUBLISHING INC <HPB> SETS PAYOUT", "Qtrly div eight cts vs eight cts prior",
                    pay: "June 1")
            ),
            (
                "resent",
                notice(
                    "HALCYON PUBLISHING INC <HPB> SETS DIVIDEND", "Qtly div eight cts vs eight cts",
                    pay: "June one")
            ),
            (
                "other",
                notice(
                    "HALCYON MILLS INC <HML> SETS PAYOUT", "Qtrly div eight cts vs eight cts prior",
                    pay: "June 1")
            ),
        ]
        // Other issuers' notices make the lines template furniture, as on the wire.
        for (index, name) in ["ARBOR", "BIRCH", "CYPRESS", "DOGWOOD", "ELM", "FIR"].enumerated() {
            corpus.append(
                (
                    name.lowercased(),
                    notice(
                        "\(name) CORP <\(name.prefix(3))> SETS PAYOUT",
                        "Qtly div \(10 + index) cts vs \(10 + index) cts prior", pay: "July \(index + 1)")
                ))
        }
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(Self.together(result, ids, "first", "resent"), "\(result.groups(ids))")
        #expect(!Self.together(result, ids, "first", "other"), "\(result.groups(ids))")
    }

    static func oils(_ session: String, soyoil: String) -> String {
        """
        LONDON VEGETABLE OILS \(session) - APR 7

            SOYOIL Dutch fob Ex-Mill guilders per 100 kilos May/Jul
        \(soyoil) Aug/Oct 68.00/68.50 paid
            GROUNDNUTOIL Any origin cif Rotterdam dlrs per tonne
        May/Jun 490.00 slr
            RAPESEEDOIL Dutch/EC guilders per 100 kilos May 60.75 paid
        Aug/Oct 60.00 slrs
            PALMOIL Malaysian crude dlrs per tonne cif UK May 330.00 slr
        """
    }

    /// A session written as a word and another as a time are two editions of one report.
    @Test func aReportAtTheCloseAndAtATimeOfDayStaysApart() {
        let corpus = [
            ("1330", Self.oils("1330", soyoil: "65.75")), ("closing", Self.oils("CLOSING", soyoil: "65.75")),
            ("closing-again", Self.oils("CLOSING", soyoil: "65.75") + "\n Reuter"),
        ]
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(!Self.together(result, ids, "1330", "closing"), "\(result.groups(ids))")
        #expect(Self.together(result, ids, "closing", "closing-again"), "\(result.groups(ids))")
    }

    /// A price table longer than a report (`Verifier.reportTokens`): thirty rows of oils under a session headline.
    static func longOils(_ session: String) -> String {
        let oils = ["SOYOIL", "SUNFLOWERSEEDOIL", "GROUNDNUTOIL", "RAPESEEDOIL", "PALMOIL", "COCONUTOIL"]
        let origins = ["Dutch fob ex-mill", "any origin ex-tank", "cif Rotterdam", "UK ex-tank", "Malaysian crude"]
        var rows: [String] = []
        for (index, oil) in oils.enumerated() {
            for (number, origin) in origins.enumerated() {
                let price = 200 + 37 * index + 11 * number
                rows.append("    \(oil) \(origin) dlrs per tonne May \(price).00 Jun \(price + 2).50 slrs")
            }
        }
        return "LONDON OILS \(session) - APR 7\n\n" + rows.joined(separator: "\n")
    }

    /// Read as a table (`Verifier.isTable`), a long price table's headline tells its sessions apart as a report's
    /// does, though every row agrees; a list article of that length whose first sentence counts its items anew is
    /// one page, as its first sentence is no table's title.
    @Test func aLongTableAtTwoSessionsStaysApartAndAListArticleThatCountsAnewDoesNot() {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let table = fingerprinter.fingerprint(Self.longOils("1330"))
        #expect(table.tokenCount > Verifier.reportTokens && table.tokenCount <= Verifier.tableTokens)
        // A title names its day and session; a story's headline of that length reports a figure.
        #expect(Verifier.isTitle(table, 0))
        #expect(Verifier.isTitle(fingerprinter.fingerprint(Self.longOils("CLOSING")), 0))
        #expect(!Verifier.isTitle(fingerprinter.fingerprint("OIL FALLS TO 18 DLRS ON APRIL 7\n\nOil fell."), 0))
        func ships(_ count: String, _ launched: [Int]) -> String {
            var text = "\(count) ships of the royal navy have been named after the capital city of the state.\n\n"
            for year in launched {
                text +=
                    "The ship of \(year) was a light cruiser laid down in \(year - 2), commissioned in "
                    + "\(year + 1) and sold for scrap in \(year + 30) after service in two oceans.\n"
            }
            return text
        }
        let older = ships("Four", [1912, 1934, 1944, 1949, 1953, 1958, 1961, 1964, 1967, 1970, 1973])
        let newer = ships("Five", [1912, 1934, 1944, 1949, 1953, 1958, 1961, 1964, 1967, 1970, 1973, 1981])
        #expect(fingerprinter.fingerprint(newer).tokenCount > Verifier.reportTokens)
        let corpus = [
            ("1330", Self.longOils("1330")), ("closing", Self.longOils("CLOSING")),
            ("closing-again", Self.longOils("CLOSING") + "\n Reuter"), ("four", older), ("five", newer),
        ]
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(!Self.together(result, ids, "1330", "closing"), "\(result.groups(ids))")
        #expect(Self.together(result, ids, "closing", "closing-again"), "\(result.groups(ids))")
        #expect(Self.together(result, ids, "four", "five"), "\(result.groups(ids))")
    }

    @Test func aSessionWordBeforeADateIsMaskedAndAloneItIsProse() {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let time = fingerprinter.fingerprint("LONDON OILS 1330 - APR 7").segments[0]
        let close = fingerprinter.fingerprint("LONDON OILS CLOSING - APR 7").segments[0]
        #expect(time.templateHash == close.templateHash)
        #expect(fingerprinter.fingerprint("LONDON OILS CLOSING - APR 7").facts.count == 1)
        #expect(
            fingerprinter.fingerprint("LONDON OILS CLOSING - APR 7").facts
                != fingerprinter.fingerprint("LONDON OILS 1330 - APR 7").facts)
        #expect(fingerprinter.fingerprint("the closing of the plant").facts.isEmpty)
        #expect(fingerprinter.fingerprint("the closing may be delayed").facts.isEmpty)
        // In a paragraph it is prose whatever follows: "closing March 31" is the date of "ended March 31".
        let prose =
            "The company said the sale of its two paper plants in the north of the state, which it agreed with the "
            + "buyer late last year after a long search for a partner, "
        #expect(
            Set(fingerprinter.fingerprint(prose + "was closing March 31 as planned.").facts)
                == Set(fingerprinter.fingerprint(prose + "was completed March 31 as planned.").facts))
        #expect(
            fingerprinter.fingerprint("the closing of the plant").segments[0].templateHash
                != fingerprinter.fingerprint("the opening of the plant").segments[0].templateHash)
    }

    static func earnings(_ lines: [String], quarter: String = "1ST QTR FEB 28") -> String {
        "KESTREL HOMES INC <KSH> \(quarter) NET\n\n" + lines.map { "    " + $0 }.joined(separator: "\n")
            + "\n Reuter\n"
    }

    /// An earnings table re-sent minutes later without two lines and with a note keeps every figure of the lines
    /// both have, though a quarter of its figures are not in the first; the next quarter's table changes them.
    @Test func aTableReSentWithLinesDroppedLinksAndTheNextQuarterDoesNot() {
        let table = [
            "Shr 41 cts vs 17 cts", "Net 8,824,000 vs 4,555,000", "Revs 301.9 mln vs 196.4 mln",
            "Avg shrs 17,644,000 vs 16,085,000",
        ]
        var corpus = [
            ("first", Self.earnings(table)),
            (
                "resent",
                Self.earnings(Array(table.prefix(2)) + ["NOTE: Housing backlog 135 mln dlrs, up 33 pct."])
            ),
            (
                "next",
                Self.earnings(
                    [
                        "Shr 44 cts vs 41 cts", "Net 9,104,000 vs 8,824,000", "Revs 317.2 mln vs 301.9 mln",
                        "Avg shrs 17,650,000 vs 17,644,000",
                    ], quarter: "2ND QTR MAY 31")
            ),
        ]
        // Other companies' tables make the lines template furniture, as on the wire.
        for (index, name) in ["ALPHA", "BRAVO", "CEDAR", "DUNE", "EMBER", "FJORD"].enumerated() {
            let n = 20 + index * 7
            corpus.append(
                (
                    name.lowercased(),
                    "\(name) CORP <\(name.prefix(3))> 1ST QTR NET\n\n    Shr \(n) cts vs \(n - 3) cts\n"
                        + "    Net \(n),114,000 vs \(n - 3),550,000\n    Revs \(n).4 mln vs \(n - 1).9 mln\n"
                        + "    Avg shrs \(n),600,000 vs \(n),100,000\n Reuter\n"
                ))
        }
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(Self.together(result, ids, "first", "resent"), "\(result.groups(ids))")
        #expect(!Self.together(result, ids, "first", "next"), "\(result.groups(ids))")
    }

    /// A table re-sent an hour later with its issuer's symbol and name corrected and a line added keeps its subject
    /// and every figure: one table. Another bank under another subject stays apart, and so do banks under one subject
    /// whose tables agree on all figures but one, or on all of fewer than six.
    @Test func aTableReSentWithItsSymbolCorrectedLinks() {
        func table(_ headline: String, _ lines: [String]) -> String {
            headline + "\n\n" + lines.map { "    " + $0 }.joined(separator: "\n") + "\n Reuter\n"
        }
        let lines = [
            "Shr 98 cts vs 63 cts", "Net 2,602,000 vs 1,571,000", "Loans 834.8 mln vs 729.0 mln",
            "Deposits 1.04 billion vs 942.1 mln", "Assets 1.15 billion vs 1.02 billion",
        ]
        let corpus = [
            ("first", table("WESTAMERICA BANCORP <WAB> 1ST QTR NET", lines)),
            (
                "corrected",
                table(
                    "WESTAMERICA BANCORPORATION <WSAM> 1ST QTR NET",
                    lines + ["Return on avg assets 0.92 pct vs 0.63 pct"])
            ),
            (
                "other",
                table(
                    "PACIFIC WESTERN BANCORP <PWB> 1ST QTR NET",
                    [
                        "Shr 98 cts vs 71 cts", "Net 3,118,000 vs 2,240,000", "Loans 612.5 mln vs 588.0 mln",
                        "Deposits 1.04 billion vs 990.3 mln", "Assets 1.21 billion vs 1.13 billion",
                    ])
            ),
        ]
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(Self.together(result, ids, "first", "corrected"), "\(result.groups(ids))")
        #expect(!Self.together(result, ids, "first", "other"), "\(result.groups(ids))")
        // Two savings banks under one subject word ("FIRST" is no subject: both are "federal") whose tables agree on
        // all but one figure, or on every one of fewer than six, are two issuers.
        let federal = [
            "Shr 41 cts vs 33 cts", "Net 1,210,000 vs 980,000", "Assets 402.5 mln vs 377.1 mln",
        ]
        let apart = [
            ("arizona", table("FIRST FEDERAL OF ARIZONA <FFAZ> 1ST QTR NET", federal)),
            (
                "texas",
                table(
                    "FIRST FEDERAL OF TEXAS <FFTX> 1ST QTR NET",
                    Array(federal.prefix(2)) + ["Assets 402.5 mln vs 361.8 mln"])
            ),
            ("ohio", table("FIRST FEDERAL OF OHIO <FFOH> 1ST QTR NET", [federal[0], federal[2]])),
            ("iowa", table("FIRST FEDERAL OF IOWA <FFIA> 1ST QTR NET", [federal[0], federal[2]])),
        ]
        let banks = clusterTexts(apart)
        let names = apart.map(\.0)
        #expect(banks.clusters.count == 4, "\(banks.groups(names))")
    }

    /// The paragraph that a skipped bucket may not make furniture: a document's first segment, of headline length,
    /// when more follows; not a flash's only segment, not a long opening paragraph, not a later line.
    @Test func theHeadlineParagraphIsTheShortFirstSegmentOfALongerText() {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let table = fingerprinter.fingerprint(
            "WESTPORT BANCORP INC <WBAT.O> 3RD QTR NET EARNINGS REPORTED\n\n"
                + "Shr 19 cts vs 38 cts and net of 397,000 dlrs vs 788,000 dlrs for the quarter\n Reuter\n")
        #expect(table.paragraphs.count == 2 && table.paragraphs[0].ordinal == 0)
        #expect(Verifier.isHeadline(table, paragraph: 0) && !Verifier.isHeadline(table, paragraph: 1))
        let flash = fingerprinter.fingerprint("WESTPORT BANCORP INC <WBAT.O> 3RD QTR NET EARNINGS REPORTED")
        #expect(flash.paragraphs.count == 1 && !Verifier.isHeadline(flash, paragraph: 0))
        let opening = String(repeating: "The bank said its third quarter earnings fell on loan losses. ", count: 4)
        let prose = fingerprinter.fingerprint(opening + "\n\nIt gave no forecast for the year.")
        #expect(!Verifier.isHeadline(prose, paragraph: 0))
    }

    /// A roundup that quotes two banks' prime-rate notices is linked to each, but the two banks are two stories.
    @Test func aRoundupDoesNotChainTwoBanksNotices() {
        let corpus = [
            (
                "harbor",
                """
                HARBOR TRUST <HBT> RAISES PRIME RATE TO 7-3/4 PCT

                Harbor Trust Bank, the main bank subsidiary
                of Harbor Trust Corp, said it is raising its prime lending
                rate to 7-3/4 pct from 7-1/2 pct, effective immediately.
                 Reuter
                """
            ),
            (
                "granite",
                """
                GRANITE BANK N.A. <GRNB> RAISES PRIME RATE

                Granite Bancorp said its Granite
                Bank N.A. raised its prime rate to 7-3/4 pct from 7-1/2 pct,
                effective immediately.
                 Reuter
                """
            ),
            (
                "roundup",
                """
                MORE U.S. BANKS JOIN IN PRIME RATE RISE

                Harbor Trust Bank, the main bank subsidiary
                of Harbor Trust Corp, and Pine Valley Banks Inc said
                they were raising the prime lending rate to 7-3/4 pct from
                7-1/2 pct, effective immediately.
                    In St Louis, Granite Bancorp said its Granite Bank
                N.A. was also raising its prime rate to 7-3/4 pct from 7-1/2
                pct, effective immediately.
                    The changes follow similar rises yesterday by two large
                New York banks.
                 Reuter
                """
            ),
        ]
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(!Self.together(result, ids, "harbor", "granite"), "\(result.groups(ids))")
        // The round-up still joins one of them, and the guard refused the other.
        #expect(
            Self.together(result, ids, "roundup", "harbor") || Self.together(result, ids, "roundup", "granite"),
            "\(result.groups(ids))")
        #expect(!result.refusedMerges.isEmpty)
    }

    /// Every new rule reads both documents alike: the verdict does not depend on which one comes first.
    @Test func theIssuerAndLineRulesAreSymmetric() {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let texts = [
            Self.fundPayout("HARBOUR OHIO TAX-EXEMPT", fund: "Harbour Ohio"),
            Self.fundPayout("HARBOUR OREGON TAX-EXEMPT", fund: "Harbour Oregon"),
            Self.oils("1330", soyoil: "65.75"), Self.oils("CLOSING", soyoil: "65.75"),
            Self.earnings(["Shr 41 cts vs 17 cts", "Net 8,824,000 vs 4,555,000", "Revs 301.9 mln vs 196.4 mln"]),
            Self.earnings(["Shr 41 cts vs 17 cts", "Net 8,824,000 vs 4,555,000", "NOTE: backlog 135 mln dlrs."]),
            "HALCYON MILLS INC <HML> SETS PAYOUT\n\nQtrly div eight cts vs eight cts prior\n    Pay June 1\n",
        ]
        let prints = texts.map { fingerprinter.fingerprint($0) }
        let verifier = Verifier(configuration: Configuration())
        for a in prints.indices {
            for b in prints.indices where a < b {
                #expect(verifier.evidence(prints[a], prints[b]).kind == verifier.evidence(prints[b], prints[a]).kind)
                #expect(verifier.otherIssuers(prints[a], prints[b]) == verifier.otherIssuers(prints[b], prints[a]))
                let ab = verifier.alignedFactAgreement(prints[a], prints[b])
                let ba = verifier.alignedFactAgreement(prints[b], prints[a])
                #expect(ab.fewer == ba.fewer && ab.shared == ba.shared)
            }
        }
    }
}
