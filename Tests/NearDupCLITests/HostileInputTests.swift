import Foundation
import NearDupCore
import NearDupIO
import NearDupTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Inputs a hostile user or a broken producer sends: nothing hangs, memory stays bounded, no id is lost or merged.
@Suite("Hostile input")
struct HostileInputTests {
    static let article = BadInputTests.article
    /// The article as the inside of a JSON string.
    static let json = article.replacingOccurrences(of: "\n", with: "\\n")

    @Test func aFIFOIsSkippedAsNotAFileWithoutBlocking() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("in/good.txt", Self.article)
        #expect(mkfifo(folder.file("in/x.txt"), 0o644) == 0)
        let run = try CLIRunner.runMeasured(
            ["cluster", folder.file("in"), "--report", folder.file("r.json.gz"), "--quiet"], timeout: 30)
        #expect(!run.timedOut, "neardup blocked on a FIFO in a directory")
        #expect(run.status == 2)
        let report = try ReportFile.read(folder.file("r.json.gz"))
        #expect(report.skipped.map(\.reason) == [.notAFile])
        #expect(report.skipped.first?.id == "x")
        // Named directly, too.
        let direct = try CLIRunner.runMeasured(
            [
                "cluster", folder.file("in/x.txt"), folder.file("in/good.txt"), "--report", folder.file("d.json.gz"),
                "--quiet",
            ], timeout: 30)
        #expect(!direct.timedOut, "neardup blocked on a FIFO named on the command line")
        #expect(try ReportFile.read(folder.file("d.json.gz")).skipped.map(\.reason) == [.notAFile])
    }

    @Test func symbolicLinkLoopsAreCutAndEachFileIsReadOnce() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("in/d/sub/story.txt", Self.article)
        try FileManager.default.createSymbolicLink(atPath: folder.file("in/d/a"), withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: folder.file("in/d/b"), withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: folder.file("in/d/sub/up"), withDestinationPath: "..")
        let run = try CLIRunner.runMeasured(
            ["cluster", folder.file("in"), "--report", folder.file("r.json.gz"), "--quiet"], timeout: 30)
        #expect(!run.timedOut, "the walk did not end on two symbolic link loops")
        #expect(run.status == 0, "\(run.stderr)")
        let report = try ReportFile.read(folder.file("r.json.gz"))
        #expect(report.input.documents == 1)
        #expect(report.clusters.flatMap { $0.members.map(\.id) } == ["d/sub/story"])
    }

    @Test func aGzipBombInJSONLinesRunsInBoundedMemory() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // 256 MiB of zeros (no newline) after one good record, gzip-compressed to about 250 KB.
        let deflater = ParallelDeflater(level: 9, jobs: 1)
        var compressed = try deflater.feed(Array(#"{"id":"good","text":"\#(Self.json)"}"#.utf8) + [0x0A])
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        for _ in 0..<256 { compressed += try deflater.feed(zeros) }
        compressed += try deflater.finish()
        try folder.write("bomb.jsonl.gz", compressed)
        let run = try CLIRunner.runMeasured(
            ["cluster", folder.file("bomb.jsonl.gz"), "--report", folder.file("r.json.gz"), "--quiet"], timeout: 120)
        #expect(!run.timedOut)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.peakKiB < 200 << 10, "peak \(run.peakKiB) KiB for a 256 MiB bomb")
        print("gzip bomb of 256 MiB: peak \(run.peakKiB) KiB")
        let report = try ReportFile.read(folder.file("r.json.gz"))
        #expect(report.input.documents == 1)
        #expect(report.skipped.map(\.reason) == [.tooLarge])
    }

    @Test func aVeryLongJSONLinesLineIsSkippedInBoundedMemory() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // A 256 MiB record between two good ones; --max-bytes 1 MB bounds what is held of it.
        let path = folder.file("long.jsonl")
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.write(Data((#"{"id":"first","text":"\#(Self.json)"}"# + "\n" + #"{"id":"long","text":""#).utf8))
        let block = Data(String(repeating: "word ", count: 1 << 18).utf8)  // 1.25 MiB
        for _ in 0..<205 { handle.write(block) }
        handle.write(
            Data(("\"}\n" + #"{"id":"last","text":"Another story about the weather on Friday."}"# + "\n").utf8))
        try handle.close()
        let run = try CLIRunner.runMeasured(
            ["cluster", path, "--max-bytes", "1000000", "--report", folder.file("r.json.gz"), "--quiet"], timeout: 120)
        #expect(!run.timedOut)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.peakKiB < 150 << 10, "peak \(run.peakKiB) KiB for a 256 MiB line")
        print("JSON Lines line of 256 MiB: peak \(run.peakKiB) KiB")
        let report = try ReportFile.read(folder.file("r.json.gz"))
        #expect(report.input.documents == 2)
        #expect(report.skipped.map(\.origin) == [path + ":2"])
        #expect(report.skipped.map(\.reason) == [.tooLarge])
    }

    @Test func namesThatAreNotUTF8BecomeDistinctReversibleIDs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("in"), withIntermediateDirectories: true)
        try RawFile.write(folder.file("in"), name: Array("bad".utf8) + [0xFF] + Array(".txt".utf8), Self.article)
        try RawFile.write(
            folder.file("in"), name: Array("bad".utf8) + [0xFE] + Array(".txt".utf8), "Other words about rain.")
        let output = try CLIRunner.run(
            ["cluster", folder.file("in"), "--report", folder.file("r.json.gz"), "--quiet", "--format", "tsv"])
        #expect(output.status == 0, "\(output.stderr)")
        let report = try ReportFile.read(folder.file("r.json.gz"))
        let ids = Set(report.clusters.flatMap { $0.members.map(\.id) })
        #expect(ids == [#"bad\xff"#, #"bad\xfe"#])
        #expect(FileName.bytes(of: #"bad\xff.txt"#) == Array("bad".utf8) + [0xFF] + Array(".txt".utf8))
    }

    @Test func idsWithTabsAndNewlinesSurviveTSVAndEval() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let lines = [
            #"{"id":"a\tb","text":"\#(Self.json)"}"#,
            #"{"id":"c\nd","text":"\#(Self.json) Reprinted."}"#,
            #"{"id":"e\\f","text":"Completely different words about rain and wind in the north."}"#,
        ]
        try folder.write("docs.jsonl", lines.joined(separator: "\n"))
        let output = try CLIRunner.run(["cluster", folder.file("docs.jsonl"), "--format", "tsv", "--quiet"])
        #expect(output.status == 0, "\(output.stderr)")
        let rows = output.stdout.split(separator: "\n")
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 2 })
        #expect(rows.contains { $0.hasPrefix(#"a\tb"#) } && rows.contains { $0.hasPrefix(#"e\\f"#) })
        try folder.write("predicted.tsv", output.stdout)
        try folder.write(
            "labels.tsv", "doc_id\tcluster_id\n" + #"a\tb"# + "\t1\n" + #"c\nd"# + "\t1\n" + #"e\\f"# + "\t2\n")
        let eval = try CLIRunner.run(["eval", "--labels", folder.file("labels.tsv"), folder.file("predicted.tsv")])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stdout.contains("ARI        1.0000"), "\(eval.stdout)")
    }

    @Test func gzipIsDecidedByContentAndTrailingBytesAreIgnored() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("in/plain.txt.gz", Self.article)
        try folder.write("in/packed.txt", try Gzip.compress(Array((Self.article + " Again.").utf8)))
        try folder.write(
            "in/padded.txt.gz", try Gzip.compress(Array("Rain and wind in the north on Friday.".utf8)) + [0, 0, 0x0A])
        try folder.write(
            "bom.jsonl", [0xEF, 0xBB, 0xBF] + Array(#"{"id":"bom","text":"Snow is due in the hills."}"#.utf8))
        let output = try CLIRunner.run(
            ["cluster", folder.file("in"), folder.file("bom.jsonl"), "--report", folder.file("r.json.gz"), "--quiet"])
        #expect(output.status == 0, "\(output.stderr)")
        let report = try ReportFile.read(folder.file("r.json.gz"))
        #expect(Set(report.clusters.flatMap { $0.members.map(\.id) }) == ["plain", "packed", "padded", "bom"])
    }

    /// Root searches any directory, so as root the run drops the two capabilities that bypass permissions.
    @Test(.enabled(if: geteuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func aDirectoryWithoutSearchPermissionIsReportedAsSuch() throws {
        let folder = try TemporaryFolder()
        defer {
            chmod(folder.file("in/locked"), 0o755)
            folder.remove()
        }
        try folder.write("in/locked/a.txt", Self.article)
        try folder.write("in/b.txt", "Some other story about rain in the north of the country today.")
        #expect(chmod(folder.file("in/locked"), 0o644) == 0)
        let process = Process()
        let arguments = ["cluster", folder.file("in"), "--report", folder.file("r.json.gz"), "--quiet"]
        if geteuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            let capabilities = "-dac_override,-dac_read_search"
            process.arguments =
                ["--bounding-set", capabilities, "--inh-caps", capabilities, "--", CLIRunner.executable.path]
                + arguments
        } else {
            process.executableURL = CLIRunner.executable
            process.arguments = arguments
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        let report = try ReportFile.read(folder.file("r.json.gz"))
        #expect(report.skipped.map(\.origin) == [folder.file("in/locked")])
        #expect(report.skipped.first?.message.hasPrefix("permission denied") == true)
        #expect(report.skipped.allSatisfy { !$0.message.contains("symbolic link") })
    }

    @Test func aMalformedRecordKeepsTheIDReadBeforeTheError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("docs.jsonl", #"{"id":"known","text":"Some text here.", "extra": tru}"#)
        _ = try CLIRunner.run(["cluster", folder.file("docs.jsonl"), "--report", folder.file("r.json.gz"), "--quiet"])
        let report = try ReportFile.read(folder.file("r.json.gz"))
        #expect(report.skipped.map(\.id) == ["known"])
        #expect(report.skipped.map(\.reason) == [.malformedJSON])
    }
}
