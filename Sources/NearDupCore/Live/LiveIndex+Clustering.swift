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

        /// The fingerprints by id without the rest: what a report reads beside the clusters of `outline(order:)`,
        /// which hold no more of the clustering than its components and pairs.
        public var fingerprintLookup: FingerprintLookup {
            FingerprintLookup(slotOf: slotOf, fingerprints: fingerprints)
        }

        /// The number of documents.
        public var count: Int { slotOf.count }

        /// The clustering as a one-shot `ClusteringResult` over `order`, which must hold every id of the index once
        /// (document indices of the result are positions in it), with the clusters apart, to be read off one at a
        /// time: the returned result's own `clusters` are empty. Statistics count documents, exact duplicates,
        /// edges, refused merges and furniture; timings are empty. At a million documents the clusters copied whole
        /// (each member with its evidence) were about a quarter of a gigabyte beside the index while a report was
        /// written.
        public func outline(order: [String]) -> (clusters: OrderedClusters, result: ClusteringResult) {
            precondition(order.count == slotOf.count)
            var position = [Int32](repeating: -1, count: ids.count)
            for (index, id) in order.enumerated() { position[Int(slotOf[id]!)] = Int32(index) }
            var places: [OrderedClusters.Place] = []
            places.reserveCapacity(slotOf.count)
            var refused: [RefusedMerge] = []
            var clusterOf = [Int32](repeating: -1, count: ids.count)
            for (number, component) in components {
                func map(_ local: Int) -> Int { Int(position[Int(component.documents[local])]) }
                for (index, cluster) in component.clusters.enumerated() {
                    for member in cluster.members {
                        clusterOf[Int(component.documents[Int(member.document)])] = Int32(places.count)
                    }
                    places.append(
                        OrderedClusters.Place(
                            size: Int32(cluster.count), canonical: Int32(map(Int(cluster.canonical))),
                            component: number, cluster: index))
                }
                for var merge in component.refused {
                    merge.first = map(merge.first)
                    merge.second = map(merge.second)
                    refused.append(merge)
                }
            }
            places.sort { ($1.size, order[Int($0.canonical)]) < ($0.size, order[Int($1.canonical)]) }
            refused.sort { (order[$0.first], order[$0.second]) < (order[$1.first], order[$1.second]) }
            var links: [ParagraphLink] = []
            var statistics = ClusteringStatistics()
            statistics.documents = order.count
            pairs.forEachPair { a, b, kind, matches in
                if let kind { statistics.edges[kind.rawValue, default: 0] += 1 }
                guard !matches.isEmpty, clusterOf[Int(a)] != clusterOf[Int(b)] else { return }
                // Matches are seen from the document with the smaller id, and so is the link.
                let (first, second) = ids[Int(a)] < ids[Int(b)] ? (a, b) : (b, a)
                let (one, other) = (Int(position[Int(first)]), Int(position[Int(second)]))
                links.append(ParagraphLink(first: one, second: other, matches: Array(matches)))
            }
            links.sort { (order[$0.first], order[$0.second]) < (order[$1.first], order[$1.second]) }
            statistics.exactDuplicates = slotOf.count - exactGroups
            statistics.refusedMerges = refused.count
            statistics.furnitureParagraphs = furnitureParagraphs
            let result = ClusteringResult(
                clusters: [], paragraphLinks: links, refusedMerges: refused,
                documentScheme: configuration.method == .minhash ? documentScheme : nil,
                paragraphScheme: paragraphScheme,
                simhashTables: configuration.method == .simhash ? simhashTables : nil, statistics: statistics,
                timings: [:])
            let clusters = OrderedClusters(
                components: components, pairs: pairs, order: order, places: places, position: position)
            return (clusters, result)
        }
    }

    /// The clusters of a `Clustering` in a result's order (largest first, then by the canonical member's place in
    /// the order), each built with positions in that order when it is read.
    ///
    /// It holds the index's components and verified pairs (not its ids, which the next batch would copy whole):
    /// sharded, so a batch while a report is written copies the shards it changes.
    public struct OrderedClusters: ReportClusters, Sendable {
        /// Where a cluster is, and what it is sorted by.
        struct Place {
            /// The number of members.
            var size: Int32
            /// The canonical member's position in the order.
            var canonical: Int32
            /// The component's number, and the cluster's index among its clusters.
            var component: Int
            var cluster: Int
        }

        /// The clusters, by component.
        let components: ShardedDictionary<Int, Component>
        /// What the members' evidence is read from.
        let pairs: VerifiedPairs
        /// The ids in the order, which the clusters' ids are made from.
        let order: [String]
        /// The clusters in the order they are read.
        let places: [Place]
        /// The position in the order of each slot's document.
        let position: [Int32]

        /// 0.
        public var startIndex: Int { 0 }
        /// The number of clusters.
        public var endIndex: Int { places.count }

        /// The cluster at `index`, its members' document indices positions in the order.
        public subscript(index: Int) -> DocumentCluster {
            let place = places[index]
            let component = components[place.component]!
            func map(_ local: Int) -> Int { Int(position[Int(component.documents[local])]) }
            let stored = component.clusters[place.cluster]
            var cluster = stored.cluster(
                documents: component.documents, canonicalID: order[Int(place.canonical)], pairs: pairs)
            cluster.canonical = map(cluster.canonical)
            for index in cluster.members.indices {
                cluster.members[index].document = map(cluster.members[index].document)
                cluster.members[index].via = cluster.members[index].via.map(map)
            }
            return cluster
        }

        /// The position in the order of the canonical member of the cluster at `index`.
        public func canonical(at index: Int) -> Int { Int(places[index].canonical) }

        /// Each cluster's id and members, read off the components without building any cluster's evidence.
        public func memberships(documents: Int) -> (clusterOf: [Int32], ids: [String]) {
            var clusterOf = [Int32](repeating: -1, count: documents)
            var ids: [String] = []
            ids.reserveCapacity(places.count)
            for (index, place) in places.enumerated() {
                let component = components[place.component]!
                for member in component.clusters[place.cluster].members {
                    clusterOf[Int(position[Int(component.documents[Int(member.document)])])] = Int32(index)
                }
                ids.append(ClusterEngine.clusterID(order[Int(place.canonical)]))
            }
            return (clusterOf, ids)
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
}
