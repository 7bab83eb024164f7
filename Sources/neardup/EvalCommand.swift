import ArgumentParser
import Foundation
import NearDupCore
import NearDupIO

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score a clustering against labels: pairwise precision, recall, F1 and Adjusted Rand Index.",
        discussion: """
            PREDICTION is a doc_id<TAB>cluster_id file (as written by `cluster --format tsv`) or a report \
            (.json.gz or .json). Only labelled documents are scored; labelled documents missing from the \
            prediction count as singletons.
            """)

    @Option(help: "doc_id<TAB>cluster_id file with the true clusters.")
    var labels: String

    @Argument(help: "Predicted clusters: a TSV file or a NearDup report.")
    var prediction: String

    @Option(help: "Output: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if format == .tsv { throw ValidationError("eval prints text or json") }
    }

    func run() throws {
        let truth = try loadTSV(labels)
        let predicted: ClusterAssignment
        if prediction.hasSuffix(".json.gz") || prediction.hasSuffix(".json") {
            predicted = ClusterAssignment(report: try ReportFile.read(prediction))
        } else {
            predicted = try loadTSV(prediction)
        }
        let score = PairwiseEvaluation(labels: truth, prediction: predicted)
        switch format {
        case .json, .tsv:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(score), as: UTF8.self))
        case .text:
            print(
                """
                documents  \(score.documents) (missing from prediction: \(score.missing), unlabelled: \(score.unlabelled))
                pairs      true \(score.truePairs), predicted \(score.predictedPairs), correct \(score.correctPairs)
                precision  \(Self.format(score.precision))
                recall     \(Self.format(score.recall))
                F1         \(Self.format(score.f1))
                ARI        \(Self.format(score.adjustedRandIndex))
                """)
        }
    }

    func loadTSV(_ path: String) throws -> ClusterAssignment {
        let bytes = try FileReader.read(path, limit: 1 << 30)
        do {
            return try ClusterAssignment.parseTSV(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }

    static func format(_ value: Double) -> String {
        let scaled = Int((value * 10_000).rounded())
        let fraction = String(scaled % 10_000)
        return "\(scaled / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }
}
