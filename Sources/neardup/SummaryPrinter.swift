import NearDupCore

/// The human summary printed after `cluster`.
struct SummaryPrinter {
    let report: ClusterReport
    /// Singletons are listed by id up to this many documents; beyond it they are only counted.
    static let listSingletonsUpTo = 20

    func summary(reportPath: String) -> String {
        var out = ""
        let multi = report.clusters.filter { $0.size > 1 }
        let singletons = report.clusters.filter { $0.size == 1 }
        let input = report.input
        out += "\(input.documents) documents in \(report.clusters.count) clusters "
        out += "(\(multi.count) with more than one member, \(singletons.count) singletons); "
        out += "\(input.skipped) inputs skipped\n"
        for cluster in multi {
            let flags = cluster.flags.isEmpty ? "" : " [" + cluster.flags.joined(separator: ", ") + "]"
            out += "\ncluster \(cluster.id): \(cluster.size) documents\(flags)\n"
            for member in cluster.members { out += "  " + describe(member) + "\n" }
        }
        if !singletons.isEmpty {
            if input.documents <= Self.listSingletonsUpTo {
                out += "\nsingletons: " + singletons.map(\.canonical).joined(separator: ", ") + "\n"
            } else {
                out += "\nsingletons: \(singletons.count)\n"
            }
        }
        if !report.paragraphLinks.isEmpty {
            out += "\nparagraph links (shared paragraphs between documents that are not reprints): "
            out += "\(report.paragraphLinks.count)\n"
            for link in report.paragraphLinks.prefix(10) {
                let paragraphs = link.matches.map { "\($0.paragraph)~\($0.otherParagraph)" }.joined(separator: " ")
                out += "  \(link.documents[0]) ~ \(link.documents[1]): \(link.matches.count) paragraph"
                out += (link.matches.count == 1 ? "" : "s") + " (\(paragraphs))\n"
            }
            if report.paragraphLinks.count > 10 {
                out += "  … \(report.paragraphLinks.count - 10) more in the report\n"
            }
        }
        if !report.refusedMerges.isEmpty {
            out += "\nchaining guard refused \(report.refusedMerges.count) merge(s); see refusedMerges in the report\n"
        }
        out += "\nreport: \(reportPath)\n"
        return out
    }

    func describe(_ member: ClusterReport.Member) -> String {
        guard let evidence = member.evidence, let via = member.via else { return "\(member.id)  canonical" }
        if member.kind == "exact" { return "\(member.id)  exact duplicate of \(via)" }
        var parts: [String] = []
        if let jaccard = evidence.jaccard { parts.append("jaccard \(Self.format(jaccard))") }
        if let forward = evidence.containment, let reverse = evidence.containmentReverse {
            parts.append("containment \(Self.format(forward))/\(Self.format(reverse))")
        }
        if let distance = evidence.simhashDistance { parts.append("simhash distance \(distance)") }
        parts.append("\(evidence.matches.count) paragraphs matched")
        return "\(member.id)  \(member.kind) of \(via) (" + parts.joined(separator: ", ") + ")"
    }

    static func format(_ value: Double) -> String {
        let scaled = Int((value * 100).rounded())
        return "\(scaled / 100).\(scaled % 100 < 10 ? "0" : "")\(scaled % 100)"
    }

    /// One line per reason, then up to five examples each.
    static func skippedSummary(_ skipped: [SkippedInput]) -> String {
        var out = "neardup: skipped \(skipped.count) input\(skipped.count == 1 ? "" : "s"):\n"
        for reason in SkippedInput.Reason.allCases {
            let matching = skipped.filter { $0.reason == reason }
            guard !matching.isEmpty else { continue }
            out += "  \(reason.rawValue): \(matching.count)\n"
            for item in matching.prefix(5) { out += "    \(item.origin): \(item.message)\n" }
            if matching.count > 5 { out += "    … \(matching.count - 5) more in the report\n" }
        }
        return out
    }
}
