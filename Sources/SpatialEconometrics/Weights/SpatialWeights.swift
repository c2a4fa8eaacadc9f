import Foundation

/// A spatial weights matrix W over n units: ids plus a sparse (CSR) matrix, with the transformation applied.
///
/// Entry `w_ij` is the weight unit j receives in the spatial lag of unit i, `(W x)_i = sum_j w_ij x_j`.
/// The diagonal is normally zero (kernel weights may carry `K(0)` on it). Units without neighbours (islands)
/// are allowed and reported in ``warnings`` and ``WeightsDiagnostics/islands``.
///
/// ```swift
/// let w = try SpatialWeights(ids: ["a", "b", "c"], neighbors: [[1], [0, 2], [1]])
/// let wr = try w.transformed(.row)        // row-standardised, as R's nb2listw(style = "W")
/// let lag = try wr.lag([1, 2, 3])         // [2, 2, 2]
/// ```
public struct SpatialWeights: Sendable, Codable, Equatable {
    /// Unit ids in row order.
    public let ids: [String]
    /// The weights, n x n, CSR.
    public internal(set) var matrix: SparseMatrix
    /// The last transformation applied (`.none` for weights as built or read).
    public internal(set) var transformation: WeightsTransformation
    /// Non-fatal findings (islands, ties at the k-th distance, ...), in the order they were found.
    public internal(set) var warnings: [String]
    /// The name of the data column (or GeoJSON property) that holds these ids, when the source says so: a GAL/GWT
    /// header `0 n name idvar`, a dense CSV's corner cell, or the `idProperty` the weights were built with.
    /// Data rows are matched to the weights through this column first (see ``PairedData``). Metadata only: it does
    /// not take part in `==`.
    public var idVariable: String?

    /// The number of units n (the size of W).
    public var count: Int { ids.count }

    /// Weights from ids and a sparse matrix. Throws unless the matrix is n x n with finite, non-negative entries.
    public init(ids: [String], matrix: SparseMatrix, transformation: WeightsTransformation = .none, warnings: [String] = []) throws(WeightsError) {
        guard matrix.rows == ids.count, matrix.columns == ids.count else {
            throw .sizeMismatch("\(ids.count) ids for a \(matrix.rows) x \(matrix.columns) matrix")
        }
        var seen = Set<String>()
        for id in ids where !seen.insert(id).inserted { throw .duplicateId(id) }
        for i in 0..<matrix.rows {
            for k in matrix.rowStart[i]..<matrix.rowStart[i + 1] {
                let v = matrix.values[k]
                if !(v.isFinite && v >= 0) { throw .invalidWeight(from: ids[i], to: ids[matrix.columnIndices[k]], value: v) }
            }
        }
        self.ids = ids
        self.matrix = matrix
        self.transformation = transformation
        self.warnings = warnings
        let islands = (0..<ids.count).filter { matrix.rowStart[$0] == matrix.rowStart[$0 + 1] }
        if !islands.isEmpty, !warnings.contains(where: { $0.hasPrefix("islands") }) {
            self.warnings.append("islands (units with no neighbour): " + islands.prefix(20).map { ids[$0] }.joined(separator: ", ")
                + (islands.count > 20 ? " and \(islands.count - 20) more" : ""))
        }
    }

    /// Weights from neighbour lists (0-based indices) and optional weights aligned with them (default 1).
    public init(ids: [String], neighbors: [[Int]], weights: [[Double]]? = nil, allowSelfNeighbors: Bool = false) throws(WeightsError) {
        guard neighbors.count == ids.count else { throw .sizeMismatch("\(ids.count) ids and \(neighbors.count) neighbour lists") }
        if let w = weights, w.count != neighbors.count { throw .sizeMismatch("\(neighbors.count) neighbour lists and \(w.count) weight lists") }
        var triplets = [SparseMatrix.Entry]()
        triplets.reserveCapacity(neighbors.reduce(0) { $0 + $1.count })
        for (i, list) in neighbors.enumerated() {
            if let w = weights, w[i].count != list.count {
                throw .sizeMismatch("unit '\(ids[i])' has \(list.count) neighbours and \(w[i].count) weights")
            }
            var seen = Set<Int>()
            for (k, j) in list.enumerated() {
                guard j >= 0, j < ids.count else { throw .unknownId("\(j)", context: "neighbour index of unit '\(ids[i])'") }
                if j == i && !allowSelfNeighbors { throw .selfNeighbor(ids[i]) }
                if !seen.insert(j).inserted { throw .duplicatePair(ids[i], ids[j]) }
                triplets.append(.init(row: i, column: j, value: weights?[i][k] ?? 1))
            }
        }
        let m: SparseMatrix
        do { m = try SparseMatrix(rows: ids.count, columns: ids.count, triplets: triplets, duplicates: .reject) } catch {
            throw .invalidArgument(error.description)
        }
        try self.init(ids: ids, matrix: m)
    }

