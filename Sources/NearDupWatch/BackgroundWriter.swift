import Dispatch
import NearDupIO
import Synchronization

/// One piece of writing at a time on a thread of its own (a full report, an index checkpoint), so that ingestion
/// never waits for it. A piece asked for while one is being written is declined, and the caller asks again later.
final class BackgroundWriter: Sendable {
    private let queue: DispatchQueue
    private let progress = Mutex(Progress())

    private struct Progress {
        var busy = false
        var lastSucceeded = true
        var started: ContinuousClock.Instant?
        /// When the last piece ended and how long it took.
        var finished: (at: ContinuousClock.Instant, took: Duration)?
    }

    /// A piece takes an interval of rest this many times its own length after it: background writing, whose cost
    /// grows with the index, uses at most `1 / (1 + restFactor)` of a core on average.
    static let restFactor = 3

    init(label: String) { queue = DispatchQueue(label: label) }

    var isBusy: Bool { progress.withLock { $0.busy } }
    /// Whether the last piece was written.
    var lastSucceeded: Bool { progress.withLock { $0.lastSucceeded } }

    /// Whether a new piece may start: none is being written, and the rest after the last one is over.
    var isRested: Bool {
        progress.withLock { progress in
            guard !progress.busy else { return false }
            guard let finished = progress.finished else { return true }
            return ContinuousClock.now >= finished.at + finished.took * Self.restFactor
        }
    }

    /// Starts `work` (true when it wrote its piece) in the background; false, and nothing done, when a piece is
    /// being written.
    func submit(_ work: @escaping @Sendable () -> Bool) -> Bool {
        let accepted = progress.withLock { progress in
            if progress.busy { return false }
            progress.busy = true
            progress.started = .now
            return true
        }
        guard accepted else { return false }
        // Dropped once run: what it holds (a copy of the index) is freed before the memory is handed back.
        nonisolated(unsafe) var work = Optional(work)
        queue.async {
            let succeeded = work!()
            work = nil
            self.finish(succeeded)
            // A report or checkpoint of a large index frees a gigabyte or more, and what the next batches copied
            // while it shared their tables; glibc keeps freed pages in its arenas until asked. Without this the
            // daemon's resident size keeps every piece's peak. After `finish`: 20-100 ms at a million documents,
            // not part of the piece's time (its rest). A piece written on the caller's thread (at a stop) has no
            // next peak to make room for.
            FreedMemory.release()
        }
        return true
    }

    /// Waits for the piece being written, if any.
    func drain() { queue.sync {} }

    /// Runs `work` on the caller's thread, after any piece in the background; its result.
    func runNow(_ work: () -> Bool) -> Bool {
        drain()
        progress.withLock {
            $0.busy = true
            $0.started = .now
        }
        let succeeded = work()
        finish(succeeded)
        return succeeded
    }

    private func finish(_ succeeded: Bool) {
        progress.withLock { progress in
            progress.busy = false
            progress.lastSucceeded = succeeded
            let now = ContinuousClock.now
            progress.finished = (now, progress.started.map { now - $0 } ?? .zero)
        }
    }
}
