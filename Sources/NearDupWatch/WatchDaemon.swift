import Foundation
import Logging
import NearDupCore
import NearDupIO
import Synchronization

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
///
/// The daemon opens its state folder itself, or shares one (`StateAccess`) with the HTTP server of `neardup serve
/// --inbox`; then the server handles the signals and stops the daemon through its `StopRequest`, and the events of
/// the server's writes go to the same journal.
public final class WatchDaemon {
    public let options: WatchOptions
    private var logger: Logger
    private let shared: (any StateAccess)?
    private var state: (any StateAccess)!
    private var snapshots: SnapshotWorker!
    private var lastCheckpoint = -Double.infinity
    /// Events waiting for the journal, and whether the index changed since the last full report: told by the state
    /// (`StateHost.observe`), also of the HTTP server's writes, from whichever thread made them.
    private struct Changes {
        var events: [WatchEvent] = []
        var journalDue = false
        var snapshotDue = false
    }
    private let changes = Mutex(Changes())
    private let stop: StopRequest
    private let onAttached: (@Sendable () -> Void)?
    private var awaitingSnapshot = false
    private var lastJournal = -Double.infinity
    private var lastSnapshot = -Double.infinity
    private var lastStatus = -Double.infinity
    /// Documents before this position (in ingestion order) are no longer in the state log.
    private var compactedThrough = 0
    private var queue: [String] = []
    private var queued = Set<String>()

    /// A daemon on its own state folder (`shared` nil: it opens `options.stateFolder`), or on one shared with the
    /// HTTP server, which then writes the checkpoints.
    /// `stop`, when requested, makes the daemon finish its batch, write its last report and return from `run`;
    /// `onAttached` is called once the daemon hears the state's events (from then on none misses its journal).
    public init(
        options: WatchOptions, logger: Logger, shared: (any StateAccess)? = nil, stop: StopRequest = StopRequest(),
        onAttached: (@Sendable () -> Void)? = nil
    ) {
        self.options = options
        self.logger = logger
        self.shared = shared
        self.stop = stop
        self.onAttached = onAttached
    }

