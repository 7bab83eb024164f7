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

    /// Writes a snapshot (and `latest.json.gz`), then appends `events` to the day's event file.
    /// Throws without side effects on the events when the snapshot cannot be written, so they can be retried.
    public func write(_ report: ClusterReport, events: [WatchEvent], day: String) throws(IOError) {
        let compressed = try Gzip.compress(report.jsonBytes())
        let number = sequence + 1
        try AtomicFile.write(compressed, to: folder + "/clusters-\(number).json.gz")
        sequence = number
        try AtomicFile.write(compressed, to: folder + "/latest.json.gz")
        if !events.isEmpty {
            var lines: [UInt8] = []
            for event in events { lines.append(contentsOf: event.jsonLine()) }
            let path = folder + "/events-\(day).jsonl.gz"
            // A gzip file may hold several members; appending one keeps the old bytes as they are.
            let existing = (try? FileReader.read(path, limit: 1 << 31)) ?? []
            try AtomicFile.write(existing + (try Gzip.compress(lines)), to: path)
        }
        for old in Self.snapshots(in: folder).dropLast(keep) { unlink(folder + "/clusters-\(old).json.gz") }
    }
}
