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
