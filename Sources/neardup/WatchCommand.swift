import ArgumentParser
import Logging
import NearDupCore
import NearDupIO
import NearDupWatch

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Ingest files as they land in an inbox, keep a crash-safe index, and write cluster reports.",
        discussion: """
            Producers should write a hidden temporary file in the inbox and rename it into place; plain writes are \
            accepted once the file is closed. Hidden and temporary names (.*, *.tmp, *.part, *~) are ignored. \
            Each file is ingested once (by name and content hash), also across restarts and crashes. \
            SIGTERM or SIGINT finishes the batch, writes a final report and exits 0.
            """)

    @Argument(help: "The folder to watch (not recursive).")
    var inbox: String

    @Option(help: "Folder for the durable state (created if missing).")
    var state: String

    @Option(help: "Folder for the reports (created if missing).")
    var reports: String

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

    @Option(
        help: ArgumentHelp(
            "Least seconds between index checkpoints (0: after every batch), written in the background.",
            discussion: "A start loads the checkpoint and replays only the state log after it. A checkpoint also "
                + "waits three times as long as the last one took, and half an interval after a full report."))
    var checkpointInterval = 60.0

    @Option(help: "Leave documents older than this out of the index, e.g. 7d or 12h (default: keep all).")
    var window: TimeSpan?

    @Option(help: "With --window: rewrite the state log without old documents once this many have left the window.")
    var compactAfter = 10_000

    @Flag(help: "Also write latest.html, the report as a page people can read, beside latest.json.gz.")
    var html = false

    @Option(help: "Number of report snapshots to keep.")
    var keep = 10

    @Option(help: "Seconds a file found by a scan must stay unchanged before it is read.")
    var settle = 1.0

    @Option(
        help: ArgumentHelp(
            "When the state log is damaged: refuse (start nothing, change nothing, say what is damaged) or salvage.",
            discussion: "salvage copies the log to state.log.damaged-<time>, keeps every intact batch and records "
                + "which batches, documents and files were lost; an unfinished last batch is cut off either way."))
    var onDamage: DamagePolicy = .refuse

    @OptionGroup var input: InputOptions
    @OptionGroup var engine: EngineOptions

    @Option(help: "Log level (trace, debug, info, notice, warning, error).")
    var logLevel: Logger.Level = .info

    func validate() throws {
        if reportInterval < 0 { throw ValidationError("--report-interval must not be negative") }
        if !(snapshotInterval >= 0) { throw ValidationError("--snapshot-interval must not be negative") }
        if !(checkpointInterval >= 0) { throw ValidationError("--checkpoint-interval must not be negative") }
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

    func run() throws {
        var logger = Logger(label: "neardup.watch")
        logger.logLevel = logLevel
        var options = WatchOptions(
            inbox: FileName.fromArgument(trimmed(inbox)), stateFolder: trimmed(state), reportsFolder: trimmed(reports))
        options.rejectedFolder = rejected.map { FileName.fromArgument(trimmed($0)) }
        options.afterIngest = try afterIngestAction()
        options.pollInterval = poll
        options.reportInterval = reportInterval
        options.snapshotInterval = snapshotInterval
        options.checkpointInterval = checkpointInterval
        options.window = window?.seconds
        options.compactAfter = compactAfter
        options.keep = keep
        options.html = html
        options.settle = settle
        options.onDamage = onDamage
        options.configuration = engine.configuration
        var corpus = input.corpusOptions()
        if input.include.isEmpty { corpus.include = options.corpus.include }
        options.corpus = corpus
        do {
            let status = try WatchDaemon(options: options, logger: logger).run()
            throw ExitCode(status)
        } catch let error as IOError {
            System.printError("neardup: \(error)\n")
            throw error.code == .damaged ? ExitCode(3) : ExitCode.failure
        }
    }

    func trimmed(_ path: String) -> String { path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path }
}
