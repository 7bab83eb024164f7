import CLinuxEvents
import NearDupIO

#if canImport(Glibc)
    import Glibc
#endif

/// Watches one folder for files that are complete, with inotify (Linux) or by polling.
///
/// The watch is added before the first scan, so nothing that arrives while the daemon starts is missed. A file is
/// handed out when its writer closed it (`IN_CLOSE_WRITE`), when it was renamed into the folder (`IN_MOVED_TO`), or —
/// for files found by a scan — when its size and modification time have stayed the same for `settle` seconds, so a
/// file that is still being written is never read. Hidden and temporary names are ignored. SIGTERM and SIGINT are
/// received through a `signalfd` in the same `poll` as the inotify descriptor.
public final class InboxWatcher {
    public let inbox: String
    /// Seconds between scans when polling (nil: inotify).
    public let pollInterval: Double?
    /// Seconds a scanned file's size and time must stay unchanged.
    public let settle: Double
    private var inotify: Int32 = -1
    private var watch: Int32 = -1
    private var signals: Int32 = -1
    private var candidates: [String: (size: Int, modified: Double, since: Double)] = [:]
    private var lastScan = -Double.infinity

    /// With `handlesSignals` false the process handles SIGTERM and SIGINT elsewhere (the HTTP server) and stops the
    /// daemon itself.
    public init(inbox: String, pollInterval: Double?, settle: Double = 1.0, handlesSignals: Bool = true)
        throws(IOError)
    {
        self.inbox = inbox
        self.pollInterval = pollInterval
        self.settle = settle
        if handlesSignals { watchSignals() }
        guard pollInterval == nil else { return }
        inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard inotify >= 0 else { throw IOError(.unreadable, path: inbox, "inotify_init1 failed: \(errorText())") }
        let events = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
        watch = FileName.withCPath(inbox) { inotify_add_watch(inotify, $0, events) }
        guard watch >= 0 else { throw IOError(.unreadable, path: inbox, "cannot watch: \(errorText())") }
    }

