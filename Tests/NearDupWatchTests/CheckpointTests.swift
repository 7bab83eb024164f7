import Foundation
import NearDupCore
import NearDupIO
import NearDupTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The index checkpoint: a start loads it and replays only the state log after it, and a checkpoint that cannot be
/// trusted is never used.
@Suite("index checkpoint", .serialized)
struct CheckpointTests {
    static let seeds = WatchIntegrationTests.seeds

    /// The one-shot command's clusters over the inbox.
    static func reference(_ daemon: DaemonProcess) throws -> Set<Set<String>> {
        let path = daemon.folder.file("batch-\(UInt32.random(in: 0...UInt32.max)).json.gz")
        #expect(try CLI.run(["cluster", daemon.inbox, "--report", path, "--quiet"]) == 0)
        return try ReportFile.read(path).partition
    }

    static func stored(_ daemon: DaemonProcess) throws -> Int {
        let status = try CLI.output(["status", "--state", daemon.state])
        return Int(status.split(separator: "\n").first { $0.hasPrefix("documents:") }?.split(separator: " ").last ?? "")
            ?? -1
    }

    @Test(arguments: ["memory", "log"])
    func aStartLoadsTheCheckpointAndReplaysOnlyTheLogAfterIt(fingerprints: String) throws {
        let folder = try TemporaryFolder()
        var daemon = try DaemonProcess(
            folder: folder, extra: ["--checkpoint-interval", "3600", "--fingerprints", fingerprints])
        defer { daemon.remove() }
        try daemon.start()
        for seed in Self.seeds[0..<3] { try daemon.deliver(seed.name, seed.text) }
        #expect(daemon.waitForReport { $0.input.documents == 3 } != nil, "\(daemon.log)")
        // SIGTERM writes a checkpoint of the three.
        #expect(daemon.terminate() == 0)
        #expect(daemon.log.contains("checkpoint written"), "\(daemon.log)")
        #expect(FileManager.default.fileExists(atPath: daemon.state + "/state.checkpoint"))

        daemon = try daemon.restarted(logName: "daemon-2.log")
        try daemon.start()
        #expect(Self.waitForLog(daemon, "state loaded"), "\(daemon.log)")
        #expect(daemon.log.contains("checkpoint=batch"), "\(daemon.log)")
        for seed in Self.seeds[3...] { try daemon.deliver(seed.name, seed.text) }
        #expect(daemon.waitForReport { $0.input.documents == 5 } != nil, "\(daemon.log)")
        // Killed before any checkpoint of the last two: they are in the log only.
        daemon.kill9()

        daemon = try daemon.restarted(logName: "daemon-3.log")
        try daemon.start()
        #expect(Self.waitForLog(daemon, "state loaded"), "\(daemon.log)")
        #expect(daemon.terminate() == 0)
        let resumed = daemon.latest()
        #expect(daemon.log.contains("checkpoint=batch"), "\(daemon.log)")
        #expect(!daemon.log.contains("not used"), "\(daemon.log)")
        // Nothing twice: the two documents after the checkpoint were replayed, not ingested again from the inbox.
        #expect(try Self.stored(daemon) == 5)
        let expected = try Self.reference(daemon)
        #expect(resumed?.partition == expected)
        #expect(expected.contains(["003_51a1bab3c6050887", "004_9d74470b06875570"]))
        #expect(resumed.map { Set($0.memberIDs) } == Set(Self.seeds.map { String($0.name.dropLast(4)) }))
    }

    @Test func aDamagedOrForeignCheckpointIsNotUsedAndNothingIsLost() throws {
        let folder = try TemporaryFolder()
        var daemon = try DaemonProcess(folder: folder)
        defer { daemon.remove() }
        try daemon.start()
        for seed in Self.seeds { try daemon.deliver(seed.name, seed.text) }
        #expect(daemon.waitForReport { $0.input.documents == 5 } != nil, "\(daemon.log)")
        #expect(daemon.terminate() == 0)
        let checkpoint = daemon.state + "/state.checkpoint"
        let expected = try Self.reference(daemon)

        // One byte changed in the middle.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        bytes[bytes.count / 2] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: checkpoint))
        daemon = try daemon.restarted(logName: "daemon-2.log")
        try daemon.start()
        #expect(Self.waitForLog(daemon, "state loaded"), "\(daemon.log)")
        #expect(daemon.terminate() == 0)
        #expect(daemon.latest()?.partition == expected, "\(daemon.log)")
        #expect(daemon.log.contains("index checkpoint not used (its checksum does not match"), "\(daemon.log)")

        // The stop wrote a good one again; other engine options do not read it.
        daemon = try DaemonProcess(folder: folder, extra: ["--threshold", "0.6"], logName: "daemon-3.log")
        try daemon.start()
        #expect(Self.waitForLog(daemon, "state loaded"), "\(daemon.log)")
        #expect(daemon.terminate() == 0)
        #expect(daemon.log.contains("taken under other engine options"), "\(daemon.log)")
        #expect(daemon.latest()?.input.documents == 5)

    }

