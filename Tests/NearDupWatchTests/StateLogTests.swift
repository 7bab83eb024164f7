import Foundation
import NearDupCore
import NearDupIO
import NearDupTestSupport
import Testing

@testable import NearDupCore
@testable import NearDupWatch

@Suite("State log")
struct StateLogTests {
    static func fingerprint(_ text: String) -> DocumentFingerprint {
        var fingerprinter = Fingerprinter(configuration: Configuration())
        return fingerprinter.fingerprint(text)
    }

    static let batch: [StateRecord] = [
        .document(
            sequence: 1, id: "a", origin: "a.txt", ingestedAt: 1000.5,
            fingerprint: fingerprint(
                "A Syrian general has defected.\n\nHis family confirmed it on Friday to reporters.")),
        .rejected(origin: "b.jsonl:3", reason: "malformed-json", message: "expected ',' or '}'", at: 1000.5),
        .ingested(name: "a.txt", contentHash: 42, size: 80, at: 1000.5),
    ]

    @Test func recordsRoundTripThroughTheLog() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (log, empty, _) = try StateLog.open(folder: folder.path)
        #expect(empty.isEmpty)
        try log.append(Self.batch, batch: 1, at: 1001)
        let (_, records, recovery) = try StateLog.open(folder: folder.path)
        #expect(records == Self.batch + [.commit(batch: 1, at: 1001)])
        #expect(recovery.tornBytes == 0 && recovery.salvage == nil)
    }

    @Test(arguments: [1, 5, 13, 40])
    func aTornTailIsCutOffKeptAsideAndTheCommittedBatchesKept(cut: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (log, _, _) = try StateLog.open(folder: folder.path)
        try log.append(Self.batch, batch: 1, at: 1001)
        let committed = log.size
        try log.append([.ingested(name: "c.txt", contentHash: 7, size: 10, at: 1002)], batch: 2, at: 1002)
        let path = folder.file("state.log")
        #expect(truncate(path, off_t(log.size - cut)) == 0)
        let (recovered, records, recovery) = try StateLog.open(folder: folder.path)
        #expect(records == Self.batch + [.commit(batch: 1, at: 1001)])
        #expect(recovered.size == committed)
        #expect(recovery.tornBytes == log.size - cut - committed)
        let copy = try #require(recovery.tornCopy)
        #expect(
            try FileManager.default.attributesOfItem(atPath: folder.file(copy))[.size] as? Int == recovery.tornBytes)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == committed)
        // Appending after recovery continues cleanly.
        try recovered.append([.ingested(name: "d.txt", contentHash: 8, size: 1, at: 1003)], batch: 2, at: 1003)
        #expect(try StateLog.open(folder: folder.path).1.count == records.count + 2)
    }

    @Test func zerosAfterTheLastCommitAreATornTail() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (log, _, _) = try StateLog.open(folder: folder.path)
        try log.append(Self.batch, batch: 1, at: 1001)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.file("state.log")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(count: 4096))
        try handle.close()
        let (_, records, recovery) = try StateLog.open(folder: folder.path)
        #expect(records.count == Self.batch.count + 1)
        #expect(recovery.tornBytes == 4096)
    }

    /// Four committed batches of two documents each; returns the frames' offsets per batch.
    static func fourBatches(_ folder: TemporaryFolder) throws -> [[Int]] {
        let (log, _, _) = try StateLog.open(folder: folder.path)
        var offsets: [[Int]] = []
        for batch in 1...4 {
            var records: [StateRecord] = []
            for index in 0..<2 {
                let id = "doc\(batch)-\(index)"
                records.append(
                    .document(
                        sequence: UInt64(batch * 10 + index), id: id, origin: id + ".txt", ingestedAt: Double(batch),
                        fingerprint: fingerprint("Story \(id) about markets and rates on Friday.")))
                records.append(.ingested(name: id + ".txt", contentHash: UInt64(batch * 10 + index), size: 40, at: 1))
            }
            var frames: [Int] = []
            var offset = log.size
            for record in records + [.commit(batch: UInt64(batch), at: Double(batch))] {
                frames.append(offset)
                offset += StateLog.frame(record).count
            }
            offsets.append(frames)
            try log.append(records, batch: UInt64(batch), at: Double(batch))
        }
        return offsets
    }

    static func flip(_ path: String, at offset: Int, mask: UInt8 = 0xFF) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64(offset))
        let byte = try #require(try handle.read(upToCount: 1))
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data([byte[0] ^ mask]))
        try handle.close()
    }

    static func documentIDs(_ records: [StateRecord]) -> [String] {
        records.compactMap { if case .document(_, let id, _, _, _) = $0 { id } else { nil } }
    }

    /// Damage in batch 2 at the header of its first frame (magic), inside a record's payload, in a length field,
    /// and at batch 4's last frame (its commit): refused untouched by default; a salvage keeps every other batch,
    /// keeps the original, and names what was lost.
    @Test(arguments: [
        ("header", 1, 0, 0), ("payload", 1, 2, 30), ("length", 1, 0, 6), ("last frame", 3, 4, 12),
    ])
    func damageIsRefusedThenSalvagedWithoutLosingIntactBatches(
        place: String, batch: Int, frame: Int, delta: Int
    ) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let offsets = try Self.fourBatches(folder)
        let path = folder.file("state.log")
        try Self.flip(path, at: offsets[batch][frame] + delta, mask: place == "length" ? 0x40 : 0xFF)
        let damaged = try Data(contentsOf: URL(fileURLWithPath: path))
        var refused: IOError?
        do { _ = try StateLog.open(folder: folder.path) } catch { refused = error }
        #expect(refused?.code == .damaged)
        #expect(refused?.message.contains("--on-damage salvage") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == damaged, "refusing must not change the log")
        let scan = try StateLogScan.read(path: path)
        #expect(scan.isDamaged && scan.lostBatches.count == 1)

        let (log, records, recovery) = try StateLog.open(folder: folder.path, onDamage: .salvage, now: 2_000_000_000)
        let note = try #require(recovery.salvage)
        let lost = (0..<2).map { "doc\(batch + 1)-\($0)" }
        let kept = (1...4).filter { $0 != batch + 1 }.flatMap { b in (0..<2).map { "doc\(b)-\($0)" } }
        #expect(Self.documentIDs(records) == kept, "\(place)")
        #expect(Set(note.documents.map(\.id)).isSubset(of: Set(lost)))
        #expect(Set(note.files.map(\.name)) == Set(lost.map { $0 + ".txt" }))
        #expect(note.batches == "batch \(batch + 1)" || place == "last frame")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.file(note.copy))) == damaged)
        // The salvaged log opens cleanly, says what was lost, and takes new batches.
        try log.append([.ingested(name: "new.txt", contentHash: 1, size: 1, at: 3)], batch: 9, at: 3)
        let (_, reopened, again) = try StateLog.open(folder: folder.path)
        #expect(again.salvage == nil)
        #expect(Self.documentIDs(reopened) == kept)
        #expect(reopened.contains(.damage(note)))
    }

    @Test func compactAndStatusRefuseADamagedLog() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let offsets = try Self.fourBatches(folder)
        try Self.flip(folder.file("state.log"), at: offsets[1][1] + 20)
        #expect(throws: IOError.self) { try StateCompactor.compact(folder: folder.path, window: nil) }
        let summary = try StateSummary.load(folder: folder.path)
        #expect(summary.documents == 6)
        #expect(summary.damage?.contains("doc2-0") == true)
        #expect(summary.text.contains("DAMAGED"))
        let result = try StateCompactor.compact(folder: folder.path, window: nil, onDamage: .salvage)
        #expect(result.kept == 6 && result.salvage != nil)
        let after = try StateSummary.load(folder: folder.path)
        #expect(after.damage == nil && after.salvages.count == 1)
        #expect(after.text.contains("salvaged:"))
    }

    @Test func fingerprintsSurviveTheBinaryCoding() throws {
        let original = Self.fingerprint(String(repeating: "Markets rose on Friday as rates fell. ", count: 40))
        var writer = ByteWriter()
        FingerprintCoding.encode(original, into: &writer)
        var reader = ByteReader(writer.bytes[...])
        #expect(try FingerprintCoding.decode(from: &reader) == original)
        #expect(reader.isAtEnd)
        var truncated = ByteReader(writer.bytes.dropLast(3))
        #expect(throws: ByteReader.Truncated.self) { try FingerprintCoding.decode(from: &truncated) }
        #expect(!original.facts.isEmpty && !original.leadWords.isEmpty)
        #expect(original.segments.contains { $0.subject != 0 })
    }

    /// A state log written before subject words (version 2) still loads: its segments read as having none, so such
    /// documents are judged without that test.
    @Test func versionTwoFingerprintsStillDecode() throws {
        let original = Self.fingerprint("ACME RAISES PRIME RATE\n\nAcme Bank said it raised its prime rate to 8 pct.")
        var old = ByteReader(Self.legacyCoding(original, version: 2)[...])
        let decoded = try FingerprintCoding.decode(from: &old)
        #expect(old.isAtEnd)
        #expect(decoded.segments.allSatisfy { $0.subject == 0 })
        #expect(decoded.segments.map(\.factEnd) == original.segments.map(\.factEnd))
        #expect(decoded.facts == original.facts && decoded.leadWords == original.leadWords)
    }

    /// A state log written before template hashes, facts and lead words (version 1) still loads: those read as
    /// absent, so such documents are judged without them.
    @Test func versionOneFingerprintsStillDecode() throws {
        let original = Self.fingerprint(
            "Qtly div 10 cts vs 10 cts prior.\n\nPay April 15, record April 1, the company said.")
        var reader = ByteReader(Self.legacyCoding(original, version: 1)[...])
        let decoded = try FingerprintCoding.decode(from: &reader)
        #expect(reader.isAtEnd)
        #expect(decoded.minHash == original.minHash && decoded.paragraphs == original.paragraphs)
        #expect(decoded.facts.isEmpty && decoded.leadWords.isEmpty)
        #expect(decoded.segments.map(\.contentHash) == original.segments.map(\.contentHash))
        #expect(decoded.segments.allSatisfy { $0.templateHash == $0.contentHash && $0.factEnd == 0 })
    }

    /// A fingerprint as the state log's coding version 1 (segments without template hashes and facts, no facts or
    /// lead words) or 2 (no subject words) wrote it, written out by hand so the old layouts stay pinned.
    static func legacyCoding(_ fingerprint: DocumentFingerprint, version: UInt8) -> [UInt8] {
        var writer = ByteWriter()
        writer.write(version)
        writer.write(Int64(fingerprint.byteCount))
        writer.write(Int64(fingerprint.tokenCount))
        writer.write(Int64(fingerprint.shingleCount))
        writer.write(fingerprint.contentHash)
        writer.write(fingerprint.minHash)
        writer.write(fingerprint.simHash)
        writer.write(UInt32(fingerprint.paragraphs.count))
        for paragraph in fingerprint.paragraphs {
            for value in [paragraph.ordinal, paragraph.byteStart, paragraph.byteEnd, paragraph.tokenCount] {
                writer.write(value)
            }
            writer.write(paragraph.shingleCount)
            writer.write(paragraph.contentHash)
        }
        writer.write(UInt32(fingerprint.segments.count))
        for segment in fingerprint.segments {
            writer.write(segment.contentHash)
            writer.write(segment.tokenCount)
            if version >= 2 {
                writer.write(segment.templateHash)
                writer.write(segment.factEnd)
            }
        }
        if version >= 2 {
            writer.write(fingerprint.facts)
            writer.write(fingerprint.leadWords)
        }
        writer.write(fingerprint.paragraphMinHashes)
        for value in [fingerprint.invalidSequences, fingerprint.nulBytes, fingerprint.controlBytes] {
            writer.write(Int64(value))
        }
        return writer.bytes
    }
}

