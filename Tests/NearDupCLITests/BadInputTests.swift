import Foundation
import NearDupCore
import NearDupIO
import NearDupTestSupport
import Testing

/// Every kind of bad input is reported, none is lost silently, and good inputs keep flowing.
@Suite("Bad input")
struct BadInputTests {
    static let article = """
        A Syrian general close to President Assad has defected, delivering a hard blow for the regime, the French \
        foreign minister has said.

        Brig Gen Manaf Tlas fled Syria via Turkey, his family confirmed on Friday afternoon to reporters.
        """

    func runCorpus(_ setUp: (TemporaryFolder) throws -> Void, extra: [String] = []) throws
        -> (CLIRunner.Output, ClusterReport, TemporaryFolder)
    {
        let folder = try TemporaryFolder()
        try setUp(folder)
        let output = try CLIRunner.run(
            ["cluster", folder.file("in"), "--report", folder.file("report.json.gz"), "--quiet"] + extra)
        let report = try ReportFile.read(folder.file("report.json.gz"))
        return (output, report, folder)
    }

    func skipped(_ report: ClusterReport, _ reason: SkippedInput.Reason) -> [SkippedInput] {
        report.skipped.filter { $0.reason == reason }
    }

    @Test func aCleanCorpusExitsZero() throws {
        let (output, report, folder) = try runCorpus { try $0.write("in/good.txt", Self.article) }
        defer { folder.remove() }
        #expect(output.status == 0)
        #expect(report.input.documents == 1 && report.skipped.isEmpty)
        #expect(output.stderr.isEmpty)
    }

    @Test func invalidUTF8IsReadLossilyAndCounted() throws {
        let latin1: [UInt8] =
            Array("Caf".utf8) + [0xE9] + Array(" au lait, na".utf8) + [0xEF] + Array("ve et ".utf8)
            + Array(Self.article.utf8)
        let (output, report, folder) = try runCorpus { try $0.write("in/latin1.txt", latin1) }
        defer { folder.remove() }
        #expect(output.status == 0)
        #expect(report.input.documents == 1)
        #expect(report.input.lossyDocuments == 1 && report.input.invalidSequences == 2)
    }

