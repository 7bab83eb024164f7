import Foundation
import NearDupTestSupport

/// Runs the built `neardup` executable and captures what it prints.
struct CLIRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var executable: URL { NearDupBinary.url }

    /// Runs `neardup arguments…` (or `program arguments…`) in `directory`, feeding `input` to standard input.
    static func run(
        _ arguments: [String], in directory: String? = nil, input: [UInt8]? = nil, program: URL? = nil
    ) throws -> Output {
        let scratch = NSTemporaryDirectory() + "neardup-run-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let stdoutPath = scratch + "/stdout"
        let stderrPath = scratch + "/stderr"
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let process = Process()
        process.executableURL = program ?? executable
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

#if canImport(Glibc)
    import Glibc
#endif

extension CLIRunner {
    struct Measured {
        var status: Int32
        /// Peak resident memory of the process, from `wait4`'s rusage (KiB).
        var peakKiB: Int
        var timedOut: Bool
        var stderr: String
    }

    /// Runs `neardup arguments…` as its own child (so its rusage is its own), killing it after `timeout` seconds.
    static func runMeasured(_ arguments: [String], timeout: Double) throws -> Measured {
        let stderrPath = NSTemporaryDirectory() + "neardup-measured-" + UUID().uuidString
        defer { unlink(stderrPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        let deadline = Date().addingTimeInterval(timeout)
        while wait4(pid, &status, WNOHANG, &usage) == 0 {
            if Date() > deadline {
                timedOut = true
                kill(pid, SIGKILL)
                _ = wait4(pid, &status, 0, &usage)
                break
            }
            usleep(20_000)
        }
        let exited = (status & 0x7F) == 0
        return Measured(
            status: exited ? (status >> 8) & 0xFF : -1, peakKiB: Int(usage.ru_maxrss), timedOut: timedOut,
            stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
    }
}
