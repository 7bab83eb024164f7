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

    @Option(help: "Folder for the reports (created if missing).")
    var reports: String

    @OptionGroup var state: StateOptions
    @OptionGroup var inboxOptions: InboxOptions
    @OptionGroup var input: InputOptions
    @OptionGroup var engine: EngineOptions

    @Option(help: "Log level (trace, debug, info, notice, warning, error).")
    var logLevel: Logger.Level = .info

    func run() throws {
        var logger = Logger(label: "neardup.watch")
        logger.logLevel = logLevel
        let options = try inboxOptions.watchOptions(
            inbox: inbox, reports: reports, state: state, input: input, engine: engine)
        do {
            let status = try WatchDaemon(options: options, logger: logger).run()
            throw ExitCode(status)
        } catch let error as IOError {
            System.printError("neardup: \(error)\n")
            throw error.code == .damaged ? ExitCode(3) : ExitCode.failure
        }
    }
}