    private func watchSignals() {
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGTERM)
        sigaddset(&mask, SIGINT)
        // Blocked here (before worker threads exist) so they are delivered only through the signalfd.
        pthread_sigmask(SIG_BLOCK, &mask, nil)
        signals = signalfd(-1, &mask, Int32(SFD_NONBLOCK | SFD_CLOEXEC))
    }

    deinit {
        if inotify >= 0 { close(inotify) }
        if signals >= 0 { close(signals) }
    }

    /// True for names the daemon never reads: hidden files and editors' or downloaders' temporary files.
    public static func isIgnored(_ name: String) -> Bool {
        if name.hasPrefix(".") || name.hasSuffix("~") { return true }
        let temporary = [".tmp", ".temp", ".part", ".partial", ".swp", ".crdownload", ".download", ".filepart"]
        return temporary.contains { name.hasSuffix($0) }
    }

    /// Every non-ignored regular file in the inbox, with its size and modification time.
    public func scan() -> [String: (size: Int, modified: Double)]? { Self.regularFiles(in: inbox) }

    /// Every non-ignored regular file in `folder` by escaped name (`FileName`), with its size and modification time.
    /// Names that are not UTF-8 are listed too; FIFOs, sockets and devices are not (they are never opened).
    public static func regularFiles(in folder: String) -> [String: (size: Int, modified: Double)]? {
        guard let directory = FileName.withCPath(folder, { opendir($0) }) else { return nil }
        defer { closedir(directory) }
        var files: [String: (size: Int, modified: Double)] = [:]
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { FileName.escape(cString: $0) }
            }
            guard name != ".", name != "..", !isIgnored(name) else { continue }
            var status = stat()
            guard FileName.stat(folder + "/" + name, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
                continue
            }
            files[name] = (Int(status.st_size), Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) * 1e-9)
        }
        return files
    }

    /// Queues every file of the inbox; they are handed out once settled (or at once when old enough).
    public func queueScan() -> Bool {
        guard let files = scan() else { return false }
        let now = Self.now()
        for (name, file) in files where candidates[name] == nil {
            candidates[name] = (file.size, file.modified, now)
        }
        lastScan = now
        return true
    }

    /// Waits up to `timeout` seconds for something to happen.
    public func next(timeout: Double) -> [InboxEvent] {
        var events: [InboxEvent] = []
        var descriptors: [pollfd] = []
        if signals >= 0 { descriptors.append(pollfd(fd: signals, events: Int16(POLLIN), revents: 0)) }
        if inotify >= 0 { descriptors.append(pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)) }
        var wait = max(0, timeout)
        if !candidates.isEmpty { wait = min(wait, settle / 2) }
        if let pollInterval { wait = min(wait, max(0, lastScan + pollInterval - Self.now())) }
        _ = poll(&descriptors, nfds_t(descriptors.count), Int32((wait * 1000).rounded(.up)))
        if let signal = readSignal() { events.append(.stop(signal: signal)) }
        if inotify >= 0 { events.append(contentsOf: readInotify()) }
        if pollInterval != nil, Self.now() >= lastScan + pollInterval! {
            if !queueScan() { events.append(.inboxGone) }
        }
        let settled = settledCandidates()
        if !settled.isEmpty { events.append(.ready(settled)) }
        return events
    }

    private func readSignal() -> Int32? {
        guard signals >= 0 else { return nil }
        var info = signalfd_siginfo()
        let count = read(signals, &info, MemoryLayout<signalfd_siginfo>.size)
        return count == MemoryLayout<signalfd_siginfo>.size ? Int32(info.ssi_signo) : nil
    }

    private func readInotify() -> [InboxEvent] {
        var events: [InboxEvent] = []
        var ready: [String] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            var offset = 0
            buffer.withUnsafeBytes { raw in
                while offset + MemoryLayout<inotify_event>.size <= count {
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let nameLength = Int(event.len)
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                        events.append(.rescan)
                    } else if event.mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 {
                        events.append(.inboxGone)
                    } else if nameLength > 0 {
                        let bytes = raw[nameStart..<(nameStart + nameLength)].prefix { $0 != 0 }
                        let name = FileName.escape(bytes)
                        if !Self.isIgnored(name) && event.mask & UInt32(IN_ISDIR) == 0 {
                            ready.append(name)
                            candidates[name] = nil
                        }
                    }
                    offset = nameStart + nameLength
                }
            }
        }
        if events.contains(.rescan) { _ = queueScan() }
        if !ready.isEmpty { events.append(.ready(ready)) }
        return events
    }

    /// Scanned files whose size and time have not changed for `settle` seconds (or were already older).
    private func settledCandidates() -> [String] {
        guard !candidates.isEmpty else { return [] }
        let now = Self.now()
        var settled: [String] = []
        for (name, seen) in candidates {
            var status = stat()
            guard FileName.stat(inbox + "/" + name, &status) == 0 else {
                candidates[name] = nil
                continue
            }
            let size = Int(status.st_size)
            let modified = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) * 1e-9
            if size != seen.size || modified != seen.modified {
                candidates[name] = (size, modified, now)
            } else if now - modified >= settle || now - seen.since >= settle {
                // A writer that keeps the file open but pauses longer than `settle` must not get half its file
                // read; its close (IN_CLOSE_WRITE) hands the file out later.
                if Self.isOpenForWriting(inbox + "/" + name) {
                    candidates[name] = (size, modified, now)
                    continue
                }
                settled.append(name)
                candidates[name] = nil
            }
        }
        return settled.sorted()
    }

    /// True when another process has the file open for writing (where the system can tell; false otherwise).
    static func isOpenForWriting(_ path: String) -> Bool {
        let descriptor = FileName.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return neardup_open_for_writing(descriptor) == 1
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}

func errorText() -> String { String(cString: strerror(errno)) }
