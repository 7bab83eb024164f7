/// Disjoint sets over `0..<count` with the member list of each set, for the chaining guard's linkage checks.
struct UnionFind {
    private var parent: [Int32]
    private(set) var members: [[Int32]]

    init(count: Int) {
        parent = (0..<count).map { Int32($0) }
        members = (0..<count).map { [Int32($0)] }
    }

    mutating func find(_ element: Int) -> Int {
        var root = element
        while parent[root] != Int32(root) { root = Int(parent[root]) }
        var current = element
        while parent[current] != Int32(root) {
            let next = Int(parent[current])
            parent[current] = Int32(root)
            current = next
        }
        return root
    }

    /// Joins the sets of two roots; returns the new root (the larger set's, so member lists move less).
    @discardableResult
    mutating func union(roots a: Int, _ b: Int) -> Int {
        let (big, small) = members[a].count >= members[b].count ? (a, b) : (b, a)
        parent[small] = Int32(big)
        members[big].append(contentsOf: members[small])
        members[small] = []
        return big
    }
}
