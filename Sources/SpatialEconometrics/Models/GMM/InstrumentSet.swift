import Foundation

/// The instruments of a spatial instrumental-variables fit: the exogenous regressors and spatial lags of the
/// non-constant ones, `H = [X, W^p X, W^(p+1) X, ..., W^q X]` (Kelejian & Prucha 1998).
///
/// The lags are formed by repeated sparse products `W (W^(k-1) x)`, never by a power of W, so no n x n matrix
/// exists at any size. The constant is never lagged (`W 1 = 1` for row-standardised W; spreg's `get_lags` lags only
/// the non-constant columns, and so does this type for every W). Lag `k` of `x` is named `W_x` for k = 1 and
/// `W<k>_x` above (`W2_INC`), spreg's names.
///
/// ```swift
/// let h = try InstrumentSet(spatialLagsOf: data, weights: w, powers: 1...2)   // [1, INC, HOVAL, W_INC, W_HOVAL, W2_INC, W2_HOVAL]
/// ```
/// - Complexity: O(nnz(W) k q) for k regressors and highest power q.
public struct InstrumentSet: Sendable {
    /// The instruments' names, in the column order of ``matrix``.
    public let names: [String]
    /// The n x l instrument matrix H.
    public let matrix: Matrix
    /// The names of the excluded instruments (those not among the exogenous regressors).
    public let excluded: [String]

    /// `H = [X, W^a X, ..., W^b X]` for `powers = a...b` (a >= 1): `data`'s columns (the exogenous regressors, the
    /// intercept included) followed by the lags of its non-constant columns `base` (`nil`: all the non-constant
    /// columns of `data`). Throws ``ModelError/invalidArgument(_:)`` for a power below 1 or above 20, or when there is
    /// nothing to lag, and ``ModelError/sizeMismatch(_:)`` when W and the data differ in size.
    public init(spatialLagsOf data: RegressionData, base: RegressionData? = nil, weights: SpatialWeights,
                powers: ClosedRange<Int>) throws(ModelError) {
        guard weights.count == data.n else { throw .sizeMismatch("weights over \(weights.count) units, \(data.n) observations") }
        let source = base ?? data
        var lagged = [(name: String, values: [Double])]()
        for (j, name) in source.xNames.enumerated() where !(source.hasIntercept && j == 0) { lagged.append((name, source.x.column(j))) }
        guard !lagged.isEmpty else {
            throw .invalidArgument("no non-constant regressor to lag: spatial instruments W X need at least one regressor besides the intercept")
        }
        let m: Matrix
        do { m = try Matrix(columnArrays: (0..<data.k).map { data.x.column($0) }) } catch { throw .numerical("instrument matrix: \(error)") }
        self = try InstrumentSet(names: data.xNames, matrix: m, excluded: []).appendingLags(of: lagged, weights: weights, powers: powers)
    }

    private init(names: [String], matrix: Matrix, excluded: [String]) {
        self.names = names; self.matrix = matrix; self.excluded = excluded
    }

    /// This set followed by the spatial lags `W^a v, ..., W^b v` of further columns (`powers = a...b`, a >= 1), named
    /// as above: the external instruments' lags of an SDM with endogenous regressors, whose X lags start at W^2 but
    /// whose instruments Q lag from W^1 (`H = [X, W X, Q, W^2 X, W Q]`). Throws as the initialiser.
    public func appendingLags(of extra: [(name: String, values: [Double])], weights: SpatialWeights,
                              powers: ClosedRange<Int>) throws(ModelError) -> InstrumentSet {
        guard weights.count == matrix.rows else { throw .sizeMismatch("weights over \(weights.count) units, \(matrix.rows) observations") }
        guard powers.lowerBound >= 1, powers.upperBound <= 20 else {
            throw .invalidArgument("instrument lags W^\(powers.lowerBound)...W^\(powers.upperBound): the powers must lie in 1...20")
        }
        var columns = (0..<matrix.columns).map { matrix.column($0) }
        var names = self.names, excluded = self.excluded
        var current = extra.map(\.values)
        for power in 1...powers.upperBound {
            do { current = try current.map { v throws(WeightsError) in try weights.lag(v) } } catch { throw .sizeMismatch(error.description) }
            guard power >= powers.lowerBound else { continue }
            for (k, v) in current.enumerated() {
                let name = (power == 1 ? "W_" : "W\(power)_") + extra[k].name
                columns.append(v); names.append(name); excluded.append(name)
            }
        }
        let m: Matrix
        do { m = try Matrix(columnArrays: columns) } catch { throw .numerical("instrument matrix: \(error)") }
        return InstrumentSet(names: names, matrix: m, excluded: excluded)
    }
}
