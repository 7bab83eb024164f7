import Foundation
import NearDupCore
import NearDupIO
import NearDupTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A `neardup watch` process on temporary folders, for integration tests.
final class DaemonProcess: @unchecked Sendable {
    let folder: TemporaryFolder
    let process = Process()
    var inbox: String { folder.file("inbox") }
    var state: String { folder.file("state") }
    var reports: String { folder.file("reports") }
    var logPath: String
    let extra: [String]

    static var executable: URL { NearDupBinary.url }

    init(folder: TemporaryFolder, extra: [String] = [], logName: String = "daemon.log") throws {
        self.folder = folder
        self.extra = extra
        logPath = folder.file(logName)
        try FileManager.default.createDirectory(atPath: folder.file("inbox"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = Self.executable
        process.arguments =
            [
                "watch", inbox, "--state", state, "--reports", reports, "--report-interval", "0.2",
                "--snapshot-interval", "0.2", "--settle", "0.3", "--log-level", "debug",
            ] + extra
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
    }

    func start() throws { try process.run() }

    /// A new process on the same folders (after a stop or a kill).
    func restarted(logName: String) throws -> DaemonProcess {
        try DaemonProcess(folder: folder, extra: extra, logName: logName)
    }

    func terminate() -> Int32 { process.terminateAndWait() }

    func kill9() { process.killAndWait() }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Puts a file in the inbox the recommended way: a hidden temporary file renamed into place.
    func deliver(_ name: String, _ text: String) throws {
        let temporary = inbox + "/." + name + ".tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, inbox + "/" + name) == 0 else { throw POSIXError(.EIO) }
    }

    /// Makes every full report fail: a non-empty folder where `latest.json.gz` goes (even root cannot replace it).
    func blockReports() throws {
        let latest = reports + "/latest.json.gz"
        try FileManager.default.removeItem(atPath: latest)
        try FileManager.default.createDirectory(atPath: latest + "/blocker", withIntermediateDirectories: true)
    }

    func unblockReports() throws { try FileManager.default.removeItem(atPath: reports + "/latest.json.gz") }

    func latest() -> ClusterReport? { try? ReportFile.read(reports + "/latest.json.gz") }

    /// Waits until the latest report satisfies `condition` (or `timeout` seconds pass).
    @discardableResult
    func waitForReport(timeout: Double = 20, _ condition: (ClusterReport) -> Bool) -> ClusterReport? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let report = latest(), condition(report) { return report }
            usleep(50_000)
        }
        return latest()
    }

    func remove() { folder.remove() }
}

extension ClusterReport {
    var memberIDs: [String] { clusters.flatMap { $0.members.map(\.id) } }
    var partition: Set<Set<String>> { Set(clusters.map { Set($0.members.map(\.id)) }) }
}
