import Testing

@testable import NearDupCore

@Suite("Byte reader")
struct ByteReaderTests {
    /// One value read back: what was written, to compare.
    enum Value: Equatable {
        case byte(UInt8)
        case word(UInt32)
        case long(Int64)
        case text(String)
        case words([UInt32])
        case longs([UInt64])
    }

    static func values(_ random: inout SplitMix64, count: Int) -> [Value] {
        (0..<count).map { _ in
            switch random.next() % 6 {
            case 0: .byte(UInt8(truncatingIfNeeded: random.next()))
            case 1: .word(UInt32(truncatingIfNeeded: random.next()))
            case 2: .long(Int64(bitPattern: random.next()))
            case 3: .text(String(repeating: "é", count: Int(random.next() % 80)))
            case 4: .words((0..<Int(random.next() % 300)).map { _ in UInt32(truncatingIfNeeded: random.next()) })
            default: .longs((0..<Int(random.next() % 50)).map { _ in random.next() })
            }
        }
    }

    static func write(_ values: [Value]) -> [UInt8] {
        var writer = ByteWriter()
        for value in values {
            switch value {
            case .byte(let byte): writer.write(byte)
            case .word(let word): writer.write(word)
            case .long(let long): writer.write(long)
            case .text(let text): writer.write(text)
            case .words(let words): writer.write(words)
            case .longs(let longs): writer.write(longs)
            }
        }
        return writer.bytes
    }

    static func read(_ kinds: [Value], from reader: inout ByteReader) throws(ByteReader.Truncated) -> [Value] {
        var read: [Value] = []
        for kind in kinds {
            switch kind {
            case .byte: read.append(.byte(try reader.read()))
            case .word: read.append(.word(try reader.read()))
            case .long: read.append(.long(try reader.read()))
            case .text: read.append(.text(try reader.readString()))
            case .words: read.append(.words(try reader.readArray()))
            case .longs: read.append(.longs(try reader.readArray()))
            }
        }
        return read
    }

    /// A reader of `bytes` through a window of `window` bytes, its source handing over pieces of random length
    /// (as `read` may), or stopping after `cut` bytes.
    static func windowed(_ bytes: [UInt8], window: Int, seed: UInt64, cut: Int? = nil) -> ByteReader {
        var random = SplitMix64(seed: seed)
        var position = 0
        let end = cut ?? bytes.count
        return ByteReader(length: bytes.count, window: window) { buffer in
            let count = min(buffer.count, end - position, 1 + Int(random.next() % 97))
            guard count > 0 else { return 0 }
            bytes.withUnsafeBytes {
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[position..<(position + count)]))
            }
            position += count
            return count
        }
    }

    /// Values that straddle the window's edge, and arrays and strings longer than the window, read back as a
    /// reader holding every byte reads them.
    @Test(arguments: [64, 65, 100, 1_000, 1 << 20])
    func aWindowReadsWhatTheWholeReads(window: Int) throws {
        var random = SplitMix64(seed: UInt64(window))
        for round in 0..<20 {
            let values = Self.values(&random, count: 200)
            let bytes = Self.write(values)
            var whole = ByteReader(bytes[...])
            var reader = Self.windowed(bytes, window: window, seed: UInt64(round))
            #expect(reader.remaining == bytes.count)
            #expect(try Self.read(values, from: &whole) == values)
            #expect(try Self.read(values, from: &reader) == values)
            #expect(reader.isAtEnd && reader.remaining == 0)
        }
    }

    /// Values read into the middle of an array, in one copy when they fit the window and one by one when they do
    /// not, are the values written; a source that ends before them is truncation.
    @Test(arguments: [64, 1_000])
    func valuesReadIntoAnArrayAreTheValuesWritten(window: Int) throws {
        let values = (0..<300).map { UInt32(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        var writer = ByteWriter()
        for value in values { writer.write(value) }
        for (start, count) in [(0, 10), (3, 300), (0, 0)] {
            var reader = Self.windowed(writer.bytes, window: window, seed: UInt64(count))
            var array = [UInt32](repeating: 7, count: 310)
            try reader.read(into: &array, at: start..<(start + count))
            #expect(Array(array[start..<(start + count)]) == Array(values.prefix(count)))
            #expect(array[..<start].allSatisfy { $0 == 7 } && array[(start + count)...].allSatisfy { $0 == 7 })
        }
        var short = Self.windowed(writer.bytes, window: window, seed: 1, cut: 200)
        var array = [UInt32](repeating: 0, count: 300)
        #expect(throws: ByteReader.Truncated.self) { try short.read(into: &array, at: 0..<300) }
    }

    /// A source that ends early is truncation, wherever it ends.
    @Test func aShortSourceIsTruncation() throws {
        var random = SplitMix64(seed: 7)
        let values = Self.values(&random, count: 300)
        let bytes = Self.write(values)
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 60)) {
            var reader = Self.windowed(bytes, window: 128, seed: UInt64(cut), cut: cut)
            #expect(throws: ByteReader.Truncated.self) { try Self.read(values, from: &reader) }
        }
    }

    /// A count larger than the bytes left is refused before anything is allocated, for a count beyond the window
    /// and for one within it.
    @Test func aCountBeyondTheEndIsRefused() {
        for count: UInt32 in [1_000_000, 40] {
            var writer = ByteWriter()
            writer.write(count)
            writer.write(UInt64(1))
            writer.write(UInt64(2))
            var reader = Self.windowed(writer.bytes, window: 64, seed: 3)
            #expect(throws: ByteReader.Truncated.self) { _ = try reader.readArray(UInt64.self) }
            var text = Self.windowed(writer.bytes, window: 64, seed: 4)
            #expect(throws: ByteReader.Truncated.self) { _ = try text.readString() }
            var whole = ByteReader(writer.bytes[...])
            #expect(throws: ByteReader.Truncated.self) { _ = try whole.readString() }
        }
    }
}
