import Foundation
import NearDupCore
import NearDupIO
import NearDupTestSupport
import Testing

@testable import NearDupWatch

/// The daemon's state core, in-process with an injected clock.
@Suite("Watch core")
struct WatchCoreTests {
    static let seeds: [(id: String, text: String)] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpora/seeds")
        return (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".txt") }
            .sorted().map {
                (
                    String($0.dropLast(4)),
                    (try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) ?? ""
                )
            } ?? []
    }()

    static func records(
        _ documents: [(id: String, text: String)], from sequence: UInt64, batch: UInt64, at time: Double
    )
        -> [StateRecord]
    {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        return documents.enumerated().map { offset, document in
            StateRecord.document(
                sequence: sequence + UInt64(offset), id: document.id, origin: document.id + ".txt", ingestedAt: time,
                fingerprint: fingerprinter.fingerprint(document.text))
        } + [.commit(batch: batch, at: time)]
    }

    @Test func aBatchGivesItsEventsAndAReprintJoinsItsStory() throws {
        try #require(Self.seeds.count == 5)
        var core = WatchCore(configuration: Configuration(), window: nil)
        let first = core.commit(Self.records(Array(Self.seeds[0..<4]), from: 1, batch: 1, at: 100), now: 100)
        #expect(first.filter { if case .added = $0 { true } else { false } }.count == 4)
        let second = core.commit(Self.records([Self.seeds[4]], from: 5, batch: 2, at: 101), now: 101)
        let bbc = ClusterEngine.clusterID(Self.seeds[3].id)
        // 004 has more words than 003: it becomes the canonical member of the BBC story.
        #expect(second == [.added(document: Self.seeds[4].id, cluster: bbc, kind: "canonical", at: 101)])
        #expect(core.clusterCount == 4)
        #expect(core.activeDocuments == 5)
        let report = core.snapshot().report(createdAt: "now")
        #expect(report.input.documents == 5)
        #expect(report.clusters.contains { $0.id == bbc && $0.size == 2 })
        // A report names the documents' clusters without building them, under the tracker's names: the BBC story's
        // is named after 003, its first member, though 004 is now canonical.
        let snapshot = core.snapshot()
        let ids = Array(snapshot.ids)
        let clusters = WatchSnapshot.Clusters(
            clusters: snapshot.clustering.outline(order: ids).clusters, ids: ids, names: snapshot.clusterNames)
        let memberships = clusters.memberships(documents: ids.count)
        #expect(memberships.ids == clusters.map(\.id))
        #expect(memberships.ids.contains(bbc))
        let clusterOf = ids.indices.map { position in
            Int32(clusters.firstIndex { $0.members.contains { $0.document == position } } ?? -1)
        }
        #expect(memberships.clusterOf == clusterOf)
    }

    /// A snapshot is the state when it was taken: batches after it (and evictions) do not change the report built
    /// from it later on another thread.
    @Test func aSnapshotIsNotChangedByLaterBatches() throws {
        try #require(Self.seeds.count == 5)
        var core = WatchCore(configuration: Configuration(), window: 50)
        _ = core.commit(Self.records(Array(Self.seeds[0..<3]), from: 1, batch: 1, at: 100), now: 100)
        let snapshot = core.snapshot()
        let before = snapshot.report(createdAt: "x")
        _ = core.commit(Self.records(Array(Self.seeds[3..<5]), from: 4, batch: 2, at: 120), now: 120)
        _ = core.evict(now: 160)
        #expect(core.activeDocuments == 2)
        let later = snapshot.report(createdAt: "x")
        #expect(later.input.documents == 3)
        #expect(later.partition == before.partition)
        #expect(core.snapshot().report(createdAt: "x").input.documents == 2)
    }

    /// A checkpoint goes to its file in pieces as it is encoded: cut into pieces of 7 bytes (so that the header,
    /// every array and the checksum's start are split) it is the same file as in one piece, and it loads back to the
    /// same clusters at the same log position.
    @Test func aCheckpointWrittenInPiecesIsTheSameFile() throws {
        try #require(Self.seeds.count == 5)
        var core = WatchCore(configuration: Configuration(), window: nil)
        _ = core.commit(Self.records(Self.seeds, from: 1, batch: 1, at: 100), now: 100)
        let position = LogPosition(offset: 4096, batch: 1, checksum: 77)
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        var files: [[UInt8]] = []
        for (name, pieceSize) in [("small", 7), ("whole", 1 << 30)] {
            let folder = base.appendingPathComponent(name).path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let size = try IndexCheckpoint.write(core, position: position, folder: folder, pieceSize: pieceSize)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: IndexCheckpoint.path(folder: folder))))
            #expect(bytes.count == size)
            files.append(bytes)
            guard
                case .loaded(let loaded, let at) = IndexCheckpoint.read(
                    folder: folder, configuration: Configuration(), window: nil, jobs: 1)
            else {
                Issue.record("the checkpoint written in pieces of \(pieceSize) does not load")
                continue
            }
            #expect(at == position)
            #expect(
                loaded.snapshot().report(createdAt: "x").partition == core.snapshot().report(createdAt: "x").partition)
        }
        #expect(files[0] == files[1])
    }

    /// A checkpoint that cannot be trusted says why and loads nothing: cut short, one byte changed anywhere (the
    /// checksum, read beside the decoding, refuses it whatever the decoders made of it), another magic, another
    /// format, other options, a link-table offset outside the file or off its place, and a payload with a sound
    /// checksum that decodes short or leaves bytes over.
    @Test func anUntrustworthyCheckpointSaysWhy() throws {
        var core = WatchCore(configuration: Configuration(), window: nil)
        _ = core.commit(Self.records(Self.seeds, from: 1, batch: 1, at: 100), now: 100)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try IndexCheckpoint.write(core, position: LogPosition(offset: 1, batch: 1, checksum: 1), folder: folder.path)
        let file = URL(fileURLWithPath: IndexCheckpoint.path(folder: folder.path))
        let good = try Data(contentsOf: file)
        func outcome(_ bytes: Data, _ configuration: Configuration = Configuration()) throws -> String {
            try bytes.write(to: file)
            switch IndexCheckpoint.read(folder: folder.path, configuration: configuration, window: nil, jobs: 1) {
            case .loaded: return "loaded"
            case .absent: return "absent"
            case .unusable(let reason): return reason
            }
        }
        let headerSize = IndexCheckpoint.headerSize
        #expect(headerSize == 28)
        let payload = good.dropFirst(headerSize)
        // Where the link tables begin, from the payload's start.
        var header = ByteReader(Array(good.prefix(headerSize))[20...])
        let linksAt = Int(try header.read(UInt64.self)) - headerSize
        #expect(linksAt > 0 && linksAt < payload.count)
        /// `payload` behind a header with its true length and checksum, and its link tables at `links` (their place
        /// in `good` shifted by how much longer the payload is).
        func sealed(_ payload: Data, links: Int? = nil) -> Data {
            var header = ByteWriter()
            header.write(IndexCheckpoint.magic)
            header.write(IndexCheckpoint.formatVersion)
            header.write(UInt64(payload.count))
            let shift = payload.count - (good.count - headerSize)
            let offset = headerSize + (links ?? linksAt + shift)
            header.write(IndexCheckpoint.checksum(payload.withUnsafeBytes { CRC32.checksum($0) }, links: offset))
            header.write(UInt64(offset))
            return Data(header.bytes) + payload
        }
        #expect(try outcome(good) == "loaded")
        #expect(try outcome(sealed(payload)) == "loaded")
        for cut in [0, 3, 27, 28, good.count / 2, good.count - 1] {
            let reason = try outcome(good.prefix(cut))
            #expect(cut < 28 ? reason == "it is not a checkpoint" : reason.contains("bytes long"), "cut at \(cut)")
        }
        // The link tables' place: outside the file, or a byte off either way.
        #expect(try outcome(sealed(payload, links: payload.count + 1)).hasPrefix("its header puts the link tables at"))
        #expect(try outcome(sealed(payload, links: linksAt - 1)).hasPrefix("its content cannot be read"))
        #expect(try outcome(sealed(payload, links: linksAt + 1)).hasPrefix("its content cannot be read"))
        for position in stride(from: 20, to: good.count, by: max(1, good.count / 40)) {
            var damaged = good
            damaged[position] ^= 0x41
            #expect(try outcome(damaged) == "its checksum does not match (damaged)", "byte \(position)")
        }
        var damaged = good
        damaged[0] ^= 1
        #expect(try outcome(damaged) == "it is not a checkpoint")
        damaged = good
        damaged[4] = UInt8(IndexCheckpoint.formatVersion - 1)
        #expect(try outcome(damaged).contains("format version \(IndexCheckpoint.formatVersion - 1), not"))
        var other = Configuration()
        other.threshold = 0.6
        #expect(try outcome(good, other).contains("other engine options"))
        // Decided under other evidence rules: its clusters would keep decisions this release does not make.
        try IndexCheckpoint.write(
            core, position: LogPosition(offset: 1, batch: 1, checksum: 1), folder: folder.path,
            rules: EvidenceRules.revision - 1)
        let earlier = try Data(contentsOf: file)
        #expect(
            try outcome(earlier)
                == "its clusters were decided under other evidence rules (revision \(EvidenceRules.revision - 1), "
                + "this release has \(EvidenceRules.revision))")
        #expect(try outcome(earlier, other).contains("other engine options"))
        // Written before revisions were recorded: the settings end at the window.
        var reader = ByteReader(payload.map { $0 }[...])
        let settings = try reader.readString()
        #expect(settings.hasSuffix(" rules=\(EvidenceRules.revision)"))
        var unrecorded = ByteWriter()
        unrecorded.write(IndexCheckpoint.settings(Configuration(), window: nil))
        let rest = payload.dropFirst(payload.count - reader.remaining)
        #expect(
            try outcome(sealed(Data(unrecorded.bytes) + rest))
                == "its clusters were decided under other evidence rules (none recorded, this release has "
                + "\(EvidenceRules.revision))")
        #expect(try outcome(sealed(payload.dropLast(), links: linksAt)).hasPrefix("its content cannot be read"))
        #expect(try outcome(sealed(payload + [0], links: linksAt)) == "it has bytes after its end")
        // A file that ends before its header says, or whose reading fails, as a source tells it.
        switch IndexCheckpoint.header(size: good.count, source: { _ in 0 }) {
        case .unusable(let reason): #expect(reason == "it is not a checkpoint")
        case .sound: Issue.record("a header read from nothing")
        }
        var handed = 0
        var summed: UInt32?
        let half: ByteReader.Source = { buffer in
            let count = min(buffer.count, good.count / 2 - handed)
            good.withUnsafeBytes {
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[handed..<(handed + count)]))
            }
            handed += count
            return count
        }
        let short = IndexCheckpoint.checksumProblem(length: good.count, source: half) { summed = $0 }
        #expect(summed == nil)
        #expect(short == "it is shorter than its header says")
    }

    /// A checkpoint that cannot be written is an error with the path, not a crash, and leaves no file behind.
    @Test func aCheckpointThatCannotBeWrittenIsAnError() throws {
        var core = WatchCore(configuration: Configuration(), window: nil)
        _ = core.commit(Self.records(Array(Self.seeds.prefix(2)), from: 1, batch: 1, at: 100), now: 100)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString)").path
        #expect(throws: IOError.self) {
            try IndexCheckpoint.write(core, position: LogPosition(offset: 0, batch: 1, checksum: 0), folder: folder)
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func theWindowEvictsByTheInjectedClock() throws {
        try #require(Self.seeds.count == 5)
        var core = WatchCore(configuration: Configuration(), window: 10)
        _ = core.commit(Self.records(Array(Self.seeds[3..<5]), from: 1, batch: 1, at: 100), now: 100)
        #expect(core.evict(now: 105).isEmpty)
        let events = core.evict(now: 111)
        #expect(events.count == 2)
        #expect(events.allSatisfy { if case .evicted = $0 { true } else { false } })
        #expect(core.activeDocuments == 0)
        #expect(core.documents == 2)
    }

    /// Also when the log is replayed in batches (one document each, two): the clusters and their ids are those of
    /// the daemon that wrote the log.
    @Test(arguments: [50_000, 2, 1])
    func loadingTheLogRebuildsTheSameClustersSilently(replayBatch: Int) throws {
        try #require(Self.seeds.count == 5)
        let records =
            Self.records(Array(Self.seeds[0..<3]), from: 1, batch: 1, at: 100)
            + Self.records(Array(Self.seeds[3..<5]), from: 4, batch: 2, at: 101)
        var live = WatchCore(configuration: Configuration(), window: nil)
        _ = live.commit(Array(records[0..<4]), now: 100)
        _ = live.commit(Array(records[4...]), now: 101)
        var restarted = WatchCore(configuration: Configuration(), window: nil)
        restarted.replayBatch = replayBatch
        restarted.load(records, now: 200)
        #expect(restarted.tracker.names == live.tracker.names)
        #expect(
            restarted.snapshot().report(createdAt: "x").partition == live.snapshot().report(createdAt: "x").partition)
    }

    /// The records of one posted document: its document record and its submission.
    static func posted(
        _ id: String, requested: String, text: String, sequence: UInt64, at time: Double
    ) -> [StateRecord] {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        return [
            .document(
                sequence: sequence, id: id, origin: "(http)", ingestedAt: time,
                fingerprint: fingerprinter.fingerprint(text)),
            .submitted(
                DocumentSubmission(
                    id: id, requestedID: requested, contentHash: XXHash64.hash(Array(text.utf8)), source: "wire",
                    publishedAt: nil)),
        ]
    }

    @Test func aDeletionLeavesTheIndexSurvivesACheckpointAndKeepsItsID() throws {
        try #require(Self.seeds.count == 5)
        var core = WatchCore(configuration: Configuration(), window: nil)
        _ = core.commit(Self.records(Array(Self.seeds[3..<5]), from: 1, batch: 1, at: 100), now: 100)
        let bbc = ClusterEngine.clusterID(Self.seeds[3].id)
        #expect(core.cluster(named: bbc)?.members.count == 2)
        let events = core.commit([.removed(id: Self.seeds[3].id, at: 101), .commit(batch: 2, at: 101)], now: 101)
        #expect(events.contains(.deleted(document: Self.seeds[3].id, cluster: bbc, at: 101)))
        #expect(core.activeDocuments == 1)
        #expect(core.document(Self.seeds[3].id)?.deleted == true)
        // The cluster was named after the deleted member: what is left has a new name, the old one is gone.
        #expect(core.cluster(named: bbc) == nil)
        #expect(core.clusterName(of: Self.seeds[4].id) == ClusterEngine.clusterID(Self.seeds[4].id))
        #expect(core.uniqueID(Self.seeds[3].id) == Self.seeds[3].id + "~2")
        // Through a checkpoint's encoding and a replay of the log alike.
        var writer = ByteWriter()
        core.encode(into: &writer)
        var reader = ByteReader(writer.bytes[...])
        let decoded = try WatchCore(configuration: Configuration(), window: nil, jobs: 1, decoding: &reader)
        #expect(decoded.activeDocuments == 1 && decoded.document(Self.seeds[3].id)?.deleted == true)
        var replayed = WatchCore(configuration: Configuration(), window: nil)
        replayed.load(
            Self.records(Array(Self.seeds[3..<5]), from: 1, batch: 1, at: 100) + [
                .removed(id: Self.seeds[3].id, at: 101), .commit(batch: 2, at: 101),
            ], now: 102)
        #expect(replayed.activeDocuments == 1 && !replayed.contains(Self.seeds[3].id))
    }

    @Test func aPostedTextIsItsOwnVersionOnlyWhileInTheWindow() throws {
        try #require(Self.seeds.count == 5)
        let text = Self.seeds[0].text
        var core = WatchCore(configuration: Configuration(), window: 60)
        _ = core.commit(
            Self.posted("a", requested: "a", text: text, sequence: 1, at: 100) + [.commit(batch: 1, at: 100)], now: 100)
        #expect(core.version(of: "a", contentHash: XXHash64.hash(Array(text.utf8))) == "a")
        #expect(core.version(of: "a", contentHash: XXHash64.hash(Array((text + "!").utf8))) == nil)
        _ = core.evict(now: 200)
        // Out of the window: posting the text again makes a new version, and that one is then found.
        #expect(core.version(of: "a", contentHash: XXHash64.hash(Array(text.utf8))) == nil)
        _ = core.commit(
            Self.posted("a~2", requested: "a", text: text, sequence: 2, at: 200) + [.commit(batch: 2, at: 200)],
            now: 200)
        #expect(core.version(of: "a", contentHash: XXHash64.hash(Array(text.utf8))) == "a~2")
    }

    @Test func compactionDropsTheSubmissionsAndDeletionsOfDroppedDocuments() {
        let records =
            Self.posted("old", requested: "old", text: "an old story about grain", sequence: 1, at: 10)
            + [.removed(id: "old", at: 11)]
            + Self.posted("new", requested: "new", text: "a new story about steel", sequence: 2, at: 100)
            + [.removed(id: "new", at: 101), .commit(batch: 1, at: 101)]
        let (kept, documents, dropped) = StateCompactor.compacted(records, window: 50, now: 120)
        #expect(documents == 1 && dropped == 1)
        let submissions = kept.compactMap { if case .submitted(let s) = $0 { s.id } else { nil } }
        let removals = kept.compactMap { if case .removed(let id, _) = $0 { id } else { nil } }
        #expect(submissions == ["new"] && removals == ["new"])
    }
}
