import Foundation
import Logging
import NearDupCore
import NearDupIO
import Synchronization

/// Writes index checkpoints on a thread of its own from a copy of the state core, so that ingestion does not wait
/// for one. One at a time; a request while one is being written is declined and made again later.
final class CheckpointWorker: Sendable {
    private let writer = BackgroundWriter(label: "neardup.checkpoints")
    private let folder: String
    private let logger: Logger
    private let written = Mutex(Written())

    struct Written {
        /// The position of the last checkpoint written.
        var position: LogPosition?
        /// Its size (at first, that of the checkpoint in the folder): the next one reserves a little more, so that
        /// gigabytes are not copied each time the buffer grows.
        var bytes = 0
    }

    init(folder: String, position: LogPosition?, logger: Logger) {
        self.folder = folder
        self.logger = logger
        let size = (try? FileManager.default.attributesOfItem(atPath: IndexCheckpoint.path(folder: folder)))?[.size]
        written.withLock {
            $0.position = position
            $0.bytes = (size as? NSNumber)?.intValue ?? 0
        }
    }

    var isBusy: Bool { writer.isBusy }
    var lastSucceeded: Bool { writer.lastSucceeded }
    var position: LogPosition? { written.withLock { $0.position } }

    /// Starts writing a checkpoint in the background; false (and nothing done) when one is being written.
    func submit(_ core: WatchCore, position: LogPosition) -> Bool {
        writer.submit { self.write(core, position: position) }
    }

    /// Writes a checkpoint on the caller's thread, after any background one; true when it was written.
    @discardableResult
    func writeNow(_ core: WatchCore, position: LogPosition) -> Bool {
        writer.runNow { write(core, position: position) }
    }

    private func write(_ core: WatchCore, position: LogPosition) -> Bool {
        let started = ContinuousClock.now
        let expected = written.withLock { $0.bytes }
        let bytes = IndexCheckpoint.encode(core, position: position, reserving: expected + expected / 8)
        let encoded = ContinuousClock.now
        do {
            try IndexCheckpoint.write(bytes, folder: folder)
        } catch {
            // The previous checkpoint (or none) stays; a start replays more of the log, nothing is lost.
            logger.error("cannot write the index checkpoint (will retry): \(error)")
            return false
        }
        logger.info(
            "checkpoint written",
            metadata: [
                "documents": "\(core.activeDocuments)", "bytes": "\(bytes.count)", "batch": "\(position.batch)",
                "encodeSeconds": "\(Self.seconds(encoded - started))",
                "seconds": "\(Self.seconds(ContinuousClock.now - started))",
            ])
        written.withLock {
            $0.position = position
            $0.bytes = bytes.count
        }
        return true
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
