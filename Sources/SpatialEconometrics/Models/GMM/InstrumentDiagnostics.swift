import Foundation

/// The instrument checks every instrumental-variables fit reports (S2SLS, the GM error models and GS2SLS with
/// endogenous regressors): one code for all.
///
/// - First stage: for each endogenous regressor `y_j`, the F test of the excluded instruments, `y_j` on H against
///   `y_j` on the exogenous regressors X alone: `F = [(SSR_X - SSR_H) / q] / [SSR_H / (n - rank H)]`, q the number of
///   independent excluded instruments (Staiger & Stock 1997: below 10 the instruments are weak; the fit warns).
/// - Over-identification with more instruments than regressors: Sargan's `n u'P_H u / u'u` (homoskedastic) or
///   Hansen's J `(H'u)'(H' diag(u^2) H)^-1 (H'u)` (heteroskedasticity-robust), chi^2 with `rank H - k` degrees of
///   freedom (Sargan 1958; Hansen 1982). The GM error models test their filtered second stage (u the filtered
///   residuals `e = u - lambda W u`, H the instruments of the filtered 2SLS).
struct InstrumentDiagnostics {
    /// The F tests (in the order of `endogenous`), the first-stage fitted values, the rank of H and the warnings.
    let firstStages: [TestResult]
    let fitted: [[Double]]
    let rank: Int
    let warnings: [String]

    /// - Parameters:
    ///   - h: the instruments, the exogenous regressors first; `names` their names.
    ///   - exogenous: the exogenous regressors (the first `exogenous.columns` columns of H), for the restricted fits.
    init(endogenous: [(name: String, values: [Double])], h: Matrix, names: [String], exogenous: Matrix,
         weakAdvice: String) throws(ModelError) {
        let n = h.rows, kx = exogenous.columns
        let excludedNames = Array(names.dropFirst(kx))
        var tests = [TestResult](), fitted = [[Double]](), warnings = [String](), rank = 0
        for column in endogenous {
            let stage1: LeastSquares, restricted: LeastSquares
            do {
                stage1 = try LeastSquares(x: h, y: column.values)
                restricted = try LeastSquares(x: exogenous, y: column.values)
            } catch { throw .numerical("first stage of \(column.name): \(error)") }
            if tests.isEmpty {
                let aliased = stage1.aliasedColumns.filter { $0 >= kx }.map { names[$0] }
                if !aliased.isEmpty {
                    warnings.append("instruments dropped as linear combinations of the others: \(aliased.joined(separator: ", "))")
                }
            }
            rank = stage1.rank
            let q = stage1.rank - restricted.rank
            guard q >= 1 else {
                throw .invalidArgument("the instruments (\(excludedNames.joined(separator: ", "))) are linear combinations of the regressors: \(column.name) is not identified")
            }
            let ssrU = stage1.residuals.reduce(0) { $0 + $1 * $1 }, ssrR = restricted.residuals.reduce(0) { $0 + $1 * $1 }
            let df2 = Double(n - stage1.rank)
            let fStat = ssrU > 0 ? ((ssrR - ssrU) / Double(q)) / (ssrU / df2) : .infinity
            tests.append(TestResult.f("first-stage F (\(column.name))", fStat, df1: Double(q), df2: df2))
            if fStat < 10 {
                warnings.append("weak instruments: the first-stage F of \(excludedNames.joined(separator: ", ")) for \(column.name) is "
                    + "\(Format.fixed(fStat, 2)) (below 10, Staiger & Stock's rule of thumb): the estimates may be biased towards OLS; "
                    + weakAdvice)
            }
            fitted.append(stage1.fitted)
        }
        self.firstStages = tests
        self.fitted = fitted
        self.rank = rank
        self.warnings = warnings
    }

    /// Sargan (`robust` false) or Hansen's J (`robust` true) for residuals u and instruments h with `df` degrees of
    /// over-identification; nil when `df` is not positive or the statistic cannot be formed.
    static func overidentification(_ u: [Double], h: Matrix, robust: Bool, df: Int, hacKernel: SpatialWeights? = nil) -> TestResult? {
        guard df > 0 else { return nil }
        let n = u.count
        if let kernel = hacKernel {
            // Hansen's J with the spatial HAC weighting S = H' diag(u) K diag(u) H (Kelejian & Prucha 2007).
            guard let sMatrix = try? SpatialHAC.meat(h, residuals: u, kernel: kernel) else { return nil }
            let g = (0..<h.columns).map { r in (0..<n).reduce(0) { $0 + h[$1, r] * u[$1] } }
            guard let solved = try? Cholesky(sMatrix).solve(g) else { return nil }
            return .chiSquared("Hansen J (HAC)", zip(g, solved).reduce(0) { $0 + $1.0 * $1.1 }, df: Double(df))
        }
        if !robust {
            guard let projection = try? LeastSquares(x: h, y: u) else { return nil }
            let explained = projection.fitted.reduce(0) { $0 + $1 * $1 }, sse = u.reduce(0) { $0 + $1 * $1 }
            return .chiSquared("Sargan", Double(n) * explained / sse, df: Double(df))
        }
        let l = h.columns
        var g = [Double](repeating: 0, count: l), s = Matrix(rows: l, columns: l)
        for i in 0..<n {
            for r in 0..<l {
                let hr = h[i, r]
                g[r] += hr * u[i]
                for c in r..<l { s[r, c] += hr * h[i, c] * u[i] * u[i] }
            }
        }
        for r in 0..<l { for c in 0..<r { s[r, c] = s[c, r] } }
        guard let solved = try? Cholesky(s).solve(g) else { return nil }
        return .chiSquared("Hansen J", zip(g, solved).reduce(0) { $0 + $1.0 * $1.1 }, df: Double(df))
    }

    /// The table notes of the instrument checks: the endogenous regressors, each first-stage F and the
    /// over-identification test.
    static func notes(endogenous: [String], firstStages: [TestResult], overidentification: TestResult?) -> [String] {
        (endogenous.isEmpty ? [] : ["endogenous regressors (external instruments): \(endogenous.joined(separator: ", "))"])
            + firstStages.map { "\($0.name) = \(Format.fixed($0.statistic, 3)) on (\(Int($0.df)), \(Int($0.df2 ?? 0))) df, p = \(Format.pValue($0.pValue))" }
            + (overidentification.map { ["\($0.name) over-identification test: \(Format.fixed($0.statistic, 4)) ~ chi2(\(Int($0.df))), p = \(Format.pValue($0.pValue))"] } ?? [])
    }
}
