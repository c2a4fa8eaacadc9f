/// How data rows were paired with the units of a spatial weights matrix.
public enum UnitPairingMethod: String, Sendable, Codable {
    /// Through a column whose values are the weights' ids.
    case idColumn = "id_column"
    /// Row k of the data is unit k of the weights: only for weights whose ids are positions, or when asked for.
    case position
}

/// The one rule that matches data ids to the weights' ids, shared by cross-sections (``PairedData``) and panels
/// (``PairedPanel``): equal as trimmed strings, or, when both sides are all integers, equal as integers (`"01"` is
/// unit `1`; said in a note).
enum UnitMatching {
    /// The weights index of each data id, when the data ids are exactly the weights' ids (no repeat, none missing,
    /// none extra); `byInteger` says whether integers had to be compared.
    static func match(_ dataIds: [String], to weightIds: [String]) -> (indices: [Int], byInteger: Bool)? {
        guard dataIds.count == weightIds.count else { return nil }
        var position = [String: Int](minimumCapacity: weightIds.count)
        for (k, id) in weightIds.enumerated() { position[id] = k }
        if let indices = assign(dataIds, { position[$0] }, count: weightIds.count) { return (indices, false) }
        // Integers: "01" and "1" are the same unit.
        var integer = [Int: Int](minimumCapacity: weightIds.count)
        for (k, id) in weightIds.enumerated() {
            guard let v = Int(id), integer[v] == nil else { return nil }
            integer[v] = k
        }
        if let indices = assign(dataIds, { Int($0).flatMap { integer[$0] } }, count: weightIds.count) { return (indices, true) }
        return nil
    }

    private static func assign(_ ids: [String], _ lookup: (String) -> Int?, count: Int) -> [Int]? {
        var used = [Bool](repeating: false, count: count)
        var out = [Int]()
        out.reserveCapacity(ids.count)
        for id in ids {
            guard let k = lookup(id), !used[k] else { return nil }
            used[k] = true
            out.append(k)
        }
        return out
    }

    /// The ids on each side without a partner (first `limit` of each, in their own order), for error messages.
    static func unmatched(_ dataIds: [String], _ weightIds: [String], limit: Int = 5) -> (onlyInData: [String], onlyInWeights: [String]) {
        let d = Set(dataIds), w = Set(weightIds)
        let dInt = Set(dataIds.compactMap { Int($0) }), wInt = Set(weightIds.compactMap { Int($0) })
        func absent(_ id: String, from set: Set<String>, integers: Set<Int>) -> Bool {
            if set.contains(id) { return false }
            if let v = Int(id), integers.contains(v) { return false }
            return true
        }
        var onlyD = [String](), onlyW = [String](), seen = Set<String>()
        for id in dataIds where onlyD.count < limit && absent(id, from: w, integers: wInt) && seen.insert(id).inserted { onlyD.append(id) }
        for id in weightIds where onlyW.count < limit && absent(id, from: d, integers: dInt) { onlyW.append(id) }
        return (onlyD, onlyW)
    }

    /// The first id that repeats, with its 1-based positions.
    static func firstRepeat(_ ids: [String]) -> (id: String, rows: [Int])? {
        var first = [String: Int]()
        for (k, id) in ids.enumerated() {
            if let f = first[id] { return (id, [f + 1] + ids.indices.filter { $0 > f && ids[$0] == id }.map { $0 + 1 }) }
            first[id] = k
        }
        return nil
    }

    /// The canonical unit order every command works in: the weights' ids sorted, numerically when all are integers,
    /// otherwise by their Unicode code points. Results listed per unit follow it, so they do not depend on the order
    /// of the rows in a file or of the units in a weights file.
    static func canonicalOrder(_ ids: [String]) -> [Int] {
        // UTF-8 byte order is code-point order, and comparing the views allocates nothing.
        func textPrecedes(_ a: Int, _ b: Int) -> Bool { ids[a].utf8.lexicographicallyPrecedes(ids[b].utf8) }
        let integers = ids.map { Int($0) }
        if integers.allSatisfy({ $0 != nil }) {
            // "01" and "1" are the same integer: the text decides, so the order never depends on the file's.
            return ids.indices.sorted { a, b in
                let (u, v) = (integers[a] ?? 0, integers[b] ?? 0)
                return u != v ? u < v : textPrecedes(a, b)
            }
        }
        return ids.indices.sorted(by: textPrecedes)
    }
}

extension SpatialWeights {
    /// These weights with their units in the canonical order (ids sorted numerically when all are integers, else by
    /// code point), and the old row index of each new row. Every command works in this order, so results do not
    /// depend on the order in which a file lists the units.
    ///
    /// - Complexity: O(n log n + nnz); no copy when the ids are already in order.
    public func canonicallyOrdered() -> (weights: SpatialWeights, oldIndex: [Int]) {
        let order = UnitMatching.canonicalOrder(ids)
        if order.enumerated().allSatisfy({ $0.offset == $0.element }) { return (self, order) }
        let w = (try? reordered(to: order.map { ids[$0] })) ?? self
        return (w, order)
    }
}
