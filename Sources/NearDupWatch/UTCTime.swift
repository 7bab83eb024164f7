#if canImport(Glibc)
    import Glibc
#endif

/// A time in UTC, formatted for file names: the journal's day, a kept copy's stamp.
struct UTCTime {
    private var parts = tm()

    init(_ time: Double) {
        var seconds = time_t(time)
        gmtime_r(&seconds, &parts)
    }

    private func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `yyyy-mm-dd`.
    var day: String { "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))" }

    /// `yyyymmddThhmmssZ`.
    var stamp: String {
        "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }
}
