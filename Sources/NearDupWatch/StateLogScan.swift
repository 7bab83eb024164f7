import CZlib
import NearDupCore
import NearDupIO

/// What a read of the state log's bytes found: the intact committed records, an unfinished tail, and damage.
///
/// A frame is `magic · tag · length · payload · CRC-32`. The reader tells two things apart:
/// - a **torn tail**: the bytes after the last intact frame are a prefix of a frame (the file ends inside it) or
///   zeros. That is what a crash during an append leaves; the unfinished batch is not committed and its files are
///   still in the inbox.
/// - **damage**: a complete frame that fails its checksum, or bytes that are not a frame, with or without intact
///   frames after them. The reader resynchronises on the next offset where a frame with a valid checksum starts,
///   so every intact batch before and after the damage is kept. A batch whose span holds damage is lost as a
///   whole (it may miss any of its records); what can still be read of it is listed so its files can be re-sent.
///
/// Reading never changes the file; deciding what to do about damage is the caller's (`StateLog.open`).
public struct StateLogScan: Sendable {
    /// Records of the intact committed batches, in log order (each batch ends with its commit).
    public var records: [StateRecord] = []
    /// Where each of `records` lies in the file (`StateLog.location`; nil but for documents).
    public var locations: [UInt64?] = []
    /// File offset just after the last intact frame of the last kept batch: where an append may continue.
    public var committedEnd = 0
    /// The unfinished last batch (a torn or interrupted append): offset and length of the bytes after it.
    public var tornTail: ByteRange?
    /// Batches that cannot be trusted because damaged bytes fall inside them.
    public var lostBatches: [LostBatch] = []
    /// Byte ranges that are not intact frames (other than the torn tail).
    public var damagedRanges: [ByteRange] = []
    /// Size of the file that was read.
    public var fileSize = 0
    /// The highest batch number of any readable commit, lost batches included: numbering goes on after it.
    public var highestBatch: UInt64 = 0

    public var isDamaged: Bool { !damagedRanges.isEmpty }

    public struct ByteRange: Sendable, Equatable {
        public var offset: Int
        public var length: Int
    }

    /// One or more consecutive batches made untrustworthy by damage.
    public struct LostBatch: Sendable, Equatable {
        /// The batch numbers the span covers, when its closing commit was readable (numbers run on from the
        /// previous intact commit); nil when the commit itself was lost.
        public var batches: ClosedRange<UInt64>?
        /// Offset and length of the span in the file.
        public var span: ByteRange
        /// Documents whose records are still readable.
        public var documents: [LostDocument]
        /// Exactly-once keys still readable: these files were ingested and can be re-sent.
        public var files: [IngestionKey]
        /// Rejected inputs recorded in the span.
        public var rejections: Int
        /// Bytes of the span that could not be read as frames.
        public var unreadableBytes: Int
    }

    static let headerSize = 9
    static let frameOverhead = 13
    /// The commit record's payload (batch number and time) has a fixed size.
    static let commitLength = 16
    static let maximumLength = 1 << 30

    enum Frame {
        case valid(StateRecord, end: Int)
        /// The header is plausible but the file ends before the frame does.
        case incomplete
        case invalid
    }

