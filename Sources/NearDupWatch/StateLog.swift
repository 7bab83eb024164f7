import CZlib
import NearDupCore
import NearDupIO

#if canImport(Glibc)
    import Glibc
#endif

/// What to do when the state log holds damaged committed records.
public enum DamagePolicy: String, Sendable, CaseIterable {
    /// Change nothing and stop with an account of the damage (the default: a person decides).
    case refuse
    /// Copy the damaged log aside, keep every intact batch, and record what was lost.
    case salvage
}

/// What opening the log found and did.
public struct StateRecovery: Sendable {
    /// Bytes of an unfinished last batch that were cut off (0 after a clean stop).
    public var tornBytes = 0
    /// Where the cut-off bytes were kept, beside the log.
    public var tornCopy: String?
    /// The account of a salvage done by this open.
    public var salvage: StateDamageNote?
    /// Whether the records returned are only those after the checkpoint's position (the log still held it).
    public var resumed = false
    /// Where each record returned lies in the log (`StateLog.location`; nil but for documents), for
    /// `LogFingerprints`.
    public var locations: [UInt64?] = []
}

/// The daemon's durable state: an append-only log of checksummed records in `FOLDER/state.log`.
///
/// Each record is `magic (4) · tag (1) · length (4) · payload · CRC-32 of tag, length and payload (4)`, little
/// endian. Records are written a batch at a time, closed by a `commit` record and flushed with `fsync`. On open
/// (`StateLogScan`), an unfinished last batch — what a crash during an append leaves; its files are still in the
/// inbox — is cut off, and the cut bytes are kept in `state.log.torn-<time>`. Damage anywhere else is never cut
/// off: by default the log is refused untouched with an account of what is damaged; with `DamagePolicy.salvage`
/// the original is copied to `state.log.damaged-<time>`, every intact batch is kept, and a `damage` record says
/// which batches, documents and files were lost.
public final class StateLog {
    public let folder: String
    public var path: String { folder + "/state.log" }
    private var descriptor: Int32
    public private(set) var size = 0

    static let magic: UInt32 = 0x5453_444E  // "NDST"

