import Foundation

/// Editing weights: keeping a subset of the units, adding and removing links, each followed by the weights'
/// ``SpatialWeights/transformation`` applied again (as spdep's `subset.listw` calls `nb2listw` with the old style).
///
/// Only the last transformation is known (``SpatialWeights/transformation``), so it is the one applied again. That
/// gives the same weights as editing the weights as built and then transforming them, for every single
/// transformation:
/// - `row`: row-standardising is invariant to scaling a row, so standardising the kept or remaining entries of a
///   row-standardised W equals standardising those of the original W.
/// - `binary`: the pattern of the edited weights.
/// - `spectral`: `(W/r)_S / r(W_S / r) = W_S / r(W_S)`: the edited W divided by its own spectral radius.
/// - `symmetrized`: `(W + W')/2` restricted to a subset, or with a symmetric change E, is `(W_S + W_S')/2`
///   (`+ E`), since the average is linear and `E = E'`. A one-way edit of symmetrized weights is refused: it
///   would be halved by symmetrizing again.
/// - `none`: the values as they are.
///
/// A chain of transformations (`w.transformed(.row).transformed(.symmetrized)`) is not replayed: only the last
/// one is applied again. Edit the weights before transforming them in that case.
///
/// Adding a link needs its weight on the scale before the transformation. For `none` and `binary` that is the
/// `weight` argument (default 1); for `row` and `spectral` the weights must have come from binary weights
/// (every row constant for `row`, all entries equal for `spectral`: contiguity, k-nearest neighbours, distance
/// bands), which are rebuilt as 0/1 with the new links at `weight`; other weights are refused with
/// ``WeightsError/unsupported(_:)`` (add the links before transforming). Binary-based weights are edited as 0/1 by
/// every operation, so that the result is exactly (not only to rounding) the transformation of the edited binary
/// weights, and removing then adding a link gives back the same values.
///
/// ```swift
/// // china31 contiguity, row-standardised: Hainan (21) is an island; link it to Guangdong (19).
/// let linked = try w.adding(links: [("19", "21")])      // Hainan's row: [1]; Guangdong's: 1/5 each
/// let south = try w.subset(ids: ["19", "20", "21"])    // Guangdong, Guangxi, Hainan
/// print(south.islandIds)                               // ["21"]
/// ```
extension SpatialWeights {
    /// Ids of the units with no neighbour, in row order.
    ///
    /// - Complexity: O(n).
    public var islandIds: [String] {
        (0..<count).filter { matrix.rowStart[$0] == matrix.rowStart[$0 + 1] }.map { ids[$0] }
    }

    /// The weights among the units `keep`, in the order of `keep`: the links between two kept units, with the
    /// transformation applied again (see the discussion above); as spdep's `subset.listw` (the induced subgraph,
    /// then `nb2listw` with the old style), except that the rows follow `keep` (spdep keeps the original order;
    /// pass the ids in that order to get its result).
    ///
    /// Units that had a neighbour and have none among the kept units are named in a warning
    /// (`"subset: units left without a neighbour: ..."`), and every island in ``islandIds``.
    ///
    /// Throws ``WeightsError/unknownId(_:context:)`` or ``WeightsError/duplicateId(_:)`` for the first id of
    /// `keep` that is not a unit or is repeated, ``WeightsError/invalidArgument(_:)`` when `keep` is empty.
    ///
    /// ```swift
    /// let w = try SpatialWeights(ids: ["a", "b", "c"], neighbors: [[1], [0, 2], [1]]).transformed(.row)
    /// let ab = try w.subset(ids: ["a", "b"])   // a: [b = 1], b: [a = 1]
    /// ```
    ///
    /// - Complexity: O(n + nnz) plus the transformation (``transformed(_:)``).
    public func subset(ids keep: [String]) throws(WeightsError) -> SpatialWeights {
        guard !keep.isEmpty else { throw .invalidArgument("a subset needs at least one unit id") }
        let position = positions()
        var newIndex = [Int](repeating: -1, count: count)
        var old = [Int]()
        old.reserveCapacity(keep.count)
        for id in keep {
            guard let p = position[id] else { throw .unknownId(id, context: "asked for in the subset, not among the weights' ids") }
            guard newIndex[p] < 0 else { throw .duplicateId(id) }
            newIndex[p] = old.count
            old.append(p)
        }
        var rows = [Int](), columns = [Int](), values = [Double]()
        var lost = [Int]()
        let binary = hasBinaryBase
        for (n, o) in old.enumerated() {
            let before = rows.count
            for k in matrix.rowStart[o]..<matrix.rowStart[o + 1] where newIndex[matrix.columnIndices[k]] >= 0 {
                rows.append(n); columns.append(newIndex[matrix.columnIndices[k]]); values.append(binary ? 1 : matrix.values[k])
            }
            if rows.count == before, matrix.rowStart[o + 1] > matrix.rowStart[o] { lost.append(n) }
        }
        return try rebuilt(ids: keep, rows: rows, columns: columns, values: values, newIslands: lost, operation: "subset")
    }

