import NearDupCore

/// Extracts the id, the text and the filing time from one JSON Lines record without building a generic JSON tree.
///
/// The record must be a JSON object; the id may be a string or a number, the text must be a string, the filing time
/// (optional; `null` counts as absent) an RFC 3339 date-time string (`FilingTime`). Other fields are validated and
/// skipped. Strings are decoded to UTF-8 bytes directly (escapes, surrogate pairs; a lone
/// surrogate becomes U+FFFD), so the text never becomes a Swift `String`.
public struct JSONLineParser: Sendable {
    public struct Record: Sendable, Equatable {
        public var id: String
        public var text: [UInt8]
        /// Seconds since 1970 UTC, when the record has a filing time.
        public var filedAt: Int64? = nil
    }

    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        /// 1-based byte column.
        public var column: Int
        /// The record's id, when it was read before the error.
        public var id: String?
        public var description: String { "\(message) at column \(column)" }

        init(message: String, column: Int) {
            self.message = message
            self.column = column
        }
    }

    public var idField: [UInt8]
    public var textField: [UInt8]
    /// Nil: no field is read as the filing time.
    public var timeField: [UInt8]?

    public init(idField: String = "id", textField: String = "text", timeField: String? = "publishedAt") {
        self.idField = Array(idField.utf8)
        self.textField = Array(textField.utf8)
        self.timeField = timeField.map { Array($0.utf8) }
    }

    public func parse(_ line: ArraySlice<UInt8>) throws(Failure) -> Record {
        var id: String?
        do {
            return try parse(line, id: &id)
        } catch {
            var failure = error
            failure.id = id.flatMap { $0.isEmpty ? nil : $0 }
            throw failure
        }
    }

    private func parse(_ line: ArraySlice<UInt8>, id: inout String?) throws(Failure) -> Record {
        var cursor = Cursor(bytes: line)
        cursor.skipSpace()
        guard cursor.peek() == UInt8(ascii: "{") else { throw cursor.failure("expected a JSON object") }
        cursor.advance()
        var text: [UInt8]?
        var filedAt: Int64?
        cursor.skipSpace()
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.advance()
        } else {
            while true {
                cursor.skipSpace()
                let key = try cursor.string()
                cursor.skipSpace()
                guard cursor.peek() == UInt8(ascii: ":") else { throw cursor.failure("expected ':'") }
                cursor.advance()
                cursor.skipSpace()
                if key.elementsEqual(idField) {
                    if cursor.peek() == UInt8(ascii: "\"") {
                        id = String(decoding: try cursor.string(), as: UTF8.self)
                    } else {
                        let start = cursor.index
                        try cursor.skipValue()
                        let raw = cursor.bytes[start..<cursor.index]
                        guard raw.allSatisfy({ Self.isNumberByte($0) }) else {
                            throw cursor.failure(
                                "field '\(String(decoding: idField, as: UTF8.self))' must be a string or a number")
                        }
                        id = String(decoding: raw, as: UTF8.self)
                    }
                } else if key.elementsEqual(textField) {
                    guard cursor.peek() == UInt8(ascii: "\"") else {
                        throw cursor.failure("field '\(String(decoding: textField, as: UTF8.self))' must be a string")
                    }
                    text = try cursor.string()
                } else if let timeField, key.elementsEqual(timeField) {
                    if cursor.isNull {
                        try cursor.skipValue()
                        filedAt = nil
                    } else {
                        let field = String(decoding: timeField, as: UTF8.self)
                        guard cursor.peek() == UInt8(ascii: "\"") else {
                            throw cursor.failure("field '\(field)' must be a string (an RFC 3339 date-time)")
                        }
                        let value = try cursor.string()
                        guard let time = FilingTime.parse(value) else {
                            throw cursor.failure(
                                "field '\(field)' is not an RFC 3339 date-time with an offset, such as "
                                    + "1987-03-19T15:01:01Z (--time-field '' reads no filing time)")
                        }
                        filedAt = time
                    }
                } else {
                    try cursor.skipValue()
                }
                cursor.skipSpace()
                if cursor.peek() == UInt8(ascii: ",") {
                    cursor.advance()
                    continue
                }
                guard cursor.peek() == UInt8(ascii: "}") else { throw cursor.failure("expected ',' or '}'") }
                cursor.advance()
                break
            }
        }
        cursor.skipSpace()
        guard cursor.atEnd else { throw cursor.failure("unexpected data after the object") }
        guard let id, !id.isEmpty else {
            throw Failure(message: "missing field '\(String(decoding: idField, as: UTF8.self))'", column: 1)
        }
        guard let text else {
            throw Failure(message: "missing field '\(String(decoding: textField, as: UTF8.self))'", column: 1)
        }
        return Record(id: id, text: text, filedAt: filedAt)
    }

    static func isNumberByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
            || byte == UInt8(ascii: "E")
    }
}

