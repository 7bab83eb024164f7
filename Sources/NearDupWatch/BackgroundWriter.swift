import Dispatch
import Synchronization

/// One piece of writing at a time on a thread of its own (a full report, an index checkpoint), so that ingestion
/// never waits for it. A piece asked for while one is being written is declined, and the caller asks again later.
final class BackgroundWriter: Sendable {
    private let queue: DispatchQueue
    private let progress = Mutex(Progress())

    private struct Progress {
        var busy = false
        var lastSucceeded = true
    }

    init(label: String) { queue = DispatchQueue(label: label) }

    var isBusy: Bool { progress.withLock { $0.busy } }
    /// Whether the last piece was written.
    var lastSucceeded: Bool { progress.withLock { $0.lastSucceeded } }

    /// Starts `work` (true when it wrote its piece) in the background; false, and nothing done, when a piece is
    /// being written.
    func submit(_ work: @escaping @Sendable () -> Bool) -> Bool {
        let accepted = progress.withLock { progress in
            if progress.busy { return false }
            progress.busy = true
            return true
        }
        guard accepted else { return false }
        queue.async { self.finish(work()) }
        return true
    }

    /// Waits for the piece being written, if any.
    func drain() { queue.sync {} }

    /// Runs `work` on the caller's thread, after any piece in the background; its result.
    func runNow(_ work: () -> Bool) -> Bool {
        drain()
        progress.withLock { $0.busy = true }
        let succeeded = work()
        finish(succeeded)
        return succeeded
    }

    private func finish(_ succeeded: Bool) {
        progress.withLock { progress in
            progress.busy = false
            progress.lastSucceeded = succeeded
        }
    }
}