    /// Runs until SIGTERM or SIGINT, or `requestStop()` (returns 0), or a fatal error (throws).
    public func run() throws -> Int32 {
        let state =
            try shared
            ?? OwnedState(
                StateHost(
                    folder: options.stateFolder, configuration: options.configuration, window: options.window,
                    jobs: options.corpus.jobs, onDamage: options.onDamage, fingerprints: options.fingerprints,
                    logger: logger))
        self.state = state
        state.withState { host in
            host.observe { [weak self] events in
                self?.changes.withLock { changes in
                    changes.events += events
                    changes.journalDue = true
                    changes.snapshotDue = true
                }
            }
        }
        onAttached?()
        // A start that replayed much of the log writes a checkpoint soon; one that resumed waits for the interval.
        lastCheckpoint = state.withState { $0.resumedFromCheckpoint } ? Self.now() : -Double.infinity
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
            inbox: options.inbox, pollInterval: options.pollInterval, settle: options.settle,
            handlesSignals: shared == nil)
        guard watcher.queueScan() else { throw IOError(.notFound, path: options.inbox, "the inbox cannot be read") }
        changes.withLock { $0.snapshotDue = true }
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
            if stop.isRequested { stopping = true }
            if stopping {
                flushQueue()
                guard finish() else {
                    // The index is safe in the state log, but what the reports say is not what was ingested.
                    logger.error(
                        """
                        stopped without a final report: the reports folder cannot be written; the state log holds \
                        all \(documents) documents and the next start writes the report
                        """)
                    return 1
                }
                logger.notice("stopped", metadata: ["documents": "\(documents)"])
                return 0
            }
            let now = Self.now()
            if options.window != nil {
                let windowStart = state.withState { host in
                    host.evict(now: now)
                    return host.core.windowStart
                }
                if windowStart - compactedThrough >= options.compactAfter { try compactLog(now: now) }
            }
            if changes.withLock({ $0.journalDue }) && now >= lastJournal + options.reportInterval {
                flushJournal(now: now)
            }
            takeSnapshot(now: now)
            takeCheckpoint(now: now)
        }
    }

    /// Online compaction: rewrites the state log without the documents that left the window, between two batches
    /// (no stop needed). The new log is written beside the old and renamed over it, so a crash at any point leaves
    /// one whole log, the old or the new; every file's exactly-once key is kept in both. A shared state is not
    /// written by the HTTP server meanwhile. Throws only when the new log is in place but cannot be opened: appends
    /// would then go to the replaced file, so the daemon stops (the next start reads the new log).
    private func compactLog(now: Double) throws {
        let started = ContinuousClock.now
        struct Reopening: Error { var error: any Error }
        do {
            let (documents, dropped, windowStart) = try state.withState { host in
                let (_, records, _) = try StateLog.open(folder: options.stateFolder, onDamage: .refuse, now: now)
                let (kept, documents, dropped) = StateCompactor.compacted(records, window: options.window, now: now)
                let locations = try StateLog.rewrite(folder: options.stateFolder, records: kept)
                var moved: [String: UInt64] = [:]
                if host.core.keepsFingerprintsInLog {
                    for (record, location) in zip(kept, locations) {
                        if case .document(_, let id, _, _, _) = record, let location { moved[id] = location }
                    }
                }
                do { try host.reopenLog(now: now, moved: moved) } catch { throw Reopening(error: error) }
                if shared != nil { host.startCheckpoint() }
                return (documents, dropped, host.core.windowStart)
            }
            compactedThrough = windowStart
            // The checkpoint's position is not in the new log: take one now, or a start replays the whole log.
            lastCheckpoint = -Double.infinity
            let elapsed = ContinuousClock.now - started
            logger.notice(
                "state log compacted",
                metadata: [
                    "kept": "\(documents)", "dropped": "\(dropped)",
                    "seconds": "\(Double(elapsed.components.attoseconds) * 1e-18 + Double(elapsed.components.seconds))",
                ])
        } catch let failure as Reopening {
            logger.critical("the state log was compacted but cannot be opened again, stopping: \(failure.error)")
            throw failure.error
        } catch {
            // The old log is whole (the rewrite renames only a complete file); try again after more evictions.
            compactedThrough = state.withState { $0.core.windowStart }
            logger.error("cannot compact the state log (will try again later): \(error)")
        }
    }

    /// Seconds until the journal or a report is due (at most one, so that signals and the window are looked at).
    private func nextDeadline(now: Double) -> Double {
        var deadline = now + 1
        let (journalDue, snapshotDue) = changes.withLock { ($0.journalDue, $0.snapshotDue) }
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
        let events = changes.withLock { changes in
            defer { (changes.events, changes.journalDue) = ([], false) }
            return changes.events
        }
        var written = true
        do {
            try ReportWriter.appendEvents(events, day: UTCTime(now).day, folder: options.reportsFolder)
        } catch {
            // Kept for the next attempt; the index itself is safe in the state log.
            logger.error("cannot append to the event journal (will retry): \(error)")
            changes.withLock { changes in
                changes.events = events + changes.events
                changes.journalDue = true
            }
            written = false
        }
        // The status file is for people and monitors: once a second is enough.
        if now >= lastStatus + 1 { writeStatus(now: now) }
        return written
    }

    /// Starts a full report in the background when one is due, none is being written, the rest after the last is
    /// over (`BackgroundWriter.isRested`) and no checkpoint is being written; a failed one is due again.
    ///
    /// A report's copy of the state taken while a checkpoint holds another would make the batches copy the tables
    /// they change once for each: at a million documents the two together made the daemon's peak. A report due
    /// meanwhile waits for the checkpoint (about 20 s there).
    private func takeSnapshot(now: Double) {
        if awaitingSnapshot && !snapshots.isBusy {
            awaitingSnapshot = false
            if !snapshots.lastSucceeded { changes.withLock { $0.snapshotDue = true } }
        }
        guard changes.withLock({ $0.snapshotDue }), now >= lastSnapshot + options.snapshotInterval,
            snapshots.isRested
        else { return }
        // The flag is cleared with the copy taken, under the state's exclusion: a batch after it is due again.
        let submitted = state.withState { host in
            guard !host.checkpoints.isBusy else { return false }
            let submitted = snapshots.submit(host.core.snapshot(), at: now)
            if submitted { changes.withLock { $0.snapshotDue = false } }
            return submitted
        }
        guard submitted else { return }
        lastSnapshot = now
        awaitingSnapshot = true
    }

    /// Starts an index checkpoint in the background when one is due and the state changed since the last, not
    /// while a full report is being written, and not within half an interval of the last one's start: each makes
    /// the batches copy the tables it shares, and the copies should not pile up.
    private func takeCheckpoint(now: Double) {
        let gap = min(options.snapshotInterval, options.checkpointInterval) / 2
        guard shared == nil, now >= lastCheckpoint + options.checkpointInterval, now >= lastSnapshot + gap,
            !snapshots.isBusy, state.withState({ $0.startCheckpoint() })
        else { return }
        lastCheckpoint = now
    }

    /// The journal, a last full report and (on its own state) a checkpoint, written before the daemon stops; false
    /// when the report could not be.
    @discardableResult
    private func finish() -> Bool {
        let now = Self.now()
        flushJournal(now: now)
        writeStatus(now: now)
        let reported = snapshots.writeNow(state.withState { $0.core.snapshot() }, at: now)
        if shared == nil { state.withState { $0.finalCheckpoint() } }
        return reported
    }

    private var documents: Int { state.withState { $0.core.documents } }

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
        /// When the file was last written (its modification time), at most the time it was read: for
        /// `--filed-at-arrival`, so that files that landed while the daemon was down keep their own times.
        var written: Int64
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
            let found = FileName.stat(path, &status) == 0
            let size = found ? Int(status.st_size) : bytes.count
            let key = IngestionKey(name: name, contentHash: XXHash64.hash(bytes) ^ UInt64(size))
            let read = Int64(now.rounded(.down))
            let written = found ? min(Int64(status.st_mtim.tv_sec), read) : read
            let delivery = Delivery(name: name, path: path, key: key, size: size, written: written)
            if state.withState({ $0.core.state.seen.contains(key) }) {
                redelivered.append(delivery)
            } else {
                fresh.append(delivery)
            }
        }
        for delivery in redelivered {
            logger.debug("already ingested: \(FileName.printable(delivery.name))")
            afterIngest(delivery, rejected: nil)
        }
        guard !fresh.isEmpty else { return }

        let loader = CorpusLoader(options: options.corpus, configuration: options.configuration)
        var corpus = loader.load(fresh.map(\.path))
        if options.filedAtArrival {
            let written = Dictionary(fresh.map { ($0.path, $0.written) }) { first, _ in first }
            for index in corpus.fingerprints.indices where corpus.fingerprints[index].filedAt == nil {
                let path: String
                switch corpus.sources[index] {
                case .file(let file): path = file
                case .jsonLine(let file, _): path = file
                }
                corpus.fingerprints[index].filedAt = written[path] ?? Int64(now.rounded(.down))
            }
        }
        var fileRejections: [String: SkippedInput] = [:]
        var others: [StateRecord] = []
        for skipped in corpus.skipped {
            let origin = Self.relative(skipped.origin, to: options.inbox)
            others.append(
                StateRecord.rejected(origin: origin, reason: skipped.reason.rawValue, message: skipped.message, at: now)
            )
            let message = FileName.printable(skipped.message)
            logger.warning("rejected \(FileName.printable(origin)): \(skipped.reason.rawValue): \(message)")
            // A whole-file rejection has the file's path as origin; JSON Lines records add `:line`.
            fileRejections[skipped.origin] = skipped
        }
        for delivery in fresh {
            others.append(
                StateRecord.ingested(
                    name: delivery.name, contentHash: delivery.key.contentHash, size: delivery.size, at: now))
        }
        let started = ContinuousClock.now
        let documents = corpus.ids.count
        do {
            // Ids and sequence numbers continue the state's, decided and committed in one step (a shared state
            // takes the HTTP server's writes between two steps); the core changes only once the batch is durable.
            try state.withState { host in
                var records: [StateRecord] = []
                var batchIDs = Set<String>()
                var sequence = host.core.state.nextSequence
                for index in corpus.ids.indices {
                    let id = host.core.state.uniqueID(corpus.ids[index], taken: batchIDs)
                    batchIDs.insert(id)
                    let origin = Self.relative(corpus.sources[index].origin, to: options.inbox)
                    records.append(
                        StateRecord.document(
                            sequence: sequence, id: id, origin: origin, ingestedAt: now,
                            fingerprint: corpus.fingerprints[index]))
                    sequence += 1
                }
                try host.commit(records + others, now: now)
            }
        } catch {
            // Nothing is applied: the files stay where they are and are tried again with the next event or scan.
            logger.error("cannot write the state log, batch not ingested: \(error)")
            return
        }
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
        state.withState { host in
            let core = host.core
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
        }
        json.field("updatedAt", now)
        json.endObject()
        try? AtomicFile.write(json.bytes, to: options.stateFolder + "/status.json")
    }

    // MARK: Support

    static func relative(_ path: String, to folder: String) -> String {
        path.hasPrefix(folder + "/") ? String(path.dropFirst(folder.count + 1)) : path
    }

    static func now() -> Double { Date().timeIntervalSince1970 }

}

extension AfterIngest {
    var moveFolder: String? { if case .move(let folder) = self { folder } else { nil } }
}