    @Test func emptyBinaryOversizeBrokenAndCorruptFilesAreSkippedWithReasons() throws {
        let (output, report, folder) = try runCorpus(
            { folder in
                try folder.write("in/good.txt", Self.article)
                try folder.write("in/sub/also-good.txt.gz", try Gzip.compress(Array((Self.article + " More.").utf8)))
                try folder.write("in/empty.txt", "")
                try folder.write("in/blank.txt", "  \n\n — ... \n")
                try folder.write(
                    "in/image.txt", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x1A, 0x0A] + Array(Self.article.utf8))
                try folder.write("in/huge.txt", String(repeating: "word ", count: 1000))
                // gzip by its magic number, cut off in the middle: corrupt whatever the name says.
                try folder.write(
                    "in/corrupt.txt.gz", Array(try Gzip.compress(Array(Self.article.utf8)).prefix(30)))
                try folder.write("in/ignored.md", "not selected by the default patterns")
                try FileManager.default.createSymbolicLink(
                    atPath: folder.file("in/dangling.txt"), withDestinationPath: "/nonexistent")
            }, extra: ["--max-bytes", "4000"])
        defer { folder.remove() }
        #expect(output.status == 2)
        #expect(Set(report.clusters.flatMap { $0.members.map(\.id) }) == ["good", "sub/also-good"])
        #expect(Set(skipped(report, .empty).compactMap(\.id)) == ["empty", "blank"])
        #expect(skipped(report, .binary).map(\.id) == ["image"])
        #expect(skipped(report, .tooLarge).map(\.id) == ["huge"])
        #expect(skipped(report, .corruptGzip).map(\.id) == ["corrupt"])
        #expect(skipped(report, .notFound).map(\.id) == ["dangling"])
        #expect(report.input.skipped == 6)
        for reason in ["empty: 2", "binary: 1", "too-large: 1", "corrupt-gzip: 1", "not-found: 1"] {
            #expect(output.stderr.contains(reason), "stderr lacks \(reason): \(output.stderr)")
        }
    }

    @Test func missingArgumentsAreReportedAndTheRestIsClustered() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("good.txt", Self.article)
        let output = try CLIRunner.run(
            [
                "cluster", folder.file("good.txt"), folder.file("missing"), "--report", folder.file("r.json.gz"),
                "--quiet",
            ])
        #expect(output.status == 2)
        let report = try ReportFile.read(folder.file("r.json.gz"))
        #expect(report.input.documents == 1)
        #expect(report.skipped.map(\.origin) == [folder.file("missing")])
        #expect(output.stderr.contains("not-found: 1"))
    }

    @Test func malformedJSONLinesAreReportedWithLineNumbers() throws {
        let good = try JSONSerialization.data(withJSONObject: ["id": "a", "text": Self.article])
        let lines = [
            String(decoding: good, as: UTF8.self),
            "{\"id\": \"b\", \"text\": ",
            "",
            "[1, 2, 3]",
            "{\"text\": \"no id\"}",
            String(decoding: good, as: UTF8.self),
        ]
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("docs.jsonl.gz", try Gzip.compress(Array(lines.joined(separator: "\n").utf8)))
        let output = try CLIRunner.run(
            ["cluster", folder.file("docs.jsonl.gz"), "--report", folder.file("r.json.gz"), "--quiet"])
        #expect(output.status == 2)
        let report = try ReportFile.read(folder.file("r.json.gz"))
        #expect(report.input.documents == 1)
        let malformed = report.skipped.filter { $0.reason == .malformedJSON }
        #expect(malformed.map(\.origin) == [2, 4, 5].map { folder.file("docs.jsonl.gz") + ":\($0)" })
        #expect(malformed.last?.message.contains("missing field 'id'") == true)
        let duplicate = try #require(report.skipped.first { $0.reason == .duplicateID })
        #expect(duplicate.origin == folder.file("docs.jsonl.gz") + ":6")
        #expect(duplicate.message.contains(":1"))
    }

    @Test func duplicateIdsAcrossFilesKeepTheFirst() throws {
        let (output, report, folder) = try runCorpus { folder in
            try folder.write("in/story.txt", Self.article)
            try folder.write(
                "in/story.txt.gz", try Gzip.compress(Array("A different text about something else entirely.".utf8)))
        }
        defer { folder.remove() }
        #expect(output.status == 2)
        #expect(report.input.documents == 1)
        #expect(report.clusters[0].members[0].origin.hasSuffix("in/story.txt"))
        #expect(report.skipped.map(\.reason) == [.duplicateID])
    }

    @Test func includePatternsSelectOtherFiles() throws {
        let (output, report, folder) = try runCorpus(
            { folder in
                try folder.write("in/a.md", Self.article)
                try folder.write("in/b.txt", "Another article about the weather in Paris and elsewhere this weekend.")
            }, extra: ["--include", "*.md"])
        defer { folder.remove() }
        #expect(output.status == 0)
        #expect(report.clusters.map(\.canonical) == ["a"])
    }

    @Test func aGeneratedCorpusThatCannotBeWrittenWholeIsAnErrorNotAShortCorpus() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // A file-size limit makes every document file fail to write, as a full disk would (the signal it raises is
        // ignored, so the writes fail with EFBIG instead).
        let command =
            "trap '' XFSZ; ulimit -f 1; exec \"$0\" generate --synthetic 40 --out \"$1\" --layout files"
        let output = try CLIRunner.run(
            ["-c", command, CLIRunner.executable.path, folder.file("corpus")], program: URL(fileURLWithPath: "/bin/sh"))
        #expect(output.status != 0)
        #expect(output.stderr.contains("cannot write"), "\(output.stderr)")
        #expect(!output.stdout.contains("wrote 40 documents"), "\(output.stdout)")
    }
}
