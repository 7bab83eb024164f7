import Foundation
import NearDupCore
import NearDupIO
import NearDupTestSupport
import Testing

/// The third-party datasets beside the project (`../shared/datasets`); research-only, never committed.
enum Datasets {
    static let root = CLIRunner.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets").path
    static func available(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: root + "/" + name + "/docs")
    }

    static func cluster(_ name: String) throws -> (ClusterReport, ClusterAssignment) {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let output = try CLIRunner.run(
            ["cluster", root + "/" + name + "/docs", "--report", folder.file("r.json.gz"), "--quiet"])
        #expect(output.status == 0 || output.status == 2, "\(output.stderr)")
        let report = try ReportFile.read(folder.file("r.json.gz"))
        return (report, ClusterAssignment(report: report))
    }

    /// Reuters-21578 as one JSON Lines file with each story's filing time from `meta.tsv` (as
    /// `scripts/reuters-pairs/dated-jsonl.py` writes it: times as UTC, unreadable dates left out), clustered.
    static func clusterDatedReuters() throws -> ClusterAssignment {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let reuters = root + "/reuters21578"
        let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        var lines: [String] = []
        for row in try String(contentsOfFile: reuters + "/meta.tsv", encoding: .utf8).split(separator: "\n").dropFirst()
        {
            let fields = row.split(separator: "\t", omittingEmptySubsequences: false)
            let id = String(fields[0])
            guard let data = FileManager.default.contents(atPath: reuters + "/docs/\(id).txt") else { continue }
            var record: [String: String] = ["id": id, "text": String(decoding: data, as: UTF8.self)]
            // "26-FEB-1987 15:01:01.79"
            let parts = fields[2].split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" || $0 == "." })
            if parts.count >= 6, let day = Int(parts[0]), let month = months.firstIndex(of: parts[1].uppercased()),
                let year = Int(parts[2]), let hour = Int(parts[3]), let minute = Int(parts[4]),
                let second = Int(parts[5]), hour < 24
            {
                record["publishedAt"] = String(
                    format: "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month + 1, day, hour, minute, second)
            }
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self))
        }
        try folder.write("reuters.jsonl", lines.joined(separator: "\n"))
        let output = try CLIRunner.run(
            ["cluster", folder.file("reuters.jsonl"), "--report", folder.file("r.json.gz"), "--quiet"])
        #expect(output.status == 0 || output.status == 2, "\(output.stderr)")
        return ClusterAssignment(report: try ReportFile.read(folder.file("r.json.gz")))
    }

    static func labels(_ name: String, _ file: String) throws -> ClusterAssignment {
        try ClusterAssignment.parseTSV(try String(contentsOfFile: root + "/" + name + "/" + file, encoding: .utf8))
    }
}

/// Hard negatives from real news: what must never be merged. Skipped (with this message) without ../shared.
@Suite("Real datasets (../shared/datasets)")
struct DatasetTests {
    @Test(
        "NewsWCL50: 50 articles on 10 events by 5 outlets all stay apart",
        .enabled(if: Datasets.available("newswcl50"), "../shared/datasets/newswcl50 is not present"))
    func newsWCL50StaysApart() throws {
        let (report, _) = try Datasets.cluster("newswcl50")
        #expect(report.input.documents == 50)
        #expect(report.clusters.count == 50)
    }

    @Test(
        "ECB+: no cluster mixes two events",
        .enabled(if: Datasets.available("ecbplus"), "../shared/datasets/ecbplus is not present"))
    func ecbPlusNeverMergesAcrossEvents() throws {
        let (report, _) = try Datasets.cluster("ecbplus")
        let events = try Datasets.labels("ecbplus", "labels_subtopic.tsv")
        for cluster in report.clusters where cluster.size > 1 {
            let clusterEvents = Set(cluster.members.compactMap { events.clusterOf[$0.id] })
            #expect(clusterEvents.count == 1, "cluster \(cluster.id) mixes events \(clusterEvents)")
        }
    }

    @Test(
        "IteraTeR revisions: every merge is correct and most revisions are found",
        .enabled(
            if: Datasets.available("iterater-doc-revisions"), "../shared/datasets/iterater-doc-revisions is not present"
        ))
    func iteraterRevisions() throws {
        let (_, prediction) = try Datasets.cluster("iterater-doc-revisions")
        let score = PairwiseEvaluation(
            labels: try Datasets.labels("iterater-doc-revisions", "labels.tsv"), prediction: prediction)
        #expect(score.precision >= 0.99)
        #expect(score.adjustedRandIndex >= 0.87)
    }

