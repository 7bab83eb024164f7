import Foundation
import NearDupCore
import NearDupTestSupport
import Testing

@testable import NearDupIO

@Suite("gzip through zlib")
struct GzipTests {
    @Test(arguments: [0, 1, 1000, 300_000])
    func roundTrip(size: Int) throws {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        let compressed = try Gzip.compress(bytes)
        #expect(Gzip.isGzip(compressed))
        #expect(try Gzip.decompress(compressed) == bytes)
    }

    /// The system's gzip must read what we write (reports are meant for `zcat`).
    @Test func systemGzipReadsOurOutput() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let text = String(repeating: "A Syrian general has defected. ", count: 200)
        try folder.write("report.gz", try Gzip.compress(Array(text.utf8)))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc '\(folder.file("report.gz"))' > '\(folder.file("plain"))'"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try String(contentsOfFile: folder.file("plain"), encoding: .utf8) == text)
    }

    @Test func concatenatedMembersDecompressToTheirConcatenation() throws {
        let joined = try Gzip.compress(Array("first ".utf8)) + Gzip.compress(Array("second".utf8))
        #expect(String(decoding: try Gzip.decompress(joined), as: UTF8.self) == "first second")
    }

    @Test(arguments: [
        0, 1, ParallelDeflater.blockSize - 1, ParallelDeflater.blockSize, 3 * ParallelDeflater.blockSize + 12_344,
        6 * ParallelDeflater.blockSize + 1,
    ])
    func parallelCompressionIsOneMemberOfTheInput(size: Int) throws {
        var words = SplitMix64(seed: UInt64(size))
        let vocabulary = ["reuters", "said", "pct", "dividend", "1987", "shares", "quarter", "net", "the", "of"]
        var plain: [UInt8] = []
        while plain.count < size {
            plain += Array(vocabulary[Int(words.next() % UInt64(vocabulary.count))].utf8) + [0x20]
        }
        plain.removeLast(plain.count - size)
        // One job keeps three blocks in flight at most and three jobs seven, so the four- and seven-block inputs wait
        // for their oldest block.
        let deflater = ParallelDeflater(jobs: size % 2 == 0 ? 1 : 3)
        var compressed: [UInt8] = []
        var offset = 0
        while offset < plain.count {
            let piece = min(plain.count - offset, 1 + Int(words.next() % 200_000))
            compressed += try deflater.feed(Array(plain[offset..<(offset + piece)]))
            offset += piece
        }
        compressed += try deflater.finish()
        #expect(Gzip.isGzip(compressed))
        #expect(try Gzip.decompress(compressed) == plain)
        // One member: its trailer holds the CRC-32 and length of the whole input, as one stream's does.
        let single = try Gzip.compress(plain)
        #expect(compressed.suffix(8) == single.suffix(8))
        #expect(compressed.count <= single.count + single.count / 50 + 64)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("report.gz", compressed)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -t '\(folder.file("report.gz"))'"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// A block that fails to compress fails the call that collects it, and every call after: the member written so
    /// far is incomplete.
    @Test func aFailedBlockFailsTheDeflaterForGood() throws {
        let deflater = ParallelDeflater(level: 42, jobs: 1)  // zlib refuses the level
        // The block may fail before `feed` returns, and then `feed` collects it; otherwise `finish` does.
        do {
            _ = try deflater.feed([UInt8](repeating: 0x41, count: ParallelDeflater.blockSize + 1))
        } catch {
            #expect(error.code == .compressionFailed)
        }
        #expect { try deflater.finish() } throws: { ($0 as? IOError)?.code == .compressionFailed }
        #expect { try deflater.finish() } throws: { ($0 as? IOError)?.code == .compressionFailed }
    }

    @Test func decompressionStopsAtTheLimit() throws {
        let bomb = try Gzip.compress([UInt8](repeating: 0, count: 5_000_000))
        #expect(bomb.count < 10_000)
        #expect { try Gzip.decompress(bomb, limit: 1_000_000) } throws: { ($0 as? IOError)?.code == .tooLarge }
    }

    @Test func truncatedAndCorruptDataAreErrors() throws {
        let compressed = try Gzip.compress(Array(String(repeating: "news ", count: 1000).utf8))
        #expect { try Gzip.decompress(Array(compressed.prefix(compressed.count / 2))) } throws: {
            ($0 as? IOError)?.code == .corruptGzip
        }
        var corrupt = compressed
        corrupt[12] ^= 0xFF
        corrupt[13] ^= 0xFF
        #expect { try Gzip.decompress(corrupt) } throws: { ($0 as? IOError)?.code == .corruptGzip }
    }
}