    /// These weights with `links` added: pairs of ids `(from, to)`, each in both directions unless `symmetric`
    /// is false, at `weight` on the scale before the transformation (see the discussion above), then the
    /// transformation applied again. E.g. Hainan linked to Guangdong in row-standardised contiguity: Hainan's row
    /// becomes `[1]` and Guangdong's `1/(k + 1)` for its k + 1 neighbours.
    ///
    /// Throws, for the first offending link: ``WeightsError/unknownId(_:context:)`` for an id that is not a unit,
    /// ``WeightsError/selfNeighbor(_:)`` for `(a, a)`, ``WeightsError/linkExists(from:to:)`` for a link W has,
    /// ``WeightsError/duplicatePair(_:_:)`` for a link given twice (`(a, b)` and `(b, a)` when symmetric);
    /// ``WeightsError/invalidArgument(_:)`` for a weight that is not finite and positive;
    /// ``WeightsError/unsupported(_:)`` when the weights' scale before the transformation cannot be known
    /// (general row-standardised or spectral weights) or for a one-way link in symmetrized weights.
    ///
    /// - Complexity: O(n + nnz + links) plus the transformation.
    public func adding(links: [(String, String)], symmetric: Bool = true, weight: Double = 1) throws(WeightsError) -> SpatialWeights {
        guard weight.isFinite, weight > 0 else { throw .invalidArgument("the weight of an added link must be finite and positive (got \(weight))") }
        if transformation == .symmetrized && !symmetric {
            throw .unsupported("these weights are symmetrized: a one-way link would be halved by symmetrizing again; add it both ways, or add it before symmetrizing")
        }
        let directed = try resolve(links, symmetric: symmetric, verb: "add")
        var existing = entries()
        for (i, j) in directed where existing[i][j] != nil { throw .linkExists(from: ids[i], to: ids[j]) }
        try checkScaleForAdding()
        for (i, j) in directed { existing[i][j] = weight }
        return try rebuilt(existing, newIslands: [], operation: "adding links")
    }

    /// These weights without `links`: pairs of ids `(from, to)`, each in both directions unless `symmetric` is
    /// false, then the transformation applied again (exact for every transformation, see above). Units left with
    /// no neighbour are named in a warning and in ``islandIds``. `removing` then ``adding(links:symmetric:weight:)``
    /// the same links (at their old weight, 1 for contiguity) gives back the same weights.
    ///
    /// Throws, for the first offending link: ``WeightsError/unknownId(_:context:)``, ``WeightsError/selfNeighbor(_:)``,
    /// ``WeightsError/linkMissing(from:to:)`` for a link (or, when symmetric, its reverse) that W does not have,
    /// ``WeightsError/duplicatePair(_:_:)`` for a link given twice; ``WeightsError/unsupported(_:)`` for a one-way
    /// removal from symmetrized weights.
    ///
    /// - Complexity: O(n + nnz + links) plus the transformation.
    public func removing(links: [(String, String)], symmetric: Bool = true) throws(WeightsError) -> SpatialWeights {
        if transformation == .symmetrized && !symmetric {
            throw .unsupported("these weights are symmetrized: removing one direction would halve the other when symmetrizing again; remove the link both ways, or before symmetrizing")
        }
        let directed = try resolve(links, symmetric: symmetric, verb: "remove")
        var existing = entries()
        for (i, j) in directed {
            guard existing[i].removeValue(forKey: j) != nil else { throw .linkMissing(from: ids[i], to: ids[j]) }
        }
        let lost = (0..<count).filter { existing[$0].isEmpty && matrix.rowStart[$0 + 1] > matrix.rowStart[$0] }
        return try rebuilt(existing, newIslands: lost, operation: "removing links")
    }

    // MARK: - Internals

    private func positions() -> [String: Int] {
        var position = [String: Int](minimumCapacity: count)
        for (i, id) in ids.enumerated() { position[id] = i }
        return position
    }

