/// A cluster report read off a `ClusteringResult` one cluster, paragraph link or refused merge at a time, as it is
/// written: the report's own arrays (strings, evidence and byte ranges of every member, about 1 KB a document) are
/// never held whole. The daemon's full reports over a million documents are written this way; `report` assembles the
/// whole `ClusterReport` from the same pieces.
///
/// The clusters are a collection of their own, so that they too can be read off one at a time (a live index maps
/// each from its components when asked, see `LiveIndex.OrderedClusters`).
public struct StreamedReport<Clusters: ReportClusters, Fingerprints: RandomAccessCollection<DocumentFingerprint>> {
    /// The report without its clusters, paragraph links and refused merges.
    public let header: ClusterReport
    let clusters: Clusters
    let result: ClusteringResult
    let ids: [String]
    let origins: [String]
    /// Read member by member: a lazy collection can decode each fingerprint when asked.
    let fingerprints: Fingerprints
    /// The cluster (an index into `clusters`) of each document, -1 for none.
    let clusterOf: [Int32]
    /// The id of each cluster: a link names the clusters of both its documents, and a cluster read off a lazy
    /// collection is built anew on every read.
    let clusterIDs: [String]

    /// Takes what the report is made of: `clusters` in the result's order, in place of `result.clusters` (which is
    /// not read); `origins[i]` says where document `i` came from.
    public init(
        clusters: Clusters, result: ClusteringResult, ids: [String], origins: [String], fingerprints: Fingerprints,
        skipped: [SkippedInput], configuration: Configuration, bytes: Int, lossyDocuments: Int,
        invalidSequences: Int, generator: String, createdAt: String, timings: [String: Double]
    ) {
        func scheme(_ lsh: LSHScheme) -> ClusterReport.Scheme {
            ClusterReport.Scheme(
                bands: lsh.bands, rows: lsh.rows, slots: lsh.slots, threshold: rounded(lsh.threshold),
                probabilityAtThreshold: rounded(lsh.candidateProbability(lsh.threshold)),
                midpoint: rounded(lsh.midpoint))
        }
        header = ClusterReport(
            generator: generator, createdAt: createdAt, parameters: configuration,
            candidates: ClusterReport.Candidates(
                document: result.documentScheme.map(scheme), paragraph: scheme(result.paragraphScheme),
                simhash: result.simhashTables.map {
                    ClusterReport.SimHashScheme(tables: $0, maximumDistance: configuration.simhashDistance)
                }),
            input: ClusterReport.Input(
                documents: ids.count, bytes: bytes, skipped: skipped.count,
                exactDuplicates: result.statistics.exactDuplicates, lossyDocuments: lossyDocuments,
                invalidSequences: invalidSequences),
            skipped: skipped, clusters: [], paragraphLinks: [], refusedMerges: [], statistics: result.statistics,
            timings: timings.mapValues(rounded))
        self.clusters = clusters
        self.result = result
        self.ids = ids
        self.origins = origins
        self.fingerprints = fingerprints
        (clusterOf, clusterIDs) = clusters.memberships(documents: ids.count)
    }

    /// The number of clusters, paragraph links and refused merges the report holds.
    public var clusterCount: Int { clusters.count }
    public var linkCount: Int { result.paragraphLinks.count }
    public var refusalCount: Int { result.refusedMerges.count }

    /// The report's cluster at `index`, in the result's order.
    public func cluster(_ index: Int) -> ClusterReport.Cluster {
        let cluster = clusters[clusters.index(clusters.startIndex, offsetBy: index)]
        return ClusterReport.Cluster(
            id: cluster.id, size: cluster.members.count, canonical: ids[cluster.canonical], flags: cluster.flags,
            members: cluster.members.map { member in
                let document = fingerprint(member.document)
                return ClusterReport.Member(
                    id: ids[member.document], origin: origins[member.document],
                    kind: member.kind?.rawValue ?? "canonical", via: member.via.map { ids[$0] },
                    evidence: member.evidence.map { evidence in
                        ClusterReport.Evidence(
                            jaccard: evidence.jaccard.map(rounded),
                            containment: evidence.containment.map(rounded),
                            containmentReverse: evidence.containmentReverse.map(rounded),
                            coverage: rounded(evidence.coverage),
                            coverageReverse: rounded(evidence.coverageReverse),
                            simhashDistance: evidence.simhashDistance,
                            factAgreement: evidence.factAgreement.map(rounded),
                            leadContainment: evidence.leadContainment.map(rounded),
                            matches: matches(
                                evidence.matches, member.document, member.via ?? member.document, read: document))
                    },
                    words: document.tokenCount, paragraphs: document.segmentCount)
            })
    }