    @Test func aCheckpointOfALogCompactedSinceIsNotUsed() throws {
        let folder = try TemporaryFolder()
        var daemon = try DaemonProcess(folder: folder, extra: ["--window", "2s"])
        defer { daemon.remove() }
        try daemon.start()
        for seed in Self.seeds[0..<4] { try daemon.deliver(seed.name, seed.text) }
        #expect(daemon.waitForReport { $0.input.documents == 4 } != nil, "\(daemon.log)")
        usleep(2_500_000)
        #expect(daemon.terminate() == 0)
        // Offline compaction drops the four: the checkpoint's position is not in the new log.
        #expect(try CLI.run(["state", "compact", "--state", daemon.state, "--window", "2s"]) == 0)
        daemon = try daemon.restarted(logName: "daemon-2.log")
        try daemon.start()
        try daemon.deliver(Self.seeds[4].name, Self.seeds[4].text)
        let report = daemon.waitForReport { $0.memberIDs == ["004_9d74470b06875570"] }
        #expect(daemon.terminate() == 0)
        #expect(report?.memberIDs == ["004_9d74470b06875570"], "\(daemon.log)")
        #expect(daemon.log.contains("the state log was rewritten or damaged since"), "\(daemon.log)")
        #expect(try Self.stored(daemon) == 1)
    }

    @Test func killsDuringCheckpointWritesLoseNothingAndIngestNothingTwice() throws {
        let folder = try TemporaryFolder()
        var daemon = try DaemonProcess(folder: folder, extra: ["--checkpoint-interval", "0"])
        defer { daemon.remove() }
        let documents = GeneratedCorpus.documents(count: 900)
        var delivered = 0
        var killedMidWrite = 0
        var resumed = 0
        var removed = 0
        for round in 0..<6 {
            if round > 0 { daemon = try daemon.restarted(logName: "daemon-\(round).log") }
            try daemon.start()
            // Loaded (and any unfinished checkpoint of the last kill removed) before the next one is looked for.
            #expect(Self.waitForLog(daemon, "state loaded"), "\(daemon.log)")
            if daemon.log.contains("checkpoint=batch") { resumed += 1 }
            if daemon.log.contains("removed an unfinished file") { removed += 1 }
            let end = min(documents.count, delivered + 150)
            for document in documents[delivered..<end] { try daemon.deliver(document.id + ".txt", document.text) }
            delivered = end
            // Checkpoints follow every batch: wait for one to be under way, then kill.
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline && Self.unfinished(daemon).isEmpty { usleep(2_000) }
            daemon.kill9()
            if !Self.unfinished(daemon).isEmpty { killedMidWrite += 1 }
        }
        #expect(resumed > 0, "no start loaded a checkpoint")
        #expect(removed > 0, "no start removed an unfinished checkpoint")
        #expect(killedMidWrite > 0, "no kill landed during a checkpoint write")
        daemon = try daemon.restarted(logName: "daemon-final.log")
        try daemon.start()
        daemon.waitForReport(timeout: 60) { $0.input.documents >= documents.count }
        #expect(daemon.terminate() == 0)
        let report = daemon.latest()
        #expect(Self.unfinished(daemon).isEmpty, "an unfinished checkpoint was left")
        let ids = report?.memberIDs ?? []
        #expect(ids.count == documents.count, "\(daemon.log)")
        #expect(Set(ids) == Set(documents.map(\.id)))
        #expect(try Self.stored(daemon) == documents.count)
        #expect(report?.partition == (try Self.reference(daemon)))
    }

