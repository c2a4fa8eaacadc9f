import Foundation
import Testing
@testable import SpatialEconometrics

/// libpysal weights as stored in `reference/py/columbus_weights.json` (0-based neighbour lists, sorted, with
/// aligned weights).
struct ReferenceWeights: Decodable {
    let neighbors: [[Int]]
    let weights: [[Double]]
    let nonzero: Int
    let bandwidth: [Double]?

    enum CodingKeys: String, CodingKey {
        case neighbors = "neighbors_0based", weights, nonzero, bandwidth
    }
}

/// The reference file, read with `JSONDecoder` (`Fixtures.decode`): on Linux, `JSONSerialization` rounds
/// some 17-digit numbers a few ulps off (e.g. "8.5597000122070312"), which would blur exact comparisons.
struct ColumbusReference: Decodable {
    let centroids: [[Double]]
    let minThresholdDistance: Double
    let queen, rook, knn4, dbandBinary, dbandInvAlpha1, dbandInvAlpha2, kernelTriAdaptiveK4: ReferenceWeights

    enum CodingKeys: String, CodingKey {
        case centroids, minThresholdDistance = "min_threshold_distance", queen, rook, knn4
        case dbandBinary = "dband_binary", dbandInvAlpha1 = "dband_inv_alpha1", dbandInvAlpha2 = "dband_inv_alpha2"
        case kernelTriAdaptiveK4 = "kernel_tri_adaptive_k4"
    }

    static func load() throws -> ColumbusReference {
        try Fixtures.decode(ColumbusReference.self, "reference/py/columbus_weights.json")
    }

    var points: [Point2D] { centroids.map { Point2D($0[0], $0[1]) } }

    static func features() throws -> [PolygonFeature] {
        try PolygonFeature.fromGeoJSON(Data(contentsOf: Fixtures.url("data/columbus/columbus.geojson")), idProperty: "POLYID")
    }
}

enum China31 {
    static func features() throws -> [PolygonFeature] {
        try PolygonFeature.fromGeoJSON(contentsOf: Fixtures.url("data/china31/provinces.geojson"), idProperty: "id")
    }

    /// `from_id,to_id` rows of an edge-list CSV.
    static func edges(_ file: String = "contiguity_edges.csv") throws -> [(String, String)] {
        try Fixtures.text("data/china31/\(file)").split(whereSeparator: \.isNewline).dropFirst().map { line in
            let f = line.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            return (f[0], f[1])
        }
    }

    /// (id, name_en, capital lon/lat) from `provinces.csv` (no quoted fields in that file).
    static func capitals() throws -> [(id: String, name: String, point: Point2D)] {
        let lines = try Fixtures.text("data/china31/provinces.csv").split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        let iid = try #require(header.firstIndex(of: "id")), iname = try #require(header.firstIndex(of: "name_en"))
        let ilat = try #require(header.firstIndex(of: "capital_lat")), ilon = try #require(header.firstIndex(of: "capital_lon"))
        return try lines.dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (f[iid], f[iname], Point2D(try #require(Double(f[ilon])), try #require(Double(f[ilat]))))
        }
    }
}

/// Neighbour lists (0-based, ascending) of weights.
func neighborLists(_ w: SpatialWeights) -> [[Int]] { (0..<w.count).map { Array(w.neighbors(of: $0)) } }

/// Weight lists aligned with `neighborLists`.
func weightLists(_ w: SpatialWeights) -> [[Double]] { (0..<w.count).map { Array(w.weights(of: $0)) } }

/// Undirected edges `(min id, max id)` of symmetric weights, as ids.
func undirectedEdges(_ w: SpatialWeights) -> Set<[String]> {
    var s = Set<[String]>()
    for i in 0..<w.count { for j in w.neighbors(of: i) where i < j { s.insert([w.ids[i], w.ids[j]].sorted()) } }
    return s
}

/// A grid of `columns x rows` unit squares, ids "r,c", row-major; rings closed, counter-clockwise.
func squareGrid(columns: Int, rows: Int, jitter: Double = 0) -> [PolygonFeature] {
    var out = [PolygonFeature]()
    for r in 0..<rows {
        for c in 0..<columns {
            // A per-feature offset makes shared vertices differ by up to `jitter` between features.
            let e = jitter * Double((r * columns + c) % 3)
            let x = Double(c) + e, y = Double(r) + e
            let ring = [Point2D(x, y), Point2D(x + 1, y), Point2D(x + 1, y + 1), Point2D(x, y + 1), Point2D(x, y)]
            out.append(PolygonFeature(id: "\(r),\(c)", parts: [Polygon(exterior: ring)]))
        }
    }
    return out
}