    /// Reads one frame at `offset`.
    static func frame(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Frame {
        let remaining = bytes.count - offset
        if remaining < headerSize {
            // A prefix of a header: torn if what is there agrees with a frame's start.
            let magic = withUnsafeBytes(of: StateLog.magic.littleEndian) { Array($0) }
            for index in 0..<min(remaining, 4) where bytes[offset + index] != magic[index] { return .invalid }
            return .incomplete
        }
        let magic = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian
        let tag = bytes[offset + 4]
        let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 5, as: UInt32.self).littleEndian)
        guard magic == StateLog.magic, StateRecord.knownTags.contains(tag), length <= maximumLength else {
            return .invalid
        }
        if tag == 4 && length != commitLength { return .invalid }
        guard remaining >= frameOverhead + length else { return .incomplete }
        let checksum = UInt32(
            crc32(0, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset + 4, UInt32(5 + length)))
        let stored = bytes.loadUnaligned(fromByteOffset: offset + headerSize + length, as: UInt32.self).littleEndian
        guard stored == checksum else { return .invalid }
        let payload = Array(bytes[(offset + headerSize)..<(offset + headerSize + length)])
        var reader = ByteReader(payload[...])
        guard let record = try? StateRecord.decode(tag: tag, &reader) else { return .invalid }
        return .valid(record, end: offset + frameOverhead + length)
    }

    /// The next offset after `offset` where an intact frame starts, or nil.
    static func resynchronise(in bytes: UnsafeRawBufferPointer, after offset: Int) -> Int? {
        var position = offset + 1
        let first = UInt8(truncatingIfNeeded: StateLog.magic)
        while position + frameOverhead <= bytes.count {
            guard let found = memchr(bytes.baseAddress! + position, Int32(first), bytes.count - position) else {
                return nil
            }
            let candidate = bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
            if case .valid = frame(in: bytes, at: candidate) { return candidate }
            position = candidate + 1
        }
        return nil
    }

    /// Scans a log from `start` (0, or the end of a committed batch that a checkpoint covers) to its end.
    public init(bytes: UnsafeRawBufferPointer, from start: Int = 0) {
        fileSize = bytes.count
        var offset = start
        committedEnd = start
        // The batch being read: its records with their offsets, and any damage inside it.
        var pending: [StateRecord] = []
        var pendingLocations: [UInt64?] = []
        var pendingStart = start
        var pendingDamage: [ByteRange] = []
        var lastBatch: UInt64 = 0

        func closeLost(commit: UInt64?, end: Int) {
            var documents: [LostDocument] = []
            var files: [IngestionKey] = []
            var rejections = 0
            for record in pending {
                switch record {
                case .document(_, let id, let origin, _, _): documents.append(LostDocument(id: id, origin: origin))
                case .ingested(let name, let hash, _, _): files.append(IngestionKey(name: name, contentHash: hash))
                case .rejected: rejections += 1
                case .commit, .damage, .removed, .submitted: break
                }
            }
            let range: ClosedRange<UInt64>? = commit.map { min(lastBatch + 1, $0)...$0 }
            lostBatches.append(
                LostBatch(
                    batches: range, span: ByteRange(offset: pendingStart, length: end - pendingStart),
                    documents: documents, files: files, rejections: rejections,
                    unreadableBytes: pendingDamage.reduce(0) { $0 + $1.length }))
            damagedRanges.append(contentsOf: pendingDamage)
        }

        while offset < bytes.count {
            switch Self.frame(in: bytes, at: offset) {
            case .valid(let record, let end):
                if case .commit(let batch, _) = record {
                    if pendingDamage.isEmpty {
                        records.append(contentsOf: pending)
                        records.append(record)
                        locations.append(contentsOf: pendingLocations)
                        locations.append(nil)
                        committedEnd = end
                    } else {
                        closeLost(commit: batch, end: end)
                    }
                    lastBatch = max(lastBatch, batch)
                    highestBatch = lastBatch
                    pending.removeAll()
                    pendingLocations.removeAll()
                    pendingDamage.removeAll()
                    pendingStart = end
                } else {
                    pending.append(record)
                    pendingLocations.append(StateLog.location(of: record, offset: offset, length: end - offset))
                }
                offset = end
            case let outcome:
                if let next = Self.resynchronise(in: bytes, after: offset) {
                    pendingDamage.append(ByteRange(offset: offset, length: next - offset))
                    offset = next
                    continue
                }
                let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
                let torn: Bool
                if case .incomplete = outcome { torn = true } else { torn = !rest.contains { $0 != 0 } }
                if torn {
                    // Bytes after the last frame that a crash mid-append leaves.
                    if !pendingDamage.isEmpty {
                        closeLost(commit: nil, end: bytes.count)
                    } else {
                        tornTail = ByteRange(offset: pendingStart, length: bytes.count - pendingStart)
                    }
                } else {
                    pendingDamage.append(ByteRange(offset: offset, length: bytes.count - offset))
                    closeLost(commit: nil, end: bytes.count)
                }
                pending.removeAll()
                offset = bytes.count
                return
            }
        }
        if !pending.isEmpty || !pendingDamage.isEmpty {
            if pendingDamage.isEmpty {
                // Whole records but no commit: an append that stopped between frames.
                tornTail = ByteRange(offset: pendingStart, length: bytes.count - pendingStart)
            } else {
                closeLost(commit: nil, end: bytes.count)
            }
        }
    }

    /// Scans the log file at `path` without changing it (an empty scan when the file does not exist).
    public static func read(path: String) throws(IOError) -> StateLogScan {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return StateLogScan(bytes: UnsafeRawBufferPointer(start: nil, count: 0)) }
            throw IOError(.unreadable, path: path, "cannot open: \(errorText())")
        }
        defer { close(descriptor) }
        return try read(descriptor: descriptor, path: path).0
    }

    /// Scans the log from `position` when the log still holds that position (the commit of its batch ends there and
    /// the bytes before it have its checksum); the whole log otherwise. The second value says which was done.
    static func read(
        descriptor: Int32, path: String, resumingAt position: LogPosition? = nil
    ) throws(IOError) -> (StateLogScan, resumed: Bool) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw IOError(.unreadable, path: path, "cannot stat") }
        let size = Int(status.st_size)
        guard size > 0 else { return (StateLogScan(bytes: UnsafeRawBufferPointer(start: nil, count: 0)), false) }
        // Mapped rather than read: resynchronising needs random access, and a large log need not be copied.
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw IOError(.unreadable, path: path, "cannot map: \(errorText())")
        }
        defer { munmap(mapped, size) }
        let bytes = UnsafeRawBufferPointer(start: mapped, count: size)
        if let position, Self.holds(position, bytes) {
            let tail = StateLogScan(bytes: bytes, from: position.offset)
            // Damage after the position is decided on the whole log, where a salvage can keep every intact batch.
            if !tail.isDamaged { return (tail, true) }
        }
        return (StateLogScan(bytes: bytes), false)
    }

    /// Whether `bytes` hold a commit of `position.batch` that ends at `position.offset`, after bytes with its checksum.
    static func holds(_ position: LogPosition, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let commitStart = position.offset - frameOverhead - commitLength
        guard commitStart >= 0, position.offset <= bytes.count,
            case .valid(.commit(let batch, _), let end) = frame(in: bytes, at: commitStart),
            batch == position.batch, end == position.offset
        else { return false }
        return LogPosition.checksum(ending: UnsafeRawBufferPointer(rebasing: bytes[..<position.offset]))
            == position.checksum
    }
}

