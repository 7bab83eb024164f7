/// Where a live index keeps its documents' fingerprints, by slot.
///
/// In memory by default (`InMemoryFingerprints`). A daemon whose state log already holds every fingerprint durably
/// keeps only where each one lies in the log and reads it back when a batch needs it: at a million documents the
/// fingerprints are about 2.4 GB, a third of the index's memory, and a third of what a restart decodes.
public protocol FingerprintStore: Sendable {
    /// The fingerprint kept in `slot` (`LiveIndex.emptyFingerprint` for a slot that keeps none).
    subscript(_ slot: Int) -> DocumentFingerprint { get }
    /// Slots, free ones included.
    var count: Int { get }
    /// Keeps the fingerprint of document `id` in `slot` (`count` appends a slot). `location` says where the caller
    /// keeps the same fingerprint durably, in a form the store understands; nil when it is kept nowhere else.
    mutating func keep(_ fingerprint: DocumentFingerprint, of id: String, location: UInt64?, at slot: Int)
    /// Lets go of the fingerprint in `slot`: its document left the index.
    mutating func release(_ slot: Int)
    /// The store's content for a checkpoint, read back by the store's own decoder.
    func encode(into writer: inout ByteWriter)
    /// The content hash of paragraph `paragraph` of the document in `slot`, and whether it is the headline
    /// (`Verifier.isHeadline`): what a crowded paragraph bucket's decision reads of each of its thousands of
    /// owners (a store elsewhere keeps these in memory).
    func paragraph(_ paragraph: Int, of slot: Int) -> (hash: UInt64, isHeadline: Bool)
    /// A copy for another thread's long read (a report of every document), which must not slow the index's reads:
    /// a store with a cache gives the copy one of its own.
    func detached() -> any FingerprintStore
    /// Whether a read costs no more than an array access: the index then reads the store directly, without
    /// keeping a batch's fingerprints aside or reading each document once per verification.
    var readsFromMemory: Bool { get }
}

extension FingerprintStore {
    public func paragraph(_ paragraph: Int, of slot: Int) -> (hash: UInt64, isHeadline: Bool) {
        self[slot].bucketKey(ofParagraph: paragraph)
    }
    public func detached() -> any FingerprintStore { self }
    public var readsFromMemory: Bool { false }
}

extension DocumentFingerprint {
    /// What deciding a paragraph bucket over the limit reads of an owner's paragraph: its content hash, and whether
    /// it is the document's headline.
    func bucketKey(ofParagraph paragraph: Int) -> (hash: UInt64, isHeadline: Bool) {
        (paragraphs[paragraph].contentHash, Verifier.isHeadline(self, paragraph: paragraph))
    }
}

/// The content hashes of a document's evidence paragraphs, and whether the first of them is its headline
/// (`Verifier.isHeadline`): what deciding a paragraph bucket over the limit reads of each owner.
public struct ParagraphHashes: Sendable, Equatable {
    public var hashes: [UInt64]
    public var headlineFirst: Bool

    public init(_ fingerprint: DocumentFingerprint) {
        hashes = fingerprint.paragraphs.map(\.contentHash)
        headlineFirst = !fingerprint.paragraphs.isEmpty && Verifier.isHeadline(fingerprint, paragraph: 0)
    }

    public init(hashes: [UInt64], headlineFirst: Bool) {
        self.hashes = hashes
        self.headlineFirst = headlineFirst
    }

    /// Whether paragraph `index` is the headline (`Verifier.isHeadline`: only the first paragraph can be).
    public func isHeadline(_ index: Int) -> Bool { index == 0 && headlineFirst }
}

/// Fingerprints held in memory, in chunks (`ChunkedArray`): a copy of the index shares them, and a later change
/// copies one chunk.
public struct InMemoryFingerprints: FingerprintStore {
    var fingerprints = ChunkedArray<DocumentFingerprint>()

    public init() {}

    public subscript(_ slot: Int) -> DocumentFingerprint { fingerprints[slot] }

    public var count: Int { fingerprints.count }

    public var readsFromMemory: Bool { true }

    public mutating func keep(_ fingerprint: DocumentFingerprint, of id: String, location: UInt64?, at slot: Int) {
        if slot == fingerprints.count {
            fingerprints.append(fingerprint)
        } else {
            fingerprints[slot] = fingerprint
        }
    }

    public mutating func release(_ slot: Int) {
        fingerprints[slot] = LiveIndex<InMemoryCandidateStore>.emptyFingerprint
    }

    /// The first byte of the encoding: a checkpoint of another store is not read as this one.
    static let encodingKind: UInt8 = 1

    public func encode(into writer: inout ByteWriter) {
        writer.write(Self.encodingKind)
        writer.write(UInt32(fingerprints.count))
        for fingerprint in fingerprints { FingerprintCoding.encode(fingerprint, into: &writer) }
    }

    /// Reads what `encode(into:)` wrote.
    public init(decoding reader: inout ByteReader) throws(ByteReader.Truncated) {
        guard try reader.read(UInt8.self) == Self.encodingKind else { throw ByteReader.Truncated() }
        for _ in try reader.readCount() { fingerprints.append(try FingerprintCoding.decode(from: &reader)) }
    }
}
