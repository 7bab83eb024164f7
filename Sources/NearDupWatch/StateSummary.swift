import Foundation
import NearDupIO

#if canImport(Glibc)
    import Glibc
#endif

/// What `neardup status` prints, from the state log and the daemon's last `status.json`.
public struct StateSummary {
    public var documents = 0
    public var ingestedFiles = 0
    public var rejected = 0
    public var lastIngest: Double?
    public var clusters: Int?
    public var inbox: String?
    public var backlog: Int?
    public var daemonRunning = false

    public static func load(folder: String) throws -> StateSummary {
        guard FileManager.default.fileExists(atPath: folder + "/state.log") else {
            throw IOError(.notFound, path: folder, "no state log here (has `neardup watch` run with this --state?)")
        }
        var summary = StateSummary()
        if let descriptor = try? WatchDaemon.lock(folder) {
            close(descriptor)
        } else {
            summary.daemonRunning = true
        }
        // Read-only recovery: parse a copy, so a running daemon's log is never truncated by `status`.
        let scratch = NSTemporaryDirectory() + "neardup-status-\(getpid())"
        try? FileManager.default.removeItem(atPath: scratch)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.copyItem(atPath: folder + "/state.log", toPath: scratch + "/state.log")
        let (_, records) = try StateLog.open(folder: scratch)
        var names = Set<String>()
        for record in records {
            switch record {
            case .document(_, _, _, let at, _):
                summary.documents += 1
                summary.lastIngest = max(summary.lastIngest ?? at, at)
            case .rejected: summary.rejected += 1
            case .ingested(let name, _, _, let at):
                summary.ingestedFiles += 1
                names.insert(name)
                summary.lastIngest = max(summary.lastIngest ?? at, at)
            case .commit: break
            }
        }
        if let data = FileManager.default.contents(atPath: folder + "/status.json"),
            let status = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            summary.clusters = status["clusters"] as? Int
            summary.inbox = status["inbox"] as? String
        }
        if let inbox = summary.inbox, let files = try? FileManager.default.contentsOfDirectory(atPath: inbox) {
            summary.backlog = files.filter { !InboxWatcher.isIgnored($0) && !names.contains($0) }.count
        }
        return summary
    }

    public var text: String {
        var lines = [
            "daemon:         \(daemonRunning ? "running" : "not running")",
            "documents:      \(documents)",
            "clusters:       \(clusters.map(String.init) ?? "unknown (no report yet)")",
            "files ingested: \(ingestedFiles)",
            "rejected:       \(rejected)",
        ]
        if let lastIngest {
            lines.append("last ingest:    \(Date(timeIntervalSince1970: lastIngest).ISO8601Format())")
        } else {
            lines.append("last ingest:    never")
        }
        if let inbox { lines.append("inbox:          \(inbox)") }
        lines.append("backlog:        \(backlog.map { "\($0) file(s) not yet ingested" } ?? "unknown")")
        return lines.joined(separator: "\n")
    }
}

/// `neardup state compact`: rewrites the log without the documents outside the window.
public enum StateCompactor {
    public struct Result {
        public var kept: Int
        public var dropped: Int
        public var bytesBefore: Int
        public var bytesAfter: Int
    }

    public static func compact(folder: String, window: Double?) throws -> Result {
        let lock = try WatchDaemon.lock(folder)
        defer { close(lock) }
        let before = (try? FileManager.default.attributesOfItem(atPath: folder + "/state.log")[.size] as? Int) ?? 0
        let (_, records) = try StateLog.open(folder: folder)
        let now = Date().timeIntervalSince1970
        var kept: [StateRecord] = []
        var documents = 0
        var dropped = 0
        var lastBatch: UInt64 = 0
        for record in records {
            switch record {
            case .document(_, _, _, let at, _):
                if let window, at < now - window {
                    dropped += 1
                } else {
                    documents += 1
                    kept.append(record)
                }
            case .commit(let batch, _):
                lastBatch = batch
            default:
                kept.append(record)
            }
        }
        kept.append(.commit(batch: lastBatch, at: now))
        try StateLog.rewrite(folder: folder, records: kept)
        let after = (try? FileManager.default.attributesOfItem(atPath: folder + "/state.log")[.size] as? Int) ?? 0
        return Result(kept: documents, dropped: dropped, bytesBefore: before, bytesAfter: after)
    }
}
