import ArgumentParser
import Foundation
import Logging
import NearDupCore
import NearDupIO

struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Cluster a corpus and write a gzip-compressed cluster report.",
        discussion: """
            Inputs: directories (searched recursively for *.txt and *.txt.gz, or --include patterns), single \
            files, JSON Lines files (*.jsonl, *.jsonl.gz) with one {"id": ..., "text": ...} object per line, \
            or - for JSON Lines on standard input. A document's id is its path relative to the directory argument \
            without extensions, its file name without extensions, or the JSON Lines id.
            """)

    @Argument(help: "Directories, files, JSON Lines files, or - for JSON Lines on standard input.")
    var paths: [String]

    @OptionGroup var input: InputOptions
    @OptionGroup var engine: EngineOptions

    @Option(help: "Where to write the gzip-compressed JSON report.")
    var report = "neardup-report.json.gz"

    @Option(help: "Also write the report as an HTML page people can read.")
    var html: String?

    @Option(help: "Standard output: text (summary), json (the full report) or tsv (doc_id<TAB>cluster_id).")
    var format: OutputFormat = .text

    @Flag(help: "No progress display on standard error.")
    var quiet = false

    @Option(help: "Log level for diagnostics on standard error (trace, debug, info, notice, warning, error).")
    var logLevel: Logger.Level = .warning

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one directory, file or -") }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
        if report.isEmpty { throw ValidationError("--report needs a file name") }
    }

    func run() throws {
        var logger = Logger(label: "neardup.cluster")
        logger.logLevel = logLevel
        let configuration = engine.configuration
        let clock = ContinuousClock()
        let started = clock.now

        let progress = ProgressReporter(enabled: !quiet && System.stderrIsTerminal)
        let loader = CorpusLoader(options: input.corpusOptions(), configuration: configuration)
        let inputs = paths.map { $0 == "-" ? $0 : FileName.fromArgument($0) }
        let corpus = loader.load(inputs) { done, total, bytes in
            progress.update(done: done, total: total, bytes: bytes)
        }
        progress.finish()
        let read = clock.now
        logger.debug(
            "read \(corpus.ids.count) documents, \(corpus.bytes) bytes, \(corpus.skipped.count) skipped",
            metadata: [
                "rssMiB": "\(System.residentMegabytes ?? -1)", "peakMiB": "\(System.peakResidentMegabytes ?? -1)",
            ])

        let result = ClusterEngine(configuration: configuration, jobs: input.jobs)
            .cluster(ids: corpus.ids, fingerprints: corpus.fingerprints)
        let clustered = clock.now
        FreedMemory.release()
        logger.debug(
            "clustered: \(result.clusters.count) clusters, \(result.statistics.candidatePairs) candidate pairs",
            metadata: [
                "rssMiB": "\(System.residentMegabytes ?? -1)", "peakMiB": "\(System.peakResidentMegabytes ?? -1)",
            ])
        var timings = result.timings.mapKeys { "cluster." + $0 }
        timings["readAndFingerprint"] = ProgressReporter.seconds(read - started)
        timings["cluster"] = ProgressReporter.seconds(clustered - read)

        var clusterReport = ClusterReport(
            result: result, ids: corpus.ids, origins: corpus.sources.map(\.origin), fingerprints: corpus.fingerprints,
            skipped: corpus.skipped, configuration: configuration, bytes: corpus.bytes,
            lossyDocuments: corpus.lossyDocuments, invalidSequences: corpus.invalidSequences,
            generator: "neardup \(NearDupCommand.version)", createdAt: Date().ISO8601Format(), timings: timings)
        clusterReport.timings["total"] = ProgressReporter.seconds(clock.now - started)
        do {
            try ReportFile.write(clusterReport, to: report, jobs: input.jobs)
        } catch {
            System.printError("neardup: cannot write the report: \(error)\n")
            throw ExitCode.failure
        }
        logger.debug("wrote \(report)", metadata: ["peakMiB": "\(System.peakResidentMegabytes ?? -1)"])
        if let html {
            do {
                try ReportPage.write(clusterReport, to: html)
            } catch {
                System.printError("neardup: cannot write the HTML page: \(error)\n")
                throw ExitCode.failure
            }
        }

        switch format {
        case .text:
            print(SummaryPrinter(report: clusterReport).summary(reportPath: report), terminator: "")
        case .json:
            FileHandle.standardOutput.write(Data(try ReportFile.json(clusterReport, pretty: true)))
            print()
        case .tsv:
            print(clusterReport.labelsTSV(), terminator: "")
        }
        if !corpus.skipped.isEmpty {
            System.printError(SummaryPrinter.skippedSummary(corpus.skipped))
            throw partialExitCode
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension Dictionary {
    func mapKeys<T: Hashable>(_ transform: (Key) -> T) -> [T: Value] {
        Dictionary<T, Value>(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