@Suite("Cluster ids across batches")
struct ClusterTrackerTests {
    func update(_ groups: [[String]], removed: [String] = []) -> LiveUpdate {
        LiveUpdate(
            clusters: groups.map { members in
                LiveCluster(id: "", canonical: members[0], members: members.map { LiveMember(id: $0) }, flags: [])
            }, removed: removed, verifiedPairs: 0, searched: 0)
    }

    @Test func aMergeKeepsTheOlderIdAndIsRecorded() {
        var tracker = ClusterTracker()
        let sequences: [String: UInt64] = ["old": 1, "young": 2, "joiner": 3]
        _ = tracker.track(update([["old"], ["young"]]), sequence: { sequences[$0]! }, at: 10)
        let oldID = tracker.clusterName(of: "old")!
        let youngID = tracker.clusterName(of: "young")!
        #expect(oldID == ClusterEngine.clusterID("old"))
        // The joiner links both: one cluster, with the id of the earliest member's cluster.
        let events = tracker.track(update([["joiner", "young", "old"]]), sequence: { sequences[$0]! }, at: 11)
        #expect(tracker.clusterName(of: "joiner") == oldID)
        #expect(events.contains(.merged(cluster: oldID, absorbed: [youngID], at: 11)))
        #expect(events.contains(.added(document: "joiner", cluster: oldID, kind: "canonical", at: 11)))
        #expect(events.count == 2)
    }

