import Foundation
import NearDupTestSupport
import Testing

@testable import NearDupIO

@Suite("Atomic writes")
struct AtomicFileTests {
    @Test func replacesTheFileAndLeavesNoTemporaries() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("report.json.gz")
        try AtomicFile.write(Array("old".utf8), to: path)
        try AtomicFile.write(Array("new".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.json.gz"])
    }

    @Test func aFailedWriteKeepsTheOldFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("report.json.gz")
        try AtomicFile.write(Array("old".utf8), to: path)
        // A folder in the way of the rename: the write must fail and leave the old report and no temporary.
        try FileManager.default.createDirectory(atPath: folder.file("blocked"), withIntermediateDirectories: true)
        try AtomicFile.write(Array("x".utf8), to: folder.file("blocked/inner"))
        #expect(throws: IOError.self) { try AtomicFile.write(Array("new".utf8), to: folder.file("blocked")) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["blocked", "report.json.gz"])
    }

    /// `latest.json.gz` is a second name of the newest snapshot: it replaces the older one in one step, and stays
    /// when the snapshot is dropped.
    @Test func aSecondNameReplacesTheOldFileAndOutlivesTheFirst() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let latest = folder.file("latest.json.gz")
        try AtomicFile.write(Array("old".utf8), to: latest)
        try AtomicFile.write(Array("new".utf8), to: folder.file("clusters-2.json.gz"))
        try AtomicFile.link(folder.file("clusters-2.json.gz"), to: latest)
        #expect(try String(contentsOfFile: latest, encoding: .utf8) == "new")
        try FileManager.default.removeItem(atPath: folder.file("clusters-2.json.gz"))
        #expect(try String(contentsOfFile: latest, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["latest.json.gz"])
        #expect(throws: IOError.self) { try AtomicFile.link(folder.file("missing"), to: latest) }
    }

    @Test func aMissingFolderIsAClearError() {
        #expect { try AtomicFile.write([1], to: "/nonexistent-folder-\(UUID())/r.gz") } throws: {
            ($0 as? IOError)?.code == .unwritable
        }
    }

    /// A reader polling while the file is rewritten sees a complete old or new version every time.
    @Test func concurrentReadersNeverSeeAPartialFile() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("latest.json.gz")
        let versions = (0..<2).map { version in
            try! Gzip.compress(Array(String(repeating: "version \(version) ", count: 20_000).utf8))
        }
        try AtomicFile.write(versions[0], to: path)
        let reader = Task.detached {
            var reads = 0
            for _ in 0..<300 {
                let bytes = try FileReader.read(path, limit: 1 << 24)
                _ = try Gzip.decompress(bytes)
                reads += 1
            }
            return reads
        }
        for round in 0..<100 { try AtomicFile.write(versions[round % 2], to: path) }
        #expect(try await reader.value == 300)
    }
}
