import CZlib

/// gzip compression and decompression through the system zlib.
public enum Gzip {
    /// windowBits for `deflateInit2_`: 15 (32 KiB window) + 16 (write a gzip header and trailer).
    static let gzipWindowBits: Int32 = 15 + 16
    /// windowBits for `inflateInit2_`: 15 + 32 (detect gzip or zlib headers).
    static let autoWindowBits: Int32 = 15 + 32

    /// Compresses `bytes` into a gzip member readable by `zcat`.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws(IOError) -> [UInt8] {
        var stream = z_stream()
        // deflateInit2 is a C macro; Swift imports only the function it expands to.
        let status = deflateInit2_(
            &stream, level, Z_DEFLATED, gzipWindowBits, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw IOError(.compressionFailed, path: "", "deflateInit2 failed (\(status))") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
        var input = bytes
        let result: Int32 = input.withUnsafeMutableBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                stream.next_in = input.baseAddress
                stream.avail_in = UInt32(input.count)
                stream.next_out = output.baseAddress
                stream.avail_out = UInt32(output.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard result == Z_STREAM_END else {
            throw IOError(.compressionFailed, path: "", "deflate did not finish (\(result))")
        }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Decompresses gzip or zlib data (concatenated gzip members included).
    ///
    /// - Parameter limit: the most bytes the output may have; larger output throws `.tooLarge` without being
    ///   produced, which guards against decompression bombs.
    public static func decompress(_ bytes: [UInt8], limit: Int = Int.max) throws(IOError) -> [UInt8] {
        let inflater = try Inflater()
        var output: [UInt8] = []
        try inflater.feed(bytes, limit: limit) { chunk throws(IOError) in output.append(contentsOf: chunk) }
        guard inflater.finished else { throw IOError(.corruptGzip, path: "", "gzip data is truncated") }
        return output
    }

    /// True when `bytes` start with the gzip magic number.
    public static func isGzip(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        return iterator.next() == 0x1F && iterator.next() == 0x8B
    }
}

/// Streaming gzip/zlib decompression: feed compressed chunks, receive decompressed chunks.
public final class Inflater {
    private var stream = z_stream()
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    public private(set) var produced = 0
    /// True once a complete stream (and no partial member after it) has been read.
    public private(set) var finished = false
    /// Bytes after the last complete member that do not start another one: ignored, as `gzip -d` does.
    public private(set) var trailingBytes = 0
    private var betweenMembers = false

    public init() throws(IOError) {
        let status = inflateInit2_(
            &stream, Gzip.autoWindowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw IOError(.corruptGzip, path: "", "inflateInit2 failed (\(status))") }
    }

    deinit { inflateEnd(&stream) }

    /// Decompresses `chunk`, calling `sink` with each piece of output.
    public func feed(
        _ chunk: [UInt8], limit: Int = Int.max, _ sink: ([UInt8]) throws(IOError) -> Void
    ) throws(IOError) {
        var input = chunk
        var offset = 0
        if trailingBytes > 0 {
            trailingBytes += chunk.count
            return
        }
        if betweenMembers, !chunk.isEmpty {
            betweenMembers = false
            if !(chunk[0] == 0x1F && (chunk.count == 1 || chunk[1] == 0x8B)) {
                trailingBytes = chunk.count
                return
            }
            inflateReset(&stream)
        }
        while offset < input.count {
            var status: Int32 = Z_OK
            var consumed = 0
            var written = 0
            input.withUnsafeMutableBufferPointer { input in
                buffer.withUnsafeMutableBufferPointer { output in
                    stream.next_in = input.baseAddress! + offset
                    stream.avail_in = UInt32(input.count - offset)
                    stream.next_out = output.baseAddress
                    stream.avail_out = UInt32(output.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    consumed = input.count - offset - Int(stream.avail_in)
                    written = output.count - Int(stream.avail_out)
                }
            }
            offset += consumed
            if written > 0 {
                finished = false
                produced += written
                if produced > limit {
                    throw IOError(.tooLarge, path: "", "decompresses to more than \(limit) bytes")
                }
                try sink(Array(buffer[0..<written]))
            }
            switch status {
            case Z_STREAM_END:
                finished = true
                // Another gzip member may follow (concatenated .gz files are valid gzip); anything else after a
                // complete member is trailing garbage (padding, a stray newline) and is ignored.
                if offset < input.count {
                    let next = input[offset]
                    if next == 0x1F && (offset + 1 == input.count || input[offset + 1] == 0x8B) {
                        inflateReset(&stream)
                    } else {
                        trailingBytes = input.count - offset
                        return
                    }
                } else {
                    betweenMembers = true
                }
            case Z_OK, Z_BUF_ERROR:
                if consumed == 0 && written == 0 {
                    throw IOError(.corruptGzip, path: "", "gzip data is corrupt")
                }
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw IOError(.corruptGzip, path: "", "gzip data is corrupt (\(reason))")
            }
        }
    }
}