    /// Opens (creating if needed) the log and returns it with its committed records, in order.
    /// With `position` (a checkpoint's), only the records after it are read when the log still holds it.
    public static func open(
        folder: String, onDamage: DamagePolicy = .refuse, now: Double = currentTime(),
        resumingAt position: LogPosition? = nil
    ) throws(IOError) -> (StateLog, [StateRecord], StateRecovery) {
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw IOError(
                .unwritable, path: folder, "cannot create the state folder: \(String(cString: strerror(errno)))")
        }
        let log = try StateLog(folder: folder)
        let (records, recovery) = try log.recover(onDamage: onDamage, now: now, resumingAt: position)
        return (log, records, recovery)
    }

    private init(folder: String) throws(IOError) {
        self.folder = folder
        descriptor = Self.openFile(folder + "/state.log")
        guard descriptor >= 0 else {
            throw IOError(.unwritable, path: folder + "/state.log", "cannot open: \(String(cString: strerror(errno)))")
        }
    }

    private static func openFile(_ path: String) -> Int32 { Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }

    deinit { close(descriptor) }

    private func recover(
        onDamage: DamagePolicy, now: Double, resumingAt position: LogPosition?
    ) throws(IOError) -> ([StateRecord], StateRecovery) {
        let (scan, resumed) = try StateLogScan.read(descriptor: descriptor, path: path, resumingAt: position)
        var recovery = StateRecovery()
        recovery.resumed = resumed
        var records = scan.records
        recovery.locations = scan.locations
        if scan.isDamaged {
            guard onDamage == .salvage else {
                throw IOError(
                    .damaged, path: path,
                    scan.account(path: path)
                        + "\nnothing was changed. To keep the intact batches and set the damaged ones aside "
                        + "(the original "
                        + "is kept as state.log.damaged-<time>), run again with --on-damage salvage.")
            }
            let copy = "state.log.damaged-" + UTCTime(now).stamp
            try copyFile(to: folder + "/" + copy)
            let note = StateDamageNote(
                at: now, copy: copy, damagedBytes: scan.damagedRanges.reduce(0) { $0 + $1.length },
                batches: scan.lostBatchesText, documents: scan.lostDocuments, files: scan.lostFiles)
            records.append(.damage(note))
            records.append(.commit(batch: scan.highestBatch + 1, at: now))
            recovery.locations = try Self.rewrite(folder: folder, records: records)
            close(descriptor)
            descriptor = Self.openFile(path)
            guard descriptor >= 0 else { throw IOError(.unwritable, path: path, "cannot reopen: \(errorText())") }
            size = Int(lseek(descriptor, 0, SEEK_END))
            recovery.salvage = note
            return (records, recovery)
        }
        if let torn = scan.tornTail, torn.length > 0 {
            let copy = "state.log.torn-" + UTCTime(now).stamp
            try copyFile(to: folder + "/" + copy, from: torn.offset)
            guard ftruncate(descriptor, off_t(torn.offset)) == 0, fsync(descriptor) == 0 else {
                throw IOError(.unwritable, path: path, "cannot cut off the unfinished batch: \(errorText())")
            }
            recovery.tornBytes = torn.length
            recovery.tornCopy = copy
        }
        size = scan.tornTail?.offset ?? scan.fileSize
        _ = lseek(descriptor, off_t(size), SEEK_SET)
        return (records, recovery)
    }

    /// Copies the log's bytes from `offset` to its end into a new file, flushed before anything is changed.
    private func copyFile(to target: String, from offset: Int = 0) throws(IOError) {
        let descriptor = self.descriptor
        let source = path
        try AtomicFile.write(to: target) { append throws(IOError) in
            var position = offset
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = chunk.withUnsafeMutableBytes {
                    pread(descriptor, $0.baseAddress, $0.count, off_t(position))
                }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw IOError(.unreadable, path: source, "cannot read: \(errorText())")
                }
                if count == 0 { break }
                try append(Array(chunk[0..<count]))
                position += count
            }
        }
    }

    /// Where the log ends now, after the commit of `batch`: the position a checkpoint of the state covers.
    public func position(batch: UInt64) throws(IOError) -> LogPosition {
        let start = max(0, size - LogPosition.checksummedBytes)
        var bytes = [UInt8](repeating: 0, count: size - start)
        let read = try bytes.withUnsafeMutableBytes { FileReader.fill($0, from: descriptor, at: start, path: path) }
            .get()
        guard read == bytes.count else { throw IOError(.unreadable, path: path, "cannot read: the log is shorter") }
        let checksum = bytes.withUnsafeBytes { LogPosition.checksum(ending: $0) }
        return LogPosition(offset: size, batch: batch, checksum: checksum)
    }

    /// `20261203T061500Z`: sorts by time, safe in a file name.
    public static func currentTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Appends the records of one batch followed by its commit record, and flushes them to disk. Returns where each
    /// record lies in the log (`location`; nil but for documents).
    @discardableResult
    public func append(_ records: [StateRecord], batch: UInt64, at time: Double) throws(IOError) -> [UInt64?] {
        var bytes: [UInt8] = []
        var locations: [UInt64?] = []
        for record in records + [.commit(batch: batch, at: time)] {
            let frame = Self.frame(record)
            if locations.count < records.count {
                locations.append(Self.location(of: record, offset: size + bytes.count, length: frame.count))
            }
            bytes.append(contentsOf: frame)
        }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                let message = String(cString: strerror(errno))
                // Leave no partial batch behind: the next start would cut it off, but an append after it would not.
                _ = ftruncate(descriptor, off_t(size))
                _ = lseek(descriptor, off_t(size), SEEK_SET)
                throw IOError(.unwritable, path: path, "cannot append: \(message)")
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            let message = String(cString: strerror(errno))
            // Not acknowledged, so not kept: a restart must not find a batch its writers were told was refused.
            _ = ftruncate(descriptor, off_t(size))
            _ = lseek(descriptor, off_t(size), SEEK_SET)
            throw IOError(.unwritable, path: path, "cannot flush: \(message)")
        }
        size += bytes.count
        return locations
    }

    /// Where a document's record lies, for `LogFingerprints`: its frame's offset and length in one value (0 is no
    /// location); nil for another record, or a frame beyond 40 bits of offset or 24 of length.
    static func location(of record: StateRecord, offset: Int, length: Int) -> UInt64? {
        guard case .document = record, offset < 1 << 40, length > 0, length < 1 << 24 else { return nil }
        return UInt64(offset) << 24 | UInt64(length)
    }

    /// The frame's offset and length from a `location`.
    static func frame(of location: UInt64) -> (offset: Int, length: Int) {
        (Int(location >> 24), Int(location & (1 << 24 - 1)))
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

    /// Rewrites the log with only `records` (already in order, ending with a commit), atomically. Returns where each
    /// record lies in the new log (`location`).
    @discardableResult
    public static func rewrite(folder: String, records: [StateRecord]) throws(IOError) -> [UInt64?] {
        var locations: [UInt64?] = []
        locations.reserveCapacity(records.count)
        try AtomicFile.write(to: folder + "/state.log") { append throws(IOError) in
            var bytes: [UInt8] = []
            var written = 0
            for record in records {
                let frame = frame(record)
                locations.append(location(of: record, offset: written + bytes.count, length: frame.count))
                bytes.append(contentsOf: frame)
                if bytes.count >= 1 << 20 {
                    try append(bytes)
                    written += bytes.count
                    bytes.removeAll(keepingCapacity: true)
                }
            }
            try append(bytes)
        }
        return locations
    }
}
