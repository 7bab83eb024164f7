import Foundation
import NearDupCore
import NearDupIO
import NearDupTestSupport
import Testing

@testable import NearDupWatch

/// The live index reading its fingerprints back from the state log: the same clusters as an index that holds them in
/// memory, through batches, a checkpoint, a compaction that moves every record, and a window.
@Suite("Fingerprints read from the state log")
struct LogFingerprintsTests {
    static let seeds = WatchCoreTests.seeds

    /// A headline alone, which the store keeps in memory.
    static let flash = (id: "flash", text: "PARIS AND BERLIN AGREE ON A NEW TREATY FOR THE RHINE SHIPPING LANES")

    /// Appends `records` (ending with their commit) to the log and returns their locations, as `StateHost.commit`
    /// gives them to the core.
    static func append(_ records: [StateRecord], to log: StateLog) throws -> [UInt64?] {
        guard case .commit(let batch, let at) = records.last else { throw CocoaError(.featureUnsupported) }
        return try log.append(Array(records.dropLast()), batch: batch, at: at) + [nil]
    }

    /// A new state log in `folder`, a core reading its fingerprints from it, and a core holding them in memory.
    static func cores(in folder: TemporaryFolder, window: Double?) throws -> (StateLog, WatchCore, WatchCore) {
        let (log, _, _) = try StateLog.open(folder: folder.path)
        let logged = WatchCore(
            configuration: Configuration(), window: window, fingerprintStore: try LogFingerprints(folder: folder.path))
        return (log, logged, WatchCore(configuration: Configuration(), window: window))
    }

    static func partition(_ core: WatchCore) -> Set<Set<String>> {
        Set(core.index.clusters.map { Set($0.members.map(\.id)) })
    }

