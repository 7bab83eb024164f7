import Foundation
import Testing

@testable import NearDupCore

/// Hand-made wire copy: stories written on one template, one report on two days, flashes, and the versions that must
/// still link. Written in Reuters' layout (headline, blank line, hard-wrapped body, sign-off).
@Suite("Newswire evidence")
struct NewswireEvidenceTests {
    static func together(_ result: ClusteringResult, _ ids: [String], _ a: String, _ b: String) -> Bool {
        result.groups(ids).contains { $0.contains(a) && $0.contains(b) }
    }

    static func dividend(_ company: String, _ ticker: String, cents: String, pay: String, record: String) -> String {
        """
        \(company) <\(ticker)> SETS QUARTERLY

        Qtly div \(cents) cts vs \(cents) cts prior
            Pay \(pay)
            Record \(record)
         Reuter
        """
    }

    @Test func dividendNoticesOfDifferentCompaniesStayApart() {
        let corpus = [
            ("unifirst", Self.dividend("UNIFIRST CORP", "UNF", cents: "five", pay: "July One", record: "June 17")),
            ("beverly", Self.dividend("BEVERLY ENTERPRISES", "BEV", cents: "five", pay: "July 13", record: "June 30")),
            (
                "pueblo",
                Self.dividend("PUEBLO INTERNATIONAL INC", "PII", cents: "five", pay: "June Two", record: "April 27")
            ),
            ("central", Self.dividend("CENTRAL HOLDING CO", "CHOL", cents: "five", pay: "July 15", record: "June 30")),
            ("calny", Self.dividend("CALNY INC", "CLNY", cents: "four", pay: "May 13", record: "April 29")),
            ("getty", Self.dividend("GETTY PETROLEUM CORP", "GTY", cents: "four", pay: "July 21", record: "July 7")),
            ("alaska", Self.dividend("ALASKA AIR GROUP INC", "ALK", cents: "12", pay: "May five", record: "April 15")),
        ]
        let result = clusterTexts(corpus)
        #expect(result.clusters.count == corpus.count, "\(result.groups(corpus.map(\.0)))")
    }

    static func moneyMarket(day: String, funds: String, opened: String, amount: String) -> String {
        """
        FED EXPECTED TO ADD TEMPORARY RESERVES

        The Federal Reserve is expected to
        enter the U.S. Government securities market to add temporary
        reserves, economists said on \(day).
            They expect it to supply the reserves indirectly by
        arranging around \(amount) billion dlrs of customer repurchase agreements.
            Federal funds, which averaged \(funds) pct yesterday, opened at
        \(opened) pct and remained there in early trading.
         Reuter
        """
    }

    @Test func oneDailyReportOnTwoDaysStaysApart() {
        let corpus = [
            ("tuesday", Self.moneyMarket(day: "Tuesday", funds: "6.18", opened: "6-3/16", amount: "1.5")),
            ("wednesday", Self.moneyMarket(day: "Wednesday", funds: "6.22", opened: "six", amount: "two")),
        ]
        let result = clusterTexts(corpus)
        #expect(!Self.together(result, corpus.map(\.0), "tuesday", "wednesday"))
    }

    static let story = """
        ACME CORP <ACM> TO BUY ZETA INDUSTRIES

        Acme Corp said it agreed to buy widget maker Zeta Industries
        Inc for 50 mln dlrs in cash, expanding its presence in the
        industrial parts market.
            The company said the purchase, approved by both boards, is
        expected to close in the second quarter and will be financed
        from existing credit lines.
            Zeta had sales of 120 mln dlrs last year and employs about
        900 people at three plants in Ohio and Indiana, Acme said.
            Acme said it expects the acquisition to add to earnings in
        its first full year of ownership.
         Reuter
        """

    @Test func aFlashLinksToTheStoryItAnnouncesNotToAStoryThatSharesAPhrase() {
        let flash = "ACME CORP AGREES TO BUY WIDGET MAKER ZETA INDUSTRIES FOR 50 MLN DLRS"
        let other = """
            WIDGET MAKERS SEE SLOWER DEMAND

            Makers of industrial widgets expect orders to slow this year
            as car makers cut production, an industry survey showed.
                Prices for steel parts have risen by about four pct since
            January, the survey said, squeezing margins at smaller firms.
                Among recent deals, Acme Corp agreed to buy widget maker
            Zeta Industries for 50 mln dlrs in cash.
                The survey covered 140 companies in the United States and
            Canada and was compiled by an industry association.
             Reuter
            """
        let corpus = [("flash", flash), ("story", Self.story), ("survey", other)]
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(Self.together(result, ids, "flash", "story"))
        #expect(!Self.together(result, ids, "flash", "survey"))
    }

    /// A flash wrapped over two lines is one headline: it belongs with the story whose headline and lead say it,
    /// not with an analysis that quotes its figures further down (its first line alone was a paragraph of its own,
    /// and most of the analysis' fifth).
    @Test func aWrappedFlashLinksToItsStoryNotToAStoryQuotingItsFigures() {
        let flash = "ZETALAND MAY CURRENT ACCOUNT SURPLUS 7.5 BILLION CROWNS AFTER\n6.1 BILLION IN APRIL - OFFICIAL"
        let story = """
            ZETALAND CURRENT ACCOUNT SURPLUS 7.5 BILLION CROWNS IN MAY

            Zetaland's current account showed a surplus of 7.5 billion
            crowns in May after a surplus of 6.1 billion in April, the
            statistics office said.
                The trade balance, the largest part of the account, was in
            surplus by 9.2 billion crowns after 8.4 billion in April.
                Exports rose 4.1 pct from a year earlier while imports were
            little changed, the office said.
             Reuter
            """
        let analysis = """
            ZETALAND SURPLUSES SEEN STAYING HIGH THIS YEAR

            Zetaland's foreign trade and current account surpluses are
            expected to decline only slightly this year from last year's
            record levels, economists said.
                The strong crown has so far done little to curb exports,
            which rose in real terms in the first five months, while the
            volume of imports grew faster than expected.
                Economists said the government would face renewed pressure
            from trading partners to stimulate domestic demand.
                The May current account surplus was 7.5 billion crowns after
            6.1 billion in April, figures released on Monday showed.
                Several banks raised their forecasts for the full year.
             Reuter
            """
        var fingerprinter = Fingerprinter(configuration: Configuration())
        #expect(fingerprinter.fingerprint(flash).isHeadlineOnly)
        let corpus = [("flash", flash), ("story", story), ("analysis", analysis)]
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(Self.together(result, ids, "flash", "story"))
        #expect(!Self.together(result, ids, "flash", "analysis"))
    }

