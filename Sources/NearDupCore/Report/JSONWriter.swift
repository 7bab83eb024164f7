/// Appends JSON text to a byte buffer: the fast path for writing reports.
///
/// `JSONEncoder` spends most of a large report's time in reflection and key sorting; this writer emits the same
/// document (keys in sorted order, the same number formatting rules as the decoder accepts) directly.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = [false]
    private let sink: (([UInt8]) -> Void)?
    private let flushAt: Int

    public init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
        sink = nil
        flushAt = .max
    }

    /// A writer that hands its output to `sink` in pieces of about `flushAt` bytes (call `flush()` at the end), so a
    /// large document never sits in memory whole.
    public init(flushAt: Int, sink: @escaping ([UInt8]) -> Void) {
        bytes.reserveCapacity(flushAt + 4096)
        self.sink = sink
        self.flushAt = flushAt
    }

    /// Hands what is buffered to the sink.
    public mutating func flush() {
        guard let sink, !bytes.isEmpty else { return }
        sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); bytes.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// Writes `"key":`; the value written next belongs to it.
    public mutating func key(_ name: String) {
        separate()
        string(name, separated: false)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    public mutating func value(_ text: String) { separate(); string(text, separated: false) }
    public mutating func value(_ number: Int) { separate(); bytes.append(contentsOf: String(number).utf8) }
    public mutating func value(_ flag: Bool) { separate(); bytes.append(contentsOf: (flag ? "true" : "false").utf8) }
    /// An array of strings.
    public mutating func value(_ texts: [String]) {
        beginArray()
        for text in texts { value(text) }
        endArray()
    }
    public mutating func null() { separate(); bytes.append(contentsOf: "null".utf8) }
    /// Appends `json`, which must be one complete JSON value, as the next value.
    public mutating func raw(_ json: [UInt8]) { separate(); bytes.append(contentsOf: json) }

    public mutating func value(_ number: Double) {
        separate()
        if number.isFinite {
            if number == number.rounded() && abs(number) < 1e15 {
                bytes.append(contentsOf: String(Int(number)).utf8)
            } else {
                bytes.append(contentsOf: "\(number)".utf8)
            }
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    public mutating func field(_ name: String, _ text: String) { key(name); value(text) }
    public mutating func field(_ name: String, _ number: Int) { key(name); value(number) }
    public mutating func field(_ name: String, _ number: Double) { key(name); value(number) }
    public mutating func field(_ name: String, _ flag: Bool) { key(name); value(flag) }

    /// Writes the field only when the value is present (absent keys decode as nil).
    public mutating func field(_ name: String, _ number: Double?) { if let number { field(name, number) } }
    public mutating func field(_ name: String, _ number: Int?) { if let number { field(name, number) } }
    public mutating func field(_ name: String, _ text: String?) { if let text { field(name, text) } }

    private mutating func separate() {
        if bytes.count >= flushAt { flush() }
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func string(_ text: String, separated: Bool) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)],
                    hex[Int(byte & 15)],
                ])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
