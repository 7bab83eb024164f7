import Foundation
import Testing

@testable import NearDupCore

@Suite("Cluster report")
struct ReportTests {
    static func report(method: SignatureMethod) throws -> ClusterReport { try streamed(method: method).report }

    static func streamed(method: SignatureMethod) throws -> StreamedReport<[DocumentCluster], [DocumentFingerprint]> {
        var configuration = Configuration()
        configuration.method = method
        var documents = try Corpora.seeds()
        documents += ClusteringTests.bridgedCorpus()
        var fingerprinter = Fingerprinter(configuration: configuration)
        let fingerprints = documents.map { fingerprinter.fingerprint($0.text) }
        let ids = documents.map(\.id)
        let result = ClusterEngine(configuration: configuration).cluster(ids: ids, fingerprints: fingerprints)
        return StreamedReport(
            result: result, ids: ids, origins: ids.map { "in/\($0).txt" }, fingerprints: fingerprints,
            skipped: [
                SkippedInput(origin: "in/x.jsonl:3", id: nil, reason: .malformedJSON, message: "bad \"quote\"\n\\"),
                SkippedInput(origin: "in/e.txt", id: "e", reason: .empty, message: "file is empty"),
            ],
            configuration: configuration, bytes: 123, lossyDocuments: 1, invalidSequences: 2, generator: "test",
            createdAt: "2026-11-21T00:00:00Z", timings: ["total": 0.123456, "cluster": 1e-7])
    }

    @Test(arguments: SignatureMethod.allCases)
    func aStreamedReportWritesTheBytesOfTheWholeOne(method: SignatureMethod) throws {
        let streamed = try Self.streamed(method: method)
        let report = streamed.report
        #expect(report.clusters.contains { $0.size > 1 } && !report.paragraphLinks.isEmpty)
        var pieces: [[UInt8]] = []
        // Small pieces: the clusters are read off while earlier ones are already out.
        streamed.writeJSON(chunk: 512) { pieces.append($0) }
        #expect(pieces.count > 3)
        #expect(pieces.flatMap { $0 } == report.jsonBytes())
    }

    @Test(arguments: SignatureMethod.allCases)
    func fastWriterDecodesToTheSameReport(method: SignatureMethod) throws {
        let report = try Self.report(method: method)
        #expect(!report.refusedMerges.isEmpty || method == .simhash)
        let decoded = try JSONDecoder().decode(ClusterReport.self, from: Data(report.jsonBytes()))
        #expect(decoded == report)
        let viaEncoder = try JSONDecoder().decode(ClusterReport.self, from: JSONEncoder().encode(report))
        #expect(viaEncoder == decoded)
    }

    @Test func everyDocumentIsListedOnceAndLabelsMatchTheClusters() throws {
        let report = try Self.report(method: .minhash)
        let members = report.clusters.flatMap { $0.members.map(\.id) }
        #expect(members.count == Set(members).count)
        #expect(members.count == report.input.documents)
        let labels = try ClusterAssignment.parseTSV(report.labelsTSV())
        #expect(labels == ClusterAssignment(report: report))
    }
}
