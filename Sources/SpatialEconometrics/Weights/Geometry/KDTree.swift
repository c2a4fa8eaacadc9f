import Foundation

/// A static k-d tree over points in 2 or 3 dimensions (Bentley 1975, *Multidimensional binary search trees used
/// for associative searching*, CACM 18(9): 509-517), stored in flat arrays with implicit nodes.
///
/// The node over tree positions `lo ..< hi` holds the point at `mid = (lo + hi) / 2`, split on the axis of largest
/// spread; the left subtree is `lo ..< mid` (coordinates <= the split value) and the right one `mid + 1 ..< hi`
/// (>=). Ranges of at most ``leafSize`` points are leaves, scanned linearly. There is no per-node allocation:
/// the tree is the permutation ``index``, the permuted ``coordinates`` and the split ``axis`` per position.
///
/// Distances are squared Euclidean distances in the tree's coordinates (for great-circle distances the points
/// are unit vectors, so these are squared chords, monotone in the arc; see `MetricPoints`). Neighbours are
/// ranked by (squared distance, original index), so exact ties go to the lower index, independently of the
/// tree's shape.
///
/// - Complexity: build O(n log n) (a median selection per level); a k-nearest query O(log n + k) on
///   well-spread data, a radius query O(log n + output).
struct KDTree: Sendable {
    let dimension: Int
    let count: Int
    /// Coordinates in tree order, `dimension` per point.
    let coordinates: [Double]
    /// Original index of the point at each tree position.
    let index: [Int]
    /// Split axis of the node whose point sits at each position (meaningless inside leaves).
    let axis: [UInt8]
    static let leafSize = 8

    /// A tree over `points` (already validated as finite).
    init(_ points: MetricPoints) {
        self.init(coordinates: points.coordinates, dimension: points.dimension)
    }

    /// A tree over `coordinates` (`dimension` finite values per point, dimension 1 to 3).
    ///
    /// The coordinates are permuted in place together with the index during the build, so that every median
    /// selection scans contiguous memory.
    init(coordinates source: [Double], dimension: Int) {
        let dim = max(1, min(3, dimension))
        let n = source.count / dim
        self.dimension = dim
        self.count = n
        var order = Array(0..<n)
        var axes = [UInt8](repeating: 0, count: n)
        var work = Array(source.prefix(n * dim))
        work.withUnsafeMutableBufferPointer { co in
            order.withUnsafeMutableBufferPointer { ord in
                axes.withUnsafeMutableBufferPointer { ax in
                    var stack: [(Int, Int)] = [(0, n)]
                    var lower = [Double](repeating: 0, count: dim), upper = lower
                    while let (lo, hi) = stack.popLast() {
                        guard hi - lo > KDTree.leafSize else { continue }
                        for d in 0..<dim { lower[d] = .infinity; upper[d] = -.infinity }
                        for p in lo..<hi {
                            for d in 0..<dim {
                                let v = co[p * dim + d]
                                if v < lower[d] { lower[d] = v }
                                if v > upper[d] { upper[d] = v }
                            }
                        }
                        var a = 0
                        for d in 1..<max(1, dim) where upper[d] - lower[d] > upper[a] - lower[a] { a = d }
                        let mid = (lo + hi) >> 1
                        KDTree.select(co, ord, dim: dim, axis: a, lo: lo, hi: hi, k: mid)
                        ax[mid] = UInt8(a)
                        stack.append((lo, mid))
                        stack.append((mid + 1, hi))
                    }
                }
            }
        }
        coordinates = work
        index = order
        axis = axes
    }

    /// Rearranges points `lo..<hi` (coordinates `co` and indices `ord` together) so that position `k` holds the
    /// point of rank `k - lo` by coordinate `axis`, with no larger one before it and no smaller one after it.
    /// Quickselect with a median-of-three pivot and a three-way partition (Bentley & McIlroy 1993,
    /// *Engineering a sort function*), so runs of equal coordinates (grids) stay linear.
    private static func select(_ co: UnsafeMutableBufferPointer<Double>, _ ord: UnsafeMutableBufferPointer<Int>,
                               dim: Int, axis: Int, lo: Int, hi: Int, k: Int) {
        var lo = lo, hi = hi
        @inline(__always) func key(_ p: Int) -> Double { co[p * dim + axis] }
        @inline(__always) func swap(_ i: Int, _ j: Int) {
            ord.swapAt(i, j)
            for d in 0..<dim { co.swapAt(i * dim + d, j * dim + d) }
        }
        while hi - lo > 1 {
            let a = key(lo), b = key((lo + hi) >> 1), c = key(hi - 1)
            let pivot = max(min(a, b), min(max(a, b), c))
            var lt = lo, i = lo, gt = hi
            while i < gt {
                let v = key(i)
                if v < pivot {
                    swap(lt, i); lt += 1; i += 1
                } else if v > pivot {
                    gt -= 1; swap(i, gt)
                } else {
                    i += 1
                }
            }
            if k < lt { hi = lt } else if k >= gt { lo = gt } else { return }
        }
    }