    /// Two small tables under one title (the standard grade's rows and the high grade's) share a line that is most
    /// of each, and are two reports; a flash and the short notice it announces are still one story, and so are two
    /// copies of one small table.
    @Test func textsOfHeadlineLengthLinkOnlyAsAFlashAndItsStoryOrAsCopies() {
        func copper(_ rows: String) -> String {
            "LME COPPER AFT 2ND RING 1617 - APR 7\n                 LAST    BUYER   SELLER\n" + rows
        }
        let standard = copper(" Std Cash          --       --       --\n 3 Months          --       --       --")
        let high = copper(" Hg Cash        909.5    909.5    910.0\n 3 Months       879.0    879.0    879.5")
        let flash = "ACME WIDGET CORP RAISES QTLY DIV TO 12 CTS FROM 10 CTS"
        let notice =
            "ACME WIDGET CORP <ACW> RAISES PAYOUT\n\nQtly div 12 cts vs 10 cts prior\n    Pay June One\n"
            + "    Record May 15\n Reuter"
        let verifier = Verifier(configuration: Configuration())
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let tables = verifier.evidence(fingerprinter.fingerprint(standard), fingerprinter.fingerprint(high))
        #expect(tables.kind == nil, "\(tables)")
        #expect(tables.matches.count == 1)
        let announced = verifier.evidence(fingerprinter.fingerprint(flash), fingerprinter.fingerprint(notice))
        #expect(announced.kind == .reprint, "\(announced)")
        // One company's small earnings table re-sent with its lines reworded is one report (`Verifier.resent`).
        let table = fingerprinter.fingerprint(
            "ACME CORP <ACM> 1ST QTR NET\n\nShr 12 cts vs 10 cts\nNet 1.2 mln vs 1.0 mln\n"
                + "Revs 15.5 mln vs 14.1 mln\n Reuter")
        let resent = fingerprinter.fingerprint(
            "ACME CORP <ACM> 1ST QTR EARNINGS\n\nShr profit 12 cts vs profit 10 cts\nNet 1.2 mln vs 1.0 mln\n"
                + "Revenues 15.5 mln vs 14.1 mln")
        #expect(max(table.tokenCount, resent.tokenCount) <= Int(Verifier.maximumFlashTokens))
        let copies = verifier.evidence(table, resent)
        #expect(copies.kind == .reprint && copies.jaccard! < Configuration().threshold, "\(copies)")
    }

    @Test func aShortenedVersionAndACorrectionStillLink() {
        let shortened = """
            ACME TO BUY ZETA INDUSTRIES FOR 50 MLN DLRS

            Acme Corp said it agreed to buy widget maker Zeta Industries
            Inc for 50 mln dlrs in cash, expanding its presence in the
            industrial parts market.
                The company said the purchase, approved by both boards, is
            expected to close in the second quarter and will be financed
            from existing credit lines.
             Reuter
            """
        let corrected = Self.story.replacingOccurrences(of: "about\n    900 people", with: "about\n    950 people")
            .replacingOccurrences(of: "ACME CORP <ACM> TO BUY", with: "CORRECTED - ACME CORP <ACM> TO BUY")
        #expect(corrected != Self.story)
        let corpus = [("story", Self.story), ("short", shortened), ("corrected", corrected)]
        let result = clusterTexts(corpus)
        #expect(result.clusters.count == 1, "\(result.groups(corpus.map(\.0)))")
    }

    static func primeRate(_ headline: String, _ lead: String, effective: String) -> String {
        """
        \(headline) RAISES PRIME RATE

        \(lead) raised its prime rate to 7-3/4 pct from
        7-1/2 pct, effective \(effective).
         Reuter
        """
    }

    /// The same figures on one template: the issuers tell the notices apart.
    @Test func primeRateNoticesOfDifferentBanksStayApartThoughTheirFiguresAgree() {
        let corpus = [
            (
                "chemical",
                Self.primeRate(
                    "CHEMICAL <CHL>", "Chemical Bank, the main bank subsidiary\nof Chemical New York Corp, said it",
                    effective: "immediately")
            ),
            (
                "mercantile",
                Self.primeRate(
                    "MERCANTILE BANK N.A. <MTRC>", "Mercantile Bancorp said its Mercantile\nBank N.A.",
                    effective: "immediately")
            ),
            ("comerica", Self.primeRate("COMERICA <CMCA>", "Comerica Inc said it", effective: "April 1")),
            // The same notice re-sent under another headline.
            (
                "chemical-again",
                Self.primeRate(
                    "CHEMICAL BANK <CHL>",
                    "Chemical Bank, the main bank subsidiary\nof Chemical New York Corp, said it",
                    effective: "immediately")
            ),
        ]
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(result.clusters.count == 3, "\(result.groups(ids))")
        #expect(Self.together(result, ids, "chemical", "chemical-again"))
    }

    @Test func aFlashOfOneCompanyDoesNotJoinAnotherCompanysStoryOnTheSameTemplate() {
        let story = """
            DIAMOND SHAMROCK <DIA> RAISES CRUDE POSTINGS

            Diamond Shamrock said it raised the
            contract price it will pay for crude oil 50 cts a barrel,
            effective today.
                The increase brings the company's posted price for the
            benchmark grade, West Texas Intermediate, to 17.50 dlrs/bbl.
             Reuter
            """
        let corpus = [
            ("story", story),
            ("citgo", "CITGO RAISES CRUDE POSTINGS 50 CTS, TODAY, WTI TO 17.50 DLRS/BBL"),
            ("diamond", "DIAMOND SHAMROCK RAISES CRUDE POSTINGS 50 CTS, WTI TO 17.50 DLRS/BBL"),
        ]
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(Self.together(result, ids, "story", "diamond"), "\(result.groups(ids))")
        #expect(!Self.together(result, ids, "story", "citgo"), "\(result.groups(ids))")
    }

    /// A company whose name is a weekday's abbreviation ("SUN <SUN> RAISES CRUDE POSTINGS") has its name as its
    /// subject, not the verb after it, which every company's notice on the template shares.
    @Test func aCompanyNamedLikeAWeekdayIsTheSubjectOfItsNotice() {
        let story = """
            SUN <SUN> RAISES CRUDE POSTINGS 50 CTS

            Sun Co said it raised the contract
            price it will pay for crude oil 50 cts a barrel, effective
            today.
                The increase brings Sun's posted price for the West Texas
            Intermediate and West Texas Sour grades to 17.50 dlrs/bbl.
             Reuter
            """
        let corpus = [
            ("story", story),
            ("phillips", "PHILLIPS RAISES CRUDE POSTINGS 50 CTS EFFECTIVE TODAY, WTI TO 17.50 dlrs/bbl"),
            ("sun", "SUN RAISES CRUDE POSTINGS 50 CTS, EFFECTIVE TODAY, WTI TO 17.50 dlrs/bbl"),
        ]
        #expect(Self.subject(story) == wordHash32("sun"))
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(Self.together(result, ids, "story", "sun"), "\(result.groups(ids))")
        #expect(!Self.together(result, ids, "story", "phillips"), "\(result.groups(ids))")
        // A weekday written out is still no subject: "MONDAY ..." opens a diary, not a company's notice.
        #expect(Self.subject("MONDAY FED ADDS RESERVES\n\nThe Federal Reserve added reserves.") == wordHash32("fed"))
    }

    /// The subject word (`SubjectWord`) of a text's headline, as the verifier reads it.
    static func subject(_ text: String) -> UInt32 {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        return Verifier(configuration: Configuration()).subject(fingerprinter.fingerprint(text))
    }

    /// Two banks' flashes on one template: "BANK OF ..." names each bank after `of`, so the flashes have two
    /// subjects and stay apart, while each still joins its bank's story.
    @Test func theSubjectOfABankOfSomewhereIsTheSomewhere() {
        let story = """
            BANK OF MAPLETON CUTS PRIME RATE

            The Bank of Mapleton said it cut its prime
            lending rate to 8-3/4 pct from 9-1/4 pct, effective tomorrow,
            following a drop in money market rates this week.
             Reuter
            """
        let corpus = [
            ("story", story),
            ("mapleton", "BANK OF MAPLETON CUTS PRIME RATE TO 8-3/4 PCT FROM 9-1/4 PCT, EFFECTIVE TOMORROW"),
            ("westport", "BANK OF WESTPORT CUTS PRIME RATE TO 8-3/4 PCT FROM 9-1/4 PCT, EFFECTIVE FRIDAY"),
        ]
        #expect(Self.subject(story) == wordHash32("mapleton"))
        #expect(Self.subject("BANK OF NOVA SCOTIA CUTS PRIME") == wordHash32("nova"))
        // "of" before a figure or a function word names nothing: the head stays the subject.
        #expect(Self.subject("SALE OF 40 PCT STAKE AGREED") == wordHash32("sale"))
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(Self.together(result, ids, "story", "mapleton"), "\(result.groups(ids))")
        #expect(!Self.together(result, ids, "mapleton", "westport"), "\(result.groups(ids))")
    }