    /// The links as directed (row, column) pairs, in order, both ways when symmetric; checked for unknown ids,
    /// self-links and repeats.
    private func resolve(_ links: [(String, String)], symmetric: Bool, verb: String) throws(WeightsError) -> [(Int, Int)] {
        let position = positions()
        var out = [(Int, Int)](), seen = Set<[Int]>()
        for (a, b) in links {
            let context = "in the link '\(a)' -> '\(b)' to \(verb), not among the weights' ids"
            guard let i = position[a] else { throw .unknownId(a, context: context) }
            guard let j = position[b] else { throw .unknownId(b, context: context) }
            guard i != j else { throw .selfNeighbor(a) }
            for (r, c) in symmetric ? [(i, j), (j, i)] : [(i, j)] {
                guard seen.insert([r, c]).inserted else { throw .duplicatePair(ids[r], ids[c]) }
                out.append((r, c))
            }
        }
        return out
    }

    /// Row i's entries as column -> value, on the scale before the transformation where it is binary (then 1).
    private func entries() -> [[Int: Double]] {
        let binary = hasBinaryBase
        return (0..<count).map { i in
            var row = [Int: Double](minimumCapacity: matrix.rowStart[i + 1] - matrix.rowStart[i])
            for k in matrix.rowStart[i]..<matrix.rowStart[i + 1] { row[matrix.columnIndices[k]] = binary ? 1 : matrix.values[k] }
            return row
        }
    }

    /// Whether the weights before the transformation are known to be binary, so that edits are made on 0/1 values
    /// and the transformation gives exactly the values it gives for binary weights (re-standardising
    /// row-standardised values instead would move them by a rounding error): `binary`, `row` with every row
    /// constant, `spectral` with all entries equal.
    private var hasBinaryBase: Bool {
        switch transformation {
        case .none, .symmetrized:
            return false
        case .binary:
            return true
        case .row:
            return (0..<count).allSatisfy { i in
                let r = matrix.rowStart[i]..<matrix.rowStart[i + 1]
                return r.allSatisfy { matrix.values[$0] == matrix.values[r.lowerBound] }
            }
        case .spectral:
            return matrix.values.allSatisfy { $0 == matrix.values.first }
        }
    }

    /// Adding needs the scale before the transformation: known for `none`, `binary` and `symmetrized` (the values
    /// themselves), and for `row` and `spectral` only when it is binary.
    private func checkScaleForAdding() throws(WeightsError) {
        guard !hasBinaryBase else { return }
        switch transformation {
        case .none, .binary, .symmetrized:
            return
        case .row:
            let i = (0..<count).first { i in
                let r = matrix.rowStart[i]..<matrix.rowStart[i + 1]
                return !r.allSatisfy { matrix.values[$0] == matrix.values[r.lowerBound] }
            } ?? 0
            throw .unsupported("cannot add links to these row-standardised weights: row '\(ids[i])' has unequal weights, so the weights before standardising are unknown; add the links to the weights as built, then row-standardise")
        case .spectral:
            throw .unsupported("cannot add links to these spectrally normalised weights: their entries differ, so the weights before normalising are unknown; add the links to the weights as built, then normalise")
        }
    }

    private func rebuilt(_ rows: [[Int: Double]], newIslands: [Int], operation: String) throws(WeightsError) -> SpatialWeights {
        var r = [Int](), c = [Int](), v = [Double]()
        for (i, row) in rows.enumerated() {
            for (j, x) in row { r.append(i); c.append(j); v.append(x) }
        }
        return try rebuilt(ids: ids, rows: r, columns: c, values: v, newIslands: newIslands, operation: operation)
    }

    /// Assembles the edited entries (unique positions), carries over the warnings that are not about islands, names
    /// the new islands, and applies the transformation again.
    private func rebuilt(ids newIds: [String], rows: [Int], columns: [Int], values: [Double], newIslands: [Int],
                         operation: String) throws(WeightsError) -> SpatialWeights {
        var warnings = self.warnings.filter { !$0.hasPrefix("islands") && !$0.contains("units left without a neighbour") }
        if !newIslands.isEmpty {
            warnings.append("\(operation): units left without a neighbour: " + Self.idList(newIslands, ids: newIds))
        }
        let edited = try Self.assembleEntries(ids: newIds, rows: rows, columns: columns, values: values, warnings: warnings)
        if transformation == .spectral && edited.matrix.nonzeroCount == 0 {
            throw .unsupported("after \(operation) the weights have no link left, so they cannot be spectrally normalised; keep more units or links, or use another transformation")
        }
        return try edited.transformed(transformation)
    }
}
