import Dispatch
import Synchronization

/// Data-parallel helpers over index ranges; work is handed out in chunks from a shared atomic cursor so that uneven
/// items (long and short documents) still keep every core busy.
public enum Parallel {
    /// `body(i)` for every `i` in `0..<count`, results in index order.
    public static func map<T: Sendable>(
        count: Int, jobs: Int, chunk: Int = 64, _ body: @Sendable (Int) -> T
    ) -> [T] {
        guard count > 0 else { return [] }
        let results = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
        let output = SendableBuffer(buffer: results)
        forEach(count: count, jobs: jobs, chunk: chunk) { index in
            (output.buffer.baseAddress! + index).initialize(to: body(index))
        }
        let array = Array(results)
        _ = results.deinitialize()
        results.deallocate()
        return array
    }

    /// Runs `body(i)` for every `i` in `0..<count` on up to `jobs` threads.
    public static func forEach(count: Int, jobs: Int, chunk: Int = 64, _ body: @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let workers = max(1, min(jobs, (count + chunk - 1) / chunk))
        if workers == 1 {
            for index in 0..<count { body(index) }
            return
        }
        let cursor = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let start = cursor.wrappingAdd(chunk, ordering: .relaxed).oldValue
                if start >= count { break }
                for index in start..<min(start + chunk, count) { body(index) }
            }
        }
    }

    /// Runs `body(worker)` once on each of `jobs` threads (each worker keeps its own scratch state).
    public static func workers(_ jobs: Int, _ body: @Sendable (Int) -> Void) {
        if jobs <= 1 {
            body(0)
            return
        }
        DispatchQueue.concurrentPerform(iterations: jobs, execute: body)
    }
}

/// A buffer written at disjoint indices by several threads.
struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
}