extension StateLogScan {
    /// The lost batches in words: "batches 3-4", "an unnumbered batch at offset 812".
    public var lostBatchesText: String {
        lostBatches.map { lost in
            guard let range = lost.batches else { return "an unnumbered batch at offset \(lost.span.offset)" }
            return range.count == 1 ? "batch \(range.lowerBound)" : "batches \(range.lowerBound)-\(range.upperBound)"
        }.joined(separator: ", ")
    }

    public var lostDocuments: [LostDocument] { lostBatches.flatMap(\.documents) }
    public var lostFiles: [IngestionKey] { lostBatches.flatMap(\.files) }

    /// What is damaged and what a salvage would keep and lose, for a person; lists are cut at `limit` entries.
    public func account(path: String, limit: Int = 20) -> String {
        let damaged = damagedRanges.reduce(0) { $0 + $1.length }
        let where_ = damagedRanges.prefix(limit).map { "\($0.length) at offset \($0.offset)" }.joined(separator: ", ")
        let kept = records.filter { if case .document = $0 { true } else { false } }.count
        let keptBatches = records.filter { if case .commit = $0 { true } else { false } }.count
        var lines = [
            "\(path) is damaged: \(damaged) bytes in \(damagedRanges.count) place(s) are not intact records "
                + "(\(where_)\(damagedRanges.count > limit ? ", …" : "")).",
            "intact: \(keptBatches) committed batch(es) with \(kept) document(s).",
            "lost: \(lostBatchesText); \(lostDocuments.count) document(s) still readable in them, "
                + "\(lostFiles.count) ingested file(s) whose exactly-once keys would be dropped.",
        ]
        func list(_ items: [String]) -> String {
            items.prefix(limit).joined(separator: ", ") + (items.count > limit ? ", … (\(items.count) in all)" : "")
        }
        if !lostDocuments.isEmpty {
            lines.append("lost documents: " + list(lostDocuments.map { FileName.printable($0.id) }))
        }
        if !lostFiles.isEmpty {
            lines.append("files to re-send: " + list(lostFiles.map { FileName.printable($0.name) }))
        }
        return lines.joined(separator: "\n")
    }
}

/// A document recorded in a lost batch: its id and where it came from.
public struct LostDocument: Sendable, Equatable {
    public var id: String
    public var origin: String

    public init(id: String, origin: String) {
        self.id = id
        self.origin = origin
    }
}

#if canImport(Glibc)
    import Glibc
#endif
