import CZlib
import NearDupCore
import NearDupIO
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Where a daemon's live index keeps its documents' fingerprints (`--fingerprints`).
public enum FingerprintPlacement: String, Sendable, CaseIterable {
    /// In memory: the fastest batches, about 2.4 KB a document more.
    case memory
    /// Read back from the state log (`LogFingerprints`): about 30 % less memory and a faster start at a million
    /// documents, slower batches on a large index.
    case log
}

/// The live index's fingerprints, read back from the state log: the log already holds each document's fingerprint
/// durably in its record, so the index keeps only where the record lies (8 bytes a document instead of about 2.4 KB)
/// and decodes it when a batch, a query or a report needs it.
///
/// Headline-only flashes stay in memory: a story's lead is compared with every flash that shares a word with it, too
/// many reads for the log, and a flash's fingerprint is small. So does a fingerprint filed without a location. Recent
/// reads are kept in a small cache shared by copies of the store. A record read back must be intact (its CRC) and
/// the slot's document (a hash of its id): answers from a wrong fingerprint would break the index's contract. One
/// that is not (the log changed under the daemon, or the disk failed) stops the process with the reason, after
/// moving the checkpoint aside: a start from it would trust the same locations and stop again, while a start without
/// it reads the whole log, finds the damage and refuses or salvages it (`--on-damage`).
public struct LogFingerprints: FingerprintStore {
    /// The log the locations point into; a copy held by another thread keeps its file open after a compaction
    /// replaced it.
    let file: LogFile
    /// Per slot: the record's offset and length (`StateLog.location`), or 0.
    var locations = ChunkedArray<UInt64>()
    /// Per slot: the low 32 bits of the XXH64 of the document's id, checked against the record read back.
    var idHashes = ChunkedArray<UInt32>()
    /// Fingerprints kept in memory: flashes, and any filed without a location.
    var resident = ShardedDictionary<Int32, DocumentFingerprint>()
    /// Per slot, what a crowded paragraph bucket's decision reads of every owner (about 130 bytes a document):
    /// reading thousands of owners back from the log for each batch that touches such a bucket doubled the index's
    /// work per document at a million documents.
    var digests = ChunkedArray<ParagraphHashes>()
    var cache: FingerprintCache

    /// An empty store reading from the state log of `folder`.
    public init(folder: String, cacheSize: Int = FingerprintCache.defaultSize) throws(IOError) {
        file = try LogFile(path: folder + "/state.log")
        cache = FingerprintCache(size: cacheSize)
    }

    init(file: LogFile, cache: FingerprintCache) {
        self.file = file
        self.cache = cache
    }

    public var count: Int { locations.count }

    public subscript(_ slot: Int) -> DocumentFingerprint {
        let location = locations[slot]
        guard location != 0 else {
            return resident[Int32(slot)] ?? LiveIndex<InMemoryCandidateStore>.emptyFingerprint
        }
        if let cached = cache[location] { return cached }
        let fingerprint = file.fingerprint(at: location, idHash: idHashes[slot])
        cache[location] = fingerprint
        return fingerprint
    }

    static func idHash(_ id: String) -> UInt32 { UInt32(truncatingIfNeeded: XXHash64.hash(id)) }

    public func paragraph(_ paragraph: Int, of slot: Int) -> (hash: UInt64, isHeadline: Bool) {
        let digest = digests[slot]
        return (digest.hashes[paragraph], digest.isHeadline(paragraph))
    }

    /// The same store with a small cache of its own: a report reads every document once or twice, which would
    /// only push the index's recent reads out of the shared cache, and contend for its lock.
    public func detached() -> any FingerprintStore {
        var copy = self
        copy.cache = FingerprintCache(size: 64)
        return copy
    }

    public mutating func keep(_ fingerprint: DocumentFingerprint, of id: String, location: UInt64?, at slot: Int) {
        if slot == locations.count {
            locations.append(0)
            idHashes.append(0)
            digests.append(Self.noParagraphs)
        }
        digests[slot] = ParagraphHashes(fingerprint)
        idHashes[slot] = Self.idHash(id)
        if let location, !fingerprint.isHeadlineOnly {
            locations[slot] = location
            resident[Int32(slot)] = nil
        } else {
            locations[slot] = 0
            resident[Int32(slot)] = fingerprint
        }
    }

    public mutating func release(_ slot: Int) {
        locations[slot] = 0
        resident[Int32(slot)] = nil
        digests[slot] = Self.noParagraphs
    }

    static let noParagraphs = ParagraphHashes(hashes: [], headlineFirst: false)

    /// Tags of a slot in the checkpoint.
    private enum Kept: UInt8 {
        case nothing = 0
        case logged = 1
        case resident = 2
    }

    /// The first byte of the encoding (`InMemoryFingerprints` writes another).
    static let encodingKind: UInt8 = 2

    public func encode(into writer: inout ByteWriter) {
        writer.write(Self.encodingKind)
        writer.write(UInt32(locations.count))
        for slot in locations.indices {
            if locations[slot] != 0 {
                writer.write(Kept.logged.rawValue)
                writer.write(locations[slot])
                writer.write(idHashes[slot])
                writer.write(digests[slot].headlineFirst)
                writer.write(digests[slot].hashes)
            } else if let fingerprint = resident[Int32(slot)] {
                writer.write(Kept.resident.rawValue)
                FingerprintCoding.encode(fingerprint, into: &writer)
            } else {
                writer.write(Kept.nothing.rawValue)
            }
        }
    }

