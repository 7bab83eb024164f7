import CZlib
import NearDupIO

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's durable state: an append-only log of checksummed records in `FOLDER/state.log`.
///
/// Each record is `magic (4) · tag (1) · length (4) · payload · CRC-32 of tag, length and payload (4)`, little
/// endian. Records are written a batch at a time, closed by a `commit` record and flushed with `fsync`. On open,
/// the log is read up to the last commit; whatever follows — a torn record, or a batch the daemon did not finish —
/// is cut off, so a crash can lose at most the unfinished batch, whose files are still in the inbox and are
/// ingested again.
public final class StateLog {
    public let folder: String
    public var path: String { folder + "/state.log" }
    private var descriptor: Int32
    /// Bytes cut off the end when the log was opened (0 after a clean stop).
    public private(set) var truncatedBytes = 0
    public private(set) var size = 0

    static let magic: UInt32 = 0x5453_444E  // "NDST"

    /// Opens (creating if needed) the log and returns it with its committed records, in order.
    public static func open(folder: String) throws(IOError) -> (StateLog, [StateRecord]) {
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw IOError(
                .unwritable, path: folder, "cannot create the state folder: \(String(cString: strerror(errno)))")
        }
        let log = try StateLog(folder: folder)
        let records = try log.recover()
        return (log, records)
    }

    private init(folder: String) throws(IOError) {
        self.folder = folder
        descriptor = Glibc.open(folder + "/state.log", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw IOError(.unwritable, path: folder + "/state.log", "cannot open: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    /// Reads every committed record and truncates anything after the last commit.
    private func recover() throws(IOError) -> [StateRecord] {
        var committed: [StateRecord] = []
        var batch: [StateRecord] = []
        var committedEnd = 0
        var buffer: [UInt8] = []
        var bufferStart = 0  // file offset of buffer[0]
        var cursor = 0  // offset within buffer of the next record
        var endOfFile = false
        _ = lseek(descriptor, 0, SEEK_SET)
        parsing: while true {
            // Ensure the header is buffered.
            while buffer.count - cursor < 9 && !endOfFile {
                endOfFile = !(try readMore(&buffer, &cursor, &bufferStart))
            }
            guard buffer.count - cursor >= 9 else { break }
            var header = ByteReader(buffer[cursor..<(cursor + 9)])
            let magic: UInt32 = (try? header.read()) ?? 0
            let tag: UInt8 = (try? header.read()) ?? 0
            let length = Int((try? header.read(UInt32.self)) ?? 0)
            guard magic == Self.magic, length <= 1 << 30 else { break }
            let total = 9 + length + 4
            while buffer.count - cursor < total && !endOfFile {
                endOfFile = !(try readMore(&buffer, &cursor, &bufferStart))
            }
            guard buffer.count - cursor >= total else { break }
            let checksum = buffer.withUnsafeBufferPointer { pointer in
                UInt32(crc32(0, pointer.baseAddress! + cursor + 4, UInt32(5 + length)))
            }
            var trailer = ByteReader(buffer[(cursor + 9 + length)..<(cursor + total)])
            guard (try? trailer.read(UInt32.self)) == checksum else { break }
            var payload = ByteReader(buffer[(cursor + 9)..<(cursor + 9 + length)])
            guard let record = try? StateRecord.decode(tag: tag, &payload) else { break parsing }
            cursor += total
            if case .commit = record {
                committed.append(contentsOf: batch)
                committed.append(record)
                batch.removeAll()
                committedEnd = bufferStart + cursor
            } else {
                batch.append(record)
            }
        }
        let fileSize = Int(lseek(descriptor, 0, SEEK_END))
        if fileSize > committedEnd {
            truncatedBytes = fileSize - committedEnd
            guard ftruncate(descriptor, off_t(committedEnd)) == 0, fsync(descriptor) == 0 else {
                throw IOError(
                    .unwritable, path: path, "cannot cut off the torn tail: \(String(cString: strerror(errno)))")
            }
        }
        size = committedEnd
        _ = lseek(descriptor, off_t(committedEnd), SEEK_SET)
        return committed
    }

    /// Appends up to 8 MiB more of the file to `buffer`, dropping what was already parsed. False at end of file.
    private func readMore(_ buffer: inout [UInt8], _ cursor: inout Int, _ bufferStart: inout Int) throws(IOError)
        -> Bool
    {
        if cursor > 0 {
            buffer.removeSubrange(0..<cursor)
            bufferStart += cursor
            cursor = 0
        }
        var chunk = [UInt8](repeating: 0, count: 8 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw IOError(.unreadable, path: path, "cannot read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return false }
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
    }

    /// Appends the records of one batch followed by its commit record, and flushes them to disk.
    public func append(_ records: [StateRecord], batch: UInt64, at time: Double) throws(IOError) {
        var bytes: [UInt8] = []
        for record in records + [.commit(batch: batch, at: time)] { bytes.append(contentsOf: Self.frame(record)) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                let message = String(cString: strerror(errno))
                // Leave no partial batch behind: the next start would discard it anyway, but appending after it would not.
                _ = ftruncate(descriptor, off_t(size))
                _ = lseek(descriptor, off_t(size), SEEK_SET)
                throw IOError(.unwritable, path: path, "cannot append: \(message)")
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            throw IOError(.unwritable, path: path, "cannot flush: \(String(cString: strerror(errno)))")
        }
        size += bytes.count
    }

    static func frame(_ record: StateRecord) -> [UInt8] {
        var payload = ByteWriter()
        record.encodePayload(into: &payload)
        var writer = ByteWriter()
        writer.write(magic)
        writer.write(record.tag)
        writer.write(UInt32(payload.bytes.count))
        var bytes = writer.bytes + payload.bytes
        let checksum = bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress! + 4, UInt32($0.count - 4))) }
        withUnsafeBytes(of: checksum.littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Rewrites the log with only `records` (already in order, ending with a commit), atomically.
    public static func rewrite(folder: String, records: [StateRecord]) throws(IOError) {
        var bytes: [UInt8] = []
        for record in records { bytes.append(contentsOf: frame(record)) }
        try AtomicFile.write(bytes, to: folder + "/state.log")
    }
}
