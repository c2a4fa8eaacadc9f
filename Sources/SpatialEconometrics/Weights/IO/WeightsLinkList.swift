/// Links read from a list-style weights file (GAL, GWT, triplets CSV) before their ids are resolved to rows.
///
/// The readers first collect the links with their lines, then ``weights(ids:allowSelfNeighbors:symmetric:unknownIdContext:)``
/// checks each one in file order (unknown id, self-neighbour, pair given twice) and names the line of the first
/// problem. Nothing is allocated from a declared count: sizes come from what the file actually holds.
struct WeightsLinkList {
    /// One link `from -> to` with its weight (already checked finite and non-negative) and its 1-based line.
    struct Link {
        let from: String
        let to: String
        let weight: Double
        let line: Int
    }

    /// File name or format, for messages.
    let source: String
    /// The links in file order.
    var links: [Link] = []

    init(source: String) { self.source = source }

    /// Row order when the file has no unit list: ids in order of first appearance as a `from` id (so a file written
    /// row by row reads back in its row order), then ids that only ever appear as a `to` id, in order of appearance.
    func idsInOrderOfAppearance() -> [String] {
        var seen = Set<String>(), order = [String]()
        for l in links where seen.insert(l.from).inserted { order.append(l.from) }
        for l in links where seen.insert(l.to).inserted { order.append(l.to) }
        return order
    }

    /// Positions of `ids`, or `.duplicateId` for an id given twice.
    static func positions(of ids: [String]) throws(WeightsError) -> [String: Int] {
        var index = [String: Int](minimumCapacity: ids.count)
        for (k, id) in ids.enumerated() {
            guard index.updateValue(k, forKey: id) == nil else { throw .duplicateId(id) }
        }
        return index
    }

    /// The weights over `ids` (row order) holding these links.
    ///
    /// - Parameters:
    ///   - symmetric: also add `to -> from` for every link (undirected edge lists); a pair then may appear only once
    ///     in either direction.
    ///   - unknownIdContext: words the `.unknownId` context for a link, e.g. "neighbour of unit '3'".
    /// - Throws: `.inFile(source, line, .unknownId / .selfNeighbor / .duplicatePair)` for the first bad link,
    ///   `.duplicateId` if `ids` repeats an id.
    func weights(ids: [String], allowSelfNeighbors: Bool = false, symmetric: Bool = false,
                 transformation: WeightsTransformation = .none,
                 unknownIdContext: (Link) -> String) throws(WeightsError) -> SpatialWeights {
        let index = try Self.positions(of: ids)
        struct Pair: Hashable { let i: Int, j: Int }
        var pairs = Set<Pair>()
        var triplets = [SparseMatrix.Entry]()
        triplets.reserveCapacity(symmetric ? 2 * links.count : links.count)
        for l in links {
            guard let i = index[l.from] else {
                throw .inFile(source: source, line: l.line, .unknownId(l.from, context: unknownIdContext(l)))
            }
            guard let j = index[l.to] else {
                throw .inFile(source: source, line: l.line, .unknownId(l.to, context: unknownIdContext(l)))
            }
            if i == j && !allowSelfNeighbors { throw .inFile(source: source, line: l.line, .selfNeighbor(l.from)) }
            guard pairs.insert(Pair(i: i, j: j)).inserted else {
                throw .inFile(source: source, line: l.line, .duplicatePair(l.from, l.to))
            }
            triplets.append(.init(row: i, column: j, value: l.weight))
            if symmetric && i != j {
                guard pairs.insert(Pair(i: j, j: i)).inserted else {
                    throw .inFile(source: source, line: l.line, .duplicatePair(l.to, l.from))
                }
                triplets.append(.init(row: j, column: i, value: l.weight))
            }
        }
        let matrix: SparseMatrix
        do {
            matrix = try SparseMatrix(rows: ids.count, columns: ids.count, triplets: triplets, duplicates: .reject)
        } catch {
            throw .inFile(source: source, line: 0, .invalidArgument(error.description))
        }
        return try SpatialWeights(ids: ids, matrix: matrix, transformation: transformation)
    }
}
