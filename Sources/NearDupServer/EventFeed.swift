import NearDupWatch
import Synchronization

/// The most recent events of the index (documents added, merges, splits, evictions, deletions), numbered, for
/// pollers of `GET /v1/clusters?since=SEQ`.
///
/// Sequence numbers grow across restarts: the first event of a process is numbered from the start time in
/// microseconds, so a number from before a restart is always older than every event kept now. A poller whose
/// number is older than the oldest event kept (it fell behind, or the server restarted) is told `reset`: it has
/// missed changes and should read the clusters it cares about again.
final class EventFeed: Sendable {
    private struct Entry {
        var sequence: UInt64
        /// The event's JSON object with its `seq` field.
        var json: [UInt8]
    }

    private struct Log {
        var entries: [Entry] = []
        /// Index of the oldest entry in `entries` (a ring once full).
        var head = 0
        var last: UInt64
    }

    private let capacity: Int
    private let log: Mutex<Log>

    init(capacity: Int, startedAt: Double) {
        self.capacity = max(1, capacity)
        log = Mutex(Log(last: UInt64(max(0, startedAt) * 1_000_000)))
    }

    /// The sequence number of the newest event (or where numbering starts).
    var last: UInt64 { log.withLock { $0.last } }

    func append(_ events: [WatchEvent]) {
        guard !events.isEmpty else { return }
        log.withLock { log in
            for event in events {
                log.last += 1
                var line = event.jsonLine()
                line.removeLast()  // the newline
                let entry = Entry(sequence: log.last, json: Array("{\"seq\":\(log.last),".utf8) + line.dropFirst())
                if log.entries.count < capacity {
                    log.entries.append(entry)
                } else {
                    log.entries[log.head] = entry
                    log.head = (log.head + 1) % capacity
                }
            }
        }
    }

    /// Events after `since`, oldest first, at most `limit`; `reset` when events after `since` are no longer kept.
    func events(after since: UInt64, limit: Int) -> (events: [[UInt8]], next: UInt64, reset: Bool) {
        log.withLock { log in
            let ordered = log.entries[log.head...] + log.entries[..<log.head]
            let oldest = ordered.first?.sequence ?? log.last + 1
            // `since` may be any number a client sends: no arithmetic on it.
            let reset = since < oldest && oldest - since > 1 && since < log.last
            let newer = ordered.drop { $0.sequence <= since }.prefix(limit)
            return (newer.map(\.json), newer.last?.sequence ?? (reset ? log.last : since), reset)
        }
    }
}
