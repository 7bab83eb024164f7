import Foundation
import NearDupTestSupport
import Testing

@testable import NearDupIO

@Suite("Whole-file reads")
struct FileReaderTests {
    @Test func aFileIsReadWholeAndAnEmptyOneIsEmpty() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try AtomicFile.write(bytes, to: folder.file("a"))
        #expect(try FileReader.read(folder.file("a"), limit: 1 << 20) == bytes)
        try AtomicFile.write([], to: folder.file("empty"))
        #expect(try FileReader.read(folder.file("empty"), limit: 10) == [])
        #expect(throws: IOError.self) { try FileReader.read(folder.file("a"), limit: 1000) }
    }

    /// A file with more bytes than its size said when it was opened (a file still being written; `/proc` files,
    /// whose size reads 0) is read to its end, and the limit still holds.
    @Test func aFileLongerThanItsSizeIsReadToItsEnd() throws {
        let path = "/proc/self/status"
        guard FileManager.default.fileExists(atPath: path) else { return }
        let bytes = try FileReader.read(path, limit: 1 << 20)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("Name:"))
        #expect(text.contains("VmRSS:"))
        #expect(text.hasSuffix("\n"))
        #expect(throws: IOError.self) { try FileReader.read(path, limit: 16) }
    }
}
