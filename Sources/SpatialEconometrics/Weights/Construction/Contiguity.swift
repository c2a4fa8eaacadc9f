import Foundation

/// Which shared boundary makes two polygons contiguous.
///
/// - `queen`: at least one common vertex.
/// - `rook`: at least one common edge segment, i.e. two vertices consecutive on a ring of both polygons
///   (in either direction).
public enum ContiguityRule: String, Sendable, Codable, CaseIterable {
    /// Queen (a shared vertex) or rook (a shared edge).
    case queen, rook
}

extension SpatialWeights {
    /// Binary contiguity weights from polygons: `w_ij = 1` if features i and j (i != j) are queen or rook
    /// neighbours, else 0 (Anselin 1988, *Spatial Econometrics: Methods and Models*, ch. 3; LeSage & Pace 2009,
    /// *Introduction to Spatial Econometrics*, sec. 1.3). Symmetric; a feature touching no other is an island
    /// (listed in ``warnings``). Holes and all parts of a multipolygon take part; ids are the features' ids.
    ///
    /// Method: every ring vertex (the closing repeat dropped) is mapped to a node, rings become cycles of nodes;
    /// queen neighbours share a node, rook neighbours share an undirected node pair (an edge). Nodes and edges
    /// are found by hashing, so the whole construction is near-linear; no segment intersection is computed.
    ///
    /// - `tolerance == 0` (default): nodes are exact coordinates (bit-equal after `-0.0 -> 0.0`). This is what
    ///   libpysal's `Queen`/`Rook.from_dataframe` do (vertex and edge hashing); on columbus it reproduces
    ///   libpysal and spdep exactly (236 queen, 200 rook links), and on a valid polygonal coverage (shared borders
    ///   with identical vertices, as in the china31 file) it is exact.
    /// - `tolerance > 0`: vertices within `tolerance` (Euclidean, inclusive) of each other become one node,
    ///   transitively (union-find over a grid of cells of side `tolerance`, each vertex compared with the
    ///   vertices in its own and the 8 surrounding cells). Use it for borders digitised twice with small
    ///   discrepancies. It approximates spdep's `poly2nb(snap = ...)`, which tests vertex pairs closer than
    ///   `snap` (default `sqrt(.Machine$double.eps)`, about 1.5e-8, for planar data) without chaining.
    ///
    /// What is *not* detected: a vertex of one polygon lying on the interior of another's edge (a "T-junction"
    /// without a common vertex), and overlaps. Note also that spdep's rook rule (`queen = FALSE`) is "more than
    /// one shared boundary point", which need not be consecutive; the shared-edge rule here is libpysal's, and the
    /// two agree on columbus.
    ///
    /// Errors: a non-finite coordinate (naming the feature), duplicate ids, a negative or non-finite tolerance,
    /// a tolerance so small that grid cells overflow.
    ///
    /// - Complexity: O(V log V) for V vertices (hashing and a sort of vertex and edge occurrences), plus the
    ///   output; a 300 x 300 grid of squares takes a fraction of a second.
    public static func contiguity(_ features: [PolygonFeature], rule: ContiguityRule = .queen, tolerance: Double = 0) throws(WeightsError) -> SpatialWeights {
        guard tolerance.isFinite, tolerance >= 0 else { throw .invalidArgument("tolerance must be finite and >= 0 (got \(tolerance))") }
        guard features.count < Int(Int32.max) else { throw .invalidArgument("too many features (\(features.count))") }
        let ids = features.map(\.id)
        var seen = Set<String>()
        for id in ids where !seen.insert(id).inserted { throw .duplicateId(id) }

        // Flatten rings (open form) into vertex arrays.
        var xs = [Double](), ys = [Double](), owner = [Int32]()
        var ringStart = [0]
        for (f, feature) in features.enumerated() {
            for part in feature.parts {
                for ring in part.rings {
                    var m = ring.count
                    if m >= 2, ring[0] == ring[m - 1] { m -= 1 }
                    guard m > 0 else { continue }
                    for k in 0..<m {
                        let p = ring[k]
                        guard p.isFinite else { throw .invalidArgument("feature '\(feature.id)' has a non-finite coordinate (\(p.x), \(p.y))") }
                        xs.append(p.x); ys.append(p.y); owner.append(Int32(f))
                    }
                    ringStart.append(xs.count)
                }
            }
        }
        guard xs.count < Int(Int32.max) else { throw .invalidArgument("too many vertices (\(xs.count))") }
        let node = try contiguityNodes(xs: xs, ys: ys, tolerance: tolerance)

        // Occurrences (key << 32 | feature): a vertex node for queen, an edge for rook.
        var occurrences = [UInt64]()
        occurrences.reserveCapacity(xs.count)
        switch rule {
        case .queen:
            for v in 0..<xs.count { occurrences.append(UInt64(node[v]) << 32 | UInt64(owner[v])) }
        case .rook:
            var edgeId = [UInt64: UInt32](minimumCapacity: xs.count)
            for r in 0..<(ringStart.count - 1) {
                let lo = ringStart[r], hi = ringStart[r + 1]
                guard hi - lo >= 2 else { continue }
                for v in lo..<hi {
                    let a = node[v], b = node[v + 1 < hi ? v + 1 : lo]
                    if a == b { continue }
                    let key = UInt64(min(a, b)) << 32 | UInt64(max(a, b))
                    let e: UInt32
                    if let known = edgeId[key] { e = known } else { e = UInt32(edgeId.count); edgeId[key] = e }
                    occurrences.append(UInt64(e) << 32 | UInt64(owner[v]))
                }
            }
        }
        occurrences.sort()

        var pairs = [UInt64]()
        var group = [UInt64]()
        var start = 0
        while start < occurrences.count {
            let key = occurrences[start] >> 32
            var end = start
            group.removeAll(keepingCapacity: true)
            while end < occurrences.count, occurrences[end] >> 32 == key {
                let f = occurrences[end] & 0xFFFF_FFFF
                if group.last != f { group.append(f) }
                end += 1
            }
            if group.count > 1 {
                for a in 0..<(group.count - 1) {
                    for b in (a + 1)..<group.count { pairs.append(group[a] << 32 | group[b]) }
                }
            }
            start = end
        }
        pairs.sort()
        var unique = [UInt64]()
        unique.reserveCapacity(pairs.count)
        for p in pairs where unique.last != p { unique.append(p) }
        return try assembleUndirected(ids: ids, pairs: unique)
    }

