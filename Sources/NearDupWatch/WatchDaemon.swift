import Foundation
import Logging
import NearDupCore
import NearDupIO

#if canImport(Glibc)
    import Glibc
#endif

/// `neardup watch`: ingests files as they land in an inbox, keeps a durable index, and writes cluster reports.
///
/// This is the I/O loop: it reads the inbox, appends to the state log, moves files, and hands committed batches to
/// the state core (`WatchCore`, pure and clock-free), whose events go to the journal; full reports are written in
/// the background (`SnapshotWorker`).
///
/// Order of work for each batch: read the ready files, skip those whose (name, content hash) is already in the log,
/// fingerprint the rest, append their records and a commit to the state log and flush it, and only then update the
/// index and move, delete or reject the files. A crash before the flush loses nothing (the files are still in the
/// inbox and are read again); a crash after it cannot ingest a file twice (its key is in the log).
public final class WatchDaemon {
    public let options: WatchOptions
    private var logger: Logger
    private var core: WatchCore
    private var log: StateLog!
    private var snapshots: SnapshotWorker!
    private var checkpoints: CheckpointWorker!
    private var lastCheckpoint = -Double.infinity
    private var pendingEvents: [WatchEvent] = []
    /// Events wait to be journalled; the index changed since the last full report.
    private var journalDue = false
    private var snapshotDue = false
    private var awaitingSnapshot = false
    private var lastJournal = -Double.infinity
    private var lastSnapshot = -Double.infinity
    private var lastStatus = -Double.infinity
    /// Documents before this position (in ingestion order) are no longer in the state log.
    private var compactedThrough = 0
    private var queue: [String] = []
    private var queued = Set<String>()
    private var lock: Int32 = -1

    public init(options: WatchOptions, logger: Logger) {
        self.options = options
        self.logger = logger
        core = WatchCore(configuration: options.configuration, window: options.window, jobs: options.corpus.jobs)
    }

