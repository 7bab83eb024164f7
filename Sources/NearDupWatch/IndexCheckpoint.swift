import CZlib
import Foundation
import NearDupCore
import NearDupIO
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A place in the state log: just after the commit of `batch`, which ends at byte `offset`. `checksum` is the CRC-32
/// of the log's last `checksummedBytes` bytes before `offset`, so a log rewritten since (compacted, salvaged, or
/// another folder's) is told apart from the one the position was taken in.
public struct LogPosition: Sendable, Equatable {
    public var offset: Int
    public var batch: UInt64
    public var checksum: UInt32

    static let checksummedBytes = 1 << 16

    /// The checksum of the last `checksummedBytes` of `bytes`.
    static func checksum(ending bytes: UnsafeRawBufferPointer) -> UInt32 {
        let start = max(0, bytes.count - checksummedBytes)
        guard bytes.count > start else { return 0 }
        return CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[start...]))
    }
}

/// The index checkpoint, `FOLDER/state.checkpoint`: the state core as of a position in the state log, so that a
/// start loads it and replays only the log after that position, instead of re-filing every document and verifying
/// every candidate pair again.
///
/// Layout: `magic (4) · format version (4) · payload length (8) · CRC-32 of the payload and the offset (4) · offset
/// of the link tables (8) · payload`, little endian; the payload holds the engine configuration (JSON), the window,
/// the revision of the evidence rules (`EvidenceRules`), the log position and the core, whose last part is the
/// index's link tables (`LiveIndex.LinkTables`), decoded on a thread of their own. The file is replaced atomically
/// (written beside, flushed, renamed), so a crash at any point leaves the old checkpoint or the new one. A checkpoint
/// that is damaged, of another format, taken under another configuration, window or fingerprint placement
/// (`FingerprintPlacement`), decided under other evidence rules, or at a position the log no longer holds is not
/// used: the start replays the whole log, as without one. It is never the only copy of anything — the log stays the
/// record.
public enum IndexCheckpoint {
    static let magic: UInt32 = 0x4B43_444E  // "NDCK"
    /// 2 since the band tables keep lone entries in their slots (2026-12-04); 3 since the state holds deletions and
    /// HTTP submissions (2026-12-05); 4 since identical texts are grouped by filing period (2026-12-05, later); 5
    /// since band-table lists are written without their links (2026-12-05, evening); 6 since the index's fingerprints
    /// sit behind a store that writes itself (2026-12-06); 7 since band keys are written sorted, slice by slice, for
    /// runs that load by appending (2026-12-07); 8 since each slice is written as its run's arrays, the verified
    /// pairs give their number of representatives, and the index's link tables come last with their offset in a
    /// 28-byte header (covered by the checksum), for a start that copies arrays and decodes on two threads
    /// (2026-12-07, later); 9 since the link tables put the verified pairs and components before the band stores,
    /// so that a checkpoint lets go early of what batches change (2026-12-07, seventeenth session). Older files are
    /// refused by number.
    static let formatVersion: UInt32 = 9
    static let headerSize = 28
    /// The pieces a checkpoint is written and read in.
    public static let pieceSize = 32 << 20

    public static func path(folder: String) -> String { folder + "/state.checkpoint" }

    /// What reading the checkpoint found.
    public enum Outcome {
        case loaded(WatchCore, LogPosition)
        case absent
        /// Present but not usable; the reason is for the log.
        case unusable(String)
    }

