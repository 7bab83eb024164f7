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
    /// Documents deleted over the HTTP API.
    public var removed = 0
    public var lastIngest: Double?
    public var clusters: Int?
    public var inbox: String?
    public var backlog: Int?
    public var daemonRunning = false
    /// Damage in the log as it is now (nothing has been salvaged yet), with its account.
    public var damage: String?
    /// Earlier salvages recorded in the log.
    public var salvages: [StateDamageNote] = []
    /// Bytes of an unfinished last batch (the daemon cuts them off at its next start).
    public var tornBytes = 0

    public static func load(folder: String) throws -> StateSummary {
        guard FileManager.default.fileExists(atPath: folder + "/state.log") else {
            throw IOError(.notFound, path: folder, "no state log here (has `neardup watch` run with this --state?)")
        }
        var summary = StateSummary()
        if let descriptor = try? StateHost.lock(folder) {
            close(descriptor)
        } else {
            summary.daemonRunning = true
        }
        // Read only: a running daemon's log is never changed by `status`, and damage is reported, not repaired.
        let scan = try StateLogScan.read(path: folder + "/state.log")
        let records = scan.records
        if scan.isDamaged { summary.damage = scan.account(path: folder + "/state.log") }
        summary.tornBytes = scan.tornTail?.length ?? 0
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
            case .commit, .submitted: break
            case .damage(let note): summary.salvages.append(note)
            case .removed: summary.removed += 1
            }
        }
        if let data = FileManager.default.contents(atPath: folder + "/status.json"),
            let status = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            summary.clusters = status["clusters"] as? Int
            summary.inbox = status["inbox"] as? String
        }
        if let inbox = summary.inbox, let files = InboxWatcher.regularFiles(in: FileName.fromArgument(inbox)) {
            summary.backlog = files.keys.filter { !names.contains($0) }.count
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
        if removed > 0 { lines.insert("deleted:        \(removed)", at: 2) }
        if let lastIngest {
            lines.append("last ingest:    \(Date(timeIntervalSince1970: lastIngest).ISO8601Format())")
        } else {
            lines.append("last ingest:    never")
        }
        if let inbox { lines.append("inbox:          \(inbox)") }
        lines.append("backlog:        \(backlog.map { "\($0) file(s) not yet ingested" } ?? "unknown")")
        if tornBytes > 0 {
            lines.append("unfinished:     \(tornBytes) bytes of an unfinished batch (cut off at the next start)")
        }
        for note in salvages {
            lines.append(
                "salvaged:       \(Date(timeIntervalSince1970: note.at).ISO8601Format()): lost \(note.batches), "
                    + "\(note.documents.count) document(s), \(note.files.count) file(s); original kept as \(note.copy)")
        }
        if let damage {
            lines.append("DAMAGED:        the counts above are of the intact batches only")
            lines.append(damage)
        }
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
        /// The account of a salvage done before compacting.
        public var salvage: StateDamageNote?
    }

    public static func compact(folder: String, window: Double?, onDamage: DamagePolicy = .refuse) throws -> Result {
        let lock = try StateHost.lock(folder)
        defer { close(lock) }
        let before = (try? FileManager.default.attributesOfItem(atPath: folder + "/state.log")[.size] as? Int) ?? 0
        let now = Date().timeIntervalSince1970
        let (_, records, recovery) = try StateLog.open(folder: folder, onDamage: onDamage, now: now)
        let (kept, documents, dropped) = compacted(records, window: window, now: now)
        try StateLog.rewrite(folder: folder, records: kept)
        let after = (try? FileManager.default.attributesOfItem(atPath: folder + "/state.log")[.size] as? Int) ?? 0
        return Result(
            kept: documents, dropped: dropped, bytesBefore: before, bytesAfter: after, salvage: recovery.salvage)
    }

    /// The records without the documents ingested before `now − window` (nor the submission and deletion records
    /// of those documents), every other record (exactly-once keys, rejections, damage notes) kept, and one commit
    /// for the whole; with the numbers of documents kept and dropped.
    static func compacted(_ records: [StateRecord], window: Double?, now: Double)
        -> (records: [StateRecord], kept: Int, dropped: Int)
    {
        var kept: [StateRecord] = []
        var documents = 0
        var dropped = 0
        var droppedIDs = Set<String>()
        var lastBatch: UInt64 = 0
        for record in records {
            switch record {
            case .document(_, let id, _, let at, _):
                if let window, at < now - window {
                    dropped += 1
                    droppedIDs.insert(id)
                } else {
                    documents += 1
                    kept.append(record)
                }
            case .commit(let batch, _):
                lastBatch = batch
            case .submitted(let submission) where droppedIDs.contains(submission.id):
                break
            case .removed(let id, _) where droppedIDs.contains(id):
                break
            default:
                kept.append(record)
            }
        }
        kept.append(.commit(batch: lastBatch, at: now))
        return (kept, documents, dropped)
    }
}
