import Foundation

/// The response and regressors of a regression, with names, checked for finite values.
public struct RegressionData: Sendable {
    /// The response's name.
    public let yName: String
    /// The response y.
    public let y: [Double]
    /// Regressor names in column order (`"(Intercept)"` first when included).
    public let xNames: [String]
    /// The design matrix X (n x k, column-major), intercept first when included.
    public let x: Matrix
    /// Whether X has an intercept column.
    public let hasIntercept: Bool

    /// The number of observations n.
    public var n: Int { y.count }
    /// The number of regressors k (intercept included).
    public var k: Int { x.columns }

    /// From vectors: `columns` are the regressors (without the intercept, added when `intercept` is true).
    public init(y: [Double], yName: String = "y", columns: [(name: String, values: [Double])], intercept: Bool = true) throws(ModelError) {
        for (i, v) in y.enumerated() where !v.isFinite { throw .nonFinite(variable: yName, observation: i) }
        var cols = [[Double]](), names = [String]()
        if intercept { cols.append([Double](repeating: 1, count: y.count)); names.append("(Intercept)") }
        for c in columns {
            guard c.values.count == y.count else { throw .sizeMismatch("regressor '\(c.name)' has \(c.values.count) values, \(yName) has \(y.count)") }
            for (i, v) in c.values.enumerated() where !v.isFinite { throw .nonFinite(variable: c.name, observation: i) }
            cols.append(c.values); names.append(c.name)
        }
        guard Set(names).count == names.count else { throw .invalidArgument("regressor names repeat: \(names.joined(separator: ", "))") }
        self.y = y
        self.yName = yName
        self.xNames = names
        do { self.x = try Matrix(columnArrays: cols) } catch { throw .sizeMismatch(error.description) }
        self.hasIntercept = intercept
        guard y.count > names.count else { throw .invalidArgument("\(y.count) observations for \(names.count) regressors") }
    }

    /// From table columns; a missing or non-numeric cell is a ``ModelError/data(_:)`` naming its column and row.
    public init(table: DataTable, y: String, x: [String], intercept: Bool = true) throws(ModelError) {
        let yValues: [Double], columns: [(name: String, values: [Double])]
        do {
            yValues = try table.numbers(y)
            columns = try x.map { name throws(DataError) in (table.resultName(name), try table.numbers(name)) }
        } catch { throw .data(error) }
        try self.init(y: yValues, yName: table.resultName(y), columns: columns, intercept: intercept)
    }

    /// The same data with the spatial lags `W x` of the non-constant regressors appended, named `W_<name>`
    /// (the SLX / SDM / SDEM design). When the rows of W do not all sum to the same value, `W 1` is appended too,
    /// as `W_(Intercept)`.
    public func withSpatialLags(_ weights: SpatialWeights, of names: [String]? = nil) throws(ModelError) -> RegressionData {
        guard weights.count == n else { throw .sizeMismatch("weights over \(weights.count) units, \(n) observations") }
        var cols = [(name: String, values: [Double])]()
        for (j, name) in xNames.enumerated() where !(hasIntercept && j == 0) { cols.append((name, x.column(j))) }
        // W 1 is a constant (and collinear with the intercept) only when all row sums are equal; otherwise the lagged
        // intercept is a regressor of its own, as spatialreg includes it for weights that are not row-standardised.
        var lagged = names ?? cols.map(\.name)
        if names == nil && hasIntercept && !weights.hasConstantRowSums { lagged.insert(xNames[0], at: 0) }
        for name in lagged {
            guard let j = xNames.firstIndex(of: name) else { throw .invalidArgument("no regressor '\(name)' to lag") }
            let lag: [Double]
            do { lag = try weights.lag(x.column(j)) } catch { throw .sizeMismatch(error.description) }
            cols.append(("W_" + name, lag))
        }
        return try RegressionData(y: y, yName: yName, columns: cols, intercept: hasIntercept)
    }
}
