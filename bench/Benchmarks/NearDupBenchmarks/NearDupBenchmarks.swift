import Benchmark
import Foundation
import NearDupCore

/// Inputs shared by the benchmarks: the seed articles repeated to about 1 MiB, and a corpus of generated reprints.
enum Inputs {
    static let seedTexts: [String] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("corpora/seeds")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().compactMap {
            try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        }
    }()

    /// About 1 MiB of news text as separate documents.
    static let megabyte: [[UInt8]] = {
        var documents: [[UInt8]] = []
        var total = 0
        while total < 1 << 20 {
            for text in seedTexts {
                documents.append(Array(text.utf8))
                total += text.utf8.count
            }
        }
        return documents
    }()

    static let megabyteBytes = megabyte.reduce(0) { $0 + $1.count }

    /// `count` generated documents (reprint clusters from synthetic articles), fingerprinted.
    static func corpus(_ count: Int) -> (ids: [String], fingerprints: [DocumentFingerprint]) {
        let documents = ReprintGenerator().generateSynthetic(documents: count, seed: 3)
        var fingerprinter = Fingerprinter(configuration: Configuration())
        return (documents.map(\.id), documents.map { fingerprinter.fingerprint($0.text) })
    }

    static let corpus10k = corpus(10_000)

    static let shingles: [UInt64] = {
        var shingles: [UInt64] = []
        var tokenizer = Tokenizer()
        let stream = tokenizer.tokenize(seedTexts.joined(separator: "\n"))
        Fingerprinter.shingle(stream.tokens[...], size: 4, into: &shingles)
        return Array(shingles.prefix(1000))
    }()
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident], timeUnits: .microseconds,
        warmupIterations: 1, maxDuration: .seconds(3), maxIterations: 1000)

    // Throughput of the text benchmarks is in MiB/s: one iteration processes 1 MiB.
    Benchmark("Tokenise and hash 1 MiB (normalise, words, XXH64)") { benchmark in
        var tokenizer = Tokenizer()
        var stream = TokenStream()
        for _ in benchmark.scaledIterations {
            for document in Inputs.megabyte {
                document.withUnsafeBytes { tokenizer.tokenize($0, into: &stream) }
                blackHole(stream.tokens.count)
            }
        }
    }

    Benchmark("Fingerprint 1 MiB (document and paragraph MinHash)") { benchmark in
        var fingerprinter = Fingerprinter(configuration: Configuration())
        for _ in benchmark.scaledIterations {
            for document in Inputs.megabyte { blackHole(document.withUnsafeBytes { fingerprinter.fingerprint($0) }) }
        }
    }

    Benchmark("Fingerprint 1 MiB (SimHash)") { benchmark in
        var configuration = Configuration()
        configuration.method = .simhash
        var fingerprinter = Fingerprinter(configuration: configuration)
        for _ in benchmark.scaledIterations {
            for document in Inputs.megabyte { blackHole(document.withUnsafeBytes { fingerprinter.fingerprint($0) }) }
        }
    }

    Benchmark("One-permutation MinHash, 128 slots, 1,000 shingles") { benchmark in
        let sketcher = OnePermutationMinHash(slots: 128, seed: 1)
        for _ in benchmark.scaledIterations { blackHole(sketcher.sketch(Inputs.shingles)) }
    }

    Benchmark("Reference k-permutation MinHash, 128 slots, 1,000 shingles") { benchmark in
        let reference = ReferenceMinHash(slots: 128, seed: 1)
        for _ in benchmark.scaledIterations { blackHole(reference.sketch(Inputs.shingles)) }
    }

    Benchmark("SimHash-64, 1,000 shingles") { benchmark in
        let simhash = SimHash(seed: 1)
        for _ in benchmark.scaledIterations { blackHole(simhash.fingerprint(Inputs.shingles)) }
    }

    Benchmark("LSH banding, 10,000 document signatures", configuration: .init(maxIterations: 50)) { benchmark in
        let fingerprints = Inputs.corpus10k.fingerprints
        let scheme = LSHScheme.choose(slots: 128, threshold: 0.3, targetRecall: 0.99)
        let owners = fingerprints.indices.map { UInt32($0) }
        for _ in benchmark.scaledIterations {
            var skipped = 0
            var furniture: [Int] = []
            blackHole(
                BandedCandidates(scheme: scheme, maximumBucketOwners: 50, policy: .chain).pairs(
                    owners: owners, skippedBuckets: &skipped, furniture: &furniture,
                    value: { item, slot in fingerprints[item].minHash[slot] }))
        }
    }

    Benchmark("Verify a pair of reprints (estimates and paragraph alignment)") { benchmark in
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let a = fingerprinter.fingerprint(Inputs.seedTexts[3])
        let b = fingerprinter.fingerprint(Inputs.seedTexts[4])
        let verifier = Verifier(configuration: Configuration())
        for _ in benchmark.scaledIterations { blackHole(verifier.evidence(a, b)) }
    }

    /// Window eviction from long band lists: 2,000 versions of one release (the same body, another first line and
    /// figure each) share most band keys; each iteration removes the 50 oldest, as a window does, and files them
    /// again as the newest outside the measurement.
    Benchmark(
        "Live index: evict the 50 oldest of 2,000 versions sharing band keys",
        configuration: .init(maxIterations: 30)
    ) { benchmark in
        var fingerprinter = Fingerprinter(configuration: Configuration())
        let body = Inputs.seedTexts[0].split(separator: "\n").dropFirst().joined(separator: "\n")
        func version(_ n: Int) -> (id: String, fingerprint: DocumentFingerprint) {
            let text = "RELEASE NUMBER \(n) OF THE DAY\n\nThe figure for this edition is \(n * 7).\n\(body)"
            return (String(format: "v%07d", n), fingerprinter.fingerprint(text))
        }
        var index = LiveIndex(configuration: Configuration())
        var next = 0
        var live: [String] = []
        var batch: [(id: String, fingerprint: DocumentFingerprint)] = []
        while next < 2000 {
            batch.append(version(next))
            live.append(batch.last!.id)
            next += 1
            if batch.count == 200 {
                index.apply(inserting: batch, removing: [])
                batch.removeAll()
            }
        }
        for _ in benchmark.scaledIterations {
            let oldest = Array(live.prefix(50))
            live.removeFirst(50)
            benchmark.startMeasurement()
            blackHole(index.apply(inserting: [], removing: oldest))
            benchmark.stopMeasurement()
            let newest = (next..<(next + 50)).map(version)
            next += 50
            live.append(contentsOf: newest.map(\.id))
            index.apply(inserting: newest, removing: [])
        }
    }

    Benchmark("Cluster 10,000 fingerprinted documents", configuration: .init(maxIterations: 20)) { benchmark in
        let (ids, fingerprints) = Inputs.corpus10k
        let engine = ClusterEngine(configuration: Configuration(), jobs: 2)
        for _ in benchmark.scaledIterations { blackHole(engine.cluster(ids: ids, fingerprints: fingerprints)) }
    }
}
