import Foundation

/// A banding of MinHash signatures: `bands` bands of `rows` slots each.
///
/// Two signatures become candidates if they agree on every slot of at least one band, which for a pair of Jaccard
/// similarity s happens with probability P(s) = 1 − (1 − s^rows)^bands.
public struct LSHScheme: Sendable, Codable, Equatable {
    public var bands: Int
    public var rows: Int
    public var slots: Int
    /// The similarity the scheme was designed for.
    public var threshold: Double

    public init(bands: Int, rows: Int, slots: Int, threshold: Double) {
        precondition(bands > 0 && rows > 0 && bands * rows <= slots)
        self.bands = bands
        self.rows = rows
        self.slots = slots
        self.threshold = threshold
    }

    /// Probability that a pair of similarity `similarity` shares at least one band.
    public func candidateProbability(_ similarity: Double) -> Double {
        1 - pow(1 - pow(similarity, Double(rows)), Double(bands))
    }

    /// The similarity at which the candidate probability is one half (the S-curve's midpoint).
    public var midpoint: Double { pow(1 - pow(0.5, 1 / Double(bands)), 1 / Double(rows)) }

    /// The scheme with the most rows per band (fewest false candidates) whose probability of catching a pair exactly
    /// at `threshold` is at least `targetRecall`, but at least `minimumRows` rows: one row per band makes every pair
    /// that shares a single slot a candidate, which a large corpus cannot afford.
    ///
    /// Unlike an optimiser that balances false positives against false negatives (which tends to put the S-curve's
    /// midpoint above the threshold and miss many pairs at it), this one treats a missed pair as the costlier error:
    /// every candidate is verified afterwards, so a false candidate costs microseconds and a missed one costs recall.
    public static func choose(slots: Int, threshold: Double, targetRecall: Double, minimumRows: Int = 1)
        -> LSHScheme
    {
        let floor = min(max(1, minimumRows), slots)
        var best = LSHScheme(bands: slots / floor, rows: floor, slots: slots, threshold: threshold)
        for rows in floor...slots {
            let scheme = LSHScheme(bands: slots / rows, rows: rows, slots: slots, threshold: threshold)
            if scheme.candidateProbability(threshold) >= targetRecall { best = scheme } else { break }
        }
        return best
    }
}
