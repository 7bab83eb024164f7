import NearDupCore
import NearDupIO

/// Identifies one delivery of an input file: its name in the inbox and a hash of its bytes. A file is ingested
/// once per key, whatever happens to the daemon.
public struct IngestionKey: Hashable, Sendable {
    public var name: String
    public var contentHash: UInt64

    public init(name: String, contentHash: UInt64) {
        self.name = name
        self.contentHash = contentHash
    }
}

/// One record of the state log.
public enum StateRecord: Sendable, Equatable {
    /// A clustered document: its ingestion sequence number, id, origin and fingerprint.
    case document(sequence: UInt64, id: String, origin: String, ingestedAt: Double, fingerprint: DocumentFingerprint)
    /// An input (file or JSON Lines record) that did not become a document.
    case rejected(origin: String, reason: String, message: String, at: Double)
    /// A file fully processed: the exactly-once marker.
    case ingested(name: String, contentHash: UInt64, size: Int, at: Double)
    /// The end of a batch: records after the last commit are discarded on recovery.
    case commit(batch: UInt64, at: Double)
    /// What a salvage of a damaged log set aside: kept in the log so that status and reports go on saying it.
    case damage(StateDamageNote)
    /// A document taken out of the index on request (`DELETE /v1/documents/{id}`); its id is not used again.
    case removed(id: String, at: Double)
    /// Where a document posted over HTTP came from: the id the client gave, a hash of the text it sent (so that the
    /// same id with the same text is recognised), and its optional attributes. Follows the document's record.
    case submitted(DocumentSubmission)

    static let knownTags: ClosedRange<UInt8> = 1...7

    var tag: UInt8 {
        switch self {
        case .document: 1
        case .rejected: 2
        case .ingested: 3
        case .commit: 4
        case .damage: 5
        case .removed: 6
        case .submitted: 7
        }
    }

    func encodePayload(into writer: inout ByteWriter) {
        switch self {
        case .document(let sequence, let id, let origin, let ingestedAt, let fingerprint):
            writer.write(sequence)
            writer.write(id)
            writer.write(origin)
            writer.write(ingestedAt)
            FingerprintCoding.encode(fingerprint, into: &writer)
        case .rejected(let origin, let reason, let message, let at):
            writer.write(origin)
            writer.write(reason)
            writer.write(message)
            writer.write(at)
        case .ingested(let name, let contentHash, let size, let at):
            writer.write(name)
            writer.write(contentHash)
            writer.write(Int64(size))
            writer.write(at)
        case .commit(let batch, let at):
            writer.write(batch)
            writer.write(at)
        case .damage(let note):
            note.encode(into: &writer)
        case .removed(let id, let at):
            writer.write(id)
            writer.write(at)
        case .submitted(let submission):
            submission.encode(into: &writer)
        }
    }

    static func decode(tag: UInt8, _ reader: inout ByteReader) throws(ByteReader.Truncated) -> StateRecord {
        switch tag {
        case 1:
            return .document(
                sequence: try reader.read(), id: try reader.readString(), origin: try reader.readString(),
                ingestedAt: try reader.readDouble(), fingerprint: try FingerprintCoding.decode(from: &reader))
        case 2:
            return .rejected(
                origin: try reader.readString(), reason: try reader.readString(), message: try reader.readString(),
                at: try reader.readDouble())
        case 3:
            return .ingested(
                name: try reader.readString(), contentHash: try reader.read(), size: Int(try reader.read(Int64.self)),
                at: try reader.readDouble())
        case 4:
            return .commit(batch: try reader.read(), at: try reader.readDouble())
        case 5:
            return .damage(try StateDamageNote.decode(from: &reader))
        case 6:
            return .removed(id: try reader.readString(), at: try reader.readDouble())
        case 7:
            return .submitted(try DocumentSubmission(decoding: &reader))
        default:
            throw ByteReader.Truncated()
        }
    }
}

/// What the HTTP API records beside a document it was sent.
public struct DocumentSubmission: Sendable, Equatable {
    /// The document's id in the index: the requested id, or `id~2`, `id~3`… for a new text under a used id.
    public var id: String
    /// The id the client sent.
    public var requestedID: String
    /// XXH64 of the text's UTF-8 bytes.
    public var contentHash: UInt64
    public var source: String?
    public var publishedAt: String?

    public init(id: String, requestedID: String, contentHash: UInt64, source: String?, publishedAt: String?) {
        self.id = id
        self.requestedID = requestedID
        self.contentHash = contentHash
        self.source = source
        self.publishedAt = publishedAt
    }

    func encode(into writer: inout ByteWriter) {
        writer.write(id)
        writer.write(requestedID)
        writer.write(contentHash)
        for text in [source, publishedAt] {
            writer.write(text != nil)
            if let text { writer.write(text) }
        }
    }

    init(decoding reader: inout ByteReader) throws(ByteReader.Truncated) {
        id = try reader.readString()
        requestedID = try reader.readString()
        contentHash = try reader.read()
        source = try reader.readBool() ? try reader.readString() : nil
        publishedAt = try reader.readBool() ? try reader.readString() : nil
    }
}