    /// Runs until SIGTERM or SIGINT (returns 0) or a fatal error (throws).
    public func run() throws -> Int32 {
        try acquireLock()
        removeUnfinishedFiles()
        let loading = ContinuousClock.now
        var restored: WatchCore?
        var position: LogPosition?
        switch IndexCheckpoint.read(
            folder: options.stateFolder, configuration: options.configuration, window: options.window,
            jobs: options.corpus.jobs)
        {
        case .loaded(let core, let at):
            (restored, position) = (core, at)
        case .absent:
            break
        case .unusable(let reason):
            logger.warning("index checkpoint not used (\(reason)): replaying the whole state log")
        }
        var (opened, records, recovery) = try StateLog.open(
            folder: options.stateFolder, onDamage: options.onDamage, resumingAt: position)
        log = opened
        if recovery.tornBytes > 0 {
            logger.warning(
                """
                state log: cut off \(recovery.tornBytes) bytes of an unfinished batch (a crash or a full disk during \
                an append; its files are read again), kept in \(recovery.tornCopy ?? "-")
                """)
        }
        if let note = recovery.salvage {
            logger.error(
                """
                state log was damaged and has been salvaged: lost \(note.batches), \(note.documents.count) \
                document(s), \(note.files.count) ingested file(s) (re-send them to ingest them again; files still in \
                the inbox are read again now); the damaged original is kept as \(note.copy)
                """)
            for file in note.files { logger.error("lost with the damaged batch: \(FileName.printable(file.name))") }
        }
        if recovery.resumed, let loaded = restored {
            // The optional let go of first: two holders would make the resumed batch go to the band tables' side
            // tables.
            restored = nil
            core = loaded
            core.resume(records, now: Self.now())
        } else {
            if position != nil {
                logger.warning(
                    "index checkpoint not used (the state log was rewritten or damaged since): replaying the whole log")
            }
            core.load(records, now: Self.now())
        }
        restored = nil
        checkpoints = CheckpointWorker(
            folder: options.stateFolder, position: recovery.resumed ? position : nil, logger: logger)
        // A start that replayed much of the log writes a checkpoint soon; one that resumed waits for the interval.
        lastCheckpoint = recovery.resumed ? Self.now() : -Double.infinity
        let recordCount = records.count
        // The records hold every fingerprint read; the core keeps only those inside the window.
        records = []
        let elapsed = ContinuousClock.now - loading
        logger.info(
            "state loaded",
            metadata: [
                "documents": "\(core.documents)", "active": "\(core.activeDocuments)",
                "files": "\(core.state.ingestedFiles)", "records": "\(recordCount)",
                "checkpoint": "\(recovery.resumed ? "batch \(position!.batch)" : "none")",
                "seconds": "\(Double(elapsed.components.attoseconds) * 1e-18 + Double(elapsed.components.seconds))",
            ])
        snapshots = try SnapshotWorker(
            folder: options.reportsFolder, keep: options.keep, html: options.html, inbox: options.inbox,
            moveFolder: options.afterIngest.moveFolder,
            logger: logger)
        for folder in [options.rejectedFolder, options.afterIngest.moveFolder].compactMap({ $0 }) {
            if FileName.withCPath(folder, { mkdir($0, 0o755) }) != 0 && errno != EEXIST {
                throw IOError(.unwritable, path: folder, "cannot create: \(errorText())")
            }
        }
        // The watch exists before the scan: nothing that lands from here on can be missed.
        let watcher = try InboxWatcher(
            inbox: options.inbox, pollInterval: options.pollInterval, settle: options.settle)
        guard watcher.queueScan() else { throw IOError(.notFound, path: options.inbox, "the inbox cannot be read") }
        snapshotDue = true
        takeSnapshot(now: Self.now())

        var stopping = false
        while true {
            let timeout = queue.isEmpty ? nextDeadline(now: Self.now()) : 0
            for event in watcher.next(timeout: timeout) {
                switch event {
                case .stop(let signal):
                    logger.notice("received signal \(signal): finishing the batch and writing a final report")
                    stopping = true
                case .inboxGone:
                    logger.error("the inbox \(options.inbox) was deleted or moved away")
                    flushQueue()
                    finish()
                    throw IOError(.notFound, path: options.inbox, "the inbox was deleted or moved away")
                case .rescan:
                    logger.warning("inotify queue overflowed: scanning the inbox again")
                case .ready(let names):
                    for name in names where queued.insert(name).inserted { queue.append(name) }
                }
            }
            if !queue.isEmpty { ingestNextBatch() }
            if stopping {
                flushQueue()
                guard finish() else {
                    // The index is safe in the state log, but what the reports say is not what was ingested.
                    logger.error(
                        """
                        stopped without a final report: the reports folder cannot be written; the state log holds \
                        all \(core.documents) documents and the next start writes the report
                        """)
                    return 1
                }
                logger.notice("stopped", metadata: ["documents": "\(core.documents)"])
                return 0
            }
            let now = Self.now()
            if options.window != nil {
                let evicted = core.evict(now: now)
                if !evicted.isEmpty {
                    pendingEvents.append(contentsOf: evicted)
                    journalDue = true
                    snapshotDue = true
                }
                if core.windowStart - compactedThrough >= options.compactAfter { compactLog(now: now) }
            }
            if journalDue && now >= lastJournal + options.reportInterval { flushJournal(now: now) }
            takeSnapshot(now: now)
            takeCheckpoint(now: now)
        }
    }

    /// Online compaction: rewrites the state log without the documents that left the window, between two batches
    /// (no stop needed). The new log is written beside the old and renamed over it, so a crash at any point leaves
    /// one whole log, the old or the new; every file's exactly-once key is kept in both.
    private func compactLog(now: Double) {
        let started = ContinuousClock.now
        do {
            let (_, records, _) = try StateLog.open(folder: options.stateFolder, onDamage: .refuse, now: now)
            let (kept, documents, dropped) = StateCompactor.compacted(records, window: options.window, now: now)
            try StateLog.rewrite(folder: options.stateFolder, records: kept)
            log = try StateLog.open(folder: options.stateFolder, onDamage: .refuse, now: now).0
            compactedThrough = core.windowStart
            // The checkpoint's position is not in the new log: take one now, or a start replays the whole log.
            lastCheckpoint = -Double.infinity
            let elapsed = ContinuousClock.now - started
            logger.notice(
                "state log compacted",
                metadata: [
                    "kept": "\(documents)", "dropped": "\(dropped)",
                    "seconds": "\(Double(elapsed.components.attoseconds) * 1e-18 + Double(elapsed.components.seconds))",
                ])
        } catch {
            // The old log is whole (the rewrite renames only a complete file); try again after more evictions.
            compactedThrough = core.windowStart
            logger.error("cannot compact the state log (will try again later): \(error)")
        }
    }

