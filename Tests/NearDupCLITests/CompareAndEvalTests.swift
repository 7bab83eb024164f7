import Foundation
import NearDupTestSupport
import Testing

@Suite("neardup compare and eval")
struct CompareAndEvalTests {
    @Test func compareExplainsTheBBCVersionsSideBySide() throws {
        let output = try CLIRunner.run([
            "compare", "corpora/seeds/003_51a1bab3c6050887.txt", "corpora/seeds/004_9d74470b06875570.txt",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("relation:        reprint"))
        #expect(output.stdout.contains("│"))
        #expect(output.stdout.contains("Brig Gen Manaf Tlas fled Syria via Turkey"))
        #expect(output.stdout.contains("paragraphs only in A:"))
    }

    @Test func compareOfDifferentArticlesSaysSo() throws {
        let output = try CLIRunner.run([
            "compare", "corpora/seeds/000_abf67590de380111.txt", "corpora/seeds/003_51a1bab3c6050887.txt",
        ])
        #expect(output.status == 0)
        #expect(output.stdout.contains("relation:        none"))
    }

    /// Two funds of one family on one template: near-identical words, the same figures, two issuers — and the
    /// explanation says which rule kept them apart.
    @Test func compareSaysWhichRuleKeptTwoNoticesApart() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for fund in ["Ohio", "Oregon"] {
            try folder.write(
                fund + ".txt",
                "HARBOUR \(fund.uppercased()) TAX-EXEMPT SETS PAYOUT\n\nMthly div 6.2 cts vs 6.2 cts prior\n"
                    + "    Pay May 29\n    Record May 15\n    NOTE: Harbour \(fund) Tax-Exempt Income Fund.\n Reuter\n")
        }
        let apart = try CLIRunner.run(["compare", folder.file("Ohio.txt"), folder.file("Oregon.txt")])
        #expect(apart.status == 0, "\(apart.stderr)")
        #expect(apart.stdout.contains("relation:        none"), "\(apart.stdout)")
        #expect(apart.stdout.contains("kept apart:      two issuers"), "\(apart.stdout)")
        let versions = try CLIRunner.run([
            "compare", "corpora/seeds/003_51a1bab3c6050887.txt", "corpora/seeds/004_9d74470b06875570.txt",
        ])
        #expect(!versions.stdout.contains("kept apart:"))
    }

    @Test func evalScoresAReportAgainstLabels() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try CLIRunner.run(["cluster", "corpora/seeds", "--report", folder.file("r.json.gz"), "--quiet"])
        let output = try CLIRunner.run(["eval", "--labels", "corpora/seeds/labels.tsv", folder.file("r.json.gz")])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("F1         1.0000"))
        #expect(output.stdout.contains("ARI        1.0000"))
    }

    @Test func evalOfAWrongPredictionScoresBelowOne() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(
            "pred.tsv",
            "doc_id\tcluster_id\n000_abf67590de380111\tx\n001_d8c47ce22ccf6ecf\tx\n002_c91c690f928fcd98\ty\n"
                + "003_51a1bab3c6050887\tz\n004_9d74470b06875570\tw\n")
        let output = try CLIRunner.run(
            ["eval", "--labels", "corpora/seeds/labels.tsv", folder.file("pred.tsv"), "--format", "json"])
        #expect(output.status == 0)
        let score = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as! [String: Any]
        #expect(score["precision"] as? Double == 0)
        #expect(score["recall"] as? Double == 0)
        #expect(score["truePairs"] as? Int == 1)
    }

    @Test func evalScoresJudgedPairsPerStratumAndRejectsBadLabels() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try CLIRunner.run(["cluster", "corpora/seeds", "--report", folder.file("r.json.gz"), "--quiet"])
        try folder.write(
            "pairs.tsv",
            "a\tb\tstratum\tlabel\treason\n003_51a1bab3c6050887\t004_9d74470b06875570\tversions\tSAME\tBBC pair\n"
                + "001_d8c47ce22ccf6ecf\t002_c91c690f928fcd98\tquote\tSAME\tjudged wrongly on purpose\n"
                + "000_abf67590de380111\t003_51a1bab3c6050887\tquote\tDIFFERENT\tother outlet\n")
        let output = try CLIRunner.run(
            ["eval", "--pairs", folder.file("pairs.tsv"), folder.file("r.json.gz"), "--list-errors"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(
            output.stdout.contains("all        pairs 3, SAME 2, linked 1 (1 SAME): precision 1.0000, recall 0.5000"))
        #expect(
            output.stdout.contains("versions   pairs 1, SAME 1, linked 1 (1 SAME): precision 1.0000, recall 1.0000"))
        #expect(output.stdout.contains("missed      001_d8c47ce22ccf6ecf\t002_c91c690f928fcd98\tquote"))
        try folder.write("bad.tsv", "a\tb\tlabel\nx\ty\tMAYBE\n")
        let bad = try CLIRunner.run(["eval", "--pairs", folder.file("bad.tsv"), folder.file("r.json.gz")])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("line 2: label must be SAME or DIFFERENT"))
        let both = try CLIRunner.run(
            [
                "eval", "--pairs", folder.file("pairs.tsv"), "--labels", "corpora/seeds/labels.tsv",
                folder.file("r.json.gz"),
            ])
        #expect(both.status == 64)
    }

    @Test func reportAndCompareWriteHTMLPages() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(
            try CLIRunner.run(["cluster", "corpora/seeds", "--report", folder.file("r.json.gz"), "--quiet"]).status == 0
        )
        let report = try CLIRunner.run(["report", folder.file("r.json.gz"), "--html", folder.file("r.html")])
        #expect(report.status == 0, "\(report.stderr)")
        let page = try String(contentsOfFile: folder.file("r.html"), encoding: .utf8)
        #expect(page.contains("<template id=\"t-c-0\">"))
        #expect(page.components(separatedBy: "<mark>").count > 15)
        let compare = try CLIRunner.run([
            "compare", "corpora/seeds/004_9d74470b06875570.txt", "corpora/seeds/003_51a1bab3c6050887.txt",
            "--html", folder.file("c.html"),
        ])
        #expect(compare.status == 0)
        let comparison = try String(contentsOfFile: folder.file("c.html"), encoding: .utf8)
        #expect(comparison.contains("<tr class=\"match\">"))
        #expect(comparison.contains("only in 003_51a1bab3c6050887") || comparison.contains("only in corpora/seeds/003"))
        let missing = try CLIRunner.run(["report", folder.file("missing.json.gz"), "--html", folder.file("x.html")])
        #expect(missing.status == 64)
    }
}