    static func rates(session: String, _ values: [String]) -> String {
        let maturities = [
            "overnight", "tom/next", "spot/next", "week fixed", "one month", "two", "three", "six", "nine", "twelve",
        ]
        let rows = zip(maturities, values).map { "    \($0.0)    \($0.1)" }.joined(separator: "\n")
        return "LONDON EURODOLLAR DEPOSIT RATES \(session) - APRIL 7\n\n" + rows + "\n"
    }

    /// A table sent again at another session: most rates unchanged, but a fifth or more of many figures differ.
    @Test func oneTableAtTwoSessionsStaysApartThoughMostFiguresAgree() {
        let opening = [
            "6-1/8 6", "6-1/4 1/8", "6-1/4 1/8", "6-5/16 3/16", "6-7/16 5/16", "6-1/2 3/8", "6-9/16 7/16", "6-5/8 1/2",
            "6-3/4 5/8", "6-13/16 11/16",
        ]
        var closing = opening
        closing[0] = "6-1/4 1/8"
        closing[7] = "6-11/16 9/16"
        closing[8] = "6-13/16 11/16"
        closing[9] = "6-7/8 3/4"
        let corpus = [
            ("opening", Self.rates(session: "OPENING", opening)), ("closing", Self.rates(session: "CLOSING", closing)),
            ("resent", Self.rates(session: "OPENING", opening) + " Reuter\n"),
        ]
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(!Self.together(result, ids, "opening", "closing"), "\(result.groups(ids))")
        #expect(Self.together(result, ids, "opening", "resent"), "\(result.groups(ids))")
    }

    /// A flash that announces both days' reports must not chain them together.
    @Test func aFlashDoesNotChainTwoDaysOfOneReport() {
        let report = { (rate: String) in
            """
            FED ADDS RESERVES VIA CUSTOMER REPURCHASES

            The Federal Reserve entered the U.S.
            Government securities market to arrange 1.5 billion dlrs of
            customer repurchase agreements, a Fed spokesman said.
                Dealers said Federal funds were trading at \(rate) pct when the
            Fed began its temporary and indirect supply of reserves to the
            banking system.
             Reuter
            """
        }
        let corpus = [
            ("flash", "FED ADDS RESERVES VIA CUSTOMER REPURCHASES, FED SAYS"),
            ("thursday", report("six")), ("friday", report("6-1/16")),
        ]
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(!Self.together(result, ids, "thursday", "friday"), "\(result.groups(ids))")
    }

    static let bid = """
        THETA RAISES TAFT BROADCASTING BID TO 150 DLRS A SHARE

        Theta Corp said it raised its offer for Taft Broadcasting Co
        to 150 dlrs a share in cash from the 145 dlrs a share it
        offered last week, valuing the company at about 1.4 billion dlrs.
            Theta, an investment group led by Taft's vice chairman Dudley
        Taft, said the new offer is not subject to financing and that it
        has commitments from three banks for the whole amount.
            It said it owns about 10 pct of Taft's stock.
         Reuter
        """

    /// The board's answer, written anew: it repeats a background paragraph of the bid and has figures of its own.
    static let answer = """
        TAFT BROADCASTING BOARD TO REVIEW THETA'S RAISED BID OF 150 DLRS A SHARE

        Taft Broadcasting Co said its board will go on exploring
        alternatives, such as a recapitalisation or the sale of some
        television stations, in answer to the 150 dlrs a share offer.
            Theta, an investment group led by Taft's vice chairman Dudley
        Taft, said the new offer is not subject to financing and that it
        has commitments from three banks for the whole amount.
            A committee of outside directors will meet its advisers next
        week and has not set a date for a decision, a spokesman said.
            Taft shares closed up two dlrs at 152 on the New York Stock Exchange.
         Reuter
        """

    /// A flash whose words are in the headline and lead of a bid and of the board's answer to it announces one of
    /// them: without filing times it must not make the two stories one.
    @Test func aFlashWithoutATimeDoesNotJoinTwoStoriesThatItsWordsMatch() throws {
        let flash = "THETA RAISES TAFT BROADCASTING BID TO 150 DLRS A SHARE"
        let corpus = [("flash", flash), ("bid", Self.bid), ("answer", Self.answer)]
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(!Self.together(result, ids, "bid", "answer"), "\(result.groups(ids))")
        #expect(Self.together(result, ids, "flash", "bid") || Self.together(result, ids, "flash", "answer"))
        // Refused by the flash-bridge rule, not by the chain floor: the clusters' linkage is above it.
        let refusal = try #require(result.refusedMerges.first)
        #expect(result.refusedMerges.count == 1)
        #expect(ids[refusal.first] == "flash" || ids[refusal.second] == "flash")
        #expect(refusal.meanLinkage >= Configuration().chainFloor)
        // Two versions of the bid story are linked to each other, and the flash stays with both.
        let resent = Self.bid.replacingOccurrences(of: "about 10 pct of Taft's stock.", with: "about 10 pct of Taft.")
        let versions = [("flash", flash), ("bid", Self.bid), ("resent", resent), ("answer", Self.answer)]
        let joined = clusterTexts(versions)
        let names = versions.map(\.0)
        #expect(Self.together(joined, names, "flash", "bid") && Self.together(joined, names, "bid", "resent"))
        #expect(!Self.together(joined, names, "bid", "answer"), "\(joined.groups(names))")
    }

