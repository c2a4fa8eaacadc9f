import Foundation
import Testing
@testable import SpatialEconometrics

/// Brute-force k nearest neighbours ranked by (squared distance, index), and the number of units whose
/// (k+1)-th neighbour is exactly as far as the k-th. A plain scan keeping the k + 1 best (cheap in debug builds).
private func bruteForceKNN(_ p: [Point2D], k: Int) -> (neighbors: [[Int]], tied: Int) {
    var tied = 0
    var neighbors = [[Int]]()
    for i in 0..<p.count {
        var best = [(Double, Int)]()  // ascending, at most k + 1
        for j in 0..<p.count where j != i {
            let dx = p[j].x - p[i].x, dy = p[j].y - p[i].y
            let c = (dx * dx + dy * dy, j)
            if best.count == k + 1 {
                guard let last = best.last, c < last else { continue }
                best.removeLast()
            }
            var t = best.count
            best.append(c)
            while t > 0 && c < best[t - 1] { best.swapAt(t, t - 1); t -= 1 }
        }
        if best.count > k, best[k].0 == best[k - 1].0 { tied += 1 }
        neighbors.append(best.prefix(k).map(\.1).sorted())
    }
    return (neighbors, tied)
}

@Suite struct DistanceWeightsTests {
    @Test func knn4EqualsLibpysalFromReferenceAndOwnCentroids() throws {
        let ref = try ColumbusReference.load()
        let reference = ref.knn4
        let centroids = ref.points
        let w = try SpatialWeights.kNearestNeighbors(points: centroids, k: 4)
        #expect(neighborLists(w) == reference.neighbors)
        #expect(w.matrix.nonzeroCount == 196 && w.warnings.isEmpty)
        let features = try ColumbusReference.features()
        let own = try SpatialWeights.kNearestNeighbors(points: features.map(\.centroid), ids: features.map(\.id), k: 4)
        #expect(neighborLists(own) == reference.neighbors)
        #expect(own.ids.first == "1")
    }

