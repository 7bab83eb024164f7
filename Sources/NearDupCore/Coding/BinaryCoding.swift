/// Little-endian binary writing and reading for the state log and the index checkpoint: compact and fast to reload.
public struct ByteWriter: Sendable {
    /// The bytes written and not yet handed to the sink (all of them, without a sink).
    public private(set) var bytes: [UInt8] = []
    /// Bytes handed to the sink so far.
    public private(set) var flushed = 0
    private let pieceSize: Int
    private let sink: (@Sendable ([UInt8]) -> Void)?

    public init() {
        pieceSize = .max
        sink = nil
    }

    /// A writer that hands its bytes to `sink` in pieces of about `pieceSize` bytes (a file being written), so that
    /// an encoding of gigabytes is never held in memory whole. Call `flush()` at the end for the last piece.
    public init(pieceSize: Int, sink: @escaping @Sendable ([UInt8]) -> Void) {
        precondition(pieceSize > 0)
        self.pieceSize = pieceSize
        self.sink = sink
        bytes.reserveCapacity(min(pieceSize, 1 << 26) + 64)
    }

    /// The number of bytes written, those handed to the sink included.
    public var count: Int { flushed + bytes.count }

    /// Hands the bytes held to the sink (nothing without one).
    public mutating func flush() {
        guard let sink, !bytes.isEmpty else { return }
        sink(bytes)
        flushed += bytes.count
        bytes.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private mutating func flushWhenFull() {
        if bytes.count >= pieceSize { flush() }
    }

    public mutating func write(_ value: UInt8) {
        bytes.append(value)
        flushWhenFull()
    }

    public mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        flushWhenFull()
    }

    public mutating func write(_ value: Double) { write(value.bitPattern) }

    public mutating func write(_ text: String) {
        let utf8 = Array(text.utf8)
        write(UInt32(utf8.count))
        utf8.withUnsafeBytes { append($0) }
    }

    public mutating func write<T: FixedWidthInteger>(_ values: [T]) {
        write(UInt32(values.count))
        write(contentsOf: values)
    }

    /// Writes the values as `write(_:)` writes an array of them, chunk by chunk, without a flat copy.
    public mutating func write<T: FixedWidthInteger>(_ values: ChunkedArray<T>) {
        write(UInt32(values.count))
        for chunk in values.chunks { write(contentsOf: chunk) }
    }

    /// Writes the values without their count: the pieces of one array that is kept in several (`PostingList`).
    public mutating func write<T: FixedWidthInteger>(contentsOf values: [T]) {
        values.withUnsafeBufferPointer { buffer in
            if T.bitWidth == 8 || Int(littleEndian: 1) == 1 {
                append(UnsafeRawBufferPointer(buffer))
            } else {
                for value in buffer { write(value) }
            }
        }
    }

    /// Appends raw bytes, a piece at a time when there is a sink (a table of gigabytes is one array).
    private mutating func append(_ raw: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < raw.count {
            let length = min(raw.count - offset, max(pieceSize - bytes.count, 1))
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)]))
            offset += length
            flushWhenFull()
        }
    }
}

/// Reads what `ByteWriter` wrote; every read checks bounds and throws on truncated or corrupt data.
///
/// A reader holds all its bytes, or a window onto a longer source that it refills as it goes: a checkpoint of
/// gigabytes is decoded without being held in memory beside what it decodes to.
public struct ByteReader {
    public struct Truncated: Error, Sendable {
        public init() {}
    }

    /// Where a windowed reader's bytes come from: fills as much of the buffer as it can, in order, and returns how
    /// many bytes it wrote (0 at the end of the source or on a failure, which the source keeps to itself).
    public typealias Source = (UnsafeMutableRawBufferPointer) -> Int

