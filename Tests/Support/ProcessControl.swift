import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Process {
    /// SIGTERM, then the exit status once the process has ended.
    public func terminateAndWait() -> Int32 {
        terminate()
        waitUntilExit()
        return terminationStatus
    }

    /// SIGKILL (no chance to clean up, as in a crash), then waits for the end.
    public func killAndWait() {
        Glibc.kill(processIdentifier, SIGKILL)
        waitUntilExit()
    }
}