    @Test func distanceBandsEqualLibpysal() throws {
        let reference = try ColumbusReference.load()
        let threshold = reference.minThresholdDistance
        let centroids = reference.points
        #expect(try SpatialWeights.minimumThresholdDistance(points: centroids) == threshold)

        let binary = try SpatialWeights.distanceBand(points: centroids, threshold: threshold)
        let refBinary = reference.dbandBinary
        #expect(neighborLists(binary) == refBinary.neighbors)
        #expect(binary.matrix.nonzeroCount == 252 && binary.diagnostics.islands.isEmpty)
        #expect(binary.matrix.values.allSatisfy { $0 == 1 })

        for (key, power, ref) in [("dband_inv_alpha1", 1.0, reference.dbandInvAlpha1), ("dband_inv_alpha2", 2.0, reference.dbandInvAlpha2)] {
            for w in [try SpatialWeights.distanceBand(points: centroids, threshold: threshold, binary: false, power: power),
                      try SpatialWeights.inverseDistance(points: centroids, power: power, cutoff: threshold)] {
                #expect(neighborLists(w) == ref.neighbors, "\(key)")
                for (a, b) in zip(weightLists(w), ref.weights) {
                    for (x, y) in zip(a, b) { #expect(close(x, y, rtol: 1e-12, atol: 0), "\(key): \(x) vs \(y)") }
                }
            }
        }
        // Just below the threshold the unit whose nearest neighbour is farthest becomes an island.
        let below = try SpatialWeights.distanceBand(points: centroids, threshold: threshold.nextDown)
        #expect(below.diagnostics.islands.count >= 1)
    }

    @Test func inverseDistanceOverAllPairs() throws {
        let p = [Point2D(0, 0), Point2D(3, 4), Point2D(6, 8)]
        let w = try SpatialWeights.inverseDistance(points: p, ids: ["a", "b", "c"], power: 2)
        #expect(w.matrix.nonzeroCount == 6)
        #expect(close(w.matrix[0, 1], 1.0 / 25, rtol: 1e-15) && close(w.matrix[0, 2], 1.0 / 100, rtol: 1e-15))
        #expect(close(w.matrix[2, 1], 1.0 / 25, rtol: 1e-15) && w.matrix[1, 1] == 0)
        let w1 = try SpatialWeights.inverseDistance(points: p)
        #expect(close(w1.matrix[1, 0], 0.2, rtol: 1e-15))
        // Columbus: dense inverse distance equals 1/d over all 49 x 48 pairs.
        let c = try ColumbusReference.load().points
        let dense = try SpatialWeights.inverseDistance(points: c)
        #expect(dense.matrix.nonzeroCount == 49 * 48)
        #expect(close(dense.matrix[3, 40], 1 / SpatialWeights.distance(c[3], c[40], metric: .euclidean), rtol: 1e-15))
    }

    /// kNN by k-d tree against brute force on 2,000 seeded points, a quarter of them on a grid so that many
    /// distances tie exactly (ties must go to the lower index). Spacing 1 gives exact arithmetic; spacing 0.1 with
    /// an offset gives rounded distances, some tied and some not.
    @Test(arguments: [(1, 1.0), (4, 1.0), (8, 1.0), (8, 0.1)])
    func knnMatchesBruteForceWithTies(k: Int, spacing: Double) throws {
        var rng = SeededGenerator(seed: 20_240_521)
        var points = [Point2D]()
        for i in 0..<2_000 {
            if i % 4 == 0 {
                let gx = Double(Int.random(in: 0..<25, using: &rng)), gy = Double(Int.random(in: 0..<25, using: &rng))
                points.append(Point2D(0.37 + spacing * gx, 0.37 + spacing * gy))
            } else if spacing < 1 {
                points.append(Point2D(Double.random(in: 0.37..<2.87, using: &rng), Double.random(in: 0.37..<2.87, using: &rng)))
            } else {
                points.append(Point2D(Double.random(in: 0..<25, using: &rng), Double.random(in: 0..<25, using: &rng)))
            }
        }
        points.append(points[0])  // an exact duplicate point is allowed
        let w = try SpatialWeights.kNearestNeighbors(points: points, k: k)
        let brute = bruteForceKNN(points, k: k)
        #expect(neighborLists(w) == brute.neighbors)
        #expect(brute.tied > 0)
        let warning = try #require(w.warnings.first { $0.hasPrefix("ties") })
        #expect(warning.contains("for \(brute.tied) unit"))
        #expect(w.cardinalities.allSatisfy { $0 == k })
    }

    @Test func knnOnPureGridTiesGoToLowerIndex() throws {
        // 3 x 3 grid, ids in row-major order; the centre (4) has four neighbours at distance 1: 1, 3, 5, 7.
        let points = (0..<9).map { Point2D(Double($0 % 3), Double($0 / 3)) }
        let w = try SpatialWeights.kNearestNeighbors(points: points, k: 2)
        #expect(Array(w.neighbors(of: 4)) == [1, 3])
        #expect(Array(w.neighbors(of: 0)) == [1, 3])
        // Corner 0 has 1 and 3 at distance 1, then 4 at sqrt 2: no tie at k = 2; the centre has one.
        #expect(w.warnings.first { $0.hasPrefix("ties") }?.contains("4") == true)
    }

    @Test func greatCircleDistancesAndNeighbours() throws {
        let capitals = try China31.capitals()
        let beijing = try #require(capitals.first { $0.name == "Beijing" }).point
        let shanghai = try #require(capitals.first { $0.name == "Shanghai" }).point
        // Independent check: Python's math module, haversine on R = 6371.0088 km with these coordinates
        // (116.3883 E 39.9289 N; 121.4365 E 31.2165 N) gives 1070.478809866194 km (about 1,067 km is the
        // usually quoted city-centre distance).
        let d = SpatialWeights.greatCircleDistance(beijing, shanghai)
        #expect(close(d, 1070.478809866194, rtol: 1e-12))
        #expect(SpatialWeights.distance(beijing, shanghai, metric: .greatCircle) == d)
        #expect(SpatialWeights.greatCircleDistance(beijing, beijing) == 0)
        // Quarter of a great circle and antipodes.
        #expect(close(SpatialWeights.greatCircleDistance(Point2D(0, 0), Point2D(90, 0)), SpatialWeights.earthRadiusKilometres * .pi / 2, rtol: 1e-14))
        #expect(close(SpatialWeights.greatCircleDistance(Point2D(0, 0), Point2D(180, 0)), SpatialWeights.earthRadiusKilometres * .pi, rtol: 1e-14))
        #expect(close(SpatialWeights.greatCircleDistance(Point2D(179.5, 10), Point2D(-179.5, 10)), 2 * SpatialWeights.earthRadiusKilometres * asin(cos(10 * .pi / 180) * sin(0.5 * .pi / 180)), rtol: 1e-12))

        // kNN on the sphere equals brute force by haversine (no exact ties among the capitals).
        let points = capitals.map(\.point), ids = capitals.map(\.id)
        let w = try SpatialWeights.kNearestNeighbors(points: points, ids: ids, k: 3, metric: .greatCircle)
        for i in 0..<points.count {
            let ranked = (0..<points.count).filter { $0 != i }.sorted {
                (SpatialWeights.greatCircleDistance(points[i], points[$0]), $0) < (SpatialWeights.greatCircleDistance(points[i], points[$1]), $1)
            }
            #expect(Array(w.neighbors(of: i)) == ranked.prefix(3).sorted())
        }
        // Inverse distance and bands in km agree with haversine to 1e-9.
        let inv = try SpatialWeights.inverseDistance(points: points, ids: ids, metric: .greatCircle)
        #expect(close(inv.matrix[0, 8], 1 / d, rtol: 1e-9))
        let band = try SpatialWeights.distanceBand(points: points, ids: ids, threshold: 1_100, binary: false, metric: .greatCircle)
        for i in 0..<points.count {
            let expected = (0..<points.count).filter { $0 != i && SpatialWeights.greatCircleDistance(points[i], points[$0]) <= 1_100 }
            #expect(Array(band.neighbors(of: i)) == expected)
            for (j, v) in zip(band.neighbors(of: i), band.weights(of: i)) {
                #expect(close(v, 1 / SpatialWeights.greatCircleDistance(points[i], points[j]), rtol: 1e-9))
            }
        }
        let threshold = try SpatialWeights.minimumThresholdDistance(points: points, metric: .greatCircle)
        #expect(try SpatialWeights.distanceBand(points: points, threshold: threshold, metric: .greatCircle).diagnostics.islands.isEmpty)
        // Across the antimeridian: 179.9 E and 179.9 W are 0.2 degrees apart.
        let pacific = [Point2D(179.9, 0), Point2D(-179.9, 0), Point2D(170, 0)]
        let pw = try SpatialWeights.kNearestNeighbors(points: pacific, k: 1, metric: .greatCircle)
        #expect(neighborLists(pw) == [[1], [0], [0]])
    }

    @Test func adversarialInputs() throws {
        let p = [Point2D(0, 0), Point2D(1, 0), Point2D(0, 1), Point2D(1, 1)]
        let ids = ["a", "b", "c", "d"]
        func message(_ body: () throws(WeightsError) -> SpatialWeights) -> String {
            do { _ = try body(); return "no error" } catch { return error.description }
        }
        var nanPoints = p
        nanPoints[2] = Point2D(.nan, 1)
        #expect(message { () throws(WeightsError) in try SpatialWeights.kNearestNeighbors(points: nanPoints, ids: ids, k: 1) }.contains("unit 'c' has a non-finite coordinate"))
        #expect(message { () throws(WeightsError) in try SpatialWeights.distanceBand(points: nanPoints, ids: ids, threshold: 1) }.contains("'c'"))
        #expect(message { () throws(WeightsError) in try SpatialWeights.kNearestNeighbors(points: [Point2D(0, .infinity)] + p, k: 1) }.contains("unit '0'"))
        #expect(throws: WeightsError.invalidArgument("k = 4 must be less than the number of units (4)")) {
            try SpatialWeights.kNearestNeighbors(points: p, k: 4)
        }
        #expect(throws: WeightsError.invalidArgument("k must be at least 1 (got 0)")) { try SpatialWeights.kNearestNeighbors(points: p, k: 0) }
        #expect(throws: WeightsError.invalidArgument("k must be at least 1 (got -3)")) { try SpatialWeights.kNearestNeighbors(points: p, k: -3) }
        #expect(throws: WeightsError.invalidArgument("k = 1 must be less than the number of units (0)")) { try SpatialWeights.kNearestNeighbors(points: [], k: 1) }
        #expect(throws: WeightsError.sizeMismatch("4 points and 3 ids")) { try SpatialWeights.kNearestNeighbors(points: p, ids: ["a", "b", "c"], k: 1) }
        #expect(throws: WeightsError.duplicateId("a")) { try SpatialWeights.kNearestNeighbors(points: p, ids: ["a", "b", "c", "a"], k: 1) }
        #expect(message { () throws(WeightsError) in try SpatialWeights.kNearestNeighbors(points: [Point2D(0, 91), Point2D(0, 0)], k: 1, metric: .greatCircle) }.contains("latitude 91"))

        // Coincident points: fine for kNN and binary bands, an error naming both units for inverse distance.
        let coincident = p + [Point2D(1, 0)]
        let ids5 = ids + ["e"]
        let knn = try SpatialWeights.kNearestNeighbors(points: coincident, ids: ids5, k: 1)
        #expect(Array(knn.neighbors(of: 4)) == [1] && Array(knn.neighbors(of: 1)) == [4])
        #expect(try SpatialWeights.distanceBand(points: coincident, ids: ids5, threshold: 0.5).matrix.nonzeroCount == 2)
        #expect(message { () throws(WeightsError) in try SpatialWeights.inverseDistance(points: coincident, ids: ids5) }.contains("units 'b' and 'e' are at the same location"))
        #expect(message { () throws(WeightsError) in try SpatialWeights.inverseDistance(points: coincident, ids: ids5, cutoff: 2) }.contains("units 'b' and 'e'"))

        #expect(throws: WeightsError.invalidArgument("threshold must be finite and >= 0 (got -1.0)")) { try SpatialWeights.distanceBand(points: p, threshold: -1) }
        #expect(throws: WeightsError.invalidArgument("threshold must be finite and >= 0 (got nan)")) { try SpatialWeights.distanceBand(points: p, threshold: .nan) }
        #expect(throws: WeightsError.invalidArgument("power must be finite and > 0 (got 0.0)")) {
            try SpatialWeights.distanceBand(points: p, threshold: 1, binary: false, power: 0)
        }
        #expect(throws: WeightsError.invalidArgument("power must be finite and > 0 (got -1.0)")) { try SpatialWeights.inverseDistance(points: p, power: -1) }
        #expect(throws: WeightsError.invalidArgument("the minimum threshold distance needs at least 2 points (got 1)")) {
            try SpatialWeights.minimumThresholdDistance(points: [Point2D(0, 0)])
        }
        // Too many units for a dense matrix: refused before any work, with a hint to use a cutoff.
        let many = (0..<(SpatialWeights.maximumDenseUnits + 1)).map { Point2D(Double($0), 0) }
        #expect(message { () throws(WeightsError) in try SpatialWeights.inverseDistance(points: many) }.contains("pass a cutoff"))
        #expect(try SpatialWeights.inverseDistance(points: many, cutoff: 1.5).matrix.nonzeroCount == 2 * SpatialWeights.maximumDenseUnits)
        // k close to n on many points: refused before allocating n k links.
        let line = (0..<20_000).map { Point2D(Double($0), 0) }
        #expect(message { () throws(WeightsError) in try SpatialWeights.kNearestNeighbors(points: line, k: 19_999) }.contains("more than the limit"))
    }
}
