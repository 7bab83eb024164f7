import ArgumentParser
import NearDupCore
import NearDupIO

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Turn a cluster report into a page people can read: neardup report REPORT.json.gz --html OUT.html.",
        discussion: """
            The page is one self-contained HTML file (no network). Document texts are read again from the report's \
            origins, so run it where the inputs are; documents that cannot be read show their evidence only.
            """)

    @Argument(help: "A report written by `neardup cluster` or `neardup watch` (.json.gz or .json).")
    var report: String

    @Option(help: "Where to write the HTML page.")
    var html: String

    @Option(help: "Clusters (flagged and largest first) that get a side-by-side view.")
    var detailedClusters = 2000

    func run() throws {
        let loaded: ClusterReport
        do {
            loaded = try ReportFile.read(report)
        } catch {
            throw ValidationError("cannot read \(report): \(error)")
        }
        do {
            try ReportPage.write(loaded, to: html, detailedClusters: detailedClusters)
        } catch {
            System.printError("neardup: cannot write the page: \(error)\n")
            throw ExitCode.failure
        }
        print("wrote \(html)")
    }
}
