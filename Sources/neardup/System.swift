#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Facts about the process's surroundings.
enum System {
    static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Writes to standard error, unbuffered.
    static func printError(_ text: String) {
        var line = text
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
