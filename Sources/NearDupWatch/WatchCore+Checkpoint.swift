import NearDupCore

/// The state core in binary form, for the index checkpoint (`IndexCheckpoint`): the ingested documents' records,
/// the live index, and the cluster names.
extension WatchCore {
    /// The link tables of the index that a checkpoint holds, decoded apart (`IndexCheckpoint`).
    typealias LinkTables = LiveIndex<InMemoryCandidateStore>.LinkTables

    /// Writes the core; returns the offset in `writer` at which the index's link tables begin (the last part), so
    /// that a second thread can decode them while the first decodes the rest. Lets go of each table once it is
    /// written (see `LiveIndex.encode(into:)`): the daemon goes on taking batches while its checkpoint is written.
    @discardableResult
    consuming func encode(into writer: inout ByteWriter) -> Int {
        // Rebuilt on load.
        state.indexOf = ShardedDictionary()
        writer.write(Int64(windowStart))
        writer.write(state.ids)
        writer.write(state.origins)
        writer.write(state.sequences)
        writer.write(UInt32(state.ingestedAt.count))
        for time in state.ingestedAt { writer.write(time) }
        writer.write(state.byteCounts)
        writer.write(state.invalidSequences)
        writer.write(UInt32(state.seen.count))
        for key in state.seen {
            writer.write(key.name)
            writer.write(key.contentHash)
        }
        state.seen = []
        writer.write(Int64(state.ingestedFiles))
        writer.write(UInt32(state.rejections.count))
        for rejection in state.rejections {
            writer.write(rejection.origin)
            writer.write(rejection.id != nil)
            if let id = rejection.id { writer.write(id) }
            writer.write(rejection.reason.rawValue)
            writer.write(rejection.message)
        }
        writer.write(state.nextSequence)
        writer.write(state.nextBatch)
        writer.write(state.lastIngest)
        writer.write(UInt32(state.damages.count))
        for note in state.damages { note.encode(into: &writer) }
        writer.write(state.removed.sorted())
        writer.write(UInt32(state.submissions.count))
        for submission in state.submissions.values { submission.encode(into: &writer) }
        state = WatchState()
        writer.write(UInt32(tracker.names.count))
        for (document, cluster) in tracker.names {
            writer.write(document)
            writer.write(ClusterEngine.clusterID(hash: cluster))
        }
        tracker = ClusterTracker()
        var index = LiveIndex(configuration: configuration)
        swap(&index, &self.index)
        return (consume index).encode(into: &writer)
    }

    /// Reads what `encode(into:)` wrote, for a daemon with this configuration and window. With `fingerprints`, the
    /// index's fingerprints are read into a store like it (`LogFingerprints`: where each lies in the state log); in
    /// memory otherwise. With `links`, the reader ends where the index's link tables begin, and `links` gives them
    /// (decoded elsewhere meanwhile).
    init(
        configuration: Configuration, window: Double?, jobs: Int, decoding reader: inout ByteReader,
        fingerprints: LogFingerprints? = nil, links: (() throws(ByteReader.Truncated) -> LinkTables)? = nil
    ) throws(ByteReader.Truncated) {
        self.init(configuration: configuration, window: window, jobs: jobs)
        windowStart = Int(try reader.read(Int64.self))
        state.ids = ChunkedArray(try reader.readStrings())
        state.origins = ChunkedArray(try reader.readStrings())
        state.sequences = ChunkedArray(try reader.readArray(UInt64.self))
        state.ingestedAt = ChunkedArray(
            try reader.readCount().map { _ throws(ByteReader.Truncated) in try reader.readDouble() })
        state.byteCounts = ChunkedArray(try reader.readArray(Int32.self))
        state.invalidSequences = ChunkedArray(try reader.readArray(Int32.self))
        let count = state.ids.count
        guard state.origins.count == count, state.sequences.count == count, state.ingestedAt.count == count,
            state.byteCounts.count == count, state.invalidSequences.count == count, (0...count).contains(windowStart)
        else { throw ByteReader.Truncated() }
        let seen = try reader.readCount()
        state.seen.reserveCapacity(min(seen.count, reader.remaining / 12))
        for _ in seen {
            state.seen.insert(IngestionKey(name: try reader.readString(), contentHash: try reader.read()))
        }
        state.ingestedFiles = Int(try reader.read(Int64.self))
        state.rejections = try reader.readCount().map { _ throws(ByteReader.Truncated) in
            let origin = try reader.readString()
            let id = try reader.readBool() ? try reader.readString() : nil
            guard let reason = SkippedInput.Reason(rawValue: try reader.readString()) else {
                throw ByteReader.Truncated()
            }
            return SkippedInput(origin: origin, id: id, reason: reason, message: try reader.readString())
        }
        state.nextSequence = try reader.read()
        state.nextBatch = try reader.read()
        state.lastIngest = try reader.readOptionalDouble()
        state.damages = try reader.readCount().map { _ throws(ByteReader.Truncated) in
            try StateDamageNote.decode(from: &reader)
        }
        state.removed = Set(try reader.readStrings())
        for _ in try reader.readCount() {
            let submission = try DocumentSubmission(decoding: &reader)
            state.submissions[submission.id] = submission
        }
        let named = try reader.readCount()
        var names = ShardedDictionary<String, UInt64>(expectedCount: min(named.count, reader.remaining / 8))
        for _ in named {
            let document = try reader.readString()
            guard let cluster = ClusterEngine.clusterHash(try reader.readString()) else { throw ByteReader.Truncated() }
            names[document] = cluster
        }
        tracker = ClusterTracker(names: names)
        if let fingerprints {
            index = try LiveIndex(configuration: configuration, decodingDocuments: &reader) {
                reader throws(ByteReader.Truncated) in try LogFingerprints(decoding: &reader, like: fingerprints)
            }
        } else {
            index = try LiveIndex(configuration: configuration, decodingDocuments: &reader)
        }
        index.jobs = jobs
        state.indexOf = ShardedDictionary(expectedCount: count)
        for (position, id) in state.ids.enumerated() { state.indexOf[id] = position }
        for position in windowStart..<count where !state.removed.contains(state.ids[position]) {
            guard index.contains(state.ids[position]) else { throw ByteReader.Truncated() }
        }
        if let links { try index.adopt(try links()) } else { try index.adopt(try LinkTables(decoding: &reader)) }
    }
}
