import NearDupCore
import NearDupIO

/// What the daemon knows of every document and file ingested, rebuilt from the state log at start-up; the
/// fingerprints are the index's (`WatchCore.index`).
struct WatchState {
    // In chunks: a checkpoint or a report shares these while it is written, and the next batch copies the last
    // chunk of each, not a million entries.
    var ids = ChunkedArray<String>()
    var origins = ChunkedArray<String>()
    var sequences = ChunkedArray<UInt64>()
    var ingestedAt = ChunkedArray<Double>()
    /// Each document's size in bytes and invalid UTF-8 sequences (from its fingerprint): a report's totals, without
    /// reading every fingerprint back.
    var byteCounts = ChunkedArray<Int32>()
    var invalidSequences = ChunkedArray<Int32>()
    /// Position of each document id in the arrays above.
    var indexOf = ShardedDictionary<String, Int>()
    var seen = Set<IngestionKey>()
    var ingestedFiles = 0
    var rejections: [SkippedInput] = []
    var nextSequence: UInt64 = 1
    var nextBatch: UInt64 = 1
    var lastIngest: Double?
    /// Salvages of a damaged log, oldest first.
    var damages: [StateDamageNote] = []
    /// Documents deleted on request: never in the index again.
    var removed = Set<String>()
    /// Documents posted over HTTP, by id.
    var submissions: [String: DocumentSubmission] = [:]

    mutating func apply(_ record: StateRecord) {
        switch record {
        case .document(let sequence, let id, let origin, let at, let fingerprint):
            ids.append(id)
            origins.append(origin)
            sequences.append(sequence)
            ingestedAt.append(at)
            byteCounts.append(Int32(clamping: fingerprint.byteCount))
            invalidSequences.append(Int32(clamping: fingerprint.invalidSequences))
            indexOf[id] = ids.count - 1
            nextSequence = max(nextSequence, sequence + 1)
            lastIngest = max(lastIngest ?? at, at)
        case .rejected(let origin, let reason, let message, _):
            rejections.append(
                SkippedInput(
                    origin: origin, id: nil, reason: SkippedInput.Reason(rawValue: reason) ?? .unreadable,
                    message: message))
        case .ingested(let name, let contentHash, _, let at):
            seen.insert(IngestionKey(name: name, contentHash: contentHash))
            ingestedFiles += 1
            lastIngest = max(lastIngest ?? at, at)
        case .commit(let batch, _):
            nextBatch = max(nextBatch, batch + 1)
        case .removed(let id, _):
            if indexOf[id] != nil { removed.insert(id) }
        case .submitted(let submission):
            submissions[submission.id] = submission
        case .damage(let note):
            damages.append(note)
            let advice =
                "its record was in a damaged part of the state log (\(note.batches)), set aside by a salvage; "
                + "the damaged original is kept as \(note.copy); re-send the file to ingest it again"
            var origins = Set<String>()
            for document in note.documents {
                origins.insert(Self.fileName(of: document.origin))
                rejections.append(
                    SkippedInput(origin: document.origin, id: document.id, reason: .lost, message: advice))
            }
            for file in note.files where !origins.contains(file.name) {
                rejections.append(SkippedInput(origin: file.name, id: nil, reason: .lost, message: advice))
            }
        }
    }

    /// `b.jsonl` for a JSON Lines origin `b.jsonl:12`; a file's own origin otherwise.
    static func fileName(of origin: String) -> String {
        guard let colon = origin.lastIndex(of: ":"), origin[origin.index(after: colon)...].allSatisfy(\.isNumber),
            origin.index(after: colon) != origin.endIndex
        else { return origin }
        return String(origin[..<colon])
    }

    /// A document id not used before (nor in `taken`, the ids of the batch being built): the file's own, or with
    /// `~2`, `~3`… for a new version under a used name.
    func uniqueID(_ base: String, taken: Set<String> = []) -> String {
        func used(_ id: String) -> Bool { indexOf[id] != nil || taken.contains(id) }
        guard used(base) else { return base }
        var suffix = 2
        while used("\(base)~\(suffix)") { suffix += 1 }
        return "\(base)~\(suffix)"
    }
}

extension WatchState {
    /// The version of `requestedID` posted with this text hash that `isLive` (in the index: not deleted, inside
    /// the window), if any: versions are `requestedID`, `requestedID~2`, … in ingestion order, so the walk stops at
    /// the first unused one.
    func version(of requestedID: String, contentHash: UInt64, isLive: (String) -> Bool) -> String? {
        var candidate = requestedID
        var suffix = 1
        while indexOf[candidate] != nil {
            if let submission = submissions[candidate], submission.requestedID == requestedID,
                submission.contentHash == contentHash, isLive(candidate)
            {
                return candidate
            }
            suffix += 1
            candidate = "\(requestedID)~\(suffix)"
        }
        return nil
    }
}