    /// Neighbour indices (0-based) of unit `i`, ascending.
    public func neighbors(of i: Int) -> ArraySlice<Int> { matrix.columnIndices[matrix.rowStart[i]..<matrix.rowStart[i + 1]] }

    /// Weights of unit `i`'s neighbours, aligned with ``neighbors(of:)``.
    public func weights(of i: Int) -> ArraySlice<Double> { matrix.values[matrix.rowStart[i]..<matrix.rowStart[i + 1]] }

    /// Number of neighbours of each unit.
    public var cardinalities: [Int] { (0..<count).map { matrix.rowStart[$0 + 1] - matrix.rowStart[$0] } }

    /// The spatial lag `W x`.
    public func lag(_ x: [Double]) throws(WeightsError) -> [Double] {
        guard x.count == count else { throw .sizeMismatch("weights over \(count) units, vector of length \(x.count)") }
        do { return try matrix.multiply(x) } catch { throw .sizeMismatch(error.description) }
    }

    /// Position of an id, if present.
    public func index(of id: String) -> Int? { ids.firstIndex(of: id) }

    /// The same weights with rows and columns reordered to `newOrder` (ids), e.g. to match a data file's rows.
    public func reordered(to newOrder: [String]) throws(WeightsError) -> SpatialWeights {
        guard newOrder.count == count else { throw .sizeMismatch("weights over \(count) units, \(newOrder.count) ids given") }
        var position = [String: Int](minimumCapacity: count)
        for (i, id) in ids.enumerated() { position[id] = i }
        var old = [Int]()
        old.reserveCapacity(count)
        var seen = Set<String>()
        for id in newOrder {
            guard let p = position[id] else { throw .unknownId(id, context: "not among the weights' ids") }
            guard seen.insert(id).inserted else { throw .duplicateId(id) }
            old.append(p)
        }
        var newIndex = [Int](repeating: 0, count: count)
        for (n, o) in old.enumerated() { newIndex[o] = n }
        var triplets = [SparseMatrix.Entry]()
        triplets.reserveCapacity(matrix.nonzeroCount)
        for (n, o) in old.enumerated() {
            for k in matrix.rowStart[o]..<matrix.rowStart[o + 1] {
                triplets.append(.init(row: n, column: newIndex[matrix.columnIndices[k]], value: matrix.values[k]))
            }
        }
        let m = SparseMatrix.fromValidTriplets(rows: count, triplets: triplets)
        var w = SpatialWeights(unchecked: newOrder, matrix: m, transformation: transformation, warnings: warnings)
        w.idVariable = idVariable
        return w
    }

    /// Internal initialiser for matrices already known to be valid.
    init(unchecked ids: [String], matrix: SparseMatrix, transformation: WeightsTransformation, warnings: [String]) {
        self.ids = ids
        self.matrix = matrix
        self.transformation = transformation
        self.warnings = warnings
    }

    /// Whether the ids are only positions: exactly `0...n-1` or `1...n` in row order, as for weights read from a file
    /// without ids (a dense CSV without an id row or column) or built without an id property. Such weights can only
    /// be paired with data rows by position.
    public var idsArePositions: Bool {
        guard let first = ids.first, first == "0" || first == "1" else { return ids.isEmpty }
        let start = first == "0" ? 0 : 1
        for (k, id) in ids.enumerated() where id != String(start + k) { return false }
        return true
    }

    public static func == (a: SpatialWeights, b: SpatialWeights) -> Bool {
        a.ids == b.ids && a.matrix == b.matrix && a.transformation == b.transformation && a.warnings == b.warnings
    }

    /// A dense copy (O(n^2) memory: small n only).
    public var dense: Matrix { matrix.dense }
}

extension SpatialWeights {
    /// Whether every row of W sums to the same value (islands included): only then is `W 1` collinear with the
    /// intercept, so Durbin designs add `W_(Intercept)` otherwise.
    var hasConstantRowSums: Bool {
        let sums = matrix.rowSums
        return sums.allSatisfy { abs($0 - (sums.first ?? 0)) <= 1e-12 * max(1, abs(sums.first ?? 0)) }
    }

    /// Whether every row of W sums to one (to 1e-12; an island's zero row does not): then `W 1 = 1`, which the Lee–Yu
    /// time transformation needs and which gives total effects `(beta + theta) / (1 - rho)`.
    var isRowStochastic: Bool { matrix.rowSums.allSatisfy { abs($0 - 1) < 1e-12 } }
}

extension SparseMatrix {
    /// CSR from triplets known to be in range and unique (built by this package).
    static func fromValidTriplets(rows: Int, triplets: [Entry]) -> SparseMatrix {
        (try? SparseMatrix(rows: rows, columns: rows, triplets: triplets, duplicates: .sum))
            ?? SparseMatrix(uncheckedRows: rows, columns: rows, rowStart: [Int](repeating: 0, count: rows + 1), columnIndices: [], values: [])
    }
}
