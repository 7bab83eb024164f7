import NearDupCore
import NearDupIO

#if canImport(Glibc)
    import Glibc
#endif

/// Writes the daemon's reports: numbered snapshots, `latest.json.gz`, and the day's event log, each atomically.
public final class ReportWriter {
    public let folder: String
    public let keep: Int
    public private(set) var sequence: Int

    public init(folder: String, keep: Int) throws(IOError) {
        self.folder = folder
        self.keep = keep
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw IOError(.unwritable, path: folder, "cannot create the reports folder: \(errorText())")
        }
        sequence = Self.snapshots(in: folder).last ?? 0
    }

    /// Numbers of the existing `clusters-<n>.json.gz` snapshots, ascending.
    static func snapshots(in folder: String) -> [Int] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var numbers: [Int] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard name.hasPrefix("clusters-"), name.hasSuffix(".json.gz"),
                let number = Int(name.dropFirst(9).dropLast(8))
            else { continue }
            numbers.append(number)
        }
        return numbers.sorted()
    }

    /// Writes a numbered snapshot atomically, makes `latest.json.gz` a second name of it (replaced atomically), and
    /// drops snapshots beyond `keep`.
    public func writeSnapshot(_ report: ClusterReport) throws(IOError) {
        try writeSnapshot { path throws(IOError) in try ReportFile.write(report, to: path) }
    }

    /// Writes a snapshot as `writeSnapshot(_:)` does, building the report a cluster at a time as it goes.
    public func writeSnapshot<Clusters, Fingerprints>(
        _ report: StreamedReport<Clusters, Fingerprints>
    ) throws(IOError) {
        try writeSnapshot { path throws(IOError) in try ReportFile.write(report, to: path) }
    }

    private func writeSnapshot(_ write: (String) throws(IOError) -> Void) throws(IOError) {
        let number = sequence + 1
        let path = folder + "/clusters-\(number).json.gz"
        // Streamed to the file: the JSON of a million documents (about 600 MB) never sits in memory whole.
        try write(path)
        sequence = number
        try AtomicFile.link(path, to: folder + "/latest.json.gz")
        for old in Self.snapshots(in: folder).dropLast(keep) { unlink(folder + "/clusters-\(old).json.gz") }
    }

    /// Appends events to the day's journal as one more gzip member (a gzip file may hold several; readers see one
    /// stream). The work is the batch's, not the file's: nothing already written is read or rewritten. A write
    /// that fails part-way is cut back off, so the journal stays whole.
    public static func appendEvents(_ events: [WatchEvent], day: String, folder: String) throws(IOError) {
        guard !events.isEmpty else { return }
        var lines: [UInt8] = []
        for event in events { lines.append(contentsOf: event.jsonLine()) }
        let member = try Gzip.compress(lines)
        let path = folder + "/events-\(day).jsonl.gz"
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IOError(.unwritable, path: path, "cannot open: \(errorText())") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw IOError(.unwritable, path: path, errorText()) }
        let written = member.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == member.count else {
            let reason = written < 0 ? errorText() : "short write"
            _ = ftruncate(descriptor, status.st_size)
            throw IOError(.unwritable, path: path, "cannot append events: \(reason)")
        }
    }
}
