import ArgumentParser
import Foundation
import NearDupCore
import NearDupIO

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score a clustering against labels (pairwise P/R/F1, ARI) or judged pairs (P/R of links).",
        discussion: """
            PREDICTION is a doc_id<TAB>cluster_id file (as written by `cluster --format tsv`) or a report \
            (.json.gz or .json). With --labels, only labelled documents are scored; labelled documents missing \
            from the prediction count as singletons. With --pairs (a TSV with the columns a, b, label = SAME or \
            DIFFERENT, and optionally stratum, e.g. corpora/reuters-pairs/pairs.tsv), a pair is linked when both \
            documents are in one cluster: precision is the share of linked pairs judged SAME, recall the share of \
            SAME pairs linked, also per stratum.
            """)

    @Option(help: "doc_id<TAB>cluster_id file with the true clusters.")
    var labels: String?

    @Option(help: "Judged pairs: a TSV with columns a, b, label (SAME or DIFFERENT) and optionally stratum.")
    var pairs: String?

    @Flag(help: "With --pairs: list the SAME pairs kept apart and the DIFFERENT pairs linked.")
    var listErrors = false

    @Argument(help: "Predicted clusters: a TSV file or a NearDup report.")
    var prediction: String

    @Option(help: "Output: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if format == .tsv { throw ValidationError("eval prints text or json") }
        if (labels == nil) == (pairs == nil) { throw ValidationError("give one of --labels and --pairs") }
        if listErrors && pairs == nil { throw ValidationError("--list-errors goes with --pairs") }
    }

    func run() throws {
        let predicted = try loadPrediction()
        if let pairs {
            try scorePairs(pairs, predicted)
            return
        }
        let truth = try loadTSV(labels!)
        let score = PairwiseEvaluation(labels: truth, prediction: predicted)
        switch format {
        case .json, .tsv:
            try Self.printJSON(score)
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

    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    func loadPrediction() throws -> ClusterAssignment {
        if prediction.hasSuffix(".json.gz") || prediction.hasSuffix(".json") {
            return ClusterAssignment(report: try ReportFile.read(prediction))
        }
        return try loadTSV(prediction)
    }

    func scorePairs(_ path: String, _ predicted: ClusterAssignment) throws {
        let bytes = try FileReader.read(path, limit: 1 << 30)
        let judged: [JudgedPairEvaluation.JudgedPair]
        do {
            judged = try JudgedPairEvaluation.parse(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw ValidationError("\(path): \(error)")
        }
        let score = JudgedPairEvaluation(pairs: judged, prediction: predicted)
        switch format {
        case .json, .tsv:
            try Self.printJSON(score)
        case .text:
            func row(_ name: String, _ tally: JudgedPairEvaluation.Tally) -> String {
                let label = name.padding(toLength: 10, withPad: " ", startingAt: 0)
                return "\(label) pairs \(tally.pairs), SAME \(tally.same), linked \(tally.linked) "
                    + "(\(tally.linkedSame) SAME): precision \(Self.format(tally.precision)), "
                    + "recall \(Self.format(tally.recall))"
            }
            print(row("all", score.total))
            for name in score.strata.keys.sorted() where !name.isEmpty { print(row(name, score.strata[name]!)) }
            if score.missing > 0 { print("pairs with a document missing from the prediction: \(score.missing)") }
            if listErrors {
                for pair in score.misses { print("missed      \(pair.first)\t\(pair.second)\t\(pair.stratum)") }
                for pair in score.falseLinks { print("false link  \(pair.first)\t\(pair.second)\t\(pair.stratum)") }
            }
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
