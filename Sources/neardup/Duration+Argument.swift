import ArgumentParser

/// A length of time on the command line: `90`, `90s`, `15m`, `12h` or `7d` (fractions allowed).
struct TimeSpan: ExpressibleByArgument {
    let seconds: Double

    init?(argument: String) {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var text = argument
        var scale = 1.0
        if let last = text.last, let unit = units[last] {
            scale = unit
            text.removeLast()
        }
        guard let value = Double(text), value > 0, value.isFinite else { return nil }
        seconds = value * scale
    }
}
