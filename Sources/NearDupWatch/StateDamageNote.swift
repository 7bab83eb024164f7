import NearDupCore
import NearDupIO

/// The account of one salvage: where the damaged original was kept and what could not be kept.
public struct StateDamageNote: Sendable, Equatable {
    /// When the log was salvaged (seconds since 1970).
    public var at: Double
    /// File name of the untouched copy of the damaged log, beside `state.log`.
    public var copy: String
    /// Bytes that could not be read as records.
    public var damagedBytes: Int
    /// The lost batches in words, e.g. "batches 3-4, and an unnumbered batch at the end".
    public var batches: String
    /// Documents recorded in the lost batches (as far as their records could be read).
    public var documents: [LostDocument]
    /// Exactly-once keys of the lost batches: files the daemon will take again if they are re-sent.
    public var files: [IngestionKey]

    public init(
        at: Double, copy: String, damagedBytes: Int, batches: String, documents: [LostDocument],
        files: [IngestionKey]
    ) {
        self.at = at
        self.copy = copy
        self.damagedBytes = damagedBytes
        self.batches = batches
        self.documents = documents
        self.files = files
    }

    func encode(into writer: inout ByteWriter) {
        writer.write(at)
        writer.write(copy)
        writer.write(Int64(damagedBytes))
        writer.write(batches)
        writer.write(UInt32(documents.count))
        for document in documents {
            writer.write(document.id)
            writer.write(document.origin)
        }
        writer.write(UInt32(files.count))
        for file in files {
            writer.write(file.name)
            writer.write(file.contentHash)
        }
    }

    static func decode(from reader: inout ByteReader) throws(ByteReader.Truncated) -> StateDamageNote {
        let at = try reader.readDouble()
        let copy = try reader.readString()
        let damagedBytes = Int(try reader.read(Int64.self))
        let batches = try reader.readString()
        var documents: [LostDocument] = []
        for _ in 0..<Int(try reader.read(UInt32.self)) {
            documents.append(LostDocument(id: try reader.readString(), origin: try reader.readString()))
        }
        var files: [IngestionKey] = []
        for _ in 0..<Int(try reader.read(UInt32.self)) {
            files.append(IngestionKey(name: try reader.readString(), contentHash: try reader.read()))
        }
        return StateDamageNote(
            at: at, copy: copy, damagedBytes: damagedBytes, batches: batches, documents: documents, files: files)
    }
}