    @Test func aSplitAndAnEvictionAreRecorded() {
        var tracker = ClusterTracker()
        let sequences: [String: UInt64] = ["a": 1, "b": 2, "c": 3]
        _ = tracker.track(update([["a", "b", "c"]]), sequence: { sequences[$0]! }, at: 1)
        let events = tracker.track(update([["b"], ["c"]], removed: ["a"]), sequence: { sequences[$0]! }, at: 2)
        let parts = [ClusterEngine.clusterID("b"), ClusterEngine.clusterID("c")].sorted()
        #expect(events.contains(.split(cluster: ClusterEngine.clusterID("a"), into: parts, at: 2)))
        #expect(events.contains(.evicted(document: "a", cluster: ClusterEngine.clusterID("a"), at: 2)))
        #expect(tracker.clusterName(of: "a") == nil)
    }

    /// A checkpoint's names are read back knowing which cluster is named after which member without making every
    /// member's id: the test agrees with `ClusterEngine.clusterID` on the ids it makes and on near misses.
    @Test func aClusterNamedAfterAMemberIsKnownAgain() {
        var lettered = 0
        for document in ["a", "reuters-0001", "Ünïcode · text", "", String(repeating: "x", count: 300)] {
            let id = ClusterEngine.clusterID(document)
            #expect(ClusterEngine.isClusterID(id, of: document))
            #expect(!ClusterEngine.isClusterID(id, of: document + "~2"))
            // Hex digits in capitals are another text, not this id.
            if id.dropFirst().contains(where: { "abcdef".contains($0) }) {
                lettered += 1
                #expect(!ClusterEngine.isClusterID("c" + id.dropFirst().uppercased(), of: document))
            }
            #expect(!ClusterEngine.isClusterID("d" + id.dropFirst(), of: document))
            #expect(!ClusterEngine.isClusterID(id + "0", of: document))
            #expect(!ClusterEngine.isClusterID(String(id.dropLast()), of: document))
        }
        #expect(lettered > 0)
        let tracker = ClusterTracker(names: ["a": XXHash64.hash("a"), "b": XXHash64.hash("a")])
        #expect(tracker.earliestMember(of: ClusterEngine.clusterID("a")) == "a")
    }

