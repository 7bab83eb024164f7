import Foundation
import Logging
import NearDupCore
import NearDupIO
import Synchronization

/// Writes full reports (`clusters-<n>.json.gz`, `latest.json.gz`, and `latest.html`) on a thread of its own, from a
/// `WatchSnapshot`, so that ingestion never waits for a report. One report at a time; a request while one is being
/// written is declined and made again later.
final class SnapshotWorker: Sendable {
    private let background = BackgroundWriter(label: "neardup.snapshots")
    private let writer: Mutex<ReportWriter>
    /// The number of the last snapshot written.
    private let written: Mutex<Int>
    private let html: Bool
    private let moveFolder: String?
    private let inbox: String
    private let logger: Logger

    init(folder: String, keep: Int, html: Bool, inbox: String, moveFolder: String?, logger: Logger) throws(IOError) {
        let writer = try ReportWriter(folder: folder, keep: keep)
        written = Mutex(writer.sequence)
        self.writer = Mutex(writer)
        self.html = html
        self.inbox = inbox
        self.moveFolder = moveFolder
        self.logger = logger
    }

    /// The number of the last snapshot written.
    var sequence: Int { written.withLock { $0 } }
    var isBusy: Bool { background.isBusy }
    /// Whether a new report may start (see `BackgroundWriter.isRested`).
    var isRested: Bool { background.isRested }
    var lastSucceeded: Bool { background.lastSucceeded }

    /// Starts writing a report in the background; false (and nothing done) when one is being written.
    func submit(_ snapshot: WatchSnapshot, at time: Double) -> Bool {
        let pending = Mutex(Optional(snapshot))
        return background.submit { self.write(pending.withLock { $0.take()! }, at: time) }
    }

    /// Waits for the report being written, if any.
    func drain() { background.drain() }

    /// Writes a report on the caller's thread (after any background one); true when it was written.
    func writeNow(_ snapshot: WatchSnapshot, at time: Double) -> Bool {
        background.runNow { write(snapshot, at: time) }
    }

    /// Takes the snapshot, and lets it go once the report's outline is read off it. The components and verified
    /// pairs stay while the report is written, as the clusters are built from them one at a time, and so do the
    /// tracker's names; all sharded, so a batch ingested meanwhile copies only the shards it changes.
    private func write(_ snapshot: consuming WatchSnapshot, at time: Double) -> Bool {
        let streamed = snapshot.streamedReport(createdAt: Date(timeIntervalSince1970: time).ISO8601Format())
        _ = consume snapshot
        do {
            // The page needs the whole report; without it, the JSON is written a cluster at a time (at a million
            // documents the report held whole is about a gigabyte on top of the index).
            let report = html ? streamed.report : nil
            let number = try writer.withLock { writer throws(IOError) in
                if let report { try writer.writeSnapshot(report) } else { try writer.writeSnapshot(streamed) }
                return writer.sequence
            }
            if let report {
                let (inbox, moved) = (self.inbox, moveFolder)
                try ReportPage.write(report, to: writer.withLock { $0.folder } + "/latest.html", detailedClusters: 200)
                {
                    origin in [inbox + "/" + origin] + (moved.map { [$0 + "/" + origin] } ?? [])
                }
            }
            written.withLock { $0 = number }
            return true
        } catch {
            logger.error("cannot write the report (will retry): \(error)")
            return false
        }
    }
}
