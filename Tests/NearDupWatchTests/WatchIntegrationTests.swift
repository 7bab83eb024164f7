import Foundation
import NearDupCore
import NearDupIO
import NearDupTestSupport
import NearDupWatch
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `neardup watch` against temporary folders.
@Suite("neardup watch", .serialized)
struct WatchIntegrationTests {
    static let seeds: [(name: String, text: String)] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpora/seeds")
        return (try! FileManager.default.contentsOfDirectory(atPath: folder.path)).filter { $0.hasSuffix(".txt") }
            .sorted().map { ($0, try! String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
    }()

    @Test func filesArrivingEveryWayAreIngestedExactlyOnce() throws {
        let daemon = try DaemonProcess(folder: TemporaryFolder())
        defer { daemon.remove() }
        // Present before the daemon starts.
        try Data(Self.seeds[0].text.utf8).write(to: URL(fileURLWithPath: daemon.inbox + "/" + Self.seeds[0].name))
        try daemon.start()
        #expect(daemon.waitForReport { $0.input.documents == 1 } != nil, "\(daemon.log)")
        // Renamed into place.
        try daemon.deliver(Self.seeds[1].name, Self.seeds[1].text)
        // Written in place and closed.
        try Data(Self.seeds[2].text.utf8).write(to: URL(fileURLWithPath: daemon.inbox + "/" + Self.seeds[2].name))
        #expect(daemon.waitForReport { $0.input.documents == 3 }?.input.documents == 3, "\(daemon.log)")
        // Re-delivered with the same name and content: not ingested again.
        try daemon.deliver(Self.seeds[1].name, Self.seeds[1].text)
        // Half written and held open: not read until it is complete.
        let path = daemon.inbox + "/" + Self.seeds[3].name
        let bytes = Array(Self.seeds[3].text.utf8)
        // One descriptor from creation to close, as a producer writing in place holds it.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(descriptor >= 0)
        let half = bytes.count / 2
        #expect(bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, half) } == half)
        usleep(1_500_000)
        #expect(daemon.latest()?.memberIDs.contains("003_51a1bab3c6050887") == false)
        #expect(
            bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + half, bytes.count - half) } == bytes.count
                - half)
        close(descriptor)
        let report = daemon.waitForReport { $0.input.documents == 4 }
        #expect(report?.input.documents == 4, "\(daemon.log)")
        #expect(daemon.terminate() == 0)
        let final = try #require(daemon.latest())
        #expect(final.memberIDs.sorted() == Self.seeds[0..<4].map { String($0.name.dropLast(4)) })
        // The half-written file was read whole: its words match the file's.
        let member = try #require(final.clusters.flatMap(\.members).first { $0.id == "003_51a1bab3c6050887" })
        var fingerprinter = Fingerprinter(configuration: Configuration())
        #expect(member.words == fingerprinter.fingerprint(Self.seeds[3].text).tokenCount)
    }

    /// With `--filed-at-arrival` a file's documents are filed when the file was written into the inbox (a file that
    /// landed days ago keeps its time), unless they say when they were filed; without it they have no filing time.
    @Test func filesTakeTheirArrivalAsFilingTimeWhenAsked() throws {
        for asked in [true, false] {
            let daemon = try DaemonProcess(folder: TemporaryFolder(), extra: asked ? ["--filed-at-arrival"] : [])
            defer { daemon.remove() }
            try daemon.start()
            let before = Int64(Date().timeIntervalSince1970)
            try daemon.deliver(Self.seeds[0].name, Self.seeds[0].text)
            try daemon.deliver(
                "records.jsonl",
                #"{"id": "dated", "text": "FED ADDS RESERVES", "publishedAt": "1987-03-19T15:01:01Z"}"# + "\n"
                    + #"{"id": "undated", "text": "FED DRAINS RESERVES"}"#)
            // Written three days ago, as a file that landed while the daemon was down.
            let old = before - 3 * 86_400
            let temporary = daemon.inbox + "/.old.txt.tmp"
            try Data(Self.seeds[1].text.utf8).write(to: URL(fileURLWithPath: temporary))
            var times = [timeval(tv_sec: Int(old), tv_usec: 0), timeval(tv_sec: Int(old), tv_usec: 0)]
            #expect(utimes(temporary, &times) == 0)
            #expect(rename(temporary, daemon.inbox + "/old.txt") == 0)
            #expect(daemon.waitForReport { $0.input.documents == 4 } != nil, "\(daemon.log)")
            let after = Int64(Date().timeIntervalSince1970) + 1
            #expect(daemon.terminate() == 0)
            let (_, records, _) = try StateLog.open(folder: daemon.state)
            var filed: [String: Int64?] = [:]
            for case .document(_, let id, _, _, let fingerprint) in records { filed[id] = fingerprint.filedAt }
            #expect(filed["dated"] == .some(FilingTime.parse(Array("1987-03-19T15:01:01Z".utf8))))
            let now = [try #require(filed[String(Self.seeds[0].name.dropLast(4))]), try #require(filed["undated"])]
            if asked {
                #expect(now.allSatisfy { $0.map { $0 >= before && $0 <= after } == true }, "\(now)")
                #expect(filed["old"] == .some(old))
            } else {
                #expect(now.allSatisfy { $0 == nil } && filed["old"] == .some(nil), "\(filed)")
            }
        }
    }

    @Test func sigtermWritesAFinalReportAndExitsZero() throws {
        let daemon = try DaemonProcess(folder: TemporaryFolder(), extra: ["--report-interval", "60"])
        defer { daemon.remove() }
        try daemon.start()
        #expect(daemon.waitForReport { _ in true } != nil)
        for seed in Self.seeds { try daemon.deliver(seed.name, seed.text) }
        usleep(800_000)
        // With a 60 s report interval, only the final report can hold the five documents.
        #expect(daemon.terminate() == 0, "\(daemon.log)")
        let report = try #require(daemon.latest())
        #expect(report.input.documents == 5)
        #expect(report.partition.contains(["003_51a1bab3c6050887", "004_9d74470b06875570"]))
        #expect(daemon.log.contains("received signal 15"))
    }

    @Test func killDuringABurstThenRestartIngestsEveryFileOnceAndMatchesCluster() throws {
        let folder = try TemporaryFolder()
        var daemon = try DaemonProcess(folder: folder)
        defer { daemon.remove() }
        let documents = GeneratedCorpus.documents(count: 1000)
        try daemon.start()
        #expect(daemon.waitForReport { _ in true } != nil)
        for (index, document) in documents.enumerated() {
            try daemon.deliver(document.id + ".txt", document.text)
            if index == 400 { usleep(100_000) }
            if index == 450 { daemon.kill9() }
        }
        // The kill landed mid-burst: the state holds some of the files, not all.
        let status = try CLI.output(["status", "--state", daemon.state])
        let stored =
            Int(status.split(separator: "\n").first { $0.hasPrefix("documents:") }?.split(separator: " ").last ?? "")
            ?? -1
        #expect(stored > 0 && stored < documents.count, "\(status)")
        daemon = try daemon.restarted(logName: "daemon-2.log")
        try daemon.start()
        let report = daemon.waitForReport(timeout: 60) { $0.input.documents >= documents.count }
        #expect(report?.input.documents == documents.count, "\(daemon.log)")
        #expect(daemon.terminate() == 0)
        let final = try #require(daemon.latest())
        let ids = final.memberIDs
        #expect(ids.count == documents.count)
        #expect(Set(ids).count == documents.count)
        #expect(Set(ids) == Set(documents.map(\.id)))
        // The same files through the one-shot command give the same clusters.
        let batch = try CLI.run(["cluster", daemon.inbox, "--report", folder.file("batch.json.gz"), "--quiet"])
        #expect(batch == 0)
        let reference = try ReportFile.read(folder.file("batch.json.gz"))
        #expect(final.partition == reference.partition)
        #expect(final.clusters.filter { $0.size > 1 }.count > 100)
    }

    @Test func aTornStateLogIsRecovered() throws {
        let folder = try TemporaryFolder()
        var daemon = try DaemonProcess(folder: folder)
        defer { daemon.remove() }
        try daemon.start()
        for seed in Self.seeds { try daemon.deliver(seed.name, seed.text) }
        #expect(daemon.waitForReport { $0.input.documents == 5 } != nil)
        #expect(daemon.terminate() == 0)
        // Tear the last record: cut the file in the middle of it, then add garbage.
        let log = daemon.state + "/state.log"
        let size = try #require(try FileManager.default.attributesOfItem(atPath: log)[.size] as? Int)
        #expect(truncate(log, off_t(size - 7)) == 0)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02]))
        try handle.close()
        daemon = try daemon.restarted(logName: "daemon-2.log")
        try daemon.start()
        let report = daemon.waitForReport { $0.input.documents == 5 }
        #expect(daemon.terminate() == 0)
        #expect(report?.memberIDs.count == 5, "\(daemon.log)")
        #expect(Set(report?.memberIDs ?? []).count == 5)
        #expect(daemon.log.contains("cut off"))
    }

    @Test func badFilesAreRejectedWithReasonsWhileGoodFilesKeepFlowing() throws {
        let folder = try TemporaryFolder()
        let daemon = try DaemonProcess(
            folder: folder, extra: ["--rejected", folder.file("rejected"), "--max-bytes", "20000"])
        defer { daemon.remove() }
        try daemon.start()
        #expect(daemon.waitForReport { _ in true } != nil)
        try daemon.deliver("empty.txt", "")
        try daemon.deliver(Self.seeds[0].name, Self.seeds[0].text)
        let binary = daemon.inbox + "/.image.txt.tmp"
        try Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x00] + Array("text".utf8)).write(
            to: URL(fileURLWithPath: binary))
        #expect(rename(binary, daemon.inbox + "/image.txt") == 0)
        try daemon.deliver("huge.txt", String(repeating: "word ", count: 10_000))
        try daemon.deliver(
            "feed.jsonl", #"{"id": "j1", "text": "A different story about markets and rates today."}"# + "\nnot json\n")
        try daemon.deliver(Self.seeds[1].name, Self.seeds[1].text)
        let report = daemon.waitForReport { $0.input.documents == 3 && $0.skipped.count == 4 }
        #expect(daemon.terminate() == 0)
        #expect(
            Set(report?.memberIDs ?? []) == ["000_abf67590de380111", "001_d8c47ce22ccf6ecf", "j1"], "\(daemon.log)")
        let reasons = Dictionary(uniqueKeysWithValues: (report?.skipped ?? []).map { ($0.origin, $0.reason) })
        #expect(
            reasons == [
                "empty.txt": .empty, "image.txt": .binary, "huge.txt": .tooLarge, "feed.jsonl:2": .malformedJSON,
            ])
        for name in ["empty.txt", "image.txt", "huge.txt"] {
            #expect(FileManager.default.fileExists(atPath: folder.file("rejected/\(name)")))
            let reason = try String(contentsOfFile: folder.file("rejected/\(name).reason"), encoding: .utf8)
            #expect(!reason.isEmpty)
        }
        let events = try Self.events(daemon.reports)
        #expect(events.filter { $0["type"] as? String == "rejected" }.count == 4)
        #expect(events.filter { $0["type"] as? String == "added" }.count == 3)
    }

    @Test func readersNeverSeeAPartialReport() throws {
        let daemon = try DaemonProcess(folder: TemporaryFolder(), extra: ["--report-interval", "0"])
        defer { daemon.remove() }
        try daemon.start()
        #expect(daemon.waitForReport { _ in true } != nil)
        let documents = GeneratedCorpus.documents(count: 300)
        let writer = Thread {
            for document in documents { try? daemon.deliver(document.id + ".txt", document.text) }
        }
        writer.start()
        var reads = 0
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            // Every read must decompress and decode: a torn file would fail here.
            let bytes = try FileReader.read(daemon.reports + "/latest.json.gz", limit: 1 << 28)
            let report = try JSONDecoder().decode(ClusterReport.self, from: Data(try Gzip.decompress(bytes)))
            reads += 1
            if report.input.documents == documents.count { break }
        }
        #expect(daemon.terminate() == 0)
        #expect(reads > 10)
        #expect(daemon.latest()?.input.documents == documents.count)
    }

    @Test func anInboxThatDisappearsStopsTheDaemonWithAClearError() throws {
        let daemon = try DaemonProcess(folder: TemporaryFolder())
        defer { daemon.remove() }
        try daemon.start()
        #expect(daemon.waitForReport { _ in true } != nil)
        try FileManager.default.removeItem(atPath: daemon.inbox)
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationStatus == 1)
        #expect(daemon.log.contains("the inbox was deleted or moved away"))
    }

    @Test func htmlFlagWritesLatestPage() throws {
        let daemon = try DaemonProcess(folder: TemporaryFolder(), extra: ["--html"])
        defer { daemon.remove() }
        try daemon.start()
        for seed in Self.seeds { try daemon.deliver(seed.name, seed.text) }
        #expect(daemon.waitForReport { $0.input.documents == 5 } != nil)
        #expect(daemon.terminate() == 0)
        let page = try String(contentsOfFile: daemon.reports + "/latest.html", encoding: .utf8)
        #expect(page.contains("<template id=\"t-c-0\">"))
        #expect(page.components(separatedBy: "<mark>").count > 15, "\(daemon.log)")
    }

    @Test func aSecondProcessCannotUseARunningDaemonsState() throws {
        let daemon = try DaemonProcess(folder: TemporaryFolder())
        defer { daemon.remove() }
        try daemon.start()
        #expect(daemon.waitForReport { _ in true } != nil)
        let second = try CLI.output([
            "watch", daemon.inbox, "--state", daemon.state, "--reports", daemon.folder.file("other"),
        ])
        #expect(second.contains("another neardup process is using this state folder"))
        let compact = try CLI.output(["state", "compact", "--state", daemon.state])
        #expect(compact.contains("another neardup process is using this state folder"))
        #expect(try CLI.output(["status", "--state", daemon.state]).contains("daemon:         running"))
        #expect(daemon.terminate() == 0)
    }

    @Test func pollingModeAlsoIngests() throws {
        let daemon = try DaemonProcess(folder: TemporaryFolder(), extra: ["--poll", "0.2"])
        defer { daemon.remove() }
        try daemon.start()
        for seed in Self.seeds { try daemon.deliver(seed.name, seed.text) }
        let report = daemon.waitForReport { $0.input.documents == 5 }
        #expect(daemon.terminate() == 0)
        #expect(report?.partition.contains(["003_51a1bab3c6050887", "004_9d74470b06875570"]) == true, "\(daemon.log)")
    }

    @Test func afterIngestMovesFilesAndStatusAndCompactWork() throws {
        let folder = try TemporaryFolder()
        var daemon = try DaemonProcess(folder: folder, extra: ["--after-ingest", "move:" + folder.file("done")])
        defer { daemon.remove() }
        try daemon.start()
        for seed in Self.seeds { try daemon.deliver(seed.name, seed.text) }
        #expect(daemon.waitForReport { $0.input.documents == 5 } != nil)
        #expect(daemon.terminate() == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: daemon.inbox).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("done")).count == 5)
        let status = try CLI.output(["status", "--state", daemon.state])
        #expect(status.contains("documents:      5"))
        #expect(status.contains("clusters:       4"))
        #expect(status.contains("daemon:         not running"))
        usleep(1_100_000)
        let compact = try CLI.output(["state", "compact", "--state", daemon.state, "--window", "1s"])
        #expect(compact.contains("0 documents kept, 5 dropped"))
        // A re-delivered old file stays ingested: its key survives compaction.
        try FileManager.default.moveItem(
            atPath: folder.file("done/" + Self.seeds[0].name), toPath: daemon.inbox + "/" + Self.seeds[0].name)
        daemon = try daemon.restarted(logName: "daemon-2.log")
        try daemon.start()
        usleep(1_500_000)
        #expect(daemon.terminate() == 0)
        #expect(daemon.latest()?.input.documents == 0, "\(daemon.log)")
    }

    @Test func aReportThatCannotBeWrittenIsRetriedWithoutLosingAnything() throws {
        let daemon = try DaemonProcess(folder: TemporaryFolder())
        defer { daemon.remove() }
        try daemon.start()
        #expect(daemon.waitForReport { _ in true } != nil)
        try daemon.blockReports()
        for seed in Self.seeds { try daemon.deliver(seed.name, seed.text) }
        usleep(1_200_000)
        #expect(daemon.log.contains("cannot write the report (will retry)"))
        try daemon.unblockReports()
        let report = daemon.waitForReport { $0.input.documents == 5 }
        #expect(daemon.terminate() == 0)
        #expect(report?.input.documents == 5, "\(daemon.log)")
        // The events of the failed attempts were kept and written once.
        let added = try Self.events(daemon.reports).filter { $0["type"] as? String == "added" }
        #expect(added.count == 5)
    }

    @Test func documentsOutsideTheWindowLeaveTheIndexButStayInTheLog() throws {
        let daemon = try DaemonProcess(folder: TemporaryFolder(), extra: ["--window", "1s"])
        defer { daemon.remove() }
        let report = try Self.ageOutFourSeeds(daemon)
        #expect(daemon.terminate() == 0)
        #expect(report?.memberIDs == ["004_9d74470b06875570"], "\(daemon.log)")
        #expect(try CLI.output(["status", "--state", daemon.state]).contains("documents:      5"))
    }

    @Test func theDaemonCompactsItsLogWhileRunning() throws {
        let daemon = try DaemonProcess(folder: TemporaryFolder(), extra: ["--window", "1s", "--compact-after", "3"])
        defer { daemon.remove() }
        let report = try Self.ageOutFourSeeds(daemon)
        #expect(report?.memberIDs == ["004_9d74470b06875570"], "\(daemon.log)")
        #expect(daemon.terminate() == 0)
        #expect(daemon.log.contains("state log compacted"), "\(daemon.log)")
        // The four old documents are gone from the log; every file's exactly-once key stayed.
        let status = try CLI.output(["status", "--state", daemon.state])
        #expect(status.contains("documents:      1"), "\(status)")
        #expect(status.contains("files ingested: 5"), "\(status)")
        let evicted = try Self.events(daemon.reports).filter { $0["type"] as? String == "evicted" }
        #expect(evicted.count == 4)
    }

    /// Starts a daemon with a 1 s window, delivers four seeds, lets them age out, delivers the fifth; returns the
    /// first report that holds only the fifth.
    static func ageOutFourSeeds(_ daemon: DaemonProcess) throws -> ClusterReport? {
        try daemon.start()
        for seed in seeds[0..<4] { try daemon.deliver(seed.name, seed.text) }
        #expect(daemon.waitForReport { $0.input.documents == 4 } != nil)
        usleep(1_500_000)
        try daemon.deliver(seeds[4].name, seeds[4].text)
        return daemon.waitForReport { $0.memberIDs == ["004_9d74470b06875570"] }
    }

    static func events(_ reports: String) throws -> [[String: Any]] {
        let files = try FileManager.default.contentsOfDirectory(atPath: reports).filter { $0.hasPrefix("events-") }
        var events: [[String: Any]] = []
        for file in files {
            let text = String(
                decoding: try Gzip.decompress(try FileReader.read(reports + "/" + file, limit: 1 << 28)), as: UTF8.self)
            for line in text.split(separator: "\n") {
                events.append(try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])
            }
        }
        return events
    }
}

/// A deterministic reprint corpus from synthetic base articles.
enum GeneratedCorpus {
    static func documents(count: Int) -> [ReprintGenerator.Document] {
        var state: UInt64 = 77
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            return StableMix.finalize(state)
        }
        func paragraph(_ words: Int) -> String {
            (0..<words).map { _ in "w" + String(next() % 40_000, radix: 36) }.joined(separator: " ") + "."
        }
        let bases = (0..<(count)).map { index in
            (
                "base\(index)",
                ([paragraph(6).uppercased()] + (0..<(4 + Int(next() % 5))).map { _ in paragraph(25 + Int(next() % 20)) })
                    .joined(separator: "\n\n")
            )
        }
        return Array(ReprintGenerator().generate(bases: bases, stories: count / 3, seed: 5).prefix(count))
    }
}

/// Runs the one-shot CLI.
enum CLI {
    static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = DaemonProcess.executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func output(_ arguments: [String]) throws -> String {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = DaemonProcess.executable
        process.arguments = arguments
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