    /// Queen contiguity: ``contiguity(_:rule:tolerance:)`` with `rule: .queen` (at least one common vertex).
    ///
    /// - Complexity: O(V log V) for V vertices, plus the output.
    public static func queen(_ features: [PolygonFeature], tolerance: Double = 0) throws(WeightsError) -> SpatialWeights {
        try contiguity(features, rule: .queen, tolerance: tolerance)
    }

    /// Rook contiguity: ``contiguity(_:rule:tolerance:)`` with `rule: .rook` (at least one common edge).
    ///
    /// - Complexity: O(V log V) for V vertices, plus the output.
    public static func rook(_ features: [PolygonFeature], tolerance: Double = 0) throws(WeightsError) -> SpatialWeights {
        try contiguity(features, rule: .rook, tolerance: tolerance)
    }

    /// Node number of every vertex: exact coordinates, or clusters of vertices within `tolerance`.
    private static func contiguityNodes(xs: [Double], ys: [Double], tolerance: Double) throws(WeightsError) -> [UInt32] {
        struct Key: Hashable { let x: UInt64, y: UInt64 }
        // -0.0 and 0.0 are the same point.
        @inline(__always) func bits(_ v: Double) -> UInt64 { (v == 0 ? 0.0 : v).bitPattern }
        var exact = [Key: UInt32](minimumCapacity: xs.count)
        var node = [UInt32](repeating: 0, count: xs.count)
        var ux = [Double](), uy = [Double]()
        for v in 0..<xs.count {
            let key = Key(x: bits(xs[v]), y: bits(ys[v]))
            if let known = exact[key] {
                node[v] = known
            } else {
                let id = UInt32(ux.count)
                exact[key] = id
                ux.append(xs[v]); uy.append(ys[v])
                node[v] = id
            }
        }
        guard tolerance > 0 else { return node }

        // Cluster the distinct points: grid cells of side `tolerance`, union-find over neighbouring cells.
        struct Cell: Hashable { let x: Int, y: Int }
        let m = ux.count
        var cellOf = [Cell]()
        cellOf.reserveCapacity(m)
        for u in 0..<m {
            let cx = (ux[u] / tolerance).rounded(.down), cy = (uy[u] / tolerance).rounded(.down)
            guard abs(cx) < 4e18, abs(cy) < 4e18 else {
                throw .invalidArgument("tolerance \(tolerance) is too small for coordinates of magnitude \(max(abs(ux[u]), abs(uy[u])))")
            }
            cellOf.append(Cell(x: Int(cx), y: Int(cy)))
        }
        var members = [Cell: [Int32]]()
        for u in 0..<m { members[cellOf[u], default: []].append(Int32(u)) }
        var parent = Array(0..<m)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        let t2 = tolerance * tolerance
        for u in 0..<m {
            let c = cellOf[u]
            for dx in -1...1 {
                for dy in -1...1 {
                    guard let list = members[Cell(x: c.x &+ dx, y: c.y &+ dy)] else { continue }
                    for w32 in list {
                        let w = Int(w32)
                        guard w > u else { continue }
                        let ddx = ux[u] - ux[w], ddy = uy[u] - uy[w]
                        if ddx * ddx + ddy * ddy <= t2 {
                            let a = find(u), b = find(w)
                            if a != b { parent[max(a, b)] = min(a, b) }
                        }
                    }
                }
            }
        }
        var cluster = [UInt32](repeating: 0, count: m)
        for u in 0..<m { cluster[u] = UInt32(find(u)) }
        return node.map { cluster[Int($0)] }
    }