    /// For every point (visited in tree order), its `k` nearest other points ranked by (squared distance,
    /// original index): `body(unit, indices, squaredDistances)` with buffers of length `min(k, n - 1)`, valid only
    /// during the call. Coincident points are included (distance 0); the point itself is not.
    ///
    /// Subtrees are pruned by the squared distance from the query to their cell, kept incrementally per axis
    /// (Arya & Mount 1993, *Algorithms for fast vector quantization*), and only when it exceeds the current k-th
    /// distance strictly, so that equally distant points of lower index are still found.
    func forEachNearest(k: Int, _ body: (Int, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Double>) -> Void) {
        let kk = min(k, count - 1)
        guard kk >= 1 else { return }
        let dim = dimension, leaf = KDTree.leafSize, n = count
        let bi = UnsafeMutableBufferPointer<Int>.allocate(capacity: kk)
        let bd = UnsafeMutableBufferPointer<Double>.allocate(capacity: kk)
        // Stack entries: range, squared cell distance, per-axis offsets (3 per entry).
        let capacity = 256
        let sLo = UnsafeMutableBufferPointer<Int>.allocate(capacity: capacity)
        let sHi = UnsafeMutableBufferPointer<Int>.allocate(capacity: capacity)
        let sDist = UnsafeMutableBufferPointer<Double>.allocate(capacity: capacity)
        let sOff = UnsafeMutableBufferPointer<Double>.allocate(capacity: 3 * capacity)
        let q = UnsafeMutableBufferPointer<Double>.allocate(capacity: 3)
        defer { bi.deallocate(); bd.deallocate(); sLo.deallocate(); sHi.deallocate(); sDist.deallocate(); sOff.deallocate(); q.deallocate() }
        coordinates.withUnsafeBufferPointer { co in
            index.withUnsafeBufferPointer { idx in
                axis.withUnsafeBufferPointer { ax in
                    for qp in 0..<n {
                        let unit = idx[qp]
                        for d in 0..<dim { q[d] = co[qp * dim + d] }
                        let q0 = q[0], q1 = dim > 1 ? q[1] : 0, q2 = dim > 2 ? q[2] : 0
                        var found = 0
                        var sp = 1
                        sLo[0] = 0; sHi[0] = n; sDist[0] = 0
                        sOff[0] = 0; sOff[1] = 0; sOff[2] = 0
                        while sp > 0 {
                            sp -= 1
                            let lo = sLo[sp], hi = sHi[sp], dist = sDist[sp]
                            if found == kk && dist > bd[kk - 1] { continue }
                            // Points to examine: the whole leaf, or the node's own point.
                            let mid = (lo + hi) >> 1
                            let isLeaf = hi - lo <= leaf
                            var p = isLeaf ? lo : mid
                            let end = isLeaf ? hi : mid + 1
                            while p < end {
                                defer { p += 1 }
                                let j = idx[p]
                                if j == unit { continue }
                                // Summed in axis order, like the cell distances below.
                                var d2: Double
                                switch dim {
                                case 2:
                                    let t0 = co[2 * p] - q0, t1 = co[2 * p + 1] - q1
                                    d2 = t0 * t0 + t1 * t1
                                case 3:
                                    let t0 = co[3 * p] - q0, t1 = co[3 * p + 1] - q1, t2 = co[3 * p + 2] - q2
                                    d2 = t0 * t0 + t1 * t1 + t2 * t2
                                default:
                                    let t0 = co[p] - q0
                                    d2 = t0 * t0
                                }
                                var t: Int
                                if found < kk {
                                    t = found; found += 1
                                } else {
                                    let wd = bd[kk - 1]
                                    guard d2 < wd || (d2 == wd && j < bi[kk - 1]) else { continue }
                                    t = kk - 1
                                }
                                while t > 0 && (bd[t - 1] > d2 || (bd[t - 1] == d2 && bi[t - 1] > j)) {
                                    bd[t] = bd[t - 1]; bi[t] = bi[t - 1]; t -= 1
                                }
                                bd[t] = d2; bi[t] = j
                            }
                            if isLeaf { continue }
                            let a = Int(ax[mid])
                            let diff = q[a] - co[mid * dim + a]
                            let base = 3 * sp
                            let o0 = sOff[base], o1 = sOff[base + 1], o2 = sOff[base + 2]
                            // The far cell's squared distance, summed over axes in the same order as the point
                            // distances: each offset is <= the matching |coordinate difference| of every point in
                            // the cell, and rounding is monotone, so it never exceeds a computed point distance
                            // (an incremental update `dist - old^2 + diff^2` could, and lose an exact tie).
                            var far = (o0, o1, o2)
                            switch a {
                            case 0: far.0 = abs(diff)
                            case 1: far.1 = abs(diff)
                            default: far.2 = abs(diff)
                            }
                            var farDist = far.0 * far.0
                            if dim > 1 { farDist += far.1 * far.1 }
                            if dim > 2 { farDist += far.2 * far.2 }
                            let (nearLo, nearHi, farLo, farHi) = diff < 0 ? (lo, mid, mid + 1, hi) : (mid + 1, hi, lo, mid)
                            // Far child first (popped last), then the near child with the parent's cell distance.
                            sLo[sp] = farLo; sHi[sp] = farHi; sDist[sp] = farDist
                            sOff[base] = far.0; sOff[base + 1] = far.1; sOff[base + 2] = far.2
                            sLo[sp + 1] = nearLo; sHi[sp + 1] = nearHi; sDist[sp + 1] = dist
                            sOff[base + 3] = o0; sOff[base + 4] = o1; sOff[base + 5] = o2
                            sp += 2
                        }
                        body(unit, UnsafeBufferPointer(rebasing: bi[0..<kk]), UnsafeBufferPointer(rebasing: bd[0..<kk]))
                    }
                }
            }
        }
    }