private struct Cursor {
    let bytes: ArraySlice<UInt8>
    var index: Int
    var depth = 0

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var atEnd: Bool { index >= bytes.endIndex }
    var isNull: Bool { bytes[index...].starts(with: "null".utf8) }
    func peek() -> UInt8? { index < bytes.endIndex ? bytes[index] : nil }
    mutating func advance() { index += 1 }

    func failure(_ message: String) -> JSONLineParser.Failure {
        JSONLineParser.Failure(message: message, column: index - bytes.startIndex + 1)
    }

    mutating func skipSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { advance() }
    }

    mutating func string() throws(JSONLineParser.Failure) -> [UInt8] {
        guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string") }
        advance()
        var output: [UInt8] = []
        while true {
            // Copy the run of plain bytes up to the next quote, backslash or control character in one go.
            let runStart = index
            let base = bytes.startIndex
            index = bytes.withUnsafeBufferPointer { buffer in
                var position = runStart - base
                while position < buffer.count {
                    let byte = buffer[position]
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                    position += 1
                }
                return position + base
            }
            if index > runStart { output.append(contentsOf: bytes[runStart..<index]) }
            guard let byte = peek() else { throw failure("unterminated string") }
            advance()
            switch byte {
            case UInt8(ascii: "\""):
                return output
            case UInt8(ascii: "\\"):
                guard let escape = peek() else { throw failure("unterminated escape") }
                advance()
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        if peek() == UInt8(ascii: "\\") && index + 1 < bytes.endIndex
                            && bytes[index + 1] == UInt8(ascii: "u")
                        {
                            let mark = index
                            index += 2
                            let low = try hex4()
                            if (0xDC00...0xDFFF).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                index = mark
                                scalar = 0xFFFD
                            }
                        } else {
                            scalar = 0xFFFD
                        }
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        scalar = 0xFFFD
                    }
                    appendUTF8(scalar, to: &output)
                default:
                    index -= 1
                    throw failure("invalid escape")
                }
            case 0x00..<0x20:
                index -= 1
                throw failure("control character in string")
            default:
                output.append(byte)
            }
        }
    }

    mutating func hex4() throws(JSONLineParser.Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw failure("truncated \\u escape") }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            advance()
        }
        return value
    }

    mutating func skipValue() throws(JSONLineParser.Failure) {
        guard let byte = peek() else { throw failure("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            depth += 1
            guard depth < 512 else { throw failure("nesting too deep") }
            let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            advance()
            skipSpace()
            if peek() == close {
                advance()
                depth -= 1
                return
            }
            while true {
                skipSpace()
                if close == UInt8(ascii: "}") {
                    _ = try string()
                    skipSpace()
                    guard peek() == UInt8(ascii: ":") else { throw failure("expected ':'") }
                    advance()
                    skipSpace()
                }
                try skipValue()
                skipSpace()
                if peek() == UInt8(ascii: ",") {
                    advance()
                    continue
                }
                guard peek() == close else { throw failure("expected ',' or '\(Character(Unicode.Scalar(close)))'") }
                advance()
                depth -= 1
                return
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            while let next = peek(), JSONLineParser.isNumberByte(next) { advance() }
            if index == start { throw failure("invalid number") }
        default:
            throw failure("unexpected character")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONLineParser.Failure) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for byte in expected {
            guard peek() == byte else { throw failure("invalid literal") }
            advance()
        }
    }
}

private func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
        output.append(UInt8(scalar))
    case 0x80..<0x800:
        output.append(UInt8(0xC0 | (scalar >> 6)))
        output.append(UInt8(0x80 | (scalar & 0x3F)))
    case 0x800..<0x10000:
        output.append(UInt8(0xE0 | (scalar >> 12)))
        output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        output.append(UInt8(0x80 | (scalar & 0x3F)))
    default:
        output.append(UInt8(0xF0 | (scalar >> 18)))
        output.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
        output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        output.append(UInt8(0x80 | (scalar & 0x3F)))
    }
}