    @Test func restartsRederiveTheSameIdsSilently() {
        var before = ClusterTracker()
        var after = ClusterTracker()
        let sequences: [String: UInt64] = ["x": 5, "y": 3, "z": 9]
        _ = before.track(update([["y", "x"], ["z"]]), sequence: { sequences[$0]! }, at: 1)
        #expect(
            after.track(update([["y", "x"], ["z"]]), sequence: { sequences[$0]! }, at: 2, announce: false).isEmpty)
        #expect(before.names == after.names)
        #expect(before.clusterName(of: "x") == ClusterEngine.clusterID("y"))
    }

    @Test(arguments: [
        (".hidden.txt", true), ("story.txt.tmp", true), ("a.part", true), ("draft~", true),
        ("story.txt", false), ("feed.jsonl.gz", false),
    ])
    func temporaryNamesAreIgnored(name: String, ignored: Bool) {
        #expect(InboxWatcher.isIgnored(name) == ignored)
    }
}

@Suite("CRC-32 in pieces")
struct CRC32Tests {
    /// A checkpoint over 4 GiB is checksummed in pieces (zlib takes a 32-bit length): the pieces give the CRC of the
    /// whole, whatever their size.
    @Test(arguments: [1, 7, 4096])
    func piecesGiveTheChecksumOfTheWhole(pieceSize: Int) {
        let check = Array("123456789".utf8)
        #expect(check.withUnsafeBytes { CRC32.checksum($0, pieceSize: pieceSize) } == 0xCBF4_3926)
        var random = SplitMix64(seed: 5)
        let bytes = (0..<10_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        #expect(
            bytes.withUnsafeBytes { CRC32.checksum($0, pieceSize: pieceSize) }
                == bytes.withUnsafeBytes {
                    CRC32.checksum($0)
                })
    }
}
