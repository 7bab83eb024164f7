import Dispatch
import Foundation
import Logging
import NearDupCore
import NearDupIO
import Synchronization

/// Writes full reports (`clusters-<n>.json.gz`, `latest.json.gz`, and `latest.html`) on a thread of its own, from a
/// `WatchSnapshot`, so that ingestion never waits for a report. One report at a time; a request while one is being
/// written is declined and made again later.
final class SnapshotWorker: Sendable {
    private let queue = DispatchQueue(label: "neardup.snapshots")
    private let writer: Mutex<ReportWriter>
    private let progress = Mutex(Progress())
    private let html: Bool
    private let moveFolder: String?
    private let inbox: String
    private let logger: Logger

    struct Progress {
        var busy = false
        /// Whether the last report was written.
        var lastSucceeded = true
        var sequence = 0
    }

    init(folder: String, keep: Int, html: Bool, inbox: String, moveFolder: String?, logger: Logger) throws(IOError) {
        let writer = try ReportWriter(folder: folder, keep: keep)
        let sequence = writer.sequence
        self.writer = Mutex(writer)
        self.html = html
        self.inbox = inbox
        self.moveFolder = moveFolder
        self.logger = logger
        progress.withLock { $0.sequence = sequence }
    }

    /// The number of the last snapshot written.
    var sequence: Int { progress.withLock { $0.sequence } }
    var isBusy: Bool { progress.withLock { $0.busy } }
    var lastSucceeded: Bool { progress.withLock { $0.lastSucceeded } }

    /// Starts writing a report in the background; false (and nothing done) when one is being written.
    func submit(_ snapshot: WatchSnapshot, at time: Double) -> Bool {
        let accepted = progress.withLock { progress in
            if progress.busy { return false }
            progress.busy = true
            return true
        }
        guard accepted else { return false }
        queue.async { self.write(snapshot, at: time) }
        return true
    }

    /// Waits for the report being written, if any.
    func drain() { queue.sync {} }

    /// Writes a report on the caller's thread (after any background one); true when it was written.
    func writeNow(_ snapshot: WatchSnapshot, at time: Double) -> Bool {
        drain()
        progress.withLock { $0.busy = true }
        write(snapshot, at: time)
        return lastSucceeded
    }

    private func write(_ snapshot: WatchSnapshot, at time: Double) {
        let report = snapshot.report(createdAt: Date(timeIntervalSince1970: time).ISO8601Format())
        var succeeded = true
        var number = 0
        do {
            number = try writer.withLock { writer throws(IOError) in
                try writer.writeSnapshot(report)
                return writer.sequence
            }
            if html {
                let (inbox, moved) = (self.inbox, moveFolder)
                try ReportPage.write(report, to: writer.withLock { $0.folder } + "/latest.html", detailedClusters: 200)
                {
                    origin in [inbox + "/" + origin] + (moved.map { [$0 + "/" + origin] } ?? [])
                }
            }
        } catch {
            logger.error("cannot write the report (will retry): \(error)")
            succeeded = false
        }
        progress.withLock { progress in
            progress.busy = false
            progress.lastSucceeded = succeeded
            if succeeded { progress.sequence = number }
        }
    }
}
