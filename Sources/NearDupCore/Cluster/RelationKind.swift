/// Why two documents belong together.
public enum RelationKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// Identical after normalisation.
    case exact
    /// Estimated Jaccard similarity at or above the threshold (SimHash: distance at or below the limit).
    case near
    /// A large share of the shorter document (its shingles or its paragraphs) is found in the other.
    case reprint

    public static func < (lhs: RelationKind, rhs: RelationKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
