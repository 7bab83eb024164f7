#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// File names and paths as NearDup holds them: Swift strings that map back to the exact bytes on disk.
///
/// Linux file names are bytes, not text. A name that is valid UTF-8 is kept as it is. A byte that is not part of
/// valid UTF-8 is written `\xHH` (two lowercase hex digits), and a backslash that would otherwise read as the start
/// of an escape (one followed by `x` or by another backslash) is doubled. The mapping is reversible, so two
/// different names never become one id, and every system call gets the original bytes back (`bytes(of:)`).
public enum FileName {
    /// The escaped form of raw name or path bytes.
    public static func escape(_ raw: some Collection<UInt8>) -> String {
        let bytes = Array(raw)
        // Nearly every name is ASCII without a backslash: nothing to escape.
        if !bytes.contains(where: { $0 >= 0x80 || $0 == 0x5C }) { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        // Units of the output: a literal byte run or an escape, decided first so backslashes can look ahead.
        var pieces: [(bytes: ArraySlice<UInt8>, escaped: Bool)] = []
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            if length > 0 {
                pieces.append((bytes[index..<(index + length)], false))
                index += length
            } else {
                pieces.append((bytes[index...index], true))
                index += 1
            }
        }
        let hex = Array("0123456789abcdef".utf8)
        for (position, piece) in pieces.enumerated() {
            if piece.escaped {
                let byte = piece.bytes.first!
                output.append(contentsOf: [0x5C, 0x78, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                continue
            }
            output.append(contentsOf: piece.bytes)
            if piece.bytes.first == 0x5C {
                // A literal backslash is doubled when what follows it could be read as an escape.
                let next: UInt8? =
                    position + 1 < pieces.count
                    ? (pieces[position + 1].escaped ? 0x5C : pieces[position + 1].bytes.first) : nil
                if next == 0x78 || next == 0x5C { output.append(0x5C) }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The raw bytes an escaped name or path stands for.
    public static func bytes(of escaped: String) -> [UInt8] {
        let text = Array(escaped.utf8)
        guard text.contains(0x5C) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == 0x5C, index + 1 < text.count {
                let next = text[index + 1]
                if next == 0x5C {
                    output.append(0x5C)
                    index += 2
                    continue
                }
                if next == 0x78, index + 3 < text.count, let high = hexValue(text[index + 2]),
                    let low = hexValue(text[index + 3])
                {
                    output.append(high << 4 | low)
                    index += 4
                    continue
                }
            }
            output.append(byte)
            index += 1
        }
        return output
    }

    /// The escaped form of a name read from the system (a `d_name` or inotify name, NUL-terminated).
    public static func escape(cString pointer: UnsafePointer<CChar>) -> String {
        escape(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
    }

    /// A path given by a person (a command-line argument): its bytes as they are, escaped.
    public static func fromArgument(_ path: String) -> String { escape(Array(path.utf8)) }

    /// Calls `body` with the NUL-terminated raw bytes of an escaped path.
    public static func withCPath<T>(_ path: String, _ body: (UnsafePointer<CChar>) -> T) -> T {
        var raw = bytes(of: path)
        raw.append(0)
        return raw.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { body($0) }
        }
    }

    public static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
        withCPath(path) { Glibc.open($0, flags, mode) }
    }

    public static func stat(_ path: String, _ status: inout Glibc.stat) -> Int32 {
        withCPath(path) { systemStat($0, &status) }
    }

    public static func lstat(_ path: String, _ status: inout Glibc.stat) -> Int32 {
        withCPath(path) { systemLstat($0, &status) }
    }

    public static func rename(_ from: String, _ to: String) -> Int32 {
        withCPath(from) { source in withCPath(to) { target in Glibc.rename(source, target) } }
    }

    public static func unlink(_ path: String) -> Int32 { withCPath(path) { Glibc.unlink($0) } }

    /// Text fit for one log line or one TSV field: control characters (tab, CR, newline…) as `\t`, `\r`, `\n`
    /// or `\u{..}`, so a name can never split a line.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t": output += "\\t"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                output += "\\u{\(String(scalar.value, radix: 16))}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// Length of the valid UTF-8 sequence starting at `index`, or 0 when the byte there does not start one.
    static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        let second = bytes[index + 1]
        guard second >= low && second <= high else { return 0 }
        for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 { return 0 }
        return length
    }
}

// Outside `FileName`, whose own `stat` and `lstat` would shadow the system calls.
private func systemStat(_ path: UnsafePointer<CChar>, _ status: inout stat) -> Int32 { stat(path, &status) }
private func systemLstat(_ path: UnsafePointer<CChar>, _ status: inout stat) -> Int32 { lstat(path, &status) }
