extension ClusterReport {
    /// The report as compact JSON with keys in sorted order; decodes with `JSONDecoder` to an equal report.
    public func jsonBytes() -> [UInt8] {
        var json = JSONWriter(capacity: 256 + clusters.count * 200)
        write(clusters: clusters, links: paragraphLinks, refusals: refusedMerges, into: &json)
        return json.bytes
    }

    /// Streams the report's JSON to `sink` in pieces of about `chunk` bytes.
    public func writeJSON(chunk: Int = 1 << 20, to sink: @escaping ([UInt8]) -> Void) {
        var json = JSONWriter(flushAt: chunk, sink: sink)
        write(clusters: clusters, links: paragraphLinks, refusals: refusedMerges, into: &json)
        json.flush()
    }

    /// Writes the report with the clusters, paragraph links and refused merges given apart (read off one at a time
    /// by `StreamedReport`); its own arrays are not read.
    func write(
        clusters: some Sequence<Cluster>, links: some Sequence<Link>, refusals: some Sequence<Refusal>,
        into json: inout JSONWriter
    ) {
        json.beginObject()
        json.key("candidates")
        json.beginObject()
        if let document = candidates.document { json.key("document"); write(document, &json) }
        json.key("paragraph")
        write(candidates.paragraph, &json)
        if let simhash = candidates.simhash {
            json.key("simhash")
            json.beginObject()
            json.field("maximumDistance", simhash.maximumDistance)
            json.field("tables", simhash.tables)
            json.endObject()
        }
        json.endObject()
        json.key("clusters")
        json.beginArray()
        for cluster in clusters {
            json.beginObject()
            json.field("canonical", cluster.canonical)
            json.key("flags")
            json.value(cluster.flags)
            json.field("id", cluster.id)
            json.key("members")
            json.beginArray()
            for member in cluster.members {
                json.beginObject()
                if let evidence = member.evidence { json.key("evidence"); write(evidence, &json) }
                json.field("id", member.id)
                json.field("kind", member.kind)
                json.field("origin", member.origin)
                json.field("paragraphs", member.paragraphs)
                json.field("via", member.via)
                json.field("words", member.words)
                json.endObject()
            }
            json.endArray()
            json.field("size", cluster.size)
            json.endObject()
        }
        json.endArray()
        json.field("createdAt", createdAt)
        json.field("generator", generator)
        json.key("input")
        json.beginObject()
        json.field("bytes", input.bytes)
        json.field("documents", input.documents)
        json.field("exactDuplicates", input.exactDuplicates)
        json.field("invalidSequences", input.invalidSequences)
        json.field("lossyDocuments", input.lossyDocuments)
        json.field("skipped", input.skipped)
        json.endObject()
        json.key("paragraphLinks")
        json.beginArray()
        for link in links {
            json.beginObject()
            json.key("clusters")
            json.value(link.clusters)
            json.key("documents")
            json.value(link.documents)
            json.key("matches")
            write(link.matches, &json)
            json.endObject()
        }
        json.endArray()
        json.key("parameters")
        write(parameters, &json)
        json.key("refusedMerges")
        json.beginArray()
        for refusal in refusals {
            json.beginObject()
            json.key("clusters")
            json.value(refusal.clusters)
            json.key("documents")
            json.value(refusal.documents)
            json.field("kind", refusal.kind)
            json.field("meanLinkage", refusal.meanLinkage)
            json.field("score", refusal.score)
            json.endObject()
        }
        json.endArray()
        json.field("schema", schema)
        json.key("skipped")
        json.beginArray()
        for item in skipped {
            json.beginObject()
            json.field("id", item.id)
            json.field("message", item.message)
            json.field("origin", item.origin)
            json.field("reason", item.reason.rawValue)
            json.endObject()
        }
        json.endArray()
        json.key("statistics")
        json.beginObject()
        json.field("candidatePairs", statistics.candidatePairs)
        json.field("documentCandidates", statistics.documentCandidates)
        json.field("documents", statistics.documents)
        json.key("edges")
        json.beginObject()
        for (kind, count) in statistics.edges.sorted(by: { $0.key < $1.key }) { json.field(kind, count) }
        json.endObject()
        json.field("evidenceParagraphs", statistics.evidenceParagraphs)
        json.field("exactDuplicates", statistics.exactDuplicates)
        json.field("flashCandidates", statistics.flashCandidates)
        json.field("furnitureParagraphs", statistics.furnitureParagraphs)
        json.field("paragraphCandidates", statistics.paragraphCandidates)
        json.field("refusedMerges", statistics.refusedMerges)
        json.field("skippedBuckets", statistics.skippedBuckets)
        json.endObject()
        json.key("timings")
        json.beginObject()
        for (name, seconds) in timings.sorted(by: { $0.key < $1.key }) { json.field(name, seconds) }
        json.endObject()
        json.field("version", version)
        json.endObject()
    }