    /// The window; `bytes[offset..<end]` are read next.
    private var bytes: ArraySlice<UInt8>
    private var end: Int
    private var offset: Int
    private let source: Source?
    /// Bytes the source holds beyond the window.
    private var unread: Int

    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        end = bytes.endIndex
        offset = bytes.startIndex
        source = nil
        unread = 0
    }

    /// A reader of the `length` bytes of `source`, holding at most `window` of them at a time.
    public init(length: Int, window: Int = 32 << 20, source: @escaping Source) {
        precondition(length >= 0 && window >= 64)
        bytes = ArraySlice(repeating: 0, count: min(window, max(length, 64)))
        end = bytes.startIndex
        offset = end
        self.source = source
        unread = length
    }

    public var isAtEnd: Bool { offset >= end && unread == 0 }

    /// The bytes not read yet.
    public var remaining: Int { end - offset + unread }

    /// Makes the next `size` bytes available in the window, refilling it from the source when there is one.
    @inline(__always)
    private mutating func ensure(_ size: Int) throws(Truncated) {
        guard size > end - offset else { return }
        try refill(size)
    }

    private mutating func refill(_ size: Int) throws(Truncated) {
        let left = end - offset
        guard let source, size <= left + unread, size <= bytes.count else { throw Truncated() }
        let (start, from) = (bytes.startIndex, offset)
        var filled = left
        var unread = self.unread
        bytes.withUnsafeMutableBytes { window in
            if left > 0 {
                window.baseAddress!.copyMemory(from: window.baseAddress! + (from - start), byteCount: left)
            }
            while filled < window.count && unread > 0 {
                let wanted = min(window.count - filled, unread)
                let got = source(UnsafeMutableRawBufferPointer(rebasing: window[filled..<(filled + wanted)]))
                precondition(got <= wanted, "a source wrote more than it was given room for")
                guard got > 0 else { break }
                filled += got
                unread -= got
            }
        }
        self.unread = unread
        offset = start
        end = start + filled
        guard size <= filled else { throw Truncated() }
    }

    public mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(Truncated) -> T {
        let size = MemoryLayout<T>.size
        try ensure(size)
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { target in
            bytes.withUnsafeBytes { source in
                target.copyMemory(
                    from: UnsafeRawBufferPointer(
                        rebasing: source[(offset - bytes.startIndex)..<(offset - bytes.startIndex + size)]))
            }
        }
        offset += size
        return T(littleEndian: value)
    }

    public mutating func readDouble() throws(Truncated) -> Double { Double(bitPattern: try read(UInt64.self)) }

    public mutating func readString() throws(Truncated) -> String {
        let count = Int(try read(UInt32.self))
        guard count <= bytes.count else {
            return String(decoding: try readValues(count: count) as [UInt8], as: UTF8.self)
        }
        try ensure(count)
        defer { offset += count }
        return String(decoding: bytes[offset..<(offset + count)], as: UTF8.self)
    }

    public mutating func readArray<T: FixedWidthInteger>(_: T.Type = T.self) throws(Truncated) -> [T] {
        try readValues(count: Int(try read(UInt32.self)))
    }

    /// Reads `range.count` values into `array[range]`, in one copy rather than one read each.
    public mutating func read<T: FixedWidthInteger>(into array: inout [T], at range: Range<Int>) throws(Truncated) {
        precondition(range.lowerBound >= 0 && range.upperBound <= array.count, "the range is within the array")
        guard !range.isEmpty else { return }
        let size = range.count * MemoryLayout<T>.size
        guard size <= bytes.count else {
            for index in range { array[index] = try read() }
            return
        }
        try ensure(size)
        let from = offset - bytes.startIndex
        array.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { window in
                (target.baseAddress! + range.lowerBound * MemoryLayout<T>.size).copyMemory(
                    from: window.baseAddress! + from, byteCount: size)
            }
        }
        offset += size
        #if !_endian(little)
            for index in range { array[index] = T(littleEndian: array[index]) }
        #endif
    }

    private mutating func readValues<T: FixedWidthInteger>(count: Int) throws(Truncated) -> [T] {
        let size = count * MemoryLayout<T>.size
        guard size <= remaining else { throw Truncated() }
        // Not zero-filled first: a checkpoint's tables are gigabytes, and every pass over them counts at start-up.
        // What the window lacks of a long array goes from the source straight into the array.
        let (start, from, held) = (bytes.startIndex, offset, min(size, end - offset))
        var unread = self.unread
        var complete = true
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let target = UnsafeMutableRawBufferPointer(buffer)
            bytes.withUnsafeBytes { window in
                target.copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: window[(from - start)..<(from - start + held)]))
            }
            var filled = held
            while filled < size {
                let got = source?(UnsafeMutableRawBufferPointer(rebasing: target[filled..<size])) ?? 0
                precondition(got <= size - filled, "a source wrote more than it was given room for")
                guard got > 0 else { break }
                filled += got
                unread -= got
            }
            complete = filled == size
            initialized = count
        }
        offset += held
        self.unread = unread
        guard complete else { throw Truncated() }
        #if _endian(little)
            return values
        #else
            return values.map { T(littleEndian: $0) }
        #endif
    }
}

extension ByteWriter {
    public mutating func write(_ flag: Bool) { write(UInt8(flag ? 1 : 0)) }

    /// A presence byte, then the value when there is one.
    public mutating func write(_ value: Double?) {
        write(value != nil)
        if let value { write(value) }
    }

    public mutating func write(_ value: Int?) {
        write(value != nil)
        if let value { write(Int64(value)) }
    }

    public mutating func write(_ values: some Collection<String>) {
        write(UInt32(values.count))
        for value in values { write(value) }
    }
}

extension ByteReader {
    public mutating func readBool() throws(Truncated) -> Bool {
        switch try read(UInt8.self) {
        case 0: return false
        case 1: return true
        default: throw Truncated()
        }
    }

    public mutating func readOptionalDouble() throws(Truncated) -> Double? {
        try readBool() ? try readDouble() : nil
    }

    public mutating func readOptionalInt() throws(Truncated) -> Int? {
        try readBool() ? Int(try read(Int64.self)) : nil
    }

    public mutating func readStrings() throws(Truncated) -> [String] {
        try readCount().map { _ throws(Truncated) in try readString() }
    }

    /// A count written as `UInt32`, checked against the bytes left (every element takes at least one byte), so that
    /// a corrupt count cannot ask for a huge allocation.
    public mutating func readCount() throws(Truncated) -> Range<Int> {
        let count = Int(try read(UInt32.self))
        guard count <= remaining else { throw Truncated() }
        return 0..<count
    }
}