    /// Binary contiguity weights from an edge list of ids: `w_ij = 1` for each listed pair (and `w_ji = 1` when
    /// `symmetric`), e.g. a published border list such as china31's `contiguity_edges.csv`
    /// (Anselin 1988, ch. 3).
    ///
    /// With `symmetric`, `(a, b)` and `(b, a)` are the same undirected pair and may be listed only once; without
    /// it, each pair is a directed link `a -> b` (row a, column b). Errors: an id not in `ids`
    /// (``WeightsError/unknownId(_:context:)``), a self-loop (``WeightsError/selfNeighbor(_:)``), a pair given
    /// twice (``WeightsError/duplicatePair(_:_:)``), duplicate ids.
    ///
    /// - Complexity: O(n + E log E) for E edges.
    public static func contiguity(edges: [(String, String)], ids: [String], symmetric: Bool = true) throws(WeightsError) -> SpatialWeights {
        var position = [String: Int](minimumCapacity: ids.count)
        for (i, id) in ids.enumerated() {
            guard position.updateValue(i, forKey: id) == nil else { throw .duplicateId(id) }
        }
        var keys = [UInt64]()
        keys.reserveCapacity(edges.count)
        var seen = Set<UInt64>(minimumCapacity: edges.count)
        for (k, (a, b)) in edges.enumerated() {
            guard let i = position[a] else { throw .unknownId(a, context: "edge \(k + 1) ('\(a)', '\(b)') names a unit not among the ids") }
            guard let j = position[b] else { throw .unknownId(b, context: "edge \(k + 1) ('\(a)', '\(b)') names a unit not among the ids") }
            guard i != j else { throw .selfNeighbor(a) }
            let key = symmetric ? UInt64(min(i, j)) << 32 | UInt64(max(i, j)) : UInt64(i) << 32 | UInt64(j)
            guard seen.insert(key).inserted else { throw .duplicatePair(a, b) }
            keys.append(key)
        }
        keys.sort()
        if symmetric { return try assembleUndirected(ids: ids, pairs: keys) }
        var rowStart = [Int](repeating: 0, count: ids.count + 1)
        var columns = [Int]()
        columns.reserveCapacity(keys.count)
        for key in keys {
            rowStart[Int(key >> 32) + 1] += 1
            columns.append(Int(key & 0xFFFF_FFFF))
        }
        for i in 0..<ids.count { rowStart[i + 1] += rowStart[i] }
        return try assemble(ids: ids, rowStart: rowStart, columns: columns, values: [Double](repeating: 1, count: columns.count))
    }
}
