import CZlib
import Foundation
import NearDupCore
import NearDupIO

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
/// Layout: `magic (4) · format version (4) · payload length (8) · CRC-32 of the payload (4) · payload`, little
/// endian; the payload holds the engine configuration (JSON), the window, the log position and the core. The file
/// is replaced atomically (written beside, flushed, renamed), so a crash at any point leaves the old checkpoint or
/// the new one. A checkpoint that is damaged, of another format, taken under another configuration or window, or
/// at a position the log no longer holds is not used: the start replays the whole log, as without one. It is never
/// the only copy of anything — the log stays the record.
public enum IndexCheckpoint {
    static let magic: UInt32 = 0x4B43_444E  // "NDCK"
    /// 2 since the band tables keep lone entries in their slots (2026-12-04); 3 since the state holds deletions and
    /// HTTP submissions (2026-12-05); 4 since identical texts are grouped by filing period (2026-12-05, later).
    /// Older files are refused by number.
    static let formatVersion: UInt32 = 4
    static let headerSize = 20

    public static func path(folder: String) -> String { folder + "/state.checkpoint" }

    /// What reading the checkpoint found.
    public enum Outcome {
        case loaded(WatchCore, LogPosition)
        case absent
        /// Present but not usable; the reason is for the log.
        case unusable(String)
    }

    /// Writes a checkpoint of `core`, covering the log up to `position`, atomically; returns its size. The bytes
    /// go to the file in pieces of `pieceSize` as they are encoded (a million-document index encodes to about 6 GB,
    /// which one buffer would hold beside the index), checksummed on the way; the header's length and checksum are
    /// written last.
    @discardableResult
    public static func write(
        _ core: WatchCore, position: LogPosition, folder: String, pieceSize: Int = 32 << 20
    ) throws(IOError) -> Int {
        var size = 0
        try AtomicFile.write(
            to: path(folder: folder),
            streaming: { output throws(IOError) in
                let stream = Stream(output)
                var writer = ByteWriter(pieceSize: pieceSize) { stream.take($0) }
                writer.write(magic)
                writer.write(formatVersion)
                writer.write(UInt64(0))
                writer.write(UInt32(0))
                writer.write(settings(core.configuration, window: core.window))
                writer.write(Int64(position.offset))
                writer.write(position.batch)
                writer.write(position.checksum)
                core.encode(into: &writer)
                writer.flush()
                if let error = stream.error { throw error }
                var header = ByteWriter()
                header.write(UInt64(writer.count - headerSize))
                header.write(stream.checksum)
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

    /// Reads the checkpoint for a daemon with this configuration and window.
    public static func read(folder: String, configuration: Configuration, window: Double?, jobs: Int) -> Outcome {
        let path = path(folder: folder)
        let bytes: [UInt8]
        do {
            bytes = try FileReader.read(path, limit: Int.max)
        } catch  where error.code == .notFound {
            return .absent
        } catch {
            return .unusable("cannot read it: \(error)")
        }
        return decode(bytes, configuration: configuration, window: window, jobs: jobs)
    }

    static func decode(_ bytes: [UInt8], configuration: Configuration, window: Double?, jobs: Int) -> Outcome {
        var header = ByteReader(bytes[...])
        guard let magic = try? header.read(UInt32.self), magic == Self.magic,
            let version = try? header.read(UInt32.self), let length = try? header.read(UInt64.self),
            let stored = try? header.read(UInt32.self)
        else { return .unusable("it is not a checkpoint") }
        guard version == formatVersion else {
            return .unusable("it has format version \(version), not \(formatVersion) (written by another release)")
        }
        guard length == UInt64(bytes.count - headerSize) else {
            return .unusable("it is \(bytes.count) bytes long, its header gives \(length) after the header")
        }
        let checksum = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[headerSize...])) }
        guard checksum == stored else { return .unusable("its checksum does not match (damaged)") }
        var reader = ByteReader(bytes[headerSize...])
        do throws(ByteReader.Truncated) {
            guard try reader.readString() == settings(configuration, window: window) else {
                return .unusable("it was taken under other engine options or another window")
            }
            let position = LogPosition(
                offset: Int(try reader.read(Int64.self)), batch: try reader.read(), checksum: try reader.read())
            let core = try WatchCore(configuration: configuration, window: window, jobs: jobs, decoding: &reader)
            guard reader.isAtEnd else { return .unusable("it has bytes after its end") }
            return .loaded(core, position)
        } catch {
            return .unusable("its content cannot be read (format version \(version))")
        }
    }

    /// The engine options and the window as one comparable text: a checkpoint is read only under the same ones.
    static func settings(_ configuration: Configuration, window: Double?) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let options = (try? encoder.encode(configuration)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return options + " window=" + (window.map { "\($0)" } ?? "none")
    }
}
