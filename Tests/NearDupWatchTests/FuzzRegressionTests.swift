import Foundation
import NearDupCore
import NearDupIO
import Testing

@testable import NearDupWatch

/// Replays every input the fuzz targets (`scripts/fuzz.sh`) ever crashed on, through the same code paths.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzRegressions")

    static func inputs(_ target: String) -> [[UInt8]] {
        let folder = root.appendingPathComponent(target)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            !$0.hasPrefix(".") && $0 != "README.md"
        }
        return names.sorted().compactMap { try? [UInt8](Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    @Test func jsonLines() {
        for input in Self.inputs("FuzzJSONLines") {
            if let record = try? JSONLineParser().parse(input[...]) { #expect(!record.id.isEmpty) }
        }
    }

    @Test func gzip() throws {
        for input in Self.inputs("FuzzGzip") {
            let output = try? Gzip.decompress(input, limit: 1 << 20)
            #expect((output?.count ?? 0) <= 1 << 20)
        }
    }

    @Test func stateLog() {
        for input in Self.inputs("FuzzStateLog") + Self.inputs("../../fuzz/seeds/FuzzStateLog") {
            let scan = input.withUnsafeBytes { StateLogScan(bytes: $0) }
            #expect(scan.committedEnd <= input.count)
            #expect(scan.damagedRanges.allSatisfy { $0.offset + $0.length <= input.count })
        }
    }

    @Test func tokenizer() {
        for input in Self.inputs("FuzzTokenizer") {
            var fingerprinter = Fingerprinter(configuration: Configuration())
            let fingerprint = input.withUnsafeBytes { fingerprinter.fingerprint($0) }
            #expect(fingerprint.paragraphs.allSatisfy { Int($0.byteEnd) <= input.count })
        }
    }

    /// The committed seed log reads back whole: the fuzz corpus starts from a real log.
    @Test func theSeedStateLogIsIntact() throws {
        let seeds = Self.inputs("../../fuzz/seeds/FuzzStateLog")
        try #require(!seeds.isEmpty)
        let scan = seeds[0].withUnsafeBytes { StateLogScan(bytes: $0) }
        #expect(!scan.isDamaged && scan.tornTail == nil)
        #expect(scan.records.filter { if case .document = $0 { true } else { false } }.count == 5)
    }
}
