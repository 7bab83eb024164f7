import Foundation

/// Runs the built `neardup` executable and captures what it prints.
struct CLIRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The executable beside the test bundle (SwiftPM builds it because the test target depends on it).
    static let executable: URL = {
        if let override = ProcessInfo.processInfo.environment["NEARDUP_BIN"] { return URL(fileURLWithPath: override) }
        var candidates = [Bundle.main.bundleURL.appendingPathComponent("neardup")]
        candidates.append(
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("neardup"))
        for configuration in ["debug", "release"] {
            candidates.append(packageRoot.appendingPathComponent(".build/\(configuration)/neardup"))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    /// Runs `neardup arguments…` in `directory`, feeding `input` to standard input.
    static func run(_ arguments: [String], in directory: String? = nil, input: [UInt8]? = nil) throws -> Output {
        let scratch = NSTemporaryDirectory() + "neardup-run-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let stdoutPath = scratch + "/stdout"
        let stderrPath = scratch + "/stderr"
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? packageRoot.path)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        let stdinPath = scratch + "/stdin"
        FileManager.default.createFile(atPath: stdinPath, contents: Data(input ?? []))
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdinPath))
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: try String(contentsOfFile: stdoutPath, encoding: .utf8),
            stderr: try String(contentsOfFile: stderrPath, encoding: .utf8))
    }

    /// Parses `doc_id<TAB>cluster_id` output into groups of ids.
    static func groups(_ tsv: String) -> Set<Set<String>> {
        var members: [String: Set<String>] = [:]
        for line in tsv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t")
            members[String(fields[1]), default: []].insert(String(fields[0]))
        }
        return Set(members.values)
    }
}
