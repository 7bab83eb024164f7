import Foundation
import NearDupCore

/// Reads and writes gzip-compressed JSON cluster reports.
public enum ReportFile {
    /// The report as JSON: keys sorted, so equal reports are equal bytes. Compact output uses the report's own
    /// writer (fast on large reports); pretty output goes through `JSONEncoder`.
    public static func json(_ report: ClusterReport, pretty: Bool = false) throws -> [UInt8] {
        guard pretty else { return report.jsonBytes() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try encoder.encode(report))
    }

    /// Writes the report gzip-compressed, atomically: readers see the previous file or the complete new one.
    /// The JSON is produced, compressed and written in pieces, so a large report never sits in memory whole; `jobs`
    /// threads compress it while it is produced (`ParallelDeflater`).
    public static func write(_ report: ClusterReport, to path: String, jobs: Int = 1) throws(IOError) {
        try write(to: path, jobs: jobs) { report.writeJSON(to: $0) }
    }

    /// Writes the report as `write(_:to:jobs:)` does, building it a cluster at a time as it goes.
    public static func write<Clusters, Fingerprints>(
        _ report: StreamedReport<Clusters, Fingerprints>, to path: String, jobs: Int = 1
    ) throws(IOError) {
        try write(to: path, jobs: jobs) { report.writeJSON(to: $0) }
    }

    private static func write(
        to path: String, jobs: Int, json: (@escaping ([UInt8]) -> Void) -> Void
    ) throws(IOError) {
        try AtomicFile.write(to: path) { append throws(IOError) in
            let deflater = ParallelDeflater(jobs: jobs)
            var failure: IOError?
            // The writer holds its sink for the length of the call only.
            withoutActuallyEscaping(append) { append in
                json { chunk in
                    guard failure == nil else { return }
                    do throws(IOError) { try append(try deflater.feed(chunk)) } catch { failure = error }
                }
            }
            if let failure { throw failure }
            try append(try deflater.finish())
        }
    }

    /// Reads a report written by `write` (or an uncompressed JSON report).
    public static func read(_ path: String) throws -> ClusterReport {
        var bytes = try FileReader.read(path, limit: 4 << 30)
        if Gzip.isGzip(bytes.prefix(2)) {
            do {
                bytes = try Gzip.decompress(bytes)
            } catch {
                throw IOError(error.code, path: path, error.message)
            }
        }
        let report = try JSONDecoder().decode(ClusterReport.self, from: Data(bytes))
        guard report.schema == ClusterReport.schemaName else {
            throw IOError(.unreadable, path: path, "not a NearDup report (schema '\(report.schema)')")
        }
        return report
    }
}