    @Test func theIndexReadsItsFingerprintsFromTheLogAndClustersAsInMemory() throws {
        try #require(Self.seeds.count == 5)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cores = try Self.cores(in: folder, window: nil)
        let log = cores.0
        var (logged, held) = (cores.1, cores.2)
        let batches = [
            WatchCoreTests.records(Array(Self.seeds[0..<3]) + [Self.flash], from: 1, batch: 1, at: 100),
            WatchCoreTests.records(Array(Self.seeds[3...]), from: 5, batch: 2, at: 101),
        ]
        for records in batches {
            let locations = try Self.append(records, to: log)
            #expect(
                logged.commit(records, locations: locations, now: 102)
                    == held.commit(records, now: 102))
        }
        #expect(Self.partition(logged) == Self.partition(held))
        #expect(Self.partition(held).contains(["003_51a1bab3c6050887", "004_9d74470b06875570"]))
        for (id, _) in Self.seeds + [Self.flash] {
            #expect(logged.fingerprint(of: id) == held.fingerprint(of: id))
        }
        // Stories are read from the log, the flash is kept in memory.
        let store = try #require(logged.index.fingerprintStore.store as? LogFingerprints)
        #expect(store.locations.filter { $0 != 0 }.count == 5)
        #expect(store.resident.count == 1)
        #expect(logged.snapshot().report(createdAt: "x").clusters == held.snapshot().report(createdAt: "x").clusters)
    }

    /// Every slot's paragraph hashes and headline flags, as the store answers a crowded bucket's decision.
    static func paragraphs(_ core: WatchCore) -> [String: [UInt64]] {
        let (store, ids) = core.index.fingerprintStore
        var found: [String: [UInt64]] = [:]
        for (slot, id) in ids.enumerated() where !id.isEmpty {
            found[id] = store[slot].paragraphs.indices.map {
                let (hash, isHeadline) = store.paragraph($0, of: slot)
                return isHeadline ? ~hash : hash
            }
        }
        return found
    }

    /// A replay of the whole log files from the records at hand and leaves the fingerprints in the log.
    @Test func aReplayOfTheLogKeepsOnlyLocations() throws {
        try #require(Self.seeds.count == 5)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cores = try Self.cores(in: folder, window: nil)
        var (logged, held) = (cores.1, cores.2)
        var records: [StateRecord] = []
        for (batch, part) in [Array(Self.seeds[0..<2]), Array(Self.seeds[2...]) + [Self.flash]].enumerated() {
            let batchRecords = WatchCoreTests.records(
                part, from: UInt64(records.count + 1), batch: UInt64(batch + 1), at: 100)
            _ = try Self.append(batchRecords, to: cores.0)
            records += batchRecords
        }
        let (_, read, recovery) = try StateLog.open(folder: folder.path)
        #expect(read == records)
        logged.load(read, locations: recovery.locations, now: 100)
        held.load(read, now: 100)
        #expect(Self.partition(logged) == Self.partition(held))
        #expect(Self.paragraphs(logged) == Self.paragraphs(held))
        let store = try #require(logged.index.fingerprintStore.store as? LogFingerprints)
        #expect(store.locations.filter { $0 != 0 }.count == 5)
        #expect(store.resident.count == 1)
        for (id, _) in Self.seeds + [Self.flash] { #expect(logged.fingerprint(of: id) == held.fingerprint(of: id)) }
    }

    @Test func aCheckpointKeepsTheLocationsAndACompactionMovesThem() throws {
        try #require(Self.seeds.count == 5)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var (log, logged, held) = try Self.cores(in: folder, window: 50)
        let first = WatchCoreTests.records(Array(Self.seeds[0..<2]), from: 1, batch: 1, at: 100)
        _ = logged.commit(first, locations: try Self.append(first, to: log), now: 100)
        _ = held.commit(first, now: 100)

        // A restart from a checkpoint: the locations are read back, the log is the same.
        var writer = ByteWriter()
        logged.encode(into: &writer)
        var reader = ByteReader(writer.bytes[...])
        logged = try WatchCore(
            configuration: Configuration(), window: 50, jobs: 1, decoding: &reader,
            fingerprints: try LogFingerprints(folder: folder.path))
        #expect(reader.isAtEnd)
        #expect(Self.paragraphs(logged) == Self.paragraphs(held))
        #expect(Self.paragraphs(held).values.contains { !$0.isEmpty })
        let second = WatchCoreTests.records(Array(Self.seeds[2...]), from: 3, batch: 2, at: 130)
        _ = logged.commit(second, locations: try Self.append(second, to: log), now: 130)
        _ = held.commit(second, now: 130)
        #expect(Self.partition(logged) == Self.partition(held))

        // The first two leave the window, and a compaction rewrites the log without them: every record moves.
        #expect(logged.evict(now: 155) == held.evict(now: 155))
        let (_, records, _) = try StateLog.open(folder: folder.path)
        let (kept, _, dropped) = StateCompactor.compacted(records, window: 50, now: 155)
        #expect(dropped == 2)
        let locations = try StateLog.rewrite(folder: folder.path, records: kept)
        var moved: [String: UInt64] = [:]
        for (record, location) in zip(kept, locations) {
            if case .document(_, let id, _, _, _) = record, let location { moved[id] = location }
        }
        (log, _, _) = try StateLog.open(folder: folder.path)
        logged.relocateFingerprints(to: try LogFile(path: log.path), moved: moved)
        for (id, _) in Self.seeds[2...] { #expect(logged.fingerprint(of: id) == held.fingerprint(of: id)) }
        #expect(Self.paragraphs(logged) == Self.paragraphs(held))
        let again = [(id: Self.seeds[3].id + "-again", text: Self.seeds[3].text)]
        let third = WatchCoreTests.records(again, from: 6, batch: 3, at: 160)
        #expect(
            logged.commit(third, locations: try Self.append(third, to: log), now: 160)
                == held.commit(third, now: 160))
        #expect(Self.partition(logged) == Self.partition(held))
    }

    @Test func aRecordThatNoLongerReadsBackIsAnErrorThatSaysWhere() throws {
        try #require(Self.seeds.count == 5)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (log, _, _) = try StateLog.open(folder: folder.path)
        let records = WatchCoreTests.records([Self.seeds[0]], from: 1, batch: 1, at: 100)
        let location = try #require(try Self.append(records, to: log)[0])
        let file = try LogFile(path: log.path)
        guard case .document(_, let id, _, _, let fingerprint) = records[0] else { return }
        #expect(try file.read(at: location, idHash: LogFingerprints.idHash(id)) == fingerprint)
        // An intact record of another document where the slot's was expected.
        #expect {
            try file.read(at: location, idHash: LogFingerprints.idHash("another"))
        } throws: { "\($0)".contains("another document's (\(id))") }

        // One byte of the record changed on disk: its CRC no longer matches.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: log.path))
        let (offset, length) = StateLog.frame(of: location)
        try handle.seek(toOffset: UInt64(offset + length / 2))
        let byte = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: UInt64(offset + length / 2))
        try handle.write(contentsOf: [byte ^ 0x40])
        try handle.close()
        #expect {
            try file.read(at: location)
        } throws: { error in
            "\(error)".contains("offset \(offset)") && "\(error)".contains("not an intact document record")
        }
        // A location past the end of the log.
        #expect(throws: IOError.self) { try file.read(at: UInt64(offset + 1 << 20) << 24 | UInt64(length)) }
    }
}
