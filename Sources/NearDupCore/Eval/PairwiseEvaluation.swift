/// Pairwise precision, recall and F1, and the Adjusted Rand Index, of a predicted clustering against labels.
///
/// Scored over the documents that have a label. A labelled document missing from the prediction counts as a
/// singleton (and is reported in `missing`); predicted documents without a label are ignored (`unlabelled`).
public struct PairwiseEvaluation: Sendable, Equatable, Codable {
    public var documents: Int
    public var missing: Int
    public var unlabelled: Int
    public var truePairs: Int
    public var predictedPairs: Int
    public var correctPairs: Int
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var adjustedRandIndex: Double

    public init(labels: ClusterAssignment, prediction: ClusterAssignment) {
        var contingency: [Pair: Int] = [:]
        var trueSizes: [String: Int] = [:]
        var predictedSizes: [String: Int] = [:]
        var missing = 0
        for (id, label) in labels.clusterOf {
            let predicted: String
            if let cluster = prediction.clusterOf[id] {
                predicted = "p:" + cluster
            } else {
                missing += 1
                predicted = "missing:" + id
            }
            contingency[Pair(label: label, predicted: predicted), default: 0] += 1
            trueSizes[label, default: 0] += 1
            predictedSizes[predicted, default: 0] += 1
        }
        func pairs(_ n: Int) -> Int { n * (n - 1) / 2 }
        let n = labels.clusterOf.count
        let correct = contingency.values.reduce(0) { $0 + pairs($1) }
        let truePairs = trueSizes.values.reduce(0) { $0 + pairs($1) }
        let predictedPairs = predictedSizes.values.reduce(0) { $0 + pairs($1) }
        documents = n
        self.missing = missing
        unlabelled = prediction.clusterOf.keys.filter { labels.clusterOf[$0] == nil }.count
        self.truePairs = truePairs
        self.predictedPairs = predictedPairs
        correctPairs = correct
        // With no predicted (or no true) pairs the corresponding ratio is vacuously perfect.
        precision = predictedPairs == 0 ? 1 : Double(correct) / Double(predictedPairs)
        recall = truePairs == 0 ? 1 : Double(correct) / Double(truePairs)
        f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        let total = Double(pairs(n))
        let expected = total == 0 ? 0 : Double(truePairs) * Double(predictedPairs) / total
        let maximum = (Double(truePairs) + Double(predictedPairs)) / 2
        adjustedRandIndex = maximum == expected ? 1 : (Double(correct) - expected) / (maximum - expected)
    }

    private struct Pair: Hashable {
        var label: String
        var predicted: String
    }
}
