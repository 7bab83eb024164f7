#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Accumulates bytes and hands out complete lines (without their line feed), holding at most
/// `maximumLineBytes` of any one line: the rest of a longer line is counted and dropped as it arrives, so memory
/// does not depend on the input (a gigabyte line, a decompression bomb without newlines).
struct LineBatcher {
    enum Line {
        case text(ArraySlice<UInt8>)
        /// A line longer than the limit, with its length; its bytes were not kept.
        case tooLong(bytes: Int)
    }

    private enum Entry {
        case end(Int)
        case tooLong(Int)
    }

    let maximumLineBytes: Int
    private var buffer: [UInt8] = []
    private var entries: [Entry] = []
    /// Offset in `buffer` where the unfinished line starts.
    private var lineStart = 0
    /// Bytes of an over-long line dropped so far (nil: not inside one).
    private var skipping: Int?
    private var started = false

    init(maximumLineBytes: Int = Int.max) { self.maximumLineBytes = maximumLineBytes }

    var pendingBytes: Int { buffer.count }
    var completeLines: Int { entries.count }

    mutating func append(_ bytes: [UInt8]) {
        var input = bytes[...]
        if !started, !input.isEmpty {
            started = true
            // A UTF-8 byte-order mark (written by some Windows tools) is not part of the first record.
            if input.starts(with: [0xEF, 0xBB, 0xBF]) { input = input.dropFirst(3) }
        }
        if let skipped = skipping {
            guard let newline = input.firstIndex(of: 0x0A) else {
                skipping = skipped + input.count
                return
            }
            entries.append(.tooLong(skipped + (newline - input.startIndex)))
            skipping = nil
            input = input[(newline + 1)...]
        }
        let scanFrom = buffer.count
        buffer.append(contentsOf: input)
        buffer.withUnsafeBytes { raw in
            var offset = scanFrom
            while offset < raw.count, let found = memchr(raw.baseAddress! + offset, 0x0A, raw.count - offset) {
                let newline = raw.baseAddress!.distance(to: UnsafeRawPointer(found))
                entries.append(.end(newline))
                lineStart = newline + 1
                offset = newline + 1
            }
        }
        if buffer.count - lineStart > maximumLineBytes {
            skipping = buffer.count - lineStart
            buffer.removeSubrange(lineStart...)
        }
    }

    /// The complete lines so far; an unfinished last line stays buffered.
    mutating func takeComplete() -> [Line] {
        guard !entries.isEmpty else { return [] }
        var lines: [Line] = []
        var start = 0
        let data = Array(buffer[0..<lineStart])
        for entry in entries {
            switch entry {
            case .end(let end):
                lines.append(end - start > maximumLineBytes ? .tooLong(bytes: end - start) : .text(data[start..<end]))
                start = end + 1
            case .tooLong(let length):
                lines.append(.tooLong(bytes: length))
            }
        }
        buffer.removeSubrange(0..<lineStart)
        lineStart = 0
        entries.removeAll()
        return lines
    }

    /// Every remaining line, including an unterminated last one.
    mutating func takeAll() -> [Line] {
        var lines = takeComplete()
        if let skipped = skipping {
            lines.append(.tooLong(bytes: skipped))
            skipping = nil
        } else if !buffer.isEmpty {
            lines.append(buffer.count > maximumLineBytes ? .tooLong(bytes: buffer.count) : .text(buffer[...]))
        }
        buffer.removeAll()
        return lines
    }
}
