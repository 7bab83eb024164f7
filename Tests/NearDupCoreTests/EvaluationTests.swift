import Testing

@testable import NearDupCore

@Suite("Evaluation metrics")
struct EvaluationTests {
    func assignment(_ pairs: [(String, String)]) -> ClusterAssignment {
        ClusterAssignment(clusterOf: Dictionary(uniqueKeysWithValues: pairs))
    }

    @Test func perfectPredictionScoresOne() {
        let labels = assignment([("a", "1"), ("b", "1"), ("c", "2"), ("d", "3")])
        let score = PairwiseEvaluation(
            labels: labels, prediction: assignment([("a", "x"), ("b", "x"), ("c", "y"), ("d", "z")]))
        #expect(score.precision == 1 && score.recall == 1 && score.f1 == 1 && score.adjustedRandIndex == 1)
    }

    @Test func handComputedExample() {
        // True pairs: ab, cd. Predicted pairs: ab, ac, bc. Correct: ab.
        let labels = assignment([("a", "1"), ("b", "1"), ("c", "2"), ("d", "2")])
        let prediction = assignment([("a", "x"), ("b", "x"), ("c", "x"), ("d", "y")])
        let score = PairwiseEvaluation(labels: labels, prediction: prediction)
        #expect(score.truePairs == 2 && score.predictedPairs == 3 && score.correctPairs == 1)
        #expect(abs(score.precision - 1.0 / 3) < 1e-12)
        #expect(abs(score.recall - 0.5) < 1e-12)
        #expect(abs(score.f1 - 0.4) < 1e-12)
        // Expected index = 2 · 3 / 6 = 1, maximum = 2.5: ARI = (1 − 1) / (2.5 − 1) = 0.
        #expect(abs(score.adjustedRandIndex) < 1e-12)
    }

    @Test func missingDocumentsCountAsSingletons() {
        let labels = assignment([("a", "1"), ("b", "1"), ("c", "1")])
        let score = PairwiseEvaluation(labels: labels, prediction: assignment([("a", "x"), ("b", "x"), ("q", "x")]))
        #expect(score.missing == 1 && score.unlabelled == 1)
        #expect(score.correctPairs == 1 && score.truePairs == 3)
    }

    @Test func parsesLabelFilesAndRejectsRepeatedIds() throws {
        let parsed = try ClusterAssignment.parseTSV("doc_id\tcluster_id\na\t1\r\nb\t1\n\n")
        #expect(parsed.clusterOf == ["a": "1", "b": "1"])
        #expect(throws: ClusterAssignment.ParseError.self) { try ClusterAssignment.parseTSV("a\t1\na\t2\n") }
        #expect(throws: ClusterAssignment.ParseError.self) { try ClusterAssignment.parseTSV("just-one-field\n") }
    }
}
