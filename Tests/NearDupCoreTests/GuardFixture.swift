@testable import NearDupCore

/// Texts fingerprinted with the default configuration, and the verifier and chaining guard that judge them: the
/// guard's positions are the texts' indices.
struct GuardFixture {
    let fingerprints: [DocumentFingerprint]
    let verifier: Verifier
    let rules: ChainingGuard
    let floor = Configuration().chainFloor

    init(_ texts: [String]) {
        verifier = Verifier(configuration: Configuration())
        rules = ChainingGuard(configuration: Configuration(), verifier: verifier)
        var fingerprinter = Fingerprinter(configuration: Configuration())
        fingerprints = texts.map { fingerprinter.fingerprint($0) }
    }

    var positions: [Int] { Array(fingerprints.indices) }

    func evidence(_ a: Int, _ b: Int) -> PairEvidence { verifier.evidence(fingerprints[a], fingerprints[b]) }

    func meanLinkage(_ x: [Int32], _ y: [Int32], edge a: Int, _ b: Int, textOnly: Bool = false) -> Double {
        rules.meanLinkage(x, y, edge: a, b, positions, fingerprints, textOnly: textOnly)
    }

    func endLinkage(_ x: [Int32], _ y: [Int32], edge a: Int, _ b: Int) -> Double {
        rules.endLinkage(x, y, edge: a, b, positions, fingerprints)
    }

    func joinsAnArticle(_ evidence: PairEvidence, _ a: Int, _ b: Int) -> Bool {
        rules.joinsAnArticle(evidence, fingerprints[a], fingerprints[b])
    }
}