    private func write(_ scheme: Scheme, _ json: inout JSONWriter) {
        json.beginObject()
        json.field("bands", scheme.bands)
        json.field("midpoint", scheme.midpoint)
        json.field("probabilityAtThreshold", scheme.probabilityAtThreshold)
        json.field("rows", scheme.rows)
        json.field("slots", scheme.slots)
        json.field("threshold", scheme.threshold)
        json.endObject()
    }

    private func write(_ evidence: Evidence, _ json: inout JSONWriter) {
        json.beginObject()
        json.field("containment", evidence.containment)
        json.field("containmentReverse", evidence.containmentReverse)
        json.field("coverage", evidence.coverage)
        json.field("coverageReverse", evidence.coverageReverse)
        json.field("factAgreement", evidence.factAgreement)
        json.field("jaccard", evidence.jaccard)
        json.field("leadContainment", evidence.leadContainment)
        json.key("matches")
        write(evidence.matches, &json)
        json.field("simhashDistance", evidence.simhashDistance)
        json.endObject()
    }

    private func write(_ matches: [Match], _ json: inout JSONWriter) {
        json.beginArray()
        for match in matches {
            json.beginObject()
            json.key("bytes")
            integers(match.bytes, &json)
            json.key("otherBytes")
            integers(match.otherBytes, &json)
            json.field("otherParagraph", match.otherParagraph)
            json.field("paragraph", match.paragraph)
            json.field("similarity", match.similarity)
            json.endObject()
        }
        json.endArray()
    }

    private func write(_ parameters: Configuration, _ json: inout JSONWriter) {
        json.beginObject()
        json.field("chainFloor", parameters.chainFloor)
        json.field("containment", parameters.containment)
        json.field("documentShingleSize", parameters.documentShingleSize)
        json.field("filingGap", parameters.filingGap)
        json.field("maximumDocumentFrequency", parameters.maximumDocumentFrequency)
        json.field("maximumParagraphTokens", parameters.maximumParagraphTokens)
        json.field("method", parameters.method.rawValue)
        json.field("minimumParagraphTokens", parameters.minimumParagraphTokens)
        json.field("paragraphMatch", parameters.paragraphMatch)
        json.field("paragraphShingleSize", parameters.paragraphShingleSize)
        json.field("paragraphSlots", parameters.paragraphSlots)
        json.field("simhashDistance", parameters.simhashDistance)
        json.field("slots", parameters.slots)
        json.field("strongContainment", parameters.strongContainment)
        json.field("suspiciousClusterSize", parameters.suspiciousClusterSize)
        json.field("targetRecall", parameters.targetRecall)
        json.field("templateDocuments", parameters.templateDocuments)
        json.field("templateVariants", parameters.templateVariants)
        json.field("threshold", parameters.threshold)
        json.field("windowTokens", parameters.windowTokens)
        json.endObject()
    }

    private func integers(_ values: [Int], _ json: inout JSONWriter) {
        json.beginArray()
        for value in values { json.value(value) }
        json.endArray()
    }
}