    /// For every point (visited in tree order), the other points within squared distance `squaredRadius(unit)`
    /// (inclusive), in no particular order: `body(unit, indices, squaredDistances)`, buffers valid only during the
    /// call; `body` returns false to stop. Coincident points are included; the point itself is not.
    func forEachWithinRadius(_ squaredRadius: (Int) -> Double,
                             _ body: (Int, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Double>) -> Bool) {
        let dim = dimension, leaf = KDTree.leafSize, n = count
        guard n > 0 else { return }
        var foundIndex = [Int](), foundD2 = [Double]()
        var stackLo = [Int](repeating: 0, count: 256), stackHi = stackLo
        var q = [Double](repeating: 0, count: 3)
        coordinates.withUnsafeBufferPointer { co in
            index.withUnsafeBufferPointer { idx in
                axis.withUnsafeBufferPointer { ax in
                    for qp in 0..<n {
                        let unit = idx[qp]
                        let r2 = squaredRadius(unit)
                        for d in 0..<dim { q[d] = co[qp * dim + d] }
                        foundIndex.removeAll(keepingCapacity: true)
                        foundD2.removeAll(keepingCapacity: true)
                        @inline(__always) func consider(_ p: Int) {
                            let j = idx[p]
                            if j == unit { return }
                            var d2 = 0.0
                            for d in 0..<dim { let t = co[p * dim + d] - q[d]; d2 += t * t }
                            if d2 <= r2 { foundIndex.append(j); foundD2.append(d2) }
                        }
                        var sp = 1
                        stackLo[0] = 0; stackHi[0] = n
                        while sp > 0 {
                            sp -= 1
                            let lo = stackLo[sp], hi = stackHi[sp]
                            if hi - lo <= leaf {
                                for p in lo..<hi { consider(p) }
                                continue
                            }
                            let mid = (lo + hi) >> 1
                            consider(mid)
                            let a = Int(ax[mid])
                            let diff = q[a] - co[mid * dim + a]
                            // Left holds coordinates <= split, right >= split.
                            if diff <= 0 || diff * diff <= r2 { stackLo[sp] = lo; stackHi[sp] = mid; sp += 1 }
                            if diff >= 0 || diff * diff <= r2 { stackLo[sp] = mid + 1; stackHi[sp] = hi; sp += 1 }
                        }
                        let proceed = foundIndex.withUnsafeBufferPointer { fi in
                            foundD2.withUnsafeBufferPointer { fd in body(unit, fi, fd) }
                        }
                        if !proceed { return }
                    }
                }
            }
        }
    }
}