    /// The report's paragraph link at `index`.
    public func link(_ index: Int) -> ClusterReport.Link {
        let link = result.paragraphLinks[index]
        return ClusterReport.Link(
            documents: [ids[link.first], ids[link.second]],
            clusters: [clusterID(link.first), clusterID(link.second)],
            matches: matches(link.matches, link.first, link.second))
    }

    /// The report's refused merge at `index`.
    public func refusal(_ index: Int) -> ClusterReport.Refusal {
        let refusal = result.refusedMerges[index]
        return ClusterReport.Refusal(
            documents: [ids[refusal.first], ids[refusal.second]],
            clusters: [clusterID(refusal.first), clusterID(refusal.second)],
            kind: refusal.evidence.kind?.rawValue ?? "", score: rounded(refusal.evidence.score),
            meanLinkage: rounded(refusal.meanLinkage))
    }

    /// The whole report, held at once.
    public var report: ClusterReport {
        var report = header
        report.clusters = (0..<clusterCount).map(cluster)
        report.paragraphLinks = (0..<linkCount).map(link)
        report.refusedMerges = (0..<refusalCount).map(refusal)
        return report
    }

    /// Streams the report's JSON (the bytes `ClusterReport.writeJSON` gives for `report`) to `sink` in pieces of
    /// about `chunk` bytes, building one cluster, link or refused merge at a time.
    public func writeJSON(chunk: Int = 1 << 20, to sink: @escaping ([UInt8]) -> Void) {
        var json = JSONWriter(flushAt: chunk, sink: sink)
        header.write(
            clusters: (0..<clusterCount).lazy.map(cluster), links: (0..<linkCount).lazy.map(link),
            refusals: (0..<refusalCount).lazy.map(refusal), into: &json)
        json.flush()
    }

    private func clusterID(_ document: Int) -> String {
        let cluster = clusterOf[document]
        return cluster < 0 ? "" : clusterIDs[Int(cluster)]
    }

    private func fingerprint(_ document: Int) -> DocumentFingerprint {
        fingerprints[fingerprints.index(fingerprints.startIndex, offsetBy: document)]
    }

    private func byteRange(_ document: DocumentFingerprint, _ ordinal: Int32) -> [Int] {
        guard let paragraph = document.paragraphs.first(where: { $0.ordinal == ordinal }) else { return [] }
        return [Int(paragraph.byteStart), Int(paragraph.byteEnd)]
    }

    /// Each side read once for all its matches: a lazy collection may decode a fingerprint on every read.
    private func matches(_ list: [ParagraphMatch], _ first: Int, _ second: Int, read: DocumentFingerprint? = nil)
        -> [ClusterReport.Match]
    {
        guard !list.isEmpty else { return [] }
        let (one, other) = (read ?? fingerprint(first), fingerprint(second))
        return list.map {
            ClusterReport.Match(
                paragraph: Int($0.first), otherParagraph: Int($0.second), similarity: rounded($0.similarity),
                bytes: byteRange(one, $0.first), otherBytes: byteRange(other, $0.second))
        }
    }
}

extension StreamedReport where Clusters == [DocumentCluster] {
    /// Takes what the report is made of, the clusters those of `result`; `origins[i]` says where document `i` came
    /// from.
    public init(
        result: ClusteringResult, ids: [String], origins: [String], fingerprints: Fingerprints,
        skipped: [SkippedInput], configuration: Configuration, bytes: Int, lossyDocuments: Int,
        invalidSequences: Int, generator: String, createdAt: String, timings: [String: Double]
    ) {
        self.init(
            clusters: result.clusters, result: result, ids: ids, origins: origins, fingerprints: fingerprints,
            skipped: skipped, configuration: configuration, bytes: bytes, lossyDocuments: lossyDocuments,
            invalidSequences: invalidSequences, generator: generator, createdAt: createdAt, timings: timings)
    }
}

extension StreamedReport: Sendable where Clusters: Sendable, Fingerprints: Sendable {}

/// A figure of the report to four decimals. Not a static of the generic report: a closure naming that would capture
/// its metatype.
private func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