    /// Seconds until the journal or a report is due (at most one, so that signals and the window are looked at).
    private func nextDeadline(now: Double) -> Double {
        var deadline = now + 1
        if journalDue { deadline = min(deadline, lastJournal + options.reportInterval) }
        if snapshotDue || awaitingSnapshot {
            deadline = min(deadline, max(lastSnapshot + options.snapshotInterval, now + 0.05))
        }
        return max(0, deadline - now)
    }

    /// Appends the pending events to the journal and refreshes the status file.
    @discardableResult
    private func flushJournal(now: Double) -> Bool {
        lastJournal = now
        do {
            try ReportWriter.appendEvents(pendingEvents, day: UTCTime(now).day, folder: options.reportsFolder)
            pendingEvents = []
            journalDue = false
        } catch {
            // Kept for the next attempt; the index itself is safe in the state log.
            logger.error("cannot append to the event journal (will retry): \(error)")
        }
        // The status file is for people and monitors: once a second is enough.
        if now >= lastStatus + 1 { writeStatus(now: now) }
        return !journalDue
    }

    /// Starts a full report in the background when one is due, none is being written and the rest after the last
    /// is over (`BackgroundWriter.isRested`); a failed one is due again.
    private func takeSnapshot(now: Double) {
        if awaitingSnapshot && !snapshots.isBusy {
            awaitingSnapshot = false
            if !snapshots.lastSucceeded { snapshotDue = true }
        }
        guard snapshotDue, now >= lastSnapshot + options.snapshotInterval, snapshots.isRested,
            snapshots.submit(core.snapshot(), at: now)
        else { return }
        lastSnapshot = now
        snapshotDue = false
        awaitingSnapshot = true
    }

    /// The log position of the state core now, when a checkpoint is not already at it.
    private func checkpointPosition() -> LogPosition? {
        guard core.state.nextBatch > 1 else { return nil }
        let batch = core.state.nextBatch - 1
        if let last = checkpoints.position, last.batch == batch, last.offset == log.size { return nil }
        do {
            return try log.position(batch: batch)
        } catch {
            logger.error("cannot take the state log's position for a checkpoint (will retry): \(error)")
            return nil
        }
    }

    /// Starts an index checkpoint in the background when one is due and the state changed since the last, and not
    /// within half an interval of the last full report: each makes the next batch copy the tables it shares, and the
    /// two copies should not fall on one batch.
    private func takeCheckpoint(now: Double) {
        let gap = min(options.snapshotInterval, options.checkpointInterval) / 2
        guard now >= lastCheckpoint + options.checkpointInterval, now >= lastSnapshot + gap, checkpoints.isRested,
            let position = checkpointPosition()
        else { return }
        // The last checkpoint's job may still hold its copy for a moment after it reports done; a copy handed out
        // before the band tables are settled would carry side tables, which its encoding folds into a full copy.
        guard core.settle() else { return }
        lastCheckpoint = now
        _ = checkpoints.submit(core, position: position)
    }

    /// The journal, a last full report and a checkpoint, written before the daemon stops; false when the report
    /// could not be.
    @discardableResult
    private func finish() -> Bool {
        let now = Self.now()
        flushJournal(now: now)
        writeStatus(now: now)
        let reported = snapshots.writeNow(core.snapshot(), at: now)
        if let position = checkpointPosition() {
            checkpoints.drain()
            core.settle()
            checkpoints.writeNow(core, position: position)
        }
        return reported
    }

