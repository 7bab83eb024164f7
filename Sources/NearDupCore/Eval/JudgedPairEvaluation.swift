/// Precision and recall of a clustering on a set of pairs judged by reading (`SAME` or `DIFFERENT`).
///
/// A judged pair is *linked* when the prediction puts both documents in one cluster. Precision is the share of
/// linked pairs judged SAME; recall the share of SAME pairs linked. A document missing from the prediction is a
/// singleton. Figures are also given per stratum (the column the pair was drawn from), when the file has one.
public struct JudgedPairEvaluation: Sendable, Equatable, Codable {
    public struct Tally: Sendable, Equatable, Codable {
        public var pairs = 0
        public var same = 0
        public var linked = 0
        public var linkedSame = 0
        public var precision: Double { linked == 0 ? 1 : Double(linkedSame) / Double(linked) }
        public var recall: Double { same == 0 ? 1 : Double(linkedSame) / Double(same) }

        mutating func add(same isSame: Bool, linked isLinked: Bool) {
            pairs += 1
            if isSame { same += 1 }
            if isLinked { linked += 1 }
            if isSame && isLinked { linkedSame += 1 }
        }

        enum CodingKeys: String, CodingKey { case pairs, same, linked, linkedSame, precision, recall }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            pairs = try container.decode(Int.self, forKey: .pairs)
            same = try container.decode(Int.self, forKey: .same)
            linked = try container.decode(Int.self, forKey: .linked)
            linkedSame = try container.decode(Int.self, forKey: .linkedSame)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(pairs, forKey: .pairs)
            try container.encode(same, forKey: .same)
            try container.encode(linked, forKey: .linked)
            try container.encode(linkedSame, forKey: .linkedSame)
            try container.encode(precision, forKey: .precision)
            try container.encode(recall, forKey: .recall)
        }
    }

    /// One judged pair.
    public struct JudgedPair: Sendable, Equatable, Codable {
        public var first: String
        public var second: String
        public var same: Bool
        public var stratum: String

        public init(first: String, second: String, same: Bool, stratum: String = "") {
            self.first = first
            self.second = second
            self.same = same
            self.stratum = stratum
        }
    }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public var total = Tally()
    public var strata: [String: Tally] = [:]
    /// Judged pairs whose documents the prediction does not know (they count as apart).
    public var missing = 0
    /// SAME pairs kept apart and DIFFERENT pairs linked, for reading.
    public var misses: [JudgedPair] = []
    public var falseLinks: [JudgedPair] = []

    public init(pairs: [JudgedPair], prediction: ClusterAssignment) {
        for pair in pairs {
            let a = prediction.clusterOf[pair.first]
            let b = prediction.clusterOf[pair.second]
            if a == nil || b == nil { missing += 1 }
            let linked = a != nil && a == b
            total.add(same: pair.same, linked: linked)
            strata[pair.stratum, default: Tally()].add(same: pair.same, linked: linked)
            if pair.same && !linked { misses.append(pair) }
            if !pair.same && linked { falseLinks.append(pair) }
        }
    }

    /// Reads a tab-separated file with a header naming at least `a`, `b` and `label` (and optionally `stratum`);
    /// labels are `SAME` or `DIFFERENT`.
    public static func parse(_ text: String) throws(ParseError) -> [JudgedPair] {
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first else { throw ParseError(line: 1, message: "empty file") }
        let columns = header.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) -> Int? { columns.firstIndex(of: name) }
        guard let a = column("a"), let b = column("b"), let label = column("label") else {
            throw ParseError(line: 1, message: "the header must name the columns a, b and label")
        }
        let stratum = column("stratum")
        var pairs: [JudgedPair] = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(TSVField.unescape)
            guard fields.count > max(a, b, label, stratum ?? 0) else {
                throw ParseError(line: offset + 1, message: "expected \(columns.count) tab-separated fields")
            }
            let same: Bool
            switch fields[label] {
            case "SAME": same = true
            case "DIFFERENT": same = false
            default:
                throw ParseError(line: offset + 1, message: "label must be SAME or DIFFERENT, not '\(fields[label])'")
            }
            pairs.append(
                JudgedPair(first: fields[a], second: fields[b], same: same, stratum: stratum.map { fields[$0] } ?? ""))
        }
        return pairs
    }
}
