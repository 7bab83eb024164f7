import Foundation
import NearDupCore
import NearDupIO
import NearDupTestSupport
import Testing

@testable import NearDupWatch

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon against a failing disk and a hostile producer.
@Suite("neardup watch: damage and hostile input", .serialized)
struct WatchHostileInputTests {
    static var seeds: [(name: String, text: String)] { WatchIntegrationTests.seeds }

    @Test func aDamagedLogIsRefusedWithAnAccountThenSalvagedOnRequest() throws {
        let daemon = try DaemonProcess(folder: TemporaryFolder())
        defer { daemon.remove() }
        try daemon.start()
        #expect(daemon.waitForReport { _ in true } != nil)
        for seed in Self.seeds {
            try daemon.deliver(seed.name, seed.text)
            // One batch per file, so the damage below hits one batch of several.
            #expect(
                daemon.waitForReport { $0.input.documents == Self.seeds.firstIndex { $0.name == seed.name }! + 1 }
                    != nil)
        }
        #expect(daemon.terminate() == 0)
        // Damage the second batch's document record in the middle of the log.
        let path = daemon.state + "/state.log"
        let scan = try StateLogScan.read(path: path)
        #expect(!scan.isDamaged && scan.records.count >= 10)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let firstCommitEnd = try #require(Self.commitEnds(bytes).dropFirst().first)
        var damaged = bytes
        for offset in (firstCommitEnd + 40)..<(firstCommitEnd + 44) { damaged[offset] ^= 0xFF }
        try damaged.write(to: URL(fileURLWithPath: path))

        let refused = try daemon.restarted(logName: "refused.log")
        try refused.start()
        refused.process.waitUntilExit()
        #expect(refused.process.terminationStatus == 3)
        #expect(refused.log.contains("is damaged") && refused.log.contains("--on-damage salvage"), "\(refused.log)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == damaged)
        let status = try CLI.output(["status", "--state", daemon.state])
        #expect(status.contains("DAMAGED") && status.contains("documents:      4"), "\(status)")
        #expect(try CLI.run(["state", "compact", "--state", daemon.state]) == 3)

        // Salvage: four documents kept, the lost file named, and — kept in the inbox — read again.
        let salvaging = try DaemonProcess(folder: daemon.folder, extra: ["--on-damage", "salvage"], logName: "s.log")
        try salvaging.start()
        let report = salvaging.waitForReport { $0.input.documents == 5 && $0.skipped.contains { $0.reason == .lost } }
        #expect(salvaging.terminate() == 0)
        #expect(report?.input.documents == 5, "\(salvaging.log)")
        #expect(report?.skipped.filter { $0.reason == .lost }.count == 1)
        #expect(salvaging.log.contains("has been salvaged"))
        let copies = try FileManager.default.contentsOfDirectory(atPath: daemon.state).filter {
            $0.hasPrefix("state.log.damaged-")
        }
        #expect(copies.count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: daemon.state + "/" + copies[0])) == damaged)
        #expect(try CLI.output(["status", "--state", daemon.state]).contains("salvaged:"))
    }

    /// End offsets of commit frames (tag 4, payload 16 bytes) in a log.
    static func commitEnds(_ bytes: Data) -> [Int] {
        var ends: [Int] = []
        var offset = 0
        let array = [UInt8](bytes)
        while offset + 13 <= array.count {
            let length =
                Int(array[offset + 5]) | Int(array[offset + 6]) << 8 | Int(array[offset + 7]) << 16
                | Int(array[offset + 8]) << 24
            let end = offset + 13 + length
            if array[offset + 4] == 4 { ends.append(end) }
            offset = end
        }
        return ends
    }

    @Test func aFileWhoseNameIsNotUTF8IsIngestedUnderAnEscapedID() throws {
        let daemon = try DaemonProcess(folder: TemporaryFolder())
        defer { daemon.remove() }
        try daemon.start()
        #expect(daemon.waitForReport { _ in true } != nil)
        try RawFile.write(
            daemon.inbox, name: Array("wire".utf8) + [0xE9] + Array(".txt".utf8), Self.seeds[0].text)
        try RawFile.write(
            daemon.inbox, name: Array("wire".utf8) + [0xE8] + Array(".txt".utf8), Self.seeds[1].text)
        // A newline in a name never splits a log line.
        try RawFile.write(daemon.inbox, name: Array("two\nlines.md".utf8), "not a selected type")
        let report = daemon.waitForReport { $0.input.documents == 2 }
        usleep(300_000)
        #expect(daemon.terminate() == 0)
        #expect(daemon.log.contains(#"two\nlines.md"#), "\(daemon.log)")
        #expect(!daemon.log.contains("two\nlines"))
        #expect(unlink(daemon.inbox + "/two\nlines.md") == 0)
        #expect(Set(report?.memberIDs ?? []) == [#"wire\xe9"#, #"wire\xe8"#], "\(daemon.log)")
        #expect(try CLI.output(["status", "--state", daemon.state]).contains("backlog:        0"))
    }

    @Test func sigtermWithAReportFolderThatCannotBeWrittenExitsNonZero() throws {
        let daemon = try DaemonProcess(folder: TemporaryFolder())
        defer { daemon.remove() }
        try daemon.start()
        #expect(daemon.waitForReport { _ in true } != nil)
        try daemon.blockReports()
        for seed in Self.seeds.prefix(3) { try daemon.deliver(seed.name, seed.text) }
        usleep(1_500_000)
        #expect(daemon.terminate() == 1)
        #expect(daemon.log.contains("stopped without a final report"), "\(daemon.log)")
    }

    @Test func aFileHeldOpenByItsWriterIsNotReadHalf() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("inbox"), withIntermediateDirectories: true)
        // Written before the daemon starts (found by the start-up scan) and still open when `--settle` passes.
        let path = folder.file("inbox/slow.txt")
        let text = Self.seeds[0].text
        let half = text.utf8.count / 2
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(descriptor >= 0)
        _ = Array(text.utf8.prefix(half)).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let daemon = try DaemonProcess(folder: folder)
        defer { daemon.remove() }
        try daemon.start()
        #expect(daemon.waitForReport { _ in true } != nil)
        usleep(1_500_000)  // five times --settle
        #expect(daemon.latest()?.input.documents == 0, "a file still open for writing was read")
        _ = Array(text.utf8.dropFirst(half)).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        let report = daemon.waitForReport { $0.input.documents == 1 }
        usleep(500_000)
        #expect(daemon.terminate() == 0)
        #expect(report?.memberIDs == ["slow"], "\(daemon.log)")
        #expect(daemon.latest()?.input.documents == 1)
    }
}
