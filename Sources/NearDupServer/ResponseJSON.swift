import NearDupCore

/// JSON pieces shared by the API's answers, with the keys of the report format (`docs/report-format.md`).
enum ResponseJSON {
    /// Figures are given to four decimals, as in the report.
    static func round(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    /// `{jaccard, containment, containmentReverse, coverage, coverageReverse, factAgreement, leadContainment,
    /// simhashDistance, matches: [{paragraph, otherParagraph, similarity, bytes, otherBytes}]}`, seen from the
    /// document with fingerprint `first`; byte ranges are `[start, end)` in each text.
    static func evidence(
        _ evidence: PairEvidence, first: DocumentFingerprint?, second: DocumentFingerprint?, into json: inout JSONWriter
    ) {
        json.beginObject()
        json.field("containment", evidence.containment.map(round))
        json.field("containmentReverse", evidence.containmentReverse.map(round))
        json.field("coverage", round(evidence.coverage))
        json.field("coverageReverse", round(evidence.coverageReverse))
        json.field("factAgreement", evidence.factAgreement.map(round))
        json.field("jaccard", evidence.jaccard.map(round))
        json.field("leadContainment", evidence.leadContainment.map(round))
        json.key("matches")
        paragraphMatches(evidence.matches, first: first, second: second, into: &json)
        json.field("simhashDistance", evidence.simhashDistance)
        json.endObject()
    }

    static func paragraphMatches(
        _ matches: [ParagraphMatch], first: DocumentFingerprint?, second: DocumentFingerprint?,
        into json: inout JSONWriter
    ) {
        json.beginArray()
        for match in matches {
            json.beginObject()
            json.key("bytes")
            range(first, match.first, into: &json)
            json.key("otherBytes")
            range(second, match.second, into: &json)
            json.field("otherParagraph", Int(match.second))
            json.field("paragraph", Int(match.first))
            json.field("similarity", round(match.similarity))
            json.endObject()
        }
        json.endArray()
    }

    private static func range(_ fingerprint: DocumentFingerprint?, _ ordinal: Int32, into json: inout JSONWriter) {
        json.beginArray()
        if let paragraph = fingerprint?.paragraphs.first(where: { $0.ordinal == ordinal }) {
            json.value(Int(paragraph.byteStart))
            json.value(Int(paragraph.byteEnd))
        }
        json.endArray()
    }

    /// A cluster with its members, each with how it joined (`kind`, `via`, `evidence`).
    static func cluster(
        name: String, _ cluster: LiveCluster, fingerprint: (String) -> DocumentFingerprint?, into json: inout JSONWriter
    ) {
        json.beginObject()
        json.field("canonical", cluster.canonical)
        json.key("flags")
        json.value(cluster.flags)
        json.field("id", name)
        json.key("members")
        json.beginArray()
        for member in cluster.members {
            json.beginObject()
            placement(member, fingerprint: fingerprint, into: &json)
            json.endObject()
        }
        json.endArray()
        json.field("size", cluster.members.count)
        json.endObject()
    }

    /// A member's `id`, `kind`, `via` and `evidence` fields (inside an object the caller opened).
    static func placement(
        _ member: LiveMember, fingerprint: (String) -> DocumentFingerprint?, into json: inout JSONWriter
    ) {
        if let evidence = member.evidence {
            json.key("evidence")
            self.evidence(
                evidence, first: fingerprint(member.id), second: member.via.flatMap(fingerprint), into: &json)
        }
        json.field("id", member.id)
        json.field("kind", member.kind?.rawValue ?? "canonical")
        json.field("via", member.via)
    }
}