    /// Files an atomic write leaves when the process dies before renaming them into place (a checkpoint or a
    /// compacted log half written): never read, so removed before anything else starts.
    private func removeUnfinishedFiles() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: options.stateFolder)) ?? []
        for name in names where name.hasPrefix(".state.checkpoint.tmp-") || name.hasPrefix(".state.log.tmp-") {
            if unlink(options.stateFolder + "/" + name) == 0 {
                logger.notice("removed an unfinished file of an earlier run: \(name)")
            }
        }
    }

    private func flushQueue() {
        while !queue.isEmpty { ingestNextBatch() }
    }

    private func ingestNextBatch() {
        let batch = Array(queue.prefix(options.batchSize))
        queue.removeFirst(batch.count)
        for name in batch { queued.remove(name) }
        ingest(batch)
    }

    // MARK: Ingestion

    struct Delivery {
        var name: String
        var path: String
        var key: IngestionKey
        var size: Int
    }

    func ingest(_ names: [String]) {
        let now = Self.now()
        var fresh: [Delivery] = []
        var redelivered: [Delivery] = []
        for name in names {
            let path = options.inbox + "/" + name
            guard isSelected(name) else {
                logger.debug("ignored (not a selected file type): \(FileName.printable(name))")
                continue
            }
            // The key hashes what is read now; a file over the size limit is keyed by its first bytes and size.
            let bytes: [UInt8]
            do {
                bytes = try FileReader.read(path, limit: options.corpus.maximumBytes)
            } catch  where error.code == .tooLarge {
                bytes = prefix(path, count: 1 << 20)
            } catch  where error.code == .notFound {
                continue  // gone before we got to it (moved away or deleted by its producer)
            } catch {
                bytes = []
            }
            var status = stat()
            let size = FileName.stat(path, &status) == 0 ? Int(status.st_size) : bytes.count
            let key = IngestionKey(name: name, contentHash: XXHash64.hash(bytes) ^ UInt64(size))
            let delivery = Delivery(name: name, path: path, key: key, size: size)
            if core.state.seen.contains(key) { redelivered.append(delivery) } else { fresh.append(delivery) }
        }
        for delivery in redelivered {
            logger.debug("already ingested: \(FileName.printable(delivery.name))")
            afterIngest(delivery, rejected: nil)
        }
        guard !fresh.isEmpty else { return }

        let loader = CorpusLoader(options: options.corpus, configuration: options.configuration)
        let corpus = loader.load(fresh.map(\.path))
        var records: [StateRecord] = []
        // Ids and sequence numbers continue the state's; the state itself changes only once the batch is durable.
        var batchIDs = Set<String>()
        var sequence = core.state.nextSequence
        var documents = 0
        for index in corpus.ids.indices {
            let id = core.state.uniqueID(corpus.ids[index], taken: batchIDs)
            batchIDs.insert(id)
            let origin = Self.relative(corpus.sources[index].origin, to: options.inbox)
            records.append(
                StateRecord.document(
                    sequence: sequence, id: id, origin: origin, ingestedAt: now,
                    fingerprint: corpus.fingerprints[index]))
            sequence += 1
            documents += 1
        }
        var fileRejections: [String: SkippedInput] = [:]
        for skipped in corpus.skipped {
            let origin = Self.relative(skipped.origin, to: options.inbox)
            let record = StateRecord.rejected(
                origin: origin, reason: skipped.reason.rawValue, message: skipped.message, at: now)
            records.append(record)
            let message = FileName.printable(skipped.message)
            logger.warning("rejected \(FileName.printable(origin)): \(skipped.reason.rawValue): \(message)")
            // A whole-file rejection has the file's path as origin; JSON Lines records add `:line`.
            fileRejections[skipped.origin] = skipped
        }
        for delivery in fresh {
            records.append(
                StateRecord.ingested(
                    name: delivery.name, contentHash: delivery.key.contentHash, size: delivery.size, at: now))
        }
        do {
            try log.append(records, batch: core.state.nextBatch, at: now)
        } catch {
            // Nothing is applied: the files stay where they are and are tried again with the next event or scan.
            logger.error("cannot write the state log, batch not ingested: \(error)")
            return
        }
        records.append(.commit(batch: core.state.nextBatch, at: now))
        let started = ContinuousClock.now
        pendingEvents.append(contentsOf: core.commit(records, now: now))
        journalDue = true
        snapshotDue = true
        logger.info(
            "ingested",
            metadata: [
                "files": "\(fresh.count)", "documents": "\(documents)",
                "indexSeconds": "\(CheckpointWorker.seconds(ContinuousClock.now - started))",
            ])
        for delivery in fresh { afterIngest(delivery, rejected: fileRejections[delivery.path]) }
    }

    func isSelected(_ name: String) -> Bool {
        options.corpus.include.contains { fnmatch($0, name, 0) == 0 }
    }

    func prefix(_ path: String, count: Int) -> [UInt8] {
        let descriptor = FileName.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        return Array(bytes.prefix(max(0, read)))
    }

    /// Moves, deletes or keeps an ingested file; a rejected file goes to the rejected folder with its reason.
    func afterIngest(_ delivery: Delivery, rejected: SkippedInput?) {
        if let rejected, let folder = options.rejectedFolder {
            let target = folder + "/" + delivery.name
            if FileName.rename(delivery.path, target) == 0 {
                let reason = "\(rejected.reason.rawValue): \(rejected.message)\n"
                try? AtomicFile.write(Array(reason.utf8), to: target + ".reason")
            } else {
                logger.error("cannot move \(FileName.printable(delivery.name)) to \(folder): \(errorText())")
            }
            return
        }
        switch options.afterIngest {
        case .keep:
            break
        case .delete:
            if FileName.unlink(delivery.path) != 0 {
                logger.error("cannot delete \(FileName.printable(delivery.name)): \(errorText())")
            }
        case .move(let folder):
            if FileName.rename(delivery.path, folder + "/" + delivery.name) != 0 {
                logger.error("cannot move \(FileName.printable(delivery.name)) to \(folder): \(errorText())")
            }
        }
    }

    // MARK: Status

    func writeStatus(now: Double) {
        lastStatus = now
        var json = JSONWriter()
        json.beginObject()
        json.field("activeDocuments", core.activeDocuments)
        json.field("backlog", queue.count)
        json.field("clusters", core.clusterCount)
        json.field("documents", core.documents)
        json.field("inbox", options.inbox)
        json.field("ingestedFiles", core.state.ingestedFiles)
        json.field("lastIngest", core.state.lastIngest)
        json.field("rejected", core.state.rejections.count)
        json.field("reports", options.reportsFolder)
        json.field("reportSequence", snapshots.sequence)
        json.field("salvages", core.state.damages.count)
        json.field("updatedAt", now)
        json.endObject()
        try? AtomicFile.write(json.bytes, to: options.stateFolder + "/status.json")
    }

    // MARK: Support

    /// An exclusive lock on the state folder: two daemons (or a daemon and `state compact`) never share it.
    func acquireLock() throws(IOError) {
        if mkdir(options.stateFolder, 0o755) != 0 && errno != EEXIST {
            throw IOError(.unwritable, path: options.stateFolder, "cannot create the state folder: \(errorText())")
        }
        lock = try Self.lock(options.stateFolder)
    }

    /// Takes the state folder's lock without waiting; throws if another process holds it.
    public static func lock(_ folder: String) throws(IOError) -> Int32 {
        let descriptor = open(folder + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IOError(.unwritable, path: folder + "/lock", "cannot open: \(errorText())") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw IOError(.unwritable, path: folder, "another neardup process is using this state folder")
        }
        return descriptor
    }

    static func relative(_ path: String, to folder: String) -> String {
        path.hasPrefix(folder + "/") ? String(path.dropFirst(folder.count + 1)) : path
    }

    static func now() -> Double { Date().timeIntervalSince1970 }

}

extension AfterIngest {
    var moveFolder: String? { if case .move(let folder) = self { folder } else { nil } }
}
