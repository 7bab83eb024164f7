/// What the inbox watcher reports.
public enum InboxEvent: Sendable, Equatable {
    /// Files whose content is complete (closed after writing, renamed into place, or stable since the last scan).
    case ready([String])
    /// Events were lost (inotify queue overflow): the folder must be scanned again.
    case rescan
    /// The inbox was deleted or moved away.
    case inboxGone
    /// SIGTERM or SIGINT arrived.
    case stop(signal: Int32)
}