    /// With filing times the flash and the stories it matches are filed near each other or not linked at all, and
    /// the rule stays off; with the filing-time rules turned off (`filingGap` 0) times say nothing, and it applies.
    @Test func theFlashBridgeRuleIsOffForTimedFlashesAndStories() {
        let flash = "THETA RAISES TAFT BROADCASTING BID TO 150 DLRS A SHARE"
        let corpus = [("flash", flash), ("bid", Self.bid), ("answer", Self.answer)]
        func cluster(_ configuration: Configuration) -> ClusteringResult {
            var fingerprinter = Fingerprinter(configuration: configuration)
            let fingerprints = corpus.enumerated().map { index, document in
                var fingerprint = fingerprinter.fingerprint(document.1)
                fingerprint.filedAt = 1_000_000 + Int64(index) * 600
                return fingerprint
            }
            return ClusterEngine(configuration: configuration).cluster(ids: corpus.map(\.0), fingerprints: fingerprints)
        }
        let ids = corpus.map(\.0)
        let timed = cluster(Configuration())
        #expect(
            timed.refusedMerges.allSatisfy { $0.meanLinkage < Configuration().chainFloor }, "\(timed.refusedMerges)")
        var untimed = Configuration()
        untimed.filingGap = 0
        let off = cluster(untimed)
        #expect(!Self.together(off, ids, "bid", "answer"), "\(off.groups(ids))")
    }

    static func grainFutures(_ headline: String, wheat may: String) -> String {
        """
        \(headline)

        MINNEAPOLIS WHEAT
         MAY7     \(may)            UP  1 1/2
         JUL7 281 1/4            UP    1/2
         SEP7 276 1/2            UP    1/2

        KANSAS CITY WHEAT
         MAY7 270 3/4            UP  1 1/4
         JUL7 255 1/2            UP    3/4
         SEP7 257                UP    1/2
         DEC7 262 1/4            UP    1/4
        """
    }

    /// A table sent at two sessions is two editions even when no price moved; a re-sent table keeps its headline,
    /// and a copy whose headline was written anew still links.
    @Test func aTableSentAtTwoSessionsStaysApartThoughItsRowsAgree() {
        let corpus = [
            ("1210", Self.grainFutures("MIDWEST GRAIN FUTURES 12:10   EDT", wheat: "285")),
            ("1220", Self.grainFutures("MIDWEST GRAIN FUTURES 12:20   EDT", wheat: "285")),
            ("1230", Self.grainFutures("MIDWEST GRAIN FUTURES 12:30   EDT", wheat: "284 1/2")),
            ("1230-resent", Self.grainFutures("MIDWEST GRAIN FUTURES 12:30   EDT", wheat: "284 1/2") + "\n Reuter"),
            ("1230-retitled", Self.grainFutures("MINNEAPOLIS AND KANSAS CITY WHEAT AT 12:30", wheat: "284 1/2")),
        ]
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(!Self.together(result, ids, "1210", "1220"), "\(result.groups(ids))")
        #expect(!Self.together(result, ids, "1220", "1230"), "\(result.groups(ids))")
        #expect(Self.together(result, ids, "1230", "1230-resent"), "\(result.groups(ids))")
        #expect(Self.together(result, ids, "1230", "1230-retitled"), "\(result.groups(ids))")
    }

    /// A price table whose headline line runs straight into its rows, as Reuters sends them: the segmenter reads
    /// the lines as one hard-wrapped block, so the headline is not a segment of its own.
    static func priceTable(_ headline: String, may: String) -> String {
        """
        \(headline)
        WHEAT
        MAY7  \(may) UP   1/2
        JUL7  271 3/4 OFF 1
        SEP7  272 1/2 OFF  1/2
        DEC7  277 1/2 OFF  1/2
        CORN
        MAY7  159 1/2 UP  1 1/4
        JUL7  163 1/2 UP  1 3/4
        SEP7  168 1/2 UP  2 1/4
        DEC7  176 1/2 UP  1 3/4
        """
    }

    /// The same table at another time is another edition when its headline line is joined to the rows, and when one
    /// writes the time "1030" and the other "12:00"; the table re-sent under its own headline still links.
    @Test func aTableWhoseHeadlineRunsIntoItsRowsIsTwoEditionsAtTwoTimes() {
        let corpus = [
            ("1220", Self.priceTable("CBT 12:20 EDT", may: "286 3/4")),
            ("1230", Self.priceTable("CBT 12:30 EDT", may: "286 1/4")),
            ("1230-resent", Self.priceTable("CBT 12:30 EDT", may: "286 1/4") + "\n Reuter"),
            ("1030", Self.priceTable("NY COMEX WHEAT 1030", may: "286 3/4")),
            ("1200", Self.priceTable("NY COMEX WHEAT 12:00", may: "286 3/4")),
        ]
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let table = fingerprinter.fingerprint(corpus[0].1)
        #expect(table.segments[0].tokenCount > 4, "the headline line is joined to the rows")
        #expect(table.firstLineTemplate != 0 && !table.firstLineFacts.isEmpty)
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(!Self.together(result, ids, "1220", "1230"), "\(result.groups(ids))")
        #expect(!Self.together(result, ids, "1030", "1200"), "\(result.groups(ids))")
        #expect(Self.together(result, ids, "1230", "1230-resent"), "\(result.groups(ids))")
        // A first line of figures and dates alone names no report: no template, no facts.
        let dateLine = fingerprinter.fingerprint(Self.priceTable("APRIL 7, 1987", may: "286 3/4"))
        #expect(dateLine.firstLineTemplate == 0 && dateLine.firstLineFacts.isEmpty)
    }

    /// The first line travels through the state log's coding; a record whose first line has facts but no template,
    /// or more facts than a headline has words, is refused.
    @Test func aTablesFirstLineSurvivesTheStateLogCoding() throws {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let table = fingerprinter.fingerprint(Self.priceTable("CBT 12:20 EDT", may: "286 3/4"))
        #expect(table.firstLineTemplate != 0 && !table.firstLineFacts.isEmpty)
        func decoded(_ fingerprint: DocumentFingerprint) -> DocumentFingerprint? {
            var writer = ByteWriter()
            FingerprintCoding.encode(fingerprint, into: &writer)
            var reader = ByteReader(writer.bytes[...])
            return try? FingerprintCoding.decode(from: &reader)
        }
        #expect(decoded(table) == table)
        var noTemplate = table
        noTemplate.firstLineTemplate = 0
        #expect(decoded(noTemplate) == nil)
        var noFacts = table
        noFacts.firstLineFacts = []
        #expect(decoded(noFacts) == nil)
        var tooMany = table
        tooMany.firstLineFacts = (0..<31).map(UInt32.init)
        #expect(decoded(tooMany) == nil)
        let estimate = fingerprinter.fingerprint(Self.estimate(crop: ("17.30", "17.50"), exports: ("14.50", "15.00")))
        #expect(!estimate.comparisons.isEmpty && decoded(estimate) == estimate)
        var tooManyComparisons = estimate
        tooManyComparisons.comparisons = (0..<33).map(UInt64.init)
        #expect(decoded(tooManyComparisons) == nil)
    }

    /// A monthly crop estimate as an agriculture department issues it: each figure beside last month's.
    static func estimate(crop: (String, String), exports: (String, String), output: String = "16.13") -> String {
        """
        USDA ESTIMATES RURITANIA WHEAT CROP

        The U.S. Agriculture Department
        forecast Ruritania's 1986/87 wheat crop at \(crop.0) mln tonnes, vs
        \(crop.1) mln tonnes last month. It estimated 1985/86 output at
        \(output) mln tonnes, vs 16.13 mln last month.
            Ruritanian wheat exports in 1986/87 are forecast at \(exports.0)
        mln tonnes, vs \(exports.1) mln tonnes last month, while exports in
        1985/86 are estimated at 15.96 mln tonnes, vs 15.96 mln last
        month.
         Reuter
        """
    }

    /// The next month's estimate compares its crop with this month's: most figures agree, but the figure one
    /// edition reports is the one the next compares against. A correction of one figure and a copy stay with it.
    @Test func nextMonthsEstimateComparedWithThisMonthsIsTheNextEdition() {
        let march = Self.estimate(crop: ("17.30", "17.50"), exports: ("14.50", "15.00"))
        let april = Self.estimate(crop: ("16.70", "17.30"), exports: ("14.50", "14.50"))
        let corrected = Self.estimate(crop: ("17.40", "17.50"), exports: ("14.50", "15.00"))
        var fingerprinter = Fingerprinter(configuration: Configuration())
        #expect(fingerprinter.fingerprint(march).comparisons.count == 4)
        #expect(Verifier.nextEdition(fingerprinter.fingerprint(march), fingerprinter.fingerprint(april)))
        #expect(!Verifier.nextEdition(fingerprinter.fingerprint(march), fingerprinter.fingerprint(corrected)))
        let corpus = [("march", march), ("april", april), ("corrected", corrected), ("again", march + "\n")]
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(!Self.together(result, ids, "march", "april"), "\(result.groups(ids))")
        #expect(Self.together(result, ids, "march", "corrected"), "\(result.groups(ids))")
        #expect(Self.together(result, ids, "march", "again"), "\(result.groups(ids))")
        // A figure compared with itself reports no change: a correction that moves it ("12 cts vs 10 cts" after
        // "10 cts vs 10 cts") is no next edition.
        let unchanged = fingerprinter.fingerprint("Qtly div 10 cts vs 10 cts prior\nPay April 1")
        let raised = fingerprinter.fingerprint("Qtly div 12 cts vs 10 cts prior\nPay April 1")
        #expect(!Verifier.nextEdition(unchanged, raised))
    }

    @Test func comparisonsAreTheFiguresBeforeAndAfterVs() {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let table = fingerprinter.fingerprint(
            "Shr 46.5 H.K. cents vs 29.3\nNet 1.23 billion dlrs vs 777.5 mln\nTurnover up vs last year\nNote 5 vs")
        #expect(table.comparisons.count == 2)
        let again = fingerprinter.fingerprint("Shr 46.5 cts vs 29.3")
        #expect(again.comparisons == Array(table.comparisons.prefix(1)))
        let swapped = fingerprinter.fingerprint("Shr 29.3 cts vs 46.5")
        #expect(FigureComparisons.current(swapped.comparisons[0]) == FigureComparisons.compared(again.comparisons[0]))
        // A correction that turns a comparison round is no next edition.
        #expect(!Verifier.nextEdition(again, swapped))
        // A table may repeat a figure: a shortened copy that keeps only the line comparing with it, or a correction
        // of the other line, compares nothing anew.
        let totals = fingerprinter.fingerprint("Total 10 vs 8\nLand 12 vs 10\nNote 1987")
        #expect(!Verifier.nextEdition(totals, fingerprinter.fingerprint("Land 12 vs 10\nNote 1987")))
        #expect(!Verifier.nextEdition(totals, fingerprinter.fingerprint("Total 11 vs 8\nLand 12 vs 10\nNote 1987")))
        // A compared figure is not the current one of the next `vs`: a copy that lost a line's first figure
        // ("Avg shrs vs 4,484,000") does not compare the line above's 73.7 with it, which would read as an edition.
        let lost = fingerprinter.fingerprint("Sales 82.9 mln vs 73.7 mln\nAvg shrs vs 4,484,000")
        #expect(lost.comparisons.count == 1)
        let whole = fingerprinter.fingerprint("Sales 82.9 mln vs 73.7 mln\nAvg shrs 5,429,000 vs 4,484,000")
        #expect(whole.comparisons.count == 2 && !Verifier.nextEdition(lost, whole))
        // The compared figure follows `vs` at once: after a line that lost it, the next line's label comes first.
        let lostCompared = fingerprinter.fingerprint("Oper net 8,664,000 vs\nRevs 287.8 mln vs 251")
        #expect(lostCompared.comparisons.count == 1)
        let complete = fingerprinter.fingerprint("Oper net 8,664,000 vs 1,906,000\nRevs 287.8 mln vs 251")
        #expect(!Verifier.nextEdition(lostCompared, complete))
        // Longer texts keep none: the rule reads notices and reports.
        let long = String(repeating: "The company said sales rose to 12 mln dlrs vs 10 mln a year ago. ", count: 30)
        #expect(fingerprinter.fingerprint(long).comparisons.isEmpty)
    }

    static func earnings(_ headline: String, _ figures: [String], note: String) -> String {
        """
        \(headline)

        Shr \(figures[0]) cts vs \(figures[1]) cts
            Net \(figures[2]) vs \(figures[3])
            Revs \(figures[4]) mln vs \(figures[5]) mln
            Nine mths
            Shr \(figures[6]) cts vs \(figures[7]) cts
            Net \(figures[8]) vs \(figures[9])
            \(note)
         Reuter
        """
    }

    /// An earnings table is template lines, furniture once several companies use them: a copy re-sent with its
    /// note rewritten and its headline shortened shares no evidence text with the first, only its figures.
    @Test func anEarningsTableResentWithItsNoteRewrittenStillLinks() {
        var corpus: [(String, String)] = []
        for (index, company) in ["ACME", "ZETA", "OMEGA", "DELTA", "SIGMA", "THETA"].enumerated() {
            let figures = (0..<10).map { n in
                let value = String(11 + 7 * index + 13 * n)
                return [2, 3, 8, 9].contains(n) ? "1,\(value)0,\(value)0" : [4, 5].contains(n) ? value + ".5" : value
            }
            corpus.append(
                (
                    company.lowercased(),
                    Self.earnings("\(company) INDUSTRIES INC <\(company.prefix(3))> 3RD QTR NET", figures, note: "")
                ))
        }
        let cherokee = ["22", "16", "2,460,000", "1,730,000", "37.0", "27.3", "61", "48", "6,404,536", "4,623,295"]
        corpus.append(
            (
                "first",
                Self.earnings(
                    "CHEROKEE GROUP INC <CHKE> 3RD QTR FEB 28 NET", cherokee,
                    note: "NOTE: Share adjusted for two-for-one stock split in February 1987.")
            ))
        corpus.append(
            (
                "resent",
                Self.earnings(
                    "CHEROKEE GROUP <CHKE> 3RD QTR FEB 28 NET", cherokee,
                    note: "Per-share results reflect the split paid last month.")
            ))
        let nextQuarter = ["25", "22", "2,710,000", "2,460,000", "41.2", "37.0", "86", "61", "9,114,536", "6,404,536"]
        corpus.append(
            (
                "next",
                Self.earnings(
                    "CHEROKEE GROUP INC <CHKE> 4TH QTR MAY 31 NET", nextQuarter,
                    note: "NOTE: Share adjusted for two-for-one stock split in February 1987.")
            ))
        let result = clusterTexts(corpus)
        let ids = corpus.map(\.0)
        #expect(Self.together(result, ids, "first", "resent"), "\(result.groups(ids))")
        #expect(!Self.together(result, ids, "first", "next"), "\(result.groups(ids))")
        #expect(result.clusters.count == corpus.count - 1, "\(result.groups(ids))")
    }

    /// "BRAZIL'S PRESIDENT ..." is about Brazil: a shortened version headed without the possessive is the same
    /// short story, not a story about another subject.
    @Test func aPossessiveHeadlineHasTheSubjectItNames() {
        let body = """
            President Jose Sarney will reshuffle part of his
            cabinet next month but will keep his finance minister, a
            presidential source said on Thursday.
                The reshuffle, expected since the planning minister resigned
            eight days ago, is due within two to three weeks, the source
            said, and would not affect Finance Minister Dilson Funaro.
            """
        let rumours =
            "\n    Rumours that Funaro was leaving the cabinet circulated\nhere yesterday, but both he and Sarney "
            + "denied them."
        let corpus = [
            ("first", "BRAZIL TO RESHUFFLE CABINET, KEEP FUNARO\n\n" + body + rumours + "\n Reuter\n"),
            ("second", "BRAZIL'S SARNEY DUE TO RESHUFFLE CABINET\n\n" + body + "\n Reuter\n"),
        ]
        let result = clusterTexts(corpus)
        #expect(Self.together(result, corpus.map(\.0), "first", "second"), "\(result.groups(corpus.map(\.0)))")
    }

    @Test func factsAndTemplateHashesComeFromFiguresAndDates() {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let a = fingerprinter.fingerprint("Qtly div five cts vs five cts prior, pay April 15")
        let b = fingerprinter.fingerprint("Qtly div 12 cts vs 10 cts prior, pay May 1")
        let c = fingerprinter.fingerprint("Annual div five cts vs five cts prior, pay April 15")
        #expect(a.segments[0].templateHash == b.segments[0].templateHash)
        #expect(a.segments[0].contentHash != b.segments[0].contentHash)
        #expect(a.segments[0].templateHash != c.segments[0].templateHash)
        // "five" (once per segment) and "april 15"; the same facts in another sentence are the same facts.
        #expect(a.facts.count == 2)
        #expect(Set(a.facts) == Set(c.facts))
        #expect(Set(a.facts).isDisjoint(with: Set(b.facts)))
    }

    @Test func figuresInWordsAndDatesAfterAWeekdayAgreeWithTheirOtherForms() {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        func facts(_ text: String) -> Set<UInt32> { Set(fingerprinter.fingerprint(text).facts) }
        #expect(facts("Pay June one, record May 15") == facts("Pay June 1, record May 15"))
        #expect(facts("Qtly div eight cts vs eight cts prior") == facts("Qtly div 8 cts vs 8 cts prior"))
        // The flash's "Feb 25 week" is the story's "week to Wednesday February 25"; the weekday is a fact of its own.
        let story = facts("borrowings of 64 mln dlrs in the week to Wednesday February 25")
        #expect(facts("borrowings 64 mln dlrs in Feb 25 week").isSubset(of: story))
        #expect(story.count == 3)
        #expect(facts("a thousand cts") != facts("a 1000 cts"))
        // A month before a figure that is no day or year is not a date: the flash's "DECEMBER 965 MLN DLRS" is the
        // story's "965 mln dlrs surplus in December".
        #expect(facts("SURPLUS AFTER DECEMBER 965 MLN DLRS") == facts("a 965 mln dlrs surplus in December"))
        #expect(facts("pay December 15") != facts("pay 15 in December"))
        #expect(facts("sales in March 1987") != facts("sales of 1987 in March"))
    }

    @Test func aDateWrittenInAnotherStyleIsTheSameDate() {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        func facts(_ text: String) -> Set<UInt32> { Set(fingerprinter.fingerprint(text).facts) }
        #expect(facts("a letter signed on February 2nd") == facts("a letter signed on February 2"))
        #expect(facts("published on 11 January of this year") == facts("published on January 11 of this year"))
        #expect(facts("the meeting of 7 April 1987 in Rome") == facts("the meeting of April 7th, 1987 in Rome"))
        #expect(facts("due on March 05") == facts("due on March 5"))
        // Reuters' own form hashes as it did before dates were read so: fingerprints in a watch state still agree.
        #expect(facts("due on March 5") == [1_961_766_104])
        #expect(facts("published on 11 January") != facts("published on 12 January"))
        #expect(facts("up 2 pct on the 2nd day") != facts("up 2 pct on the 2 day"))
    }

    static func weeklyShipments(week: String, tonnes: String, purchased: String) -> String {
        """
        GRAIN SHIPMENTS TO POLAND -- USDA

        There were \(tonnes) tonnes of U.S.
        corn shipped to Poland in the week ended \(week),
        according to the Agriculture Department's latest Export
        Sales report.
            There were no wheat or soybean shipments during the week.
            Poland has purchased \(purchased) mln tonnes of U.S. corn
        for delivery in the second year of the U.S.-Poland grain
        agreement.
            Total shipments in the first year of the agreement, which
        ended September 30, amounted to 152,600 tonnes of wheat,
        808,100 tonnes of corn, 518,700 tonnes of soybeans, 41,200
        tonnes of sorghum, 12,300 tonnes of barley and 7,000 tonnes
        of oats.
         Reuter
        """
    }

    @Test func oneWeeklyReportForTwoWeeksStaysApartAndItsCorrectionLinks() throws {
        let verifier = Verifier(configuration: Configuration())
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let march = fingerprinter.fingerprint(
            Self.weeklyShipments(week: "March 26", tonnes: "106,200", purchased: "2.65"))
        let april = fingerprinter.fingerprint(
            Self.weeklyShipments(week: "April 2", tonnes: "287,700", purchased: "2.65"))
        let corrected = fingerprinter.fingerprint(
            Self.weeklyShipments(week: "March 26", tonnes: "106,300", purchased: "2.65"))
        let weeks = verifier.explain(march, april)
        #expect(weeks.separation == .periods)
        #expect(weeks.evidence.kind == nil)
        // The background paragraphs agree figure for figure: without the lead's date the facts rules let it pass.
        #expect(weeks.evidence.factAgreement == 0.8)
        let correction = verifier.explain(march, corrected)
        #expect(correction.separation == nil)
        #expect(correction.evidence.kind != nil)
        // The marks travel through the state log's coding; a fingerprint written before them (coding version 5)
        // reads back with none, and the rule is off for it.
        var writer = ByteWriter()
        FingerprintCoding.encode(april, into: &writer)
        var reader = ByteReader(writer.bytes[...])
        #expect(try FingerprintCoding.decode(from: &reader) == april)
        // Version 8 ends with the figure comparisons, version 7 with the first line's template and facts; without
        // them the record is version 6.
        let comparisons = 4 + 8 * april.comparisons.count
        let firstLine = 8 + 4 + 4 * april.firstLineFacts.count
        var seven = Array(writer.bytes.dropLast(comparisons))
        seven[0] = 7
        var sevenReader = ByteReader(seven[...])
        let noComparisons = try FingerprintCoding.decode(from: &sevenReader)
        #expect(sevenReader.isAtEnd && noComparisons.comparisons.isEmpty && noComparisons.facts == april.facts)
        var six = Array(seven.dropLast(firstLine))
        six[0] = 6
        var sixReader = ByteReader(six[...])
        let noFirstLine = try FingerprintCoding.decode(from: &sixReader)
        #expect(sixReader.isAtEnd && noFirstLine.firstLineTemplate == 0 && noFirstLine.firstLineFacts.isEmpty)
        #expect(noFirstLine.segments == april.segments)
        var older = Array(six.dropLast(4 + 4 * april.segments.count))
        older[0] = 5
        var olderReader = ByteReader(older[...])
        let unmarked = try FingerprintCoding.decode(from: &olderReader)
        #expect(olderReader.isAtEnd && unmarked.segments.allSatisfy { $0.dates == 0 })
        #expect(unmarked.facts == april.facts)
        // A damaged record with one mask fewer than its segments is refused, not read with marks shifted.
        var short = Array(six.dropLast(4))
        let countAt = short.count - 4 * (april.segments.count - 1) - 4
        short[countAt] -= 1
        var shortReader = ByteReader(short[...])
        #expect(throws: ByteReader.Truncated.self) { try FingerprintCoding.decode(from: &shortReader) }
        #expect(verifier.explain(march, unmarked).separation == nil)
        // The marks take the padding after `tokenCount`: a segment is no larger for them.
        #expect(MemoryLayout<SegmentDigest>.stride == 32)
    }

    /// A recurring report of the kind the lead-figures rule is for: a central bank's sale of bonds, filed again on
    /// each day of sales with the day's amount and the year's total in the lead and the background below, which the
    /// desk words anew each time (so that the texts overlap less than a copy and the report rules do not read them).
    static func bondSale(sold: String, total: String, secondDay: Bool = false) -> String {
        let lead =
            secondDay
            ? """
            The central bank said it has sold \(sold) billion
            crowns of stabilisation bonds today, raising the total sold
            in the year so far to \(total) billion crowns.
            """
            : """
            The central bank sold \(sold) billion crowns
            worth of stabilisation bonds, bringing sales so far this year
            to \(total) billion crowns, a bank spokesman said.
            """
        let rates =
            secondDay
            ? "The new bonds, with maturities of six months and one year,\ncarry rates from 4.10 to 5.20 pct."
            : "The bonds, repayable in six months or one year, carry\ninterest rates of 4.10 pct to 5.20 pct, he said."
        let reason =
            secondDay
            ? "The sales are designed to help curb money supply growth,\nthe result of large foreign exchange reserves."
            : "The sales are intended to curb the growth of the money\nsupply, which has expanded as reserves grew."
        return """
            NORDLAND SELLS MORE STABILISATION BONDS

            \(lead)
                \(rates)
                \(reason)
                The reserves reached a record 53 billion dlrs this week.
             Reuter
            """
    }

    @Test func oneDailyReportOnTwoDaysStaysApartByItsLeadsFigures() {
        let verifier = Verifier(configuration: Configuration())
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let monday = fingerprinter.fingerprint(Self.bondSale(sold: "2.47", total: "141.93"))
        let tuesday = fingerprinter.fingerprint(Self.bondSale(sold: "5.65", total: "147.58", secondDay: true))
        let days = verifier.explain(monday, tuesday)
        #expect(days.separation == .periods)
        #expect(days.evidence.kind == nil)
        // The background agrees figure for figure: the facts rules alone would let the next day's report pass.
        #expect((days.evidence.factAgreement ?? 0) > 0.5)
        // A correction of one of the lead's figures, and the same report cut after its rates, are versions.
        let corrected = fingerprinter.fingerprint(Self.bondSale(sold: "2.74", total: "141.93"))
        #expect(verifier.explain(monday, corrected).separation == nil)
        #expect(verifier.explain(monday, corrected).evidence.kind != nil)
        let text = Self.bondSale(sold: "2.47", total: "141.93")
        let cut = fingerprinter.fingerprint(String(text[..<text.range(of: "    The sales")!.lowerBound]) + " Reuter\n")
        #expect(verifier.explain(monday, cut).separation == nil)
        #expect(verifier.explain(monday, cut).evidence.kind != nil)
        // Both leads naming the instrument by a figure ("one-year bonds") share that one figure: the day's figures
        // still tell the editions apart, and a correction of one of them is still a version.
        func term(_ text: String) -> DocumentFingerprint {
            fingerprinter.fingerprint(text.replacingOccurrences(of: "stabilisation bonds", with: "one-year bonds"))
        }
        let termMonday = term(Self.bondSale(sold: "2.47", total: "141.93"))
        let termTuesday = term(Self.bondSale(sold: "5.65", total: "147.58", secondDay: true))
        #expect(verifier.explain(termMonday, termTuesday).separation == .periods)
        #expect(verifier.explain(termMonday, term(Self.bondSale(sold: "2.74", total: "141.93"))).separation == nil)
        // Two lead sentences with one figure each do not say which edition each is: a rounding may be all that
        // differs.
        let oneFigure = text.replacingOccurrences(of: "2.47 billion", with: "some")
        let one = fingerprinter.fingerprint(oneFigure.replacingOccurrences(of: "141.93", with: "142"))
        let rounded = fingerprinter.fingerprint(oneFigure.replacingOccurrences(of: "141.93", with: "141.9"))
        #expect(!verifier.otherPeriods(one, rounded))
    }

    /// Export sales as the agriculture department reports them: a short notice of one day's sale, and the longer
    /// report of another day, which repeats the season and its start as background.
    static let wheatSaleNotice = """
        USDA REPORTS WHEAT SOLD TO UNKNOWN

        The U.S. Agriculture Department said private
        exporters reported sales of 125,000 tonnes of wheat to unknown
        destinations for delivery in the 1987/88 season.
            The season for wheat began June 1, it said.
         Reuter
        """
    static let wheatSalesReport = """
        USDA REPORTS WHEAT SOLD TO EGYPT, KOREA

        The U.S. Agriculture Department said private
        exporters reported new sales of 500,000 tonnes of wheat to Egypt
        and 90,000 tonnes switched from unknown destinations to Korea.
            The wheat is for delivery in the 1987/88 season under the
        export enhancement program, the department said.
            Exporters also reported sales of 60,000 tonnes of sorghum to
        Japan for delivery in the 1987/88 season.
            The season for wheat began June 1, and the department said the
        week's sales were the largest since the season opened.
            Sales of wheat to Egypt in the current season now total 2.1
        mln tonnes, it said.
         Reuter
        """

    /// A short notice's lead sentence is its news: one figure of its own there, beside another report whose lead
    /// has two of its own, is another day's sale, though the background figures agree. A correction of the one
    /// figure, and a version of the report cut after its second paragraph, stay versions.
    @Test func aShortNoticeWithOneFigureOfItsOwnInItsLeadIsAnotherEdition() {
        let verifier = Verifier(configuration: Configuration())
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let notice = fingerprinter.fingerprint(Self.wheatSaleNotice)
        let report = fingerprinter.fingerprint(Self.wheatSalesReport)
        #expect(notice.tokenCount <= Verifier.shortNoticeTokens && report.tokenCount > Verifier.shortNoticeTokens)
        let days = verifier.explain(notice, report)
        #expect(days.separation == .periods)
        #expect(days.evidence.kind == nil)
        // Most of the notice is in the report, and two of its three figures and dates agree.
        #expect((days.evidence.containment ?? 0) >= 0.5)
        #expect((days.evidence.factAgreement ?? 0) > 0.5)
        let corrected = fingerprinter.fingerprint(
            Self.wheatSaleNotice.replacingOccurrences(of: "125,000", with: "152,000"))
        #expect(verifier.explain(notice, corrected).separation == nil)
        #expect(verifier.explain(notice, corrected).evidence.kind != nil)
        // The other way round: the notice's lead with two figures of its own, the report's with one (the notice
        // repeats the sorghum sale too, so that most of its facts agree).
        let sorghum = "    Sales of 60,000 tonnes of sorghum to Japan were also reported.\n"
        let twoSales = fingerprinter.fingerprint(
            Self.wheatSaleNotice.replacingOccurrences(
                of: "125,000 tonnes of wheat", with: "125,000 tonnes of wheat and 40,000 tonnes of barley"
            ).replacingOccurrences(of: "    The season", with: sorghum + "    The season"))
        let oneSale = fingerprinter.fingerprint(
            Self.wheatSalesReport.replacingOccurrences(
                of: "Egypt\nand 90,000 tonnes switched from unknown destinations to Korea.", with: "Egypt."))
        #expect(oneSale.tokenCount > Verifier.shortNoticeTokens)
        #expect(verifier.explain(twoSales, oneSale).separation == .periods)
        let lines = Self.wheatSalesReport.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = fingerprinter.fingerprint(lines.prefix(7).joined(separator: "\n") + "\n Reuter\n")
        #expect(verifier.explain(cut, report).separation == nil)
        #expect(verifier.explain(cut, report).evidence.kind != nil)
        // Between two longer texts one figure of its own in a lead does not part them: there it may come from an
        // edit that ran two figures together ("rose 1-1/4 to 82-1/4" without its "to").
        let background = String(repeating: "The harvest went well. ", count: 20)
        let longer = fingerprinter.fingerprint(
            Self.wheatSaleNotice.replacingOccurrences(of: "    The season", with: "    \(background)The season"))
        #expect(longer.tokenCount > Verifier.shortNoticeTokens)
        #expect(!verifier.otherPeriods(longer, report))
    }

    /// Past a short notice's length and with fewer figures than a report, a wire story (a headline, at most 250 words)
    /// is still read for its lead's dates and figures; prose that opens with a paragraph longer than a headline is
    /// not: revisions update their dates.
    @Test func aLongerWeeklyStoryIsReadForItsLeadsDatesAndProseIsNot() {
        let verifier = Verifier(configuration: Configuration())
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let comment = """
                Trade sources said the shipments were in line with what exporters had
            expected for the season, and that buying interest from the importer was steady
            although freight costs had risen in recent weeks on the route to the Baltic ports.
            """
        func longer(_ week: String, _ tonnes: String) -> DocumentFingerprint {
            let text = Self.weeklyShipments(week: week, tonnes: tonnes, purchased: "2.65")
            return fingerprinter.fingerprint(
                text.replacingOccurrences(of: " Reuter", with: comment + comment + " Reuter"))
        }
        let march = longer("March 26", "106,200")
        let april = longer("April 2", "287,700")
        #expect(march.tokenCount > Verifier.shortNoticeTokens)
        #expect(march.facts.count * Verifier.reportWordsPerFact < march.tokenCount)
        #expect(verifier.explain(march, april).separation == .periods)
        // The same two without a headline, opening with a paragraph longer than one: an article's revision, whose
        // lead may move its date.
        func headless(_ document: String) -> DocumentFingerprint {
            let body = String(document.drop { $0 != "\n" }.dropFirst(2))
            return fingerprinter.fingerprint(
                "In its weekly report on the grain trade, published this morning, the department said that "
                    + body.replacingOccurrences(of: "of U.S.\ncorn", with: "of U.S. corn"))
        }
        let text = { (week: String) in
            Self.weeklyShipments(week: week, tonnes: "106,200", purchased: "2.65")
                .replacingOccurrences(of: " Reuter", with: comment + comment)
        }
        #expect(verifier.explain(headless(text("March 26")), headless(text("April 2"))).separation != .periods)
        // A table's rows of months and prices are one run of figures, not a date.
        let table = fingerprinter.fingerprint(
            "TOKYO RUBBER - APRIL 7\n\n APR 123.5 122.9 1,668 MAY 124.8 124.5 3,839 JUN 125.2 125.0 2,685 JUL 125.9\n")
        #expect(table.segments[0].dates != 0 && table.segments[1].dates == 0)
    }

    @Test func aDateIsAMonthAndADay() {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        func facts(_ text: String) -> Set<UInt32> { Set(fingerprinter.fingerprint(text).facts) }
        #expect(facts("announced on January 4, 2008") == facts("announced on January 4"))
        #expect(facts("the 4 January 2008 meeting") == facts("the January 4th, 2008 meeting"))
        // A part number before a date is no day of it: "RICE 1 - APRIL 7" and "RICE 1 - APRIL 8" are two days.
        #expect(facts("BANGKOK RICE 1 - APRIL 7").isDisjoint(with: facts("BANGKOK RICE 1 - APRIL 8")) == false)
        #expect(facts("BANGKOK RICE 1 - APRIL 7") != facts("BANGKOK RICE 1 - APRIL 8"))
        #expect(facts("BANGKOK RICE 1 - APRIL 7").contains(facts("on April 7").first!))
        // A range's end is a figure of its own: "March 11-20" and "March 11 to 20" agree.
        #expect(facts("sales for the March 11-20 period") == facts("sales for the March 11 to 20 period"))
        #expect(facts("sales for the March 11-20 period").count == 2)
        // A month and a year are one period: "January 1986" is no "1986" of another month.
        #expect(facts("in January 1986") != facts("in February 1986"))
        #expect(facts("in January 1986").isDisjoint(with: facts("in 1986")))
        let marked = fingerprinter.fingerprint("The April 6 sale of 13.2 billion dlrs in bills")
        #expect(marked.segments[0].dates.nonzeroBitCount == 1)
        #expect(marked.facts.count == 2)
    }

    @Test func aRevisionThatRewritesItsDatesStillLinks() {
        let before = """
            A group of former senior officials of the ministry have denounced the closure of the weekly supplement, \
            an investigative paper, in a letter signed on February 2nd and released on Tuesday to the press agencies \
            of the capital and to the members of the national assembly.

            The supplement was shut down after it published on 11 January an article by a university professor on \
            the way history is taught in the country's schools, although its editor says it had been in trouble \
            with the authorities on several occasions in the past years.
            """
        let after = """
            A group of former senior officials of the ministry have denounced the closure of the weekly supplement, \
            an investigative paper, in a letter signed on February 2 and released on Tuesday to the press agencies \
            of the capital and to the members of the national assembly.

            The supplement was shut down after it published on January 11 an article by a university professor on \
            the way history is taught in the country's schools, although its editor says it had been in trouble \
            with the authorities on several occasions in the past years.
            """
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let verifier = Verifier(configuration: Configuration())
        let result = verifier.explain(fingerprinter.fingerprint(before), fingerprinter.fingerprint(after))
        #expect(result.separation == nil)
        #expect(result.evidence.kind != nil)
        #expect(result.evidence.factAgreement == 1)
    }

    /// An abstract revised to report a larger corpus: three of its four figures change, its words stay. A longer
    /// text of few figures whose whole text agrees with the other's is a version with its figures updated; the
    /// same figures changed in a short notice, or with much of the text rewritten, still part them.
    @Test func aRevisionThatUpdatesItsFiguresIsStillAVersion() {
        func abstract(_ documents: String, _ sentences: String, _ annotators: String, rewritten: Bool = false)
            -> String
        {
            let opening =
                rewritten
                ? "Cross-lingual tagging benefits from shared subword vocabularies and from careful sampling of "
                    + "low-resource languages, as several recent studies of multilingual encoders have argued."
                : "We present a corpus for studying how readers judge the reliability of online health advice, "
                    + "built from forum threads in which patients discuss treatments with each other."
            return opening + """
                 The corpus holds \(documents) documents with \(sentences) sentences, each labelled by \(annotators) \
                annotators for the claims it makes, the evidence it cites and the tone in which it is written. We \
                describe the annotation guidelines, report agreement between the annotators on every layer, and \
                train baseline classifiers that predict reliability from the text alone. The best model reaches an \
                F1 score of 71 on held-out threads, and an analysis of its errors shows that hedged claims and \
                personal anecdotes are the hardest cases for current methods to judge.
                """
        }
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let verifier = Verifier(configuration: Configuration())
        let before = fingerprinter.fingerprint(abstract("1,896", "183,564", "516"))
        let after = fingerprinter.fingerprint(abstract("3,235", "294,692", "851"))
        #expect(before.tokenCount > Verifier.shortNoticeTokens)
        let update = verifier.explain(before, after)
        #expect(update.evidence.factAgreement == 0.25)
        #expect(update.separation == nil)
        #expect(update.evidence.kind == .near)
        // Much of the text rewritten (below the near threshold): the figures are read, and they disagree.
        let rewritten = fingerprinter.fingerprint(abstract("3,235", "294,692", "851", rewritten: true))
        let other = verifier.explain(before, rewritten)
        #expect((other.evidence.jaccard ?? 1) < Configuration().threshold)
        #expect(other.separation == .figures)
        // A short notice whose whole text agrees but whose figures changed is the next notice.
        func notice(_ price: String, _ step: String) -> DocumentFingerprint {
            fingerprinter.fingerprint(
                "NORDLAND METALS RAISES ZINC PRICE\n\nNordland Metals said it raised its list price for special high "
                    + "grade zinc by \(step) cent to \(price) cents a pound, delivered, with effect from the shipments "
                    + "of today.\n Reuter\n")
        }
        let next = verifier.explain(notice("41.50", "0.50"), notice("42.25", "0.75"))
        #expect((next.evidence.jaccard ?? 0) >= Configuration().threshold)
        #expect(next.separation == .figures)
    }

    @Test func reportsWrittenBeforeTheTemplateSettingsStillDecode() throws {
        var configuration = Configuration()
        configuration.threshold = 0.6
        let encoded = try JSONEncoder().encode(configuration)
        var object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        object.removeValue(forKey: "templateDocuments")
        object.removeValue(forKey: "templateVariants")
        let old = try JSONSerialization.data(withJSONObject: object)
        let decoded = try JSONDecoder().decode(Configuration.self, from: old)
        #expect(decoded.threshold == 0.6)
        #expect(decoded.templateDocuments == Configuration().templateDocuments)
        #expect(try JSONDecoder().decode(Configuration.self, from: encoded) == configuration)
        let statistics = try JSONDecoder().decode(ClusteringStatistics.self, from: Data(#"{"documents": 3}"#.utf8))
        #expect(statistics.documents == 3 && statistics.flashCandidates == 0)
    }
}