    /// Reads what `encode(into:)` wrote, for the log `store` reads from. The records are not read here: the
    /// checkpoint is used only when its log position says the log still holds them (a log rewritten since is not
    /// read through these locations).
    public init(decoding reader: inout ByteReader, like store: LogFingerprints) throws(ByteReader.Truncated) {
        self.init(file: store.file, cache: store.cache)
        guard try reader.read(UInt8.self) == Self.encodingKind else { throw ByteReader.Truncated() }
        for slot in try reader.readCount() {
            switch Kept(rawValue: try reader.read(UInt8.self)) {
            case .nothing:
                locations.append(0)
                idHashes.append(0)
                digests.append(Self.noParagraphs)
            case .logged:
                let location: UInt64 = try reader.read()
                guard StateLog.frame(of: location).length > 0 else { throw ByteReader.Truncated() }
                locations.append(location)
                idHashes.append(try reader.read())
                let headlineFirst = try reader.readBool()
                digests.append(ParagraphHashes(hashes: try reader.readArray(), headlineFirst: headlineFirst))
            case .resident:
                locations.append(0)
                idHashes.append(0)
                let fingerprint = try FingerprintCoding.decode(from: &reader)
                resident[Int32(slot)] = fingerprint
                digests.append(ParagraphHashes(fingerprint))
            case nil:
                throw ByteReader.Truncated()
            }
        }
    }

    /// The same fingerprints in a log rewritten by a compaction: `moved` gives each slot's new location (nil for a
    /// slot that keeps none), read from `file`.
    func relocated(to file: LogFile, moved: (Int) -> UInt64?) -> LogFingerprints {
        var store = LogFingerprints(file: file, cache: FingerprintCache(size: cache.size))
        store.resident = resident
        store.digests = digests
        store.idHashes = idHashes
        for slot in locations.indices {
            store.locations.append(locations[slot] == 0 ? 0 : moved(slot) ?? 0)
            if locations[slot] != 0 && store.locations[slot] == 0 {
                // Not in the new log (it cannot happen while the index holds the document; kept regardless).
                store.resident[Int32(slot)] = self[slot]
            }
        }
        return store
    }
}

/// The state log opened for reading fingerprints back; closed when the last store holding it goes.
final class LogFile: Sendable {
    let path: String
    let descriptor: Int32

    init(path: String) throws(IOError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code: IOError.Code = errno == ENOENT ? .notFound : .unreadable
            let reason = String(cString: strerror(errno))
            throw IOError(code, path: path, "cannot open to read fingerprints: \(reason)")
        }
    }

    deinit { close(descriptor) }

    /// The fingerprint of the document record at `location`, whose id has this hash (`LogFingerprints.idHash`); a
    /// record that does not read back moves the checkpoint aside and stops the process (see `LogFingerprints`).
    func fingerprint(at location: UInt64, idHash: UInt32) -> DocumentFingerprint {
        do {
            return try read(at: location, idHash: idHash)
        } catch {
            let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
            let aside = "state.checkpoint.distrusted-" + UTCTime(StateLog.currentTime()).stamp
            let moved = rename(folder + "/state.checkpoint", folder + "/" + aside) == 0
            let next =
                moved
                ? "The checkpoint was moved aside as \(aside): the next start"
                : "A start without state.checkpoint"
            fatalError(
                """
                \(error). The state log was changed by another process or the disk failed. \(next) reads the whole \
                log and refuses or salvages its damage (--on-damage).
                """)
        }
    }

    /// The fingerprint of the document record at `location`, or why it cannot be read: the bytes there must be an
    /// intact document record (its CRC checked) of exactly the recorded length.
    func read(at location: UInt64, idHash: UInt32? = nil) throws(IOError) -> DocumentFingerprint {
        let (offset, length) = StateLog.frame(of: location)
        func failure(_ reason: String) -> IOError {
            IOError(.unreadable, path: path, "cannot read a document's fingerprint back at offset \(offset): \(reason)")
        }
        var bytes = [UInt8](repeating: 0, count: length)
        switch bytes.withUnsafeMutableBytes({ FileReader.fill($0, from: descriptor, at: offset, path: path) }) {
        case .failure(let error): throw failure(error.message)
        case .success(let count) where count < length: throw failure("the log ends before the record does")
        case .success: break
        }
        let frame = bytes.withUnsafeBytes { StateLogScan.frame(in: $0, at: 0) }
        guard case .valid(.document(_, let id, _, _, let fingerprint), let end) = frame, end == length else {
            throw failure("the bytes there are not an intact document record")
        }
        guard idHash.map({ LogFingerprints.idHash(id) == $0 }) ?? true else {
            throw failure("the record there is another document's (\(id))")
        }
        return fingerprint
    }
}

/// Fingerprints read from the log lately, by location (a location names one record, whatever slot holds it), in a
/// table of `size` entries where a newer read replaces an older one in its place.
public final class FingerprintCache: Sendable {
    /// Entries: at about 2.4 KB a fingerprint of a 270-word document, 40 MB when full.
    public static let defaultSize = 16_384
    let size: Int
    private let entries: Mutex<[(location: UInt64, fingerprint: DocumentFingerprint)?]>

    init(size: Int) {
        self.size = max(1, size)
        entries = Mutex(Array(repeating: nil, count: max(1, size)))
    }

    subscript(location: UInt64) -> DocumentFingerprint? {
        get {
            let place = Int(truncatingIfNeeded: StableMix.finalize(location) % UInt64(size))
            return entries.withLock { entries in
                entries[place].flatMap { $0.location == location ? $0.fingerprint : nil }
            }
        }
        set {
            guard let newValue else { return }
            let place = Int(truncatingIfNeeded: StableMix.finalize(location) % UInt64(size))
            entries.withLock { $0[place] = (location, newValue) }
        }
    }
}
