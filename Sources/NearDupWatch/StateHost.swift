import Foundation
import Logging
import NearDupCore
import NearDupIO

#if canImport(Glibc)
    import Glibc
#endif

/// An opened state folder: its lock, the state log, the state core loaded from the checkpoint and the log after it,
/// and the checkpoint writer. The watch daemon and the HTTP server both run on one; neither is thread-safe by
/// itself, so a host is used from one thread at a time (the server holds it under a lock).
///
/// Durability rule for every writer: a batch's records are appended to the log and flushed (`append`) before the
/// core sees them (`commit`), so a crash in between loses nothing that was acknowledged.
public final class StateHost {
    public let folder: String
    public let window: Double?
    public internal(set) var core: WatchCore
    public private(set) var log: StateLog
    let checkpoints: CheckpointWorker
    private let logger: Logger
    private let lockDescriptor: Int32
    /// Told the events of every batch and eviction (the journal of a daemon, the HTTP server's change feed).
    private var observers: [([WatchEvent]) -> Void] = []

    /// Takes the folder's lock, removes files a killed process left half written, loads the checkpoint (when it is
    /// usable) and replays the log after it, or the whole log; logs what it found. Throws when the folder cannot be
    /// created or locked, or the log is damaged and `onDamage` is `.refuse`.
    public init(
        folder: String, configuration: Configuration, window: Double?, jobs: Int, onDamage: DamagePolicy,
        fingerprints placement: FingerprintPlacement = .memory, logger: Logger
    ) throws {
        self.folder = folder
        self.window = window
        self.logger = logger
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw IOError(.unwritable, path: folder, "cannot create the state folder: \(errorText())")
        }
        lockDescriptor = try Self.lock(folder)
        Self.removeUnfinishedFiles(folder: folder, logger: logger)
        let loading = ContinuousClock.now
        var restored: WatchCore?
        var position: LogPosition?
        // With `.log` the index reads its fingerprints back from the log (`LogFingerprints`); the checkpoint's
        // locations point into the log as it is now. A log rewritten by the open (a salvage) makes the checkpoint
        // unused, and the store is opened again on the new one.
        var existing: LogFingerprints?
        if placement == .log {
            do {
                existing = try LogFingerprints(folder: folder)
            } catch  where error.code == .notFound {
                // A new state: no log, so no checkpoint of it to read.
            } catch {
                close(lockDescriptor)
                throw error
            }
        }
        switch IndexCheckpoint.read(
            folder: folder, configuration: configuration, window: window, jobs: jobs, fingerprints: existing)
        {
        case .loaded(let core, let at):
            (restored, position) = (core, at)
        case .absent:
            break
        case .unusable(let reason):
            logger.warning("index checkpoint not used (\(reason)): replaying the whole state log")
        }
        let (opened, records, recovery): (StateLog, [StateRecord], StateRecovery)
        do {
            (opened, records, recovery) = try StateLog.open(folder: folder, onDamage: onDamage, resumingAt: position)
        } catch {
            close(lockDescriptor)
            throw error
        }
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
        if recovery.resumed, var loaded = restored {
            // The optional lets go of its copy first: two holders would make the resumed batch go to the band
            // tables' side tables.
            restored = nil
            loaded.resume(records, locations: recovery.locations, now: Self.now())
            core = loaded
        } else {
            if position != nil {
                logger.warning(
                    "index checkpoint not used (the state log was rewritten or damaged since): replaying the whole log")
            }
            let fingerprints: any FingerprintStore
            do {
                fingerprints = placement == .log ? try LogFingerprints(folder: folder) : InMemoryFingerprints()
            } catch {
                close(lockDescriptor)
                throw error
            }
            core = WatchCore(configuration: configuration, window: window, jobs: jobs, fingerprintStore: fingerprints)
            core.load(records, locations: recovery.locations, now: Self.now())
        }
        restored = nil
        checkpoints = CheckpointWorker(folder: folder, position: recovery.resumed ? position : nil, logger: logger)
        resumedFromCheckpoint = recovery.resumed
        logger.info(
            "state loaded",
            metadata: [
                "documents": "\(core.documents)", "active": "\(core.activeDocuments)",
                "files": "\(core.state.ingestedFiles)", "records": "\(records.count)",
                "checkpoint": "\(recovery.resumed ? "batch \(position!.batch)" : "none")",
                "seconds": "\(CheckpointWorker.seconds(ContinuousClock.now - loading))",
            ])
    }

    deinit { close(lockDescriptor) }

    /// Whether the start loaded the checkpoint (and replayed only the log after it).
    public let resumedFromCheckpoint: Bool

    /// Appends a batch's records and its commit to the log and flushes them, then hands them to the core; returns
    /// the batch's events. Nothing changes when the append fails.
    @discardableResult
    public func commit(_ records: [StateRecord], now: Double) throws(IOError) -> [WatchEvent] {
        let batch = core.state.nextBatch
        let locations = try log.append(records, batch: batch, at: now)
        return notify(core.commit(records + [.commit(batch: batch, at: now)], locations: locations + [nil], now: now))
    }

    /// Takes the documents that left the window out of the index; returns their events.
    @discardableResult
    public func evict(now: Double) -> [WatchEvent] { notify(core.evict(now: now)) }

    /// Calls `observer` with the events of every later batch and eviction (under the caller's exclusion, so it
    /// must be quick).
    public func observe(_ observer: @escaping ([WatchEvent]) -> Void) { observers.append(observer) }

    private func notify(_ events: [WatchEvent]) -> [WatchEvent] {
        if !events.isEmpty { for observer in observers { observer(events) } }
        return events
    }

    /// Replaces the log after an online compaction rewrote it; `moved` gives each document's location in the new
    /// log, where an index that reads its fingerprints from the log (`--fingerprints log`) reads them from now on.
    /// The new log is opened for both before either is swapped in.
    func reopenLog(now: Double, moved: [String: UInt64]) throws {
        let file = core.keepsFingerprintsInLog ? try LogFile(path: folder + "/state.log") : nil
        log = try StateLog.open(folder: folder, onDamage: .refuse, now: now).0
        if let file { core.relocateFingerprints(to: file, moved: moved) }
    }

    // MARK: Checkpoints

    /// The log position of the state core now, when a checkpoint is not already at it.
    public func checkpointPosition() -> LogPosition? {
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

    /// Starts a checkpoint in the background when the state changed since the last and none is being written;
    /// true when one was started.
    @discardableResult
    public func startCheckpoint() -> Bool {
        guard checkpoints.isRested, let position = checkpointPosition() else { return false }
        // The last checkpoint's job may still hold its copy for a moment after it reports done; a copy handed out
        // before the band tables are settled would carry side tables, which its encoding folds into a full copy.
        guard core.settle() else { return false }
        return checkpoints.submit(core, position: position)
    }

    /// Writes a checkpoint now (after the one being written, if any) when the state changed since the last: what a
    /// stopping process does last.
    public func finalCheckpoint() {
        guard let position = checkpointPosition() else { return }
        checkpoints.drain()
        core.settle()
        checkpoints.writeNow(core, position: position)
    }

    // MARK: Support

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

    /// Files an atomic write leaves when the process dies before renaming them into place (a checkpoint or a
    /// compacted log half written): never read, so removed before anything else starts.
    static func removeUnfinishedFiles(folder: String, logger: Logger) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix(".state.checkpoint.tmp-") || name.hasPrefix(".state.log.tmp-") {
            if unlink(folder + "/" + name) == 0 {
                logger.notice("removed an unfinished file of an earlier run: \(name)")
            }
        }
    }

    public static func now() -> Double { Date().timeIntervalSince1970 }
}
