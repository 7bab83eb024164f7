import Foundation
import NearDupCore
import NearDupIO
import NearDupTestSupport
import Testing

@Suite("neardup cluster")
struct ClusterCommandTests {
    @Test func seedsGiveTheBBCReprintClusterThroughTSV() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let output = try CLIRunner.run(
            ["cluster", "corpora/seeds", "--format", "tsv", "--report", folder.file("seeds.json.gz")])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix("doc_id\tcluster_id\n"))
        #expect(
            CLIRunner.groups(output.stdout) == [
                ["003_51a1bab3c6050887", "004_9d74470b06875570"], ["000_abf67590de380111"],
                ["001_d8c47ce22ccf6ecf"], ["002_c91c690f928fcd98"],
            ])

        let report = try ReportFile.read(folder.file("seeds.json.gz"))
        #expect(report.schema == "neardup-report" && report.version == 1)
        let bbc = try #require(report.clusters.first { $0.size == 2 })
        let reprint = try #require(bbc.members.first { $0.kind == "reprint" })
        #expect((reprint.evidence?.matches.count ?? 0) >= 12)
        #expect(reprint.evidence?.matches.allSatisfy { $0.bytes.count == 2 && $0.otherBytes.count == 2 } == true)
        #expect(
            report.paragraphLinks.contains { $0.documents == ["001_d8c47ce22ccf6ecf", "002_c91c690f928fcd98"] })
        #expect(report.candidates.document?.probabilityAtThreshold ?? 0 >= 0.99)
        #expect(report.clusters.reduce(0) { $0 + $1.size } == 5)
    }

    @Test func jsonLinesFilingTimesKeepOneReportOfTwoWeeksApartAndRefuseBadTimes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        func line(_ id: String, _ week: String, _ time: Any) throws -> String {
            String(
                decoding: try JSONSerialization.data(
                    withJSONObject: ["id": id, "text": WireCopy.weeklyShipments(week: week), "publishedAt": time],
                    options: [.sortedKeys]), as: UTF8.self)
        }
        try folder.write(
            "wire.jsonl",
            [
                try line("mar26", "March 26", "1987-03-27T16:27:26Z"),
                try line("apr2", "April 2", "1987-04-03T16:54:29Z"),
                try line("apr2-fix", "April 2", "1987-04-03T18:10:00+01:00"),
                try line("undated", "April 9", "10-APR-1987"),
            ].joined(separator: "\n"))
        let output = try CLIRunner.run(
            ["cluster", folder.file("wire.jsonl"), "--format", "tsv", "--report", folder.file("r.json.gz")])
        #expect(output.status == 2, "\(output.stderr)")
        #expect(CLIRunner.groups(output.stdout) == [["apr2", "apr2-fix"], ["mar26"]])
        let report = try ReportFile.read(folder.file("r.json.gz"))
        let skipped = try #require(report.skipped.first)
        #expect(skipped.origin == folder.file("wire.jsonl") + ":4" && skipped.reason == .malformedJSON)
        #expect(skipped.message.contains("'publishedAt' is not an RFC 3339 date-time"))
        #expect(report.parameters.filingGap == 18 * 3600)

        let off = try CLIRunner.run(
            [
                "cluster", folder.file("wire.jsonl"), "--format", "tsv", "--filing-gap", "0", "--report",
                folder.file("off.json.gz"),
            ])
        #expect(CLIRunner.groups(off.stdout) == [["apr2", "apr2-fix", "mar26"]])
        #expect(try ReportFile.read(folder.file("off.json.gz")).parameters.filingGap == 0)
        let week = try CLIRunner.run(["cluster", folder.file("wire.jsonl"), "--format", "tsv", "--filing-gap", "8d"])
        #expect(CLIRunner.groups(week.stdout) == [["apr2", "apr2-fix", "mar26"]])
        let renamed = try CLIRunner.run(
            ["cluster", folder.file("wire.jsonl"), "--format", "tsv", "--time-field", "filed"])
        #expect(renamed.status == 0 && CLIRunner.groups(renamed.stdout) == [["apr2", "apr2-fix", "mar26", "undated"]])
        #expect(try CLIRunner.run(["cluster", folder.file("wire.jsonl"), "--filing-gap", "soon"]).status == 64)
        #expect(try CLIRunner.run(["cluster", folder.file("wire.jsonl"), "--filing-gap", "0.001s"]).status == 64)
        #expect(try CLIRunner.run(["cluster", folder.file("wire.jsonl"), "--time-field", "id"]).status == 64)
        let none = try CLIRunner.run(["cluster", folder.file("wire.jsonl"), "--format", "tsv", "--time-field", ""])
        #expect(none.status == 0 && CLIRunner.groups(none.stdout) == [["apr2", "apr2-fix", "mar26", "undated"]])
    }

    @Test func humanSummaryNamesClustersAndLinks() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let output = try CLIRunner.run(["cluster", "corpora/seeds", "--report", folder.file("r.json.gz")])
        #expect(output.status == 0)
        #expect(output.stdout.contains("5 documents in 4 clusters"))
        #expect(output.stdout.contains("003_51a1bab3c6050887  reprint of 004_9d74470b06875570"))
        #expect(output.stdout.contains("001_d8c47ce22ccf6ecf ~ 002_c91c690f928fcd98"))
    }

    @Test func sameCorpusGivesTheSameIdsWhateverTheJobsAndInputOrder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let seeds = try FileManager.default.contentsOfDirectory(atPath: CLIRunner.packageRoot.path + "/corpora/seeds")
            .filter { $0.hasSuffix(".txt") }.sorted()
        var lines: [String] = []
        for name in seeds {
            let text = try String(
                contentsOfFile: CLIRunner.packageRoot.path + "/corpora/seeds/" + name, encoding: .utf8)
            let record = ["id": String(name.dropLast(4)), "text": text]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self))
        }
        try folder.write("forward.jsonl", lines.joined(separator: "\n") + "\n")
        try folder.write("backward.jsonl", lines.reversed().joined(separator: "\n"))
        let fromFiles = try CLIRunner.run(
            ["cluster", "corpora/seeds", "--format", "tsv", "--jobs", "1", "--report", folder.file("a.json.gz")])
        let forward = try CLIRunner.run(
            [
                "cluster", folder.file("forward.jsonl"), "--format", "tsv", "--jobs", "3", "--report",
                folder.file("b.json.gz"),
            ])
        let backward = try CLIRunner.run(
            ["cluster", "-", "--format", "tsv", "--report", folder.file("c.json.gz")],
            input: Array(try String(contentsOfFile: folder.file("backward.jsonl"), encoding: .utf8).utf8))
        #expect(fromFiles.status == 0 && forward.status == 0 && backward.status == 0, "\(backward.stderr)")
        #expect(fromFiles.stdout == forward.stdout)
        #expect(forward.stdout == backward.stdout)
    }

    @Test func reportIsValidGzipJSONForZcat() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let output = try CLIRunner.run(["cluster", "corpora/seeds", "--report", folder.file("r.json.gz"), "--quiet"])
        #expect(output.status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc '\(folder.file("r.json.gz"))' | python3 -m json.tool > /dev/null"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["r.json.gz"])
    }

    @Test func anUnwritableReportIsAFailureWithAMessage() throws {
        let output = try CLIRunner.run(["cluster", "corpora/seeds", "--report", "/nonexistent-\(UUID())/r.json.gz"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("cannot write the report"))
    }

    @Test(arguments: [
        ["cluster"], ["cluster", "corpora/seeds", "--threshold", "1.5"],
        ["cluster", "corpora/seeds", "--slots", "100"],
        ["cluster", "-", "-"], ["cluster", "corpora/seeds", "--jobs", "0"],
    ])
    func invalidCommandLinesAreUsageErrors(arguments: [String]) throws {
        let output = try CLIRunner.run(arguments)
        #expect(output.status == 64)
        #expect(output.stderr.contains("Error"))
    }
}
