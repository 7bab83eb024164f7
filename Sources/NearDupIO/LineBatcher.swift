#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Accumulates bytes and hands out complete lines (without their line feed).
struct LineBatcher {
    private var buffer: [UInt8] = []
    private var scanned = 0
    private var lineEnds: [Int] = []

    var pendingBytes: Int { buffer.count }
    var completeLines: Int { lineEnds.count }

    mutating func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        let start = scanned
        buffer.withUnsafeBytes { raw in
            var offset = start
            while offset < raw.count,
                let found = memchr(raw.baseAddress! + offset, 0x0A, raw.count - offset)
            {
                let newline = raw.baseAddress!.distance(to: UnsafeRawPointer(found))
                lineEnds.append(newline)
                offset = newline + 1
            }
        }
        scanned = buffer.count
    }

    /// The complete lines so far; an unfinished last line stays buffered.
    mutating func takeComplete() -> [ArraySlice<UInt8>] {
        guard let last = lineEnds.last else { return [] }
        let data = Array(buffer[0...last])
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for end in lineEnds {
            lines.append(data[start..<end])
            start = end + 1
        }
        buffer.removeSubrange(0...last)
        scanned = buffer.count
        lineEnds.removeAll()
        return lines
    }

    /// Every remaining line, including an unterminated last one.
    mutating func takeAll() -> [ArraySlice<UInt8>] {
        var lines = takeComplete()
        if !buffer.isEmpty {
            lines.append(buffer[...])
            buffer.removeAll()
            scanned = 0
        }
        return lines
    }
}
