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
        /// Peak resident memory of the process (KiB): the highest `VmHWM` read from `/proc/PID/status` while it ran.
        /// Not `wait4`'s `ru_maxrss`: `posix_spawn` runs the child in the test process's memory until its `exec`, and
        /// the kernel keeps that memory's high-water mark as the child's, so `ru_maxrss` was at least the test
        /// process's own peak (37 MB alone, up to 166 MB among the parallel tests). Read every 5 ms, it can miss a
        /// peak in the child's last moments, which errs toward passing, never toward a false failure.
        var peakKiB: Int
        var timedOut: Bool
        var stderr: String
    }

    /// Runs `neardup arguments…` as its own child, watching its peak memory, killing it after `timeout` seconds.
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
        var timedOut = false
        var peakKiB = 0
        let deadline = Date().addingTimeInterval(timeout)
        while waitpid(pid, &status, WNOHANG) == 0 {
            peakKiB = max(peakKiB, highWaterMarkKiB(pid))
            if Date() > deadline {
                timedOut = true
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(5_000)
        }
        let exited = (status & 0x7F) == 0
        return Measured(
            status: exited ? (status >> 8) & 0xFF : -1, peakKiB: peakKiB, timedOut: timedOut,
            stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
    }

    /// `VmHWM` of a running process (KiB), 0 once it has exited. `posix_spawn` returns after the child's `exec`, so
    /// this is the new program's memory.
    static func highWaterMarkKiB(_ pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