    /// Writes a checkpoint of `core`, covering the log up to `position`, atomically; returns its size. The bytes
    /// go to the file in pieces of `pieceSize` as they are encoded (a million-document index encodes to 2.6–4.7 GB,
    /// which one buffer would hold beside the index), checksummed on the way; the header's length, checksum and
    /// link-table offset are written last. The core is let go of a table at a time as it is written
    /// (`WatchCore.encode(into:)`).
    @discardableResult
    public static func write(
        _ core: consuming WatchCore, position: LogPosition, folder: String,
        pieceSize: Int = IndexCheckpoint.pieceSize, rules: Int = EvidenceRules.revision
    ) throws(IOError) -> Int {
        var size = 0
        let settings = settings(core.configuration, window: core.window, inLog: core.keepsFingerprintsInLog)
        var pending = Optional(consume core)
        try AtomicFile.write(
            to: path(folder: folder),
            streaming: { output throws(IOError) in
                let stream = Stream(output)
                var writer = ByteWriter(pieceSize: pieceSize) { stream.take($0) }
                writer.write(magic)
                writer.write(formatVersion)
                writer.write(UInt64(0))
                writer.write(UInt32(0))
                writer.write(UInt64(0))
                writer.write(settings + rulesSuffix(rules))
                writer.write(Int64(position.offset))
                writer.write(position.batch)
                writer.write(position.checksum)
                let links = pending.take()!.encode(into: &writer)
                writer.flush()
                if let error = stream.error { throw error }
                var header = ByteWriter()
                header.write(UInt64(writer.count - headerSize))
                header.write(checksum(stream.checksum, links: links))
                header.write(UInt64(links))
                try output.overwrite(header.bytes, at: 8)
                size = writer.count
            })
        return size
    }

    /// The pieces of a checkpoint on their way to the file: the payload's running checksum, and the first error
    /// (after which nothing more is written).
    private final class Stream: @unchecked Sendable {
        // Used by the one thread writing the checkpoint.
        let output: AtomicFile.Output
        var checksum: UInt32 = 0
        var written = 0
        var error: IOError?

        init(_ output: AtomicFile.Output) { self.output = output }

        func take(_ piece: [UInt8]) {
            guard error == nil else { return }
            piece.withUnsafeBytes { raw in
                let skip = max(0, min(raw.count, IndexCheckpoint.headerSize - written))
                checksum = CRC32.update(checksum, with: UnsafeRawBufferPointer(rebasing: raw[skip...]))
            }
            written += piece.count
            do {
                try output.append(piece)
            } catch {
                self.error = error
            }
        }
    }

    /// Reads the checkpoint for a daemon with this configuration and window, decided under these `rules`
    /// (`EvidenceRules`).
    ///
    /// The file is read twice, a window at a time, and never held whole: a million-document checkpoint is 2.6 GB,
    /// which a start would otherwise hold beside the index it decodes to (and fill fresh pages for first). The first
    /// pass checks the checksum, so that damage never reaches the decoders: the part before the link tables and the
    /// tables on two threads, their checksums combined. The second decodes, the link tables on a thread of their own
    /// (`LiveIndex.LinkTables`) while this one decodes the rest: at a million documents each is about half the work.
    public static func read(
        folder: String, configuration: Configuration, window: Double?, jobs: Int, rules: Int = EvidenceRules.revision,
        fingerprints: LogFingerprints? = nil
    ) -> Outcome {
        let path = path(folder: folder)
        let descriptor: Int32
        let size: Int
        do {
            let (opened, status) = try FileReader.openRegular(path)
            (descriptor, size) = (opened, Int(status.st_size))
        } catch  where error.code == .notFound {
            return .absent
        } catch {
            return .unusable("cannot read it: \(error)")
        }
        defer { close(descriptor) }
        #if canImport(Glibc)
            _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        let header = Piece(descriptor: descriptor, path: path, offset: 0, length: min(size, headerSize))
        let outcome: Outcome
        switch Self.header(size: size, source: header.read) {
        case .unusable(let problem):
            outcome = .unusable(problem)
        case .sound(let stored, let links):
            let parts = [
                Piece(descriptor: descriptor, path: path, offset: headerSize, length: links - headerSize),
                Piece(descriptor: descriptor, path: path, offset: links, length: size - links),
            ]
            Parallel.workers(parts.count) { parts[$0].checksum() }
            if let problem = parts.lazy.compactMap(\.problem).first {
                outcome = .unusable(problem)
            } else if checksum(CRC32.combine(parts[0].crc, parts[1].crc, length: parts[1].length), links: links)
                != stored
            {
                outcome = .unusable("its checksum does not match (damaged)")
            } else {
                outcome = decode(
                    parts, configuration: configuration, window: window, jobs: jobs, rules: rules,
                    fingerprints: fingerprints)
            }
        }
        if let error = header.failure { return .unusable("cannot read it: \(error)") }
        return outcome
    }