    @Test func killsDuringOnlineCompactionLoseNothingAndIngestNothingTwice() throws {
        let folder = try TemporaryFolder()
        // Every document leaves a 1 s window soon after it lands, and each one that does starts a compaction.
        var daemon = try DaemonProcess(folder: folder, extra: ["--window", "1s", "--compact-after", "1"])
        defer { daemon.remove() }
        let documents = GeneratedCorpus.documents(count: 900)
        var delivered = 0
        var killedMidCompaction = 0
        for round in 0..<6 {
            if round > 0 { daemon = try daemon.restarted(logName: "daemon-\(round).log") }
            try daemon.start()
            #expect(Self.waitForLog(daemon, "state loaded"), "\(daemon.log)")
            let end = min(documents.count, delivered + 150)
            for document in documents[delivered..<end] { try daemon.deliver(document.id + ".txt", document.text) }
            delivered = end
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline && Self.unfinished(daemon, ".state.log.tmp-").isEmpty { usleep(1_000) }
            daemon.kill9()
            if !Self.unfinished(daemon, ".state.log.tmp-").isEmpty { killedMidCompaction += 1 }
        }
        #expect(killedMidCompaction > 0, "no kill landed during a compaction")
        // Restarted without a window: what the log kept stays, and every file in the inbox is known.
        daemon = try DaemonProcess(folder: folder, logName: "daemon-final.log")
        try daemon.start()
        #expect(Self.waitForLog(daemon, "state loaded"), "\(daemon.log)")
        usleep(1_500_000)  // the start-up scan settles and finds every file already ingested
        #expect(daemon.terminate() == 0)
        #expect(Self.unfinished(daemon, ".state.log.tmp-").isEmpty, "an unfinished log was left")
        // Each of the 900 files is marked ingested once: none lost (it would be ingested again now), none twice.
        let status = try CLI.output(["status", "--state", daemon.state])
        #expect(status.contains("files ingested: \(documents.count)"), "\(status)\n\(daemon.log)")
        // The documents the log kept cluster as the one-shot command clusters them.
        let report = try #require(daemon.latest())
        let kept = Set(report.memberIDs)
        #expect(!kept.isEmpty && kept.count < documents.count, "\(kept.count) documents kept")
        #expect(kept.count == (try Self.stored(daemon)))
        let subset = folder.file("kept")
        try FileManager.default.createDirectory(atPath: subset, withIntermediateDirectories: true)
        for id in kept {
            try FileManager.default.copyItem(atPath: daemon.inbox + "/\(id).txt", toPath: subset + "/\(id).txt")
        }
        let path = folder.file("kept.json.gz")
        #expect(try CLI.run(["cluster", subset, "--report", path, "--quiet"]) == 0 || kept.isEmpty)
        if !kept.isEmpty { #expect(report.partition == (try ReportFile.read(path).partition)) }
    }

    /// A daemon whose index reads its fingerprints back from the state log: an online compaction moves every
    /// record, and the index goes on reading the documents it kept from the new log, also after a restart; a start
    /// under the other placement does not use the checkpoint and replays the log to the same clusters.
    @Test func anOnlineCompactionMovesTheFingerprintsTheIndexReadsFromTheLog() throws {
        let folder = try TemporaryFolder()
        let options = ["--fingerprints", "log", "--window", "8s", "--compact-after", "1", "--checkpoint-interval", "0"]
        var daemon = try DaemonProcess(folder: folder, extra: options)
        defer { daemon.remove() }
        try daemon.start()
        for seed in Self.seeds[0..<2] { try daemon.deliver(seed.name, seed.text) }
        #expect(daemon.waitForReport { $0.input.documents == 2 } != nil, "\(daemon.log)")
        usleep(5_000_000)
        // These land in the index; the first two leave the window soon after, and the log is rewritten without them:
        // these two's records move.
        for seed in Self.seeds[2..<4] { try daemon.deliver(seed.name, seed.text) }
        #expect(daemon.waitForReport { $0.input.documents == 4 } != nil, "\(daemon.log)")
        #expect(Self.waitForLog(daemon, "dropped=2 kept=2"), "\(daemon.log)")
        // 004 is a version of 003, which the index now reads from the rewritten log.
        try daemon.deliver(Self.seeds[4].name, Self.seeds[4].text)
        let bbc: Set<String> = ["003_51a1bab3c6050887", "004_9d74470b06875570"]
        #expect(daemon.waitForReport { $0.partition.contains(bbc) } != nil, "\(daemon.log)")
        daemon.kill9()

        daemon = try daemon.restarted(logName: "daemon-2.log")
        try daemon.start()
        #expect(Self.waitForLog(daemon, "state loaded"), "\(daemon.log)")
        #expect(daemon.log.contains("checkpoint=batch"), "\(daemon.log)")
        #expect(daemon.terminate() == 0)
        let kept = try #require(daemon.latest())
        #expect(kept.partition.contains(bbc), "\(daemon.log)")

        // The same state under the other placement: the checkpoint is not used, and the clusters are the same.
        daemon = try DaemonProcess(folder: folder, extra: ["--window", "8s"], logName: "daemon-3.log")
        try daemon.start()
        #expect(Self.waitForLog(daemon, "state loaded"), "\(daemon.log)")
        #expect(daemon.terminate() == 0)
        #expect(daemon.log.contains("another --fingerprints"), "\(daemon.log)")
        #expect(daemon.latest()?.partition == kept.partition, "\(daemon.log)")

        // And back: a replay of the whole log under the log placement.
        daemon = try DaemonProcess(
            folder: folder, extra: ["--window", "8s", "--fingerprints", "log"], logName: "daemon-4.log")
        try daemon.start()
        #expect(Self.waitForLog(daemon, "state loaded"), "\(daemon.log)")
        #expect(daemon.terminate() == 0)
        #expect(daemon.log.contains("another --fingerprints"), "\(daemon.log)")
        #expect(daemon.latest()?.partition == kept.partition, "\(daemon.log)")
    }

    /// Waits until the daemon's log holds `text`.
    static func waitForLog(_ daemon: DaemonProcess, _ text: String, timeout: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if daemon.log.contains(text) { return true }
            usleep(20_000)
        }
        return false
    }

    /// Files being written (a checkpoint by default): the hidden temporary files of an atomic write.
    static func unfinished(_ daemon: DaemonProcess, _ prefix: String = ".state.checkpoint.tmp-") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: daemon.state)) ?? []).filter { $0.hasPrefix(prefix) }
    }
}
