extension LiveIndex {
    /// The clusters, paragraph links and refused merges of the index at one moment, detached from it.
    ///
    /// Holding one shares only the tables a report is read from (ids, verified pairs, components, the fingerprint
    /// store), never the band tables or the statistics, so the index's next change copies tens of megabytes at a
    /// million documents, not gigabytes. Turning it into a `ClusteringResult` is a pass over every cluster and pair
    /// and a sort, which is why it is a value of its own: a caller runs that on another thread while the index goes
    /// on changing.
    public struct Clustering: Sendable {
        let configuration: Configuration
        let documentScheme: LSHScheme
        let paragraphScheme: LSHScheme
        let simhashTables: Int
        let ids: [String]
        let slotOf: ShardedDictionary<String, Int32>
        let pairs: VerifiedPairs
        let components: ShardedDictionary<Int, Component>
        let exactGroups: Int
        let furnitureParagraphs: Int
        let fingerprints: any FingerprintStore

        /// Whether a document with this id was in the index.
        public func contains(_ id: String) -> Bool { slotOf[id] != nil }

        /// The fingerprints by id without the rest: what a report reads after `result(order:)`, so that the
        /// verified pairs and components are let go (and not copied by the index's next changes) while it is
        /// written.
        public var fingerprintLookup: FingerprintLookup {
            FingerprintLookup(slotOf: slotOf, fingerprints: fingerprints)
        }

        /// The number of documents.
        public var count: Int { slotOf.count }

        /// The clustering as a one-shot `ClusteringResult` over `order`, which must hold every id of the index once
        /// (document indices of the result are positions in it). Statistics count documents, exact duplicates,
        /// edges, refused merges and furniture; timings are empty.
        public func result(order: [String]) -> ClusteringResult {
            precondition(order.count == slotOf.count)
            var position = [Int](repeating: -1, count: ids.count)
            for (index, id) in order.enumerated() { position[Int(slotOf[id]!)] = index }
            var clusters: [DocumentCluster] = []
            var refused: [RefusedMerge] = []
            var clusterOf = [Int](repeating: -1, count: ids.count)
            for component in components.values {
                func map(_ local: Int) -> Int { position[Int(component.documents[local])] }
                for var cluster in component.clusters {
                    for member in cluster.members {
                        clusterOf[Int(component.documents[member.document])] = clusters.count
                    }
                    cluster.canonical = map(cluster.canonical)
                    for index in cluster.members.indices {
                        cluster.members[index].document = map(cluster.members[index].document)
                        cluster.members[index].via = cluster.members[index].via.map(map)
                    }
                    clusters.append(cluster)
                }
                for var merge in component.refused {
                    merge.first = map(merge.first)
                    merge.second = map(merge.second)
                    refused.append(merge)
                }
            }
            clusters.sort { ($1.members.count, order[$0.canonical]) < ($0.members.count, order[$1.canonical]) }
            refused.sort { (order[$0.first], order[$0.second]) < (order[$1.first], order[$1.second]) }
            var links: [ParagraphLink] = []
            var statistics = ClusteringStatistics()
            statistics.documents = order.count
            for (a, b, evidence) in pairs.all {
                // The evidence is seen from the document with the smaller id.
                let (first, second) = ids[Int(a)] < ids[Int(b)] ? (a, b) : (b, a)
                if let kind = evidence.kind { statistics.edges[kind.rawValue, default: 0] += 1 }
                guard !evidence.matches.isEmpty, clusterOf[Int(first)] != clusterOf[Int(second)] else { continue }
                links.append(
                    ParagraphLink(first: position[Int(first)], second: position[Int(second)], matches: evidence.matches)
                )
            }
            links.sort { (order[$0.first], order[$0.second]) < (order[$1.first], order[$1.second]) }
            statistics.exactDuplicates = slotOf.count - exactGroups
            statistics.refusedMerges = refused.count
            statistics.furnitureParagraphs = furnitureParagraphs
            return ClusteringResult(
                clusters: clusters, paragraphLinks: links, refusedMerges: refused,
                documentScheme: configuration.method == .minhash ? documentScheme : nil,
                paragraphScheme: paragraphScheme,
                simhashTables: configuration.method == .simhash ? simhashTables : nil, statistics: statistics,
                timings: [:])
        }
    }

    /// The fingerprints of the documents that were in the index, by id.
    public struct FingerprintLookup: Sendable {
        let slotOf: ShardedDictionary<String, Int32>
        let fingerprints: any FingerprintStore

        /// The fingerprint of a document that was in the index (read from the store on each call).
        public func fingerprint(of id: String) -> DocumentFingerprint? { slotOf[id].map { fingerprints[Int($0)] } }
    }

    /// The clustering as it stands, to be read off elsewhere (see `Clustering`).
    public var clustering: Clustering {
        Clustering(
            configuration: configuration, documentScheme: documentScheme, paragraphScheme: paragraphScheme,
            simhashTables: simhashIndex.tableCount, ids: ids, slotOf: slotOf, pairs: pairs, components: components,
            exactGroups: groups.count, furnitureParagraphs: furniture.count,
            fingerprints: fingerprints.store.detached())
    }

    /// The index as a one-shot `ClusteringResult` over `order`; see `Clustering.result(order:)`.
    public func result(order: [String]) -> ClusteringResult { clustering.result(order: order) }
}
