import Foundation
@testable import SpatialEconometrics

/// Columbus CRIME and the queen weights (libpysal's neighbour lists, identical to spdep's `poly2nb`).
enum Columbus {
    static func table() throws -> DataTable { try DataTable(contentsOf: Fixtures.url("data/columbus/columbus.csv")) }

    static func crime() throws -> [Double] { try table().numbers("CRIME") }

    /// Queen contiguity, untransformed (binary), ids "1"..."49".
    static func queen() throws -> SpatialWeights {
        let ref = try Fixtures.json("reference/py/columbus_weights.json") as? [String: Any]
        let q = ref?["queen"] as? [String: Any]
        let lists = (q?["neighbors_0based"] as? [[Int]]) ?? []
        return try SpatialWeights(ids: (1...lists.count).map(String.init), neighbors: lists)
    }
}