    @Test(
        "Reuters-21578 judged pairs: linked pairs are mostly versions of one story, and most versions are linked",
        .enabled(if: Datasets.available("reuters21578"), "../shared/datasets/reuters21578 is not present"))
    func reutersJudgedPairs() throws {
        func pairs(_ file: String) throws -> [JudgedPairEvaluation.JudgedPair] {
            try JudgedPairEvaluation.parse(
                try String(
                    contentsOf: CLIRunner.packageRoot.appendingPathComponent("corpora/reuters-pairs/" + file),
                    encoding: .utf8))
        }
        let judged = try pairs("pairs.tsv")
        let (_, undated) = try Datasets.cluster("reuters21578")
        let score = JudgedPairEvaluation(pairs: judged, prediction: undated)
        #expect(score.total.pairs >= 550)
        #expect(score.missing == 0)
        // From the text alone (files carry no filing time): measured 0.923 / 0.918 over all 568 pairs.
        #expect(score.total.precision >= 0.9, "\(score.total)")
        #expect(score.total.recall >= 0.9, "\(score.total)")
        #expect(score.strata["exact"]?.recall == 1)
        // Links drawn uniformly from the reports of 2026-12-06 and judged blind (100 with times, 95 SAME; 60 without,
        // 43 SAME): without times 51 of them are still linked, all 43 SAME among them (measured 0.843).
        let current = try pairs("current-links.tsv")
        let now = JudgedPairEvaluation(pairs: current, prediction: undated)
        let uniform = try #require(now.strata["links-now-undated"])
        #expect(uniform.recall == 1 && uniform.precision >= 0.8, "\(uniform)")
        // Every link the flash-bridge rule of the chaining guard moved without times, judged blind (112 pairs, 15
        // SAME, with 13 more judged elsewhere): it removed 124 links, 17 SAME, and added one, DIFFERENT. None of the
        // DIFFERENT ones is linked again; one SAME is, since Sun Co's notice has its own subject (Phillips' flash and
        // story, which Sun's story had bridged).
        let bridges = JudgedPairEvaluation(pairs: try pairs("flash-bridges.tsv"), prediction: undated)
        let removed = try #require(bridges.strata["undated-removed"])
        #expect(removed.linked == 1 && removed.linkedSame == 1, "\(bridges.strata)")

        // With the filing times of meta.tsv: measured 0.972 / 0.956 (the targets are 0.97 / 0.95), `share`
        // 0.969 / 0.954, the 363 pairs drawn before `share` 0.974 / 0.958 (README "Defaults, and why"). London oils
        // at 1330 and at the close (281 and 302 words) are two editions, as a table longer than a report.
        let dated = try Datasets.clusterDatedReuters()
        let withTimes = JudgedPairEvaluation(pairs: judged, prediction: dated)
        #expect(withTimes.total.precision >= 0.97, "\(withTimes.total)")
        #expect(withTimes.total.recall >= 0.95, "\(withTimes.total)")
        // Headlines wrapped over two or three lines, and texts of headline length: every link they moved, judged
        // blind (134 pairs, 111 SAME). With times 0.956 / 0.973 (before: 0.455 / 0.045); the SAME pairs lost are two
        // flashes of one takeover, a wrapped flash whose fact is in the story's third paragraph and an interrupted
        // table beside its complete copy.
        let wrapped = JudgedPairEvaluation(pairs: try pairs("wrapped-headlines.tsv"), prediction: dated)
        #expect(wrapped.total.precision >= 0.95 && wrapped.total.recall >= 0.97, "\(wrapped.total)")
        let share = try #require(withTimes.strata["share"])
        #expect(share.precision >= 0.93 && share.recall >= 0.93, "\(share)")
        let before = JudgedPairEvaluation(pairs: judged.filter { $0.stratum != "share" }, prediction: dated)
        #expect(before.total.precision >= 0.94 && before.total.recall >= 0.94, "\(before.total)")
        #expect(withTimes.strata["flash"]?.recall ?? 0 >= 0.85, "\(withTimes.strata)")
        // The flashes the hour rule links (40 drawn from its new links and judged blind: 38 SAME).
        let close = JudgedPairEvaluation(pairs: try pairs("close-flashes.tsv"), prediction: dated)
        #expect(close.total.precision >= 0.9, "\(close.total)")
        // The re-sent earnings tables that rule links (all 15 of its links, judged blind: all SAME).
        let resent = JudgedPairEvaluation(pairs: try pairs("resent-tables.tsv"), prediction: dated)
        #expect(resent.total.recall == 1, "\(resent.total)")
        // The links that reading a possessive as the name it owns added and removed (judged blind: 11 of the 16
        // added are SAME, the 9 removed all DIFFERENT).
        let possessive = JudgedPairEvaluation(pairs: try pairs("possessive-subjects.tsv"), prediction: dated)
        #expect(possessive.total.recall == 1 && possessive.total.precision >= 0.8, "\(possessive.total)")
        // The links that headline names, symbols, report lines and session words changed, judged blind (152 pairs,
        // 43 SAME): measured with times 0.897 / 0.814 (the SAME lost are re-sent copies whose headline subject
        // differs and flashes of one bank or oil company beside a story of several; the Westamerica table re-sent
        // with its symbol corrected links, `Verifier.correctedIssuer`).
        let issuers = JudgedPairEvaluation(pairs: try pairs("issuers-and-lines.tsv"), prediction: dated)
        #expect(issuers.total.precision >= 0.85 && issuers.total.recall >= 0.81, "\(issuers.total)")
        // A headline is not furniture of a skipped paragraph bucket: the 8 links that added on both runs, judged blind,
        // are all SAME, and the 2 it removed without times DIFFERENT.
        let headlines = try pairs("headline-furniture.tsv")
        let headlinesDated = JudgedPairEvaluation(pairs: headlines, prediction: dated)
        #expect(headlinesDated.total.recall == 1 && headlinesDated.total.precision == 1, "\(headlinesDated.total)")
        // Without times one of them is lost since wrapped headlines are flashes: "U.S. PERSONAL INCOME ROSE 0.2 PCT
        // IN MAY, SPENDING UP 0.1 PCT", whose one segment shares its buckets with every month's headline and so is
        // furniture (a flash has no headline to keep), links to March's story, and the chaining guard keeps it from
        // May's.
        let headlinesUndated = JudgedPairEvaluation(pairs: headlines, prediction: undated)
        #expect(
            headlinesUndated.total.linkedSame == 7 && headlinesUndated.total.precision == 1,
            "\(headlinesUndated.total)")
        // Dates read as a month and a day, and the dates of a lead (`Verifier.otherPeriods`): every link they moved,
        // judged blind. Both runs gained 4 links, all SAME, and lost 2, both DIFFERENT; without times 18 more were
        // lost (all DIFFERENT, 13 of them in this file) and 2 gained (1 SAME).
        let dates = try pairs("lead-dates.tsv")
        let datesDated = JudgedPairEvaluation(pairs: dates, prediction: dated)
        let datesUndated = JudgedPairEvaluation(pairs: dates, prediction: undated)
        for evaluation in [datesDated, datesUndated] {
            let added = try #require(evaluation.strata["dated-added+undated-added"])
            #expect(added.recall == 1 && added.precision == 1, "\(added)")
            #expect(evaluation.strata["dated-removed+undated-removed"]?.linked == 0)
        }
        #expect(datesUndated.strata["undated-removed"]?.linked == 0)
        let datesAdded = datesUndated.strata["undated-added"]
        #expect(datesAdded?.linked == 2 && datesAdded?.linkedSame == 1, "\(String(describing: datesAdded))")
        // The figures of a lead sentence (`Verifier.otherPeriods`): the links it removed without times that no
        // other file judges, all DIFFERENT (one daily report on seven days, a weekly deposit rate).
        // With one figure both leads name (the instrument's term) allowed, 6 more without times (3 in this file,
        // DIFFERENT) and 1 with times (a DIFFERENT pair of `current-links.tsv`).
        let leadFigures = JudgedPairEvaluation(pairs: try pairs("lead-figures.tsv"), prediction: undated)
        #expect(leadFigures.total.linked == 0, "\(leadFigures.total)")
        // Two texts each more than half in the other are a reprint: the 2 links it added on both runs, judged blind,
        // are SAME.
        let mutual = try pairs("mutual-containment.tsv")
        for prediction in [dated, undated] {
            let added = try #require(JudgedPairEvaluation(pairs: mutual, prediction: prediction).strata.values.first)
            #expect(added.recall == 1 && added.precision == 1, "\(added)")
        }
        let dateUniform = try #require(JudgedPairEvaluation(pairs: current, prediction: dated).strata["links-now"])
        #expect(dateUniform.recall == 1 && dateUniform.precision >= 0.94, "\(dateUniform)")
        // Two more uniform draws, each held out when drawn: from the reports of 75229b6 (2026-12-06, tenth session),
        // 40 links with times, 39 SAME, and 80 without, 65 SAME; from those of d81d86e (2026-12-07, twenty-second
        // session), 60 with times, 57 SAME, and 80 without, 67 SAME. Every SAME pair stays linked (so their precision
        // is at least what the judges read: a later rule may part DIFFERENT ones).
        let draws = [
            ("links-tenth", dated, 40), ("links-tenth-undated", undated, 80), ("links-22nd", dated, 60),
            ("links-22nd-undated", undated, 80),
        ]
        for (stratum, prediction, size) in draws {
            let draw = current.filter { $0.stratum.split(separator: "+").contains(Substring(stratum)) }
            #expect(draw.count == size)
            let score = JudgedPairEvaluation(pairs: draw, prediction: prediction).total
            #expect(score.recall == 1, "\(stratum): \(score)")
        }
        // A weekday's abbreviation at the head of a headline is its subject: the links it removed that no other file
        // judges (all DIFFERENT) stay apart.
        let weekdays = try pairs("weekday-subjects.tsv")
        #expect(weekdays.count == 5)
        for prediction in [dated, undated] {
            #expect(JudgedPairEvaluation(pairs: weekdays, prediction: prediction).total.linked == 0)
        }
        // Every link the eleventh session's rules removed (a long table's sessions, banks named "X of Y", monthly
        // estimates compared with the last), judged blind, all DIFFERENT: none is linked with times, and without
        // them only USDA's Canadian estimates (3334 / 15870), whose one moved comparison is turned round, which a
        // correction may do too.
        let eleventh = try pairs("eleventh-session.tsv")
        #expect(eleventh.count == 7)
        #expect(JudgedPairEvaluation(pairs: eleventh, prediction: dated).total.linked == 0)
        #expect(JudgedPairEvaluation(pairs: eleventh, prediction: undated).total.linked == 1)
        #expect(undated.clusterOf["3334"] == undated.clusterOf["15870"])
        // A table's first line read as its headline (`Verifier.otherEditions`): the 17 links it removed on both runs
        // are price tables of other times of day (10 judged blind in this file, 7 before); the two copies of one
        // table at one time stay linked.
        let firstLines = try pairs("first-lines.tsv")
        for prediction in [dated, undated] {
            let evaluation = JudgedPairEvaluation(pairs: firstLines, prediction: prediction)
            #expect(evaluation.strata["removed-both"]?.linked == 0, "\(evaluation.strata)")
            #expect(evaluation.strata["kept-both"]?.recall == 1, "\(evaluation.strata)")
        }
        // Beside a short notice, one figure of its own in one lead (`Verifier.otherPeriods`): the 14 links it removed
        // that no other file judges, judged blind, all DIFFERENT (USDA's corn sales of other days, the Bank of
        // England's help at other rounds and days, Taiwan's CD issues of other days), stay apart.
        let shortNotices = try pairs("short-notice-leads.tsv").filter { $0.stratum != "tried" }
        #expect(shortNotices.count == 14)
        #expect(JudgedPairEvaluation(pairs: shortNotices, prediction: undated).total.linked == 0)
        let bothRuns = shortNotices.filter { $0.stratum == "dated-removed+undated-removed" }
        #expect(bothRuns.count == 1)
        #expect(JudgedPairEvaluation(pairs: bothRuns, prediction: dated).total.linked == 0)
    }

    @Test(
        "Wikipedia versions: merges stay correct and most versions are found",
        .enabled(if: Datasets.available("wikipedia-versions"), "../shared/datasets/wikipedia-versions is not present"))
    func wikipediaVersions() throws {
        let (_, prediction) = try Datasets.cluster("wikipedia-versions")
        let score = PairwiseEvaluation(
            labels: try Datasets.labels("wikipedia-versions", "labels.tsv"), prediction: prediction)
        #expect(score.precision >= 0.99)
        #expect(score.adjustedRandIndex >= 0.895)
    }
}
