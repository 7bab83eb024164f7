import NearDupCore
import NearDupIO

/// What happens to an input file once its content is safely in the state log.
public enum AfterIngest: Sendable, Equatable {
    case keep
    case delete
    case move(String)
}

/// Everything `neardup watch` is told.
public struct WatchOptions: Sendable {
    public var inbox: String
    public var stateFolder: String
    public var reportsFolder: String
    /// Where bad inputs go (with a `.reason` file); nil: they stay and are listed in the report.
    public var rejectedFolder: String?
    public var afterIngest = AfterIngest.keep
    /// Seconds between scans instead of inotify (network file systems, other platforms).
    public var pollInterval: Double?
    /// Seconds to wait after a batch before appending its events to the journal (debounce).
    public var reportInterval = 2.0
    /// Seconds between full reports (written in the background; also at start-up and at SIGTERM).
    public var snapshotInterval = 60.0
    /// Seconds between index checkpoints (written in the background; also at SIGTERM and after a compaction);
    /// 0: after every batch.
    public var checkpointInterval = 60.0
    /// Documents older than this many seconds leave the index (nil: keep all).
    public var window: Double?
    /// Rewrite the state log (online, between batches) once this many of its documents have left the window.
    public var compactAfter = 10_000
    /// Snapshots to keep.
    public var keep = 10
    /// Seconds a file found by a scan must stay unchanged before it is read.
    public var settle = 1.0
    /// Also write `latest.html` (the report as a page) beside `latest.json.gz`.
    public var html = false
    /// Give a document that carries no filing time of its own the time its file was written into the inbox (its
    /// modification time, at most the time it is read): on a live wire feed, a file lands in the inbox when it is
    /// filed, and the filing-time rules (`Configuration.filingGap`) keep the same report of two days apart; files
    /// that landed while the daemon was down keep their own times. Wrong for a backfill, whose files land together.
    public var filedAtArrival = false
    /// Most files read in one batch.
    public var batchSize = 1000
    /// What to do when the state log holds damaged committed records.
    public var onDamage = DamagePolicy.refuse
    /// Where the live index keeps its fingerprints.
    public var fingerprints = FingerprintPlacement.memory
    public var configuration = Configuration()
    public var corpus = CorpusOptions()

    public init(inbox: String, stateFolder: String, reportsFolder: String) {
        self.inbox = inbox
        self.stateFolder = stateFolder
        self.reportsFolder = reportsFolder
        corpus.include = ["*.txt", "*.txt.gz", "*.jsonl", "*.jsonl.gz"]
    }
}
