import Foundation
@testable import SpatialEconometrics

/// Columbus CRIME and the queen weights (libpysal's neighbour lists, identical to spdep's `poly2nb`).
enum Columbus {
    static func table() throws -> DataTable { try DataTable(contentsOf: Fixtures.url("data/columbus/columbus.csv")) }

    static func crime() throws -> [Double] { try table().numbers("CRIME") }

    /// Queen contiguity, untransformed (binary), ids "1"..."49". A missing or malformed key of the reference file
    /// throws a ``FixtureError`` naming it (it used to give weights over no units).
    static func queen() throws -> SpatialWeights {
        let node = try FixtureJSON("reference/py/columbus_weights.json")["queen", "neighbors_0based"]
        let lists = try node.elements().map { try $0.integers() }
        guard lists.count == 49 else { throw node.error("\(lists.count) neighbour lists, columbus has 49 units") }
        return try SpatialWeights(ids: (1...lists.count).map(String.init), neighbors: lists)
    }
}