    /// Decodes a checked checkpoint's two parts: the link tables on a thread of their own, the rest on this one.
    private static func decode(
        _ parts: [Piece], configuration: Configuration, window: Double?, jobs: Int, rules: Int,
        fingerprints: LogFingerprints?
    ) -> Outcome {
        let (first, tables) = (parts[0], parts[1])
        let decoded = DispatchGroup()
        DispatchQueue.global().async(group: decoded) { tables.decodeLinkTables() }
        var outcome = decodePayload(
            length: first.length, configuration: configuration, window: window, jobs: jobs, rules: rules,
            fingerprints: fingerprints, source: first.read
        ) { () throws(ByteReader.Truncated) in
            decoded.wait()
            guard let linkTables = tables.linkTables else { throw ByteReader.Truncated() }
            return linkTables
        }
        // Refused before the tables were wanted (other options, another window): they are not read to the end.
        if case .unusable = outcome { tables.cancel() }
        decoded.wait()
        if tables.trailing, case .loaded = outcome { outcome = .unusable("it has bytes after its end") }
        if let error = first.failure ?? tables.failure { outcome = .unusable("cannot read it: \(error)") }
        return outcome
    }

    /// A range of the checkpoint file, read with `pread` from the descriptor `read` opened (so threads share it
    /// without seeking): its checksum, or the link tables decoded from it. Used by one thread at a time.
    private final class Piece: @unchecked Sendable {
        let descriptor: Int32
        let path: String
        let offset: Int
        let length: Int
        private var position = 0
        private let cancelled = Atomic<Bool>(false)
        /// The first read error.
        private(set) var failure: IOError?
        /// Why the range cannot be checksummed (it ends early, or cannot be read).
        private(set) var problem: String?
        private(set) var crc: UInt32 = 0
        private(set) var linkTables: WatchCore.LinkTables?
        /// Whether bytes were left after the link tables.
        private(set) var trailing = false

        init(descriptor: Int32, path: String, offset: Int, length: Int) {
            (self.descriptor, self.path, self.offset, self.length) = (descriptor, path, offset, length)
        }

