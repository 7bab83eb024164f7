import Logging
import NearDupCore
import NearDupIO
import Synchronization

/// Writes index checkpoints on a thread of its own from a copy of the state core, so that ingestion does not wait
/// for one. The copy shares the core's tables: the band tables take the daemon's changes in side tables while it
/// lives (`InMemoryCandidateStore`), the statistics are sharded (`ShardedDictionary`), and what else the next batch
/// changes is copied then. One at a time; a request while one is being written is declined and made again later.
final class CheckpointWorker: Sendable {
    private let writer = BackgroundWriter(label: "neardup.checkpoints")
    private let folder: String
    private let logger: Logger
    /// The position of the last checkpoint written.
    private let written: Mutex<LogPosition?>

    init(folder: String, position: LogPosition?, logger: Logger) {
        self.folder = folder
        self.logger = logger
        written = Mutex(position)
    }

    var isBusy: Bool { writer.isBusy }
    /// Whether a new checkpoint may start (see `BackgroundWriter.isRested`).
    var isRested: Bool { writer.isRested }
    var lastSucceeded: Bool { writer.lastSucceeded }
    var position: LogPosition? { written.withLock { $0 } }

    /// Starts writing a checkpoint in the background; false (and nothing done) when one is being written.
    func submit(_ core: WatchCore, position: LogPosition) -> Bool {
        // Taken out of the job when it runs: the write lets go of the copy a table at a time.
        let pending = Mutex(Optional(core))
        return writer.submit { self.write(pending.withLock { $0.take()! }, position: position) }
    }

    /// Waits for the checkpoint being written, if any.
    func drain() { writer.drain() }

    /// Writes a checkpoint on the caller's thread, after any background one; true when it was written.
    @discardableResult
    func writeNow(_ core: WatchCore, position: LogPosition) -> Bool {
        writer.runNow { write(core, position: position) }
    }

    private func write(_ core: consuming WatchCore, position: LogPosition) -> Bool {
        let started = ContinuousClock.now
        let documents = core.activeDocuments
        let bytes: Int
        do {
            bytes = try IndexCheckpoint.write(consume core, position: position, folder: folder)
        } catch {
            // The previous checkpoint (or none) stays; a start replays more of the log, nothing is lost.
            logger.error("cannot write the index checkpoint (will retry): \(error)")
            return false
        }
        logger.info(
            "checkpoint written",
            metadata: [
                "documents": "\(documents)", "bytes": "\(bytes)", "batch": "\(position.batch)",
                "seconds": "\(Self.seconds(ContinuousClock.now - started))",
            ])
        written.withLock { $0 = position }
        return true
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
