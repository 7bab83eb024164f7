import Synchronization

/// Shows reading progress on standard error (only when it is a terminal), at most ten times a second.
final class ProgressReporter: Sendable {
    private struct State {
        var lastDraw: ContinuousClock.Instant?
        var drewSomething = false
    }

    private let state = Mutex(State())
    private let start = ContinuousClock.now
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    func update(done: Int, total: Int?, bytes: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let draw = state.withLock { state -> Bool in
            if let last = state.lastDraw, now - last < .milliseconds(100) { return false }
            state.lastDraw = now
            state.drewSomething = true
            return true
        }
        guard draw else { return }
        let elapsed = Self.seconds(now - start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var line = "\rread \(done)"
        if let total { line += "/\(total)" }
        line += " inputs, \(Self.megabytes(bytes)) MB, \(Int(rate)) docs/s"
        if let total, rate > 0, done < total {
            line += ", ETA \(Int((Double(total - done) / rate).rounded(.up)))s"
        }
        System.printError(line + "   ")
    }

    /// Clears the progress line before other output.
    func finish() {
        let drew = state.withLock { $0.drewSomething }
        if enabled && drew { System.printError("\r" + String(repeating: " ", count: 78) + "\r") }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    static func megabytes(_ bytes: Int) -> String {
        String(Double(Int(Double(bytes) / 1_048_576 * 10)) / 10)
    }
}