        /// Hands over the next bytes of the range, as a `ByteReader.Source`; 0 at its end, after an error, or once
        /// cancelled.
        func read(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
            guard failure == nil, !cancelled.load(ordering: .relaxed) else { return 0 }
            let wanted = UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, length - position)])
            switch FileReader.fill(wanted, from: descriptor, at: offset + position, path: path) {
            case .success(let count):
                position += count
                return count
            case .failure(let error):
                failure = error
                return 0
            }
        }

        /// Stops reading: a decode in progress runs out of bytes and fails.
        func cancel() { cancelled.store(true, ordering: .relaxed) }

        /// Checksums the range, 1 MiB at a time; reading starts again from the range's beginning after.
        func checksum() {
            problem = IndexCheckpoint.checksumProblem(length: length, piece: 1 << 20, source: read) { crc = $0 }
            if let failure { problem = "cannot read it: \(failure)" }
            position = 0
        }

        /// Decodes the range as the index's link tables.
        func decodeLinkTables() {
            // A window of 8 MiB: the tables are mostly long arrays, which go from the file straight into place.
            var reader = ByteReader(length: length, window: 8 << 20, source: read)
            linkTables = try? WatchCore.LinkTables(decoding: &reader)
            trailing = linkTables != nil && !reader.isAtEnd
        }
    }

    /// What a checkpoint's header says.
    enum Header {
        /// A checkpoint of this format and of the length it gives: its checksum, and where in the file the index's
        /// link tables begin.
        case sound(checksum: UInt32, links: Int)
        /// Not usable, and why.
        case unusable(String)
    }

    /// Reads the header of a checkpoint file of `size` bytes from `source`.
    static func header(size: Int, source: ByteReader.Source) -> Header {
        var headerBytes = [UInt8](repeating: 0, count: headerSize)
        let got = headerBytes.withUnsafeMutableBytes { source($0) }
        var header = ByteReader(headerBytes[..<got])
        guard let magic = try? header.read(UInt32.self), magic == Self.magic,
            let version = try? header.read(UInt32.self), let length = try? header.read(UInt64.self),
            let stored = try? header.read(UInt32.self), let links = try? header.read(UInt64.self)
        else { return .unusable("it is not a checkpoint") }
        guard version == formatVersion else {
            return .unusable("it has format version \(version), not \(formatVersion) (written by another release)")
        }
        guard size >= headerSize, length == UInt64(size - headerSize) else {
            return .unusable("it is \(size) bytes long, its header gives \(length) after the header")
        }
        guard links >= UInt64(headerSize), links <= UInt64(size) else {
            return .unusable("its header puts the link tables at \(links), outside its \(size) bytes")
        }
        return .sound(checksum: stored, links: Int(links))
    }

    /// Reads `length` bytes from `source` in pieces of `piece` and hands their CRC-32 to `result`; why it cannot,
    /// or nil.
    static func checksumProblem(
        length: Int, piece: Int = pieceSize, source: ByteReader.Source, result: (UInt32) -> Void
    ) -> String? {
        var checksum: UInt32 = 0
        var left = length
        var buffer = [UInt8](repeating: 0, count: min(left, piece))
        while left > 0 {
            let count = buffer.withUnsafeMutableBytes { raw in
                let wanted = min(raw.count, left)
                let got = source(UnsafeMutableRawBufferPointer(rebasing: raw[..<wanted]))
                precondition(got <= wanted, "a source wrote more than it was given room for")
                checksum = CRC32.update(checksum, with: UnsafeRawBufferPointer(rebasing: raw[..<got]))
                return got
            }
            guard count > 0 else { return "it is shorter than its header says" }
            left -= count
        }
        result(checksum)
        return nil
    }

    /// The checksum a header holds: the payload's CRC-32 (`payload`) carried on over the link tables' offset, so
    /// that it covers the one header field the decoders rely on.
    static func checksum(_ payload: UInt32, links: Int) -> UInt32 {
        withUnsafeBytes(of: UInt64(links).littleEndian) { CRC32.update(payload, with: $0) }
    }

    /// Decodes the `length` bytes of payload before the link tables that `source` hands over in order; `links`
    /// gives the link tables.
    static func decodePayload(
        length: Int, configuration: Configuration, window: Double?, jobs: Int, rules: Int,
        fingerprints: LogFingerprints? = nil, source: @escaping ByteReader.Source,
        links: @escaping () throws(ByteReader.Truncated) -> WatchCore.LinkTables
    ) -> Outcome {
        var reader = ByteReader(length: length, window: pieceSize, source: source)
        do throws(ByteReader.Truncated) {
            let stored = try reader.readString()
            let options = settings(configuration, window: window, inLog: fingerprints != nil)
            guard stored == options + rulesSuffix(rules) else {
                // Before revisions were recorded a checkpoint ended at its window.
                guard stored == options || stored.hasPrefix(options + " rules=") else {
                    return .unusable(
                        "it was taken under other engine options, another window or another --fingerprints")
                }
                let written =
                    stored == options ? "none recorded" : "revision \(stored.dropFirst((options + " rules=").count))"
                return .unusable(
                    "its clusters were decided under other evidence rules (\(written), this release has \(rules))")
            }
            let position = LogPosition(
                offset: Int(try reader.read(Int64.self)), batch: try reader.read(), checksum: try reader.read())
            let core = try WatchCore(
                configuration: configuration, window: window, jobs: jobs, decoding: &reader, fingerprints: fingerprints,
                links: links)
            guard reader.isAtEnd else { return .unusable("it has bytes after its end") }
            return .loaded(core, position)
        } catch {
            return .unusable("its content cannot be read (format version \(formatVersion))")
        }
    }

    /// How a checkpoint's settings name the `EvidenceRules` revision it was decided under.
    static func rulesSuffix(_ rules: Int) -> String { " rules=\(rules)" }

    /// The engine options, the window and the fingerprint placement as one comparable text: a checkpoint is read
    /// only under the same ones.
    static func settings(_ configuration: Configuration, window: Double?, inLog: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let options = (try? encoder.encode(configuration)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return options + " window=" + (window.map { "\($0)" } ?? "none") + (inLog ? " fingerprints=log" : "")
    }
}
