import ArgumentParser
import NearDupIO
import NearDupWatch

/// How an inbox is watched and reported on: shared by `watch` and `serve --inbox`.
struct InboxOptions: ParsableArguments {
    @Option(help: "Move rejected inputs here, each with a .reason file (default: leave them, list them in the report).")
    var rejected: String?

    @Option(help: "After a file is ingested: keep, delete, or move:DIR.")
    var afterIngest = "keep"

    @Option(help: "Scan every this many seconds instead of using inotify (network file systems).")
    var poll: Double?

    @Option(help: "Seconds to wait after a batch before appending its events to the journal (fractions allowed).")
    var reportInterval = 2.0

    @Option(
        help: ArgumentHelp(
            "Least seconds between full reports (latest.json.gz, snapshots, latest.html), written in the background.",
            discussion: "A report also waits three times as long as the last one took, so that on a large index the "
                + "background writing takes at most a quarter of a core."))
    var snapshotInterval = 60.0

    @Option(help: "With --window: rewrite the state log without old documents once this many have left the window.")
    var compactAfter = 10_000

    @Flag(help: "Also write latest.html, the report as a page people can read, beside latest.json.gz.")
    var html = false

    @Flag(
        help: ArgumentHelp(
            "Take the time a file landed in the inbox as the filing time of its documents that carry none.",
            discussion: "The file's modification time, at most the time it is read. For a live feed, whose files land "
                + "as they are filed: the filing-time rules then keep a recurring report of another day apart from "
                + "today's. Not for a backfill, whose files land together. Documents posted over HTTP are not "
                + "stamped: they give their own publishedAt."))
    var filedAtArrival = false

    @Option(help: "Number of report snapshots to keep.")
    var keep = 10

    @Option(help: "Seconds a file found by a scan must stay unchanged before it is read.")
    var settle = 1.0

    func validate() throws {
        if reportInterval < 0 { throw ValidationError("--report-interval must not be negative") }
        if !(snapshotInterval >= 0) { throw ValidationError("--snapshot-interval must not be negative") }
        if let poll, !(poll > 0) { throw ValidationError("--poll must be a positive number of seconds") }
        if keep < 1 { throw ValidationError("--keep must be at least 1") }
        if compactAfter < 1 { throw ValidationError("--compact-after must be at least 1") }
        if settle < 0 { throw ValidationError("--settle must not be negative") }
        _ = try afterIngestAction()
    }

    func afterIngestAction() throws -> AfterIngest {
        switch afterIngest {
        case "keep": return .keep
        case "delete": return .delete
        case let value where value.hasPrefix("move:") && value.count > 5:
            return .move(FileName.fromArgument(String(value.dropFirst(5))))
        default: throw ValidationError("--after-ingest takes keep, delete or move:DIR")
        }
    }

    /// The options of a daemon on `inbox` with these settings.
    func watchOptions(
        inbox: String, reports: String, state: StateOptions, input: InputOptions, engine: EngineOptions
    ) throws -> WatchOptions {
        var options = WatchOptions(
            inbox: FileName.fromArgument(Self.trimmed(inbox)), stateFolder: state.folder,
            reportsFolder: Self.trimmed(reports))
        options.rejectedFolder = rejected.map { FileName.fromArgument(Self.trimmed($0)) }
        options.afterIngest = try afterIngestAction()
        options.pollInterval = poll
        options.reportInterval = reportInterval
        options.snapshotInterval = snapshotInterval
        options.checkpointInterval = state.checkpointInterval
        options.window = state.window?.seconds
        options.compactAfter = compactAfter
        options.keep = keep
        options.html = html
        options.filedAtArrival = filedAtArrival
        options.settle = settle
        options.onDamage = state.onDamage
        options.fingerprints = state.fingerprints
        options.configuration = engine.configuration
        var corpus = input.corpusOptions()
        if input.include.isEmpty { corpus.include = options.corpus.include }
        options.corpus = corpus
        return options
    }

    static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
