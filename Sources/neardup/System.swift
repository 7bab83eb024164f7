#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Facts about the process's surroundings.
enum System {
    static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Resident set size in MiB (Linux: /proc/self/statm), or nil where unavailable.
    static var residentMegabytes: Int? {
        guard let fields = procFile("/proc/self/statm")?.split(separator: " "), fields.count > 1,
            let pages = Int(fields[1])
        else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    /// Peak resident set size so far in MiB (Linux: VmHWM in /proc/self/status), or nil where unavailable.
    static var peakResidentMegabytes: Int? {
        guard let line = procFile("/proc/self/status")?.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes / 1024
    }

    /// The first 4 KiB of a /proc file.
    private static func procFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }

    /// Writes to standard error, unbuffered.
    static func printError(_ text: String) {
        var line = text
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
